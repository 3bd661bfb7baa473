"""PolNeAR reading and scoring on a tiny hand-written brat fixture, and the dev evaluation on shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.errors import EvaluationError
from flashpoint.evaluation.polnear import (
    GoldAttribution,
    WordTokens,
    evaluate_agreement,
    evaluate_polnear,
    predicted_attributions,
    read_annotations,
    read_polnear,
    score_article,
)
from flashpoint.records.model import Quote, SourceLink, Span, Speaker

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"
NAME = "paper_2020-01-01_talks-failed"


def test_reads_relations_discontinuous_spans_and_broken_lines():
    gold = read_annotations(FIXTURE / "dev" / "attributions" / f"{NAME}_ab12.ann")
    assert len(gold) == 3
    assert gold[0] == GoldAttribution(cue=((13, 17),), source=((0, 12),), content=((18, 43),))
    assert gold[2].content == ((100, 108), (109, 125))


def test_first_listed_annotator_is_gold():
    (article,) = read_polnear(FIXTURE / "dev")
    assert article.name == NAME and article.published == "2020-01-01" and len(article.gold) == 3


def test_word_tokens_ignore_punctuation():
    text = '"We are ready," she said.'
    tokens = WordTokens(text)
    assert tokens.of(((0, 15),)) == tokens.of(((1, 13),)) == frozenset({0, 1, 2})


def quote(qid, speaker, cue, content):
    return Quote(
        qid,
        "direct",
        Speaker("x", *speaker) if speaker else None,
        Span("x", *cue) if cue else None,
        Span("x", *content),
    )


def test_quotes_sharing_a_cue_or_continuing_a_speaker_are_one_attribution():
    quotes = [
        quote("q1", (30, 32), (33, 37), (0, 10)),
        quote("q2", (30, 32), (33, 37), (40, 50)),  # the same cue: the quote's second piece
        quote("q3", (30, 32), None, (60, 70)),  # no cue, same speaker: continues it
        quote("q4", (80, 82), (83, 87), (90, 99)),
    ]
    merged = predicted_attributions(quotes)
    assert [a.content for a in merged] == [((0, 10), (40, 50), (60, 70)), ((90, 99),)]


def test_a_quotation_goes_on_past_a_statement_of_its_speaker_reported_in_between():
    # “X,” Trump said of terrorists, mocking concerns about Y. “Z.”
    said = quote("q1", (30, 35), (36, 40), (1, 28))
    mocking = Quote("q2", "indirect", Speaker("x", 30, 35), Span("x", 60, 67), Span("x", 68, 90))
    more = quote("q3", (30, 35), None, (93, 120))
    merged = predicted_attributions([said, mocking, more])
    assert [a.content for a in merged] == [((1, 28), (93, 120)), ((68, 90),)]


def test_a_quotation_goes_on_past_statements_reported_inside_it():
    # “Here you have a club and they decide who they want,” said Eric Trump. “We live in America.”
    said = quote("q1", (60, 70), (55, 59), (1, 50))
    decide = Quote(
        "q2",
        "mixed",
        Speaker("x", 26, 30),
        Span("x", 31, 37),
        Span("x", 38, 50),
        via=(SourceLink("q1", Span("x", 60, 70), "named_person"),),
    )
    more = quote("q3", (60, 70), None, (74, 93))
    merged = predicted_attributions([said, decide, more])
    assert merged[0].content == ((1, 50), (74, 93))


def test_a_statement_inside_another_is_left_out():
    quotes = [quote("q1", (0, 2), (3, 7), (8, 60)), quote("q2", (10, 12), (13, 17), (18, 40))]
    assert [a.cue for a in predicted_attributions(quotes)] == [((3, 7),)]


def test_exact_and_overlap_matching():
    text = "The minister said that the talks had failed badly today."
    gold = [GoldAttribution(((13, 17),), ((0, 12),), ((18, 55),))]
    half = [GoldAttribution(((13, 17),), ((4, 12),), ((18, 42),))]  # content: 5 of 7 gold words
    counts = score_article(text, half, gold)
    assert counts["cue"] == {"exact": 1, "overlap": 1, "predicted": 1, "gold": 1}
    assert counts["source"]["exact"] == 0 and counts["source"]["overlap"] == 1
    assert counts["content"]["exact"] == 0 and counts["content"]["overlap"] == 1
    little = [GoldAttribution(((13, 17),), (), ((18, 27),))]  # 2 of 7 words: no overlap match
    assert score_article(text, little, gold)["content"]["overlap"] == 0


def test_the_pipeline_on_the_fixture(nlp):
    result = evaluate_polnear(FIXTURE / "dev")
    assert result["articles"] == 1
    assert result["cue_exact"]["tp"] >= 2 and result["source_exact"]["tp"] >= 2
    assert result["content_overlap"]["tp"] >= 2


@pytest.mark.slow
def test_polnear_dev_sample(shared_data):
    result = evaluate_polnear(shared_data / "polnear" / "dev", limit=8)
    assert result["articles"] == 8
    assert result["cue_overlap"]["f1"] > 0.6 and result["content_overlap"]["f1"] > 0.55


def test_cue_rates_are_counted_from_annotations(nlp, tmp_path):
    from flashpoint.attribution.learn import count_cues, write_rates
    from flashpoint.coder import parse_articles
    from flashpoint.ingest import Article

    (article,) = read_polnear(FIXTURE / "dev")
    (doc,) = parse_articles(nlp, [Article(text=article.text, id=article.name)], batch_size=1)
    cues, seen = count_cues([(article, doc)])
    said = next(key for key in cues if key[0] == "say")
    assert cues[said] == seen[said] == 1
    assert not any(key[0] == "ready" for key in seen)  # inside an annotated content: not counted
    path = tmp_path / "rates.tsv"
    write_rates(cues, seen, path)
    assert path.read_text().splitlines()[4] == "lemma\tpos\tframe\tcue\tseen"


def test_annotators_scored_against_each_other():
    # ab12 marks three attributions, cd34 only the first: each in turn is the gold, so 2 of 4 match
    result = evaluate_agreement(FIXTURE)
    assert result["articles"] == 1 and result["annotations"] == 2
    for role in ("cue", "source", "content"):
        assert result[f"{role}_exact"] == result[f"{role}_overlap"]
        assert (result[f"{role}_exact"]["p"], result[f"{role}_exact"]["r"]) == (0.5, 0.5)


def test_agreement_needs_an_article_with_several_annotators(tmp_path):
    for part in ("text", "attributions"):
        (tmp_path / "dev" / part).mkdir(parents=True)
    (tmp_path / "dev" / "text" / f"{NAME}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / f"{NAME}_ab12.ann").write_text("", encoding="utf-8")
    with pytest.raises(EvaluationError, match="more than one annotator"):
        evaluate_agreement(tmp_path)
