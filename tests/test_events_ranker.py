"""The learned event ranker, CAMEO frames (intent / refusal / demand), participant phrases, and the
IndiaPoliceEvents answers."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.data import data_path
from flashpoint.evaluation.conflibert import _merge_coordinated, fold_of
from flashpoint.evaluation.india_police import answers
from flashpoint.events.coder import find_events, frame_lexicon
from flashpoint.events.ranker import (
    MODEL_FILE,
    QuadModel,
    load_quad_model,
    main_event,
    rescore,
    train_quad_model,
)
from flashpoint.ingest import Article
from flashpoint.records.model import Event, SentenceRef, Span

from .test_stages import coded


def _event(quad: int, confidence: float = 0.6, start: int = 0) -> Event:
    return Event(
        id="e1", type="ASSAULT", mode=None, contexts=(), cameo="190", quad_class=quad, goldstein=-10.0,
        acled=None, actor=(), recipient=(), trigger=Span("hit", start, start + 3),
        sentence=SentenceRef(0, 0, 10), location=None, date=None, date_text=None, modality="asserted",
        attribution=None, confidence=confidence, provenance="rules:verb:hit;modality:asserted",
    )  # fmt: skip


def test_training_learns_separable_classes_and_round_trips_through_json():
    features = [["bias", f"w=c{label}", f"x{i % 3}"] for i in range(60) for label in [i % 5]]
    labels = [i % 5 for i in range(60)]
    model = train_quad_model(features, labels, iterations=200)
    for label in range(5):
        assert model.probabilities(["bias", f"w=c{label}"]).argmax() == label
    again = QuadModel.from_json(model.to_json({"note": "test"}))
    probe = ["bias", "w=c3"]
    assert np.allclose(again.probabilities(probe), model.probabilities(probe), atol=1e-3)


def test_training_is_deterministic():
    features = [["bias", f"w={i % 4}"] for i in range(40)]
    labels = [i % 4 for i in range(40)]
    first = train_quad_model(features, labels, iterations=50)
    second = train_quad_model(features, labels, iterations=50)
    assert np.array_equal(first.weights, second.weights)


def test_rescored_event_is_main_only_when_it_beats_a_plain_statement():
    conflict, coop = _event(4), _event(2, start=5)
    likely_statement = np.array([0.7, 0.05, 0.1, 0.05, 0.1])
    ranked = rescore([conflict, coop], likely_statement, "test")
    assert all(e.confidence < 0.5 for e in ranked) and main_event(ranked) is None
    assert main_event(ranked, minimum=0.0) is ranked[0]  # class 4 beats class 2 here
    likely_conflict = np.array([0.1, 0.05, 0.1, 0.05, 0.7])
    ranked = rescore([conflict, coop], likely_conflict, "test")
    assert main_event(ranked) is ranked[0] and ranked[0].provenance.endswith(";ranker:test")


def test_shipped_model_is_small_and_loads():
    path = data_path(*MODEL_FILE)
    assert path.exists() and path.stat().st_size < 1_000_000
    model = load_quad_model()
    assert model is not None and len(model.vocabulary) > 100
    assert model.probabilities(["bias"]).sum() == pytest.approx(1.0)


def test_frame_table_codes_exist_and_take_the_longest_prefix():
    from flashpoint.ontology import is_cameo

    frames = frame_lexicon()
    for table in frames.recode.values():
        assert all(is_cameo(code) for code in table.values())
    assert frames.recoded("intent", "0841") == "0353"  # 084 row: release -> intent to release
    assert frames.recoded("demand", "0871") == "107"  # its own row beats the 087 row
    assert frames.recoded("intent", "010") is None


@pytest.mark.parametrize(
    ("text", "cameo", "frame"),
    [
        ("Israel will not release the prisoners.", "1243", "refusal"),
        ("The rebels said they will release the hostages.", "0353", "intent"),
        ("Pakistan is willing to withdraw its troops from Kashmir.", "0356", "intent"),
        ("Azerbaijani forces violated the ceasefire.", "196", None),
    ],
)
def test_frames_recode_acts_talked_about(nlp, text, cameo, frame):
    doc = coded(nlp, text)
    event = next(e for e in doc._.events if e.cameo == cameo)
    assert (f"+{frame}" in event.provenance) == (frame is not None)


def test_rules_only_events_carry_no_ranker(nlp):
    doc = coded(nlp, "Iraqi troops launched an assault on the last ISIS bastion in the country.")
    assert all(";ranker:" in e.provenance for e in doc._.events)
    assert all(";ranker:" not in e.provenance for e in find_events(doc, ranker=None))


def test_participants_span_their_whole_noun_phrase(nlp):
    doc = coded(nlp, "Iraqi troops launched an assault on the last ISIS bastion in the country on Thursday.")
    (assault,) = [e for e in doc._.events if e.type == "ASSAULT"]
    assert [a.text for a in assault.recipient] == ["the last ISIS bastion in the country"]
    assert assault.actor[0].code == "IRQ"


def test_coordinated_members_merge_into_one_gold_style_span():
    words = ["The", "US", "and", "China", "signed", "a", "deal"]
    assert _merge_coordinated({(0, 2), (3, 4)}, words) == {(0, 4)}
    assert _merge_coordinated({(0, 2), (5, 7)}, words) == {(0, 2), (5, 7)}


def test_folds_follow_the_normalised_text():
    assert fold_of("The U.S. and Iraq met.") == fold_of("the u.s. and iraq met")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kolkata: police arrested 17 ayodhya-bound kar sevaks from the station.", {"ARREST"}),
        ("the protesters were arrested and taken to the police lines.", {"ARREST"}),
        ("one person was killed when the police fired to disperse mobs pelting stones.", {"KILL"}),
        ("the police did not arrest anyone.", set()),
    ],
)
def test_india_police_answers_from_events(text, expected):
    from flashpoint import code_articles

    (record,) = code_articles([Article(text=text, id="s")])
    assert answers(record, text) == expected
