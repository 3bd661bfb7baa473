"""The modality test set Flashpoint ships: its coverage, and the scores it must keep."""

from __future__ import annotations

from collections import Counter

import pytest

from flashpoint.evaluation.modality import evaluate_modality, read_modality_set
from flashpoint.records.model import MODALITIES


def test_the_set_covers_every_modality_and_the_tricky_cases():
    cases = read_modality_set()
    assert len(cases) >= 80
    per_class = Counter(c.modality for c in cases)
    assert set(per_class) == set(MODALITIES) and min(per_class.values()) >= 8
    kinds = {c.case for c in cases}
    for tricky in (
        "negated hypothetical",
        "if reported",
        "unless reported",
        "denied that",
        "reported negation",
    ):
        assert tricky in kinds, tricky
    assert {c.split for c in cases} == {"dev", "fresh"}


@pytest.fixture(scope="module")
def scores(nlp):
    return evaluate_modality()


def test_modality_scores(scores):
    assert scores["accuracy"] >= 0.9
    for name, result in scores["per_class"].items():
        assert result["f1"] >= 0.8, (name, result)
    assert scores["accuracy_by_split"]["fresh"]["accuracy"] >= 0.85
