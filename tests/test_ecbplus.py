"""The ECB+ reader and the clustering scores; the full evaluation runs in `make eval`."""

from __future__ import annotations

import pytest

from flashpoint.evaluation.ecbplus import bcubed, detokenize, pairwise, read_document, read_topics


def test_detokenize_joins_ptb_tokens():
    tokens = [
        "``",
        "We",
        "appreciate",
        "it",
        ",",
        "''",
        "Reid",
        "'s",
        "agent",
        "said",
        "(",
        "Friday",
        ")",
        ".",
    ]
    assert detokenize(tokens) == '" We appreciate it, " Reid\'s agent said (Friday).'


def test_bcubed_and_pairwise_on_a_known_clustering():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    perfect = bcubed(gold, gold)
    assert perfect == {"p": 1.0, "r": 1.0, "f1": 1.0}
    lumped = {k: 0 for k in gold}
    assert bcubed(lumped, gold)["p"] == pytest.approx(0.5) and bcubed(lumped, gold)["r"] == 1.0
    pairs = pairwise(lumped, gold)
    assert (pairs["tp"], pairs["predicted"], pairs["gold"]) == (2, 6, 2)


def test_reads_ecbplus_documents(shared_data):
    topics = read_topics(shared_data / "ecbplus_dev")
    assert len(topics) >= 30
    path, gold = next((p, g) for p, g in topics["1"] if p.name == "1_10ecbplus.xml")
    article = read_document(path)
    assert gold == "1ecbplus" and article.id == "1_10ecbplus"
    assert article.source == "articles.latimes.com" and not article.text.startswith("http")
    assert "Lindsay Lohan" in article.text
