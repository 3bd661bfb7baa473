"""The learned cue model: trained on the tiny PolNeAR fixture, it ranks the annotated cue heads first,
survives a save and load, and drives which words the statement finder treats as cues."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from flashpoint.attribution import training
from flashpoint.attribution.cue_spans import contiguous_run, span_candidates
from flashpoint.attribution.features import DocContext
from flashpoint.attribution.linear import load_models, save_models
from flashpoint.attribution.quotes import find_cue_heads, find_statements
from flashpoint.attribution.tagger import TaggerModels, cue_probabilities, tagger_models
from flashpoint.evaluation.polnear import read_polnear

FIXTURE = Path(__file__).parent / "fixtures" / "polnear" / "dev"


def _fixture_doc(nlp):
    from flashpoint.coder import parse_articles
    from flashpoint.ingest import Article

    (article,) = read_polnear(FIXTURE)
    (doc,) = parse_articles(nlp, [Article(text=article.text, id=article.name)], batch_size=1)
    return article, doc


def _fitted(nlp, threshold: float = 0.5) -> tuple[TaggerModels, object]:
    article, doc = _fixture_doc(nlp)
    examples = training.Examples.empty()
    training.add_examples(examples, article.gold, doc)
    return training.fit(examples, threshold=threshold), doc


def test_cue_model_ranks_annotated_cue_heads_first(nlp):
    models, doc = _fitted(nlp)
    probabilities = cue_probabilities(DocContext(doc), models)
    ranked = sorted(probabilities, key=probabilities.get, reverse=True)
    assert {doc[i].lower_ for i in ranked[:3]} == {"said", "added", "according"}
    assert probabilities[ranked[0]] > 0.5 > probabilities[ranked[-1]]


def test_the_context_reads_what_the_tokens_say(nlp):
    doc = nlp("“The talks failed,” the envoy said.\n\nAnalysts were not surprised.")
    context = DocContext(doc)
    assert context.head == [t.head.i for t in doc]
    assert context.lemma == [t.lemma_.lower() for t in doc]
    assert context.dep == [t.dep_ for t in doc] and context.pos == [t.pos_ for t in doc]
    assert context.line == [doc.text[: t.idx].count("\n") for t in doc]
    assert context.sentence_bounds == [(s.start, s.end - 1) for s in doc.sents]
    assert context.children[doc[8].i] == [c.i for c in doc[8].children]  # "said"
    # the model learns from every word that can head a cue, and scores verbs and the words the annotated
    # news showed as cues ("envoy" never was)
    assert [doc[i].text for i in range(len(doc)) if context.example[i]][:3] == ["talks", "failed", "envoy"]
    assert [doc[i].text for i in range(len(doc)) if context.candidate[i]][:3] == ["talks", "failed", "said"]
    assert all(context.example[i] for i in range(len(doc)) if context.candidate[i])


def test_models_survive_save_and_load(nlp, tmp_path):
    models, doc = _fitted(nlp)
    path = tmp_path / "spans.npz"
    save_models(path, {"cues": models.cues}, {"threshold": 0.5})
    loaded, meta = load_models(path)
    assert set(loaded) == {"cues"}
    again = TaggerModels(loaded["cues"], meta["threshold"], meta)
    before = cue_probabilities(DocContext(doc), models)
    after = cue_probabilities(DocContext(doc), again)
    assert before.keys() == after.keys()
    assert np.allclose(list(before.values()), list(after.values()), atol=1e-2)  # float16 weights


def test_the_model_accepts_and_vetoes_cue_words(nlp):
    models, doc = _fitted(nlp)
    heads = {t.lower_ for t in find_cue_heads(doc, models)[0]}
    assert "said" in heads and "talks" not in heads
    lexicon_only = {t.lower_ for t in find_cue_heads(doc, training.with_threshold(models, 1.01, 0.0))[0]}
    assert "said" in lexicon_only  # the cue-rate lexicon knows "said" whatever the model says
    nothing = training.with_threshold(models, 1.01, 1.01)
    assert find_cue_heads(doc, nothing) == ([], [])
    assert not any(s.cue_head is not None for s in find_statements(doc, nothing))
    said = next(s for s in find_statements(doc, models) if s.cue is not None and s.cue_head.lower_ == "said")
    assert said.content.text.startswith("that the talks had failed")


def test_thresholds_are_chosen_by_their_score(nlp):
    models, _ = _fitted(nlp)
    pairs = [(0.6, 0.1), (0.4, 0.2), (0.8, 0.1)]
    best, score = training.best_thresholds(models, pairs, lambda m: m.veto - abs(m.threshold - 0.45))
    assert best == (0.4, 0.2) and score == pytest.approx(0.15)


# -- the cue-span model -----------------------------------------------------------------------------------


def _with_spans(nlp) -> tuple[TaggerModels, object]:
    article, doc = _fixture_doc(nlp)
    examples = training.Examples.empty()
    training.add_examples(examples, article.gold, doc)
    models = training.fit(examples, threshold=0.5)
    spans = training.Examples.empty()
    training.add_span_examples(spans, article.gold, doc, models)
    assert spans.span_labels and 1 in spans.span_labels  # "to" of "According to" is part of its cue
    return training.fit_spans(spans, models), doc


def _cue_of(doc, models, head: str) -> str:
    statement = next(
        s for s in find_statements(doc, models) if s.cue_head is not None and s.cue_head.text == head
    )
    return statement.cue.text


def test_the_span_model_draws_the_cue_it_learned(nlp):
    models, doc = _with_spans(nlp)
    assert models.spans is not None
    assert _cue_of(doc, models, "According") == "According to"
    # a span model that keeps no word leaves the head alone: the model, not the rules, drew the cue
    nothing = training.with_threshold(models, models.threshold, models.veto, 1.01)
    assert _cue_of(doc, nothing, "According") == "According"
    # without a span model, the rules draw it
    assert _cue_of(doc, replace(models, spans=None), "According") == "According to"


def test_span_candidates_are_the_words_below_the_head_outside_content_and_source(nlp):
    doc = nlp("The ministry said in a statement on Tuesday that the talks had failed.")
    said = next(t for t in doc if t.lower_ == "said")
    that = next(t.i for t in doc if t.lower_ == "that")
    content = set(range(that, len(doc)))  # "that the talks had failed."
    found = {doc[i].text: path for i, path in span_candidates(said.i, content, DocContext(doc))}
    assert found["in"] == ("prep",) and found["statement"] == ("prep", "pobj")
    assert "Tuesday" in found
    assert not {"The", "ministry", "talks", "failed", "."} & set(found)


def test_a_cue_run_crosses_punctuation_and_one_adverb_but_no_gap(nlp):
    doc = nlp("He has not yet said, in short, that it failed.")
    said = 4
    assert contiguous_run(doc, said, {2, 4}).text == "not yet said"
    assert contiguous_run(doc, said, {1, 4}).text == "said"  # two words between
    assert contiguous_run(doc, said, {4, 6, 7}).text == "said, in short"
    assert contiguous_run(doc, said, {4, 9}).text == "said"


def test_the_shipped_models_hold_a_span_model(nlp):
    models = tagger_models()
    assert models.spans is not None and 0 < models.span_threshold < 1
    assert models.meta["span_threshold"] == models.span_threshold
    doc = nlp("The senator said on Monday that the talks had failed.")
    (statement,) = find_statements(doc)
    assert statement.cue.text == "said"  # "on Monday" says when, not how: never part of the cue
