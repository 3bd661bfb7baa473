"""Modality read from the dependency path: tiny hand-built Docs (no model) and parsed sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from flashpoint.events.modality import event_modality


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def build(vocab, rows: str) -> Doc:
    """rows: "word lemma head dep pos | ..." (head is a token index)."""
    words, lemmas, heads, deps, pos = zip(*(row.split() for row in rows.split("|")), strict=True)
    heads = [int(h) for h in heads]
    return Doc(
        vocab, words=list(words), lemmas=list(lemmas), heads=list(heads), deps=list(deps), pos=list(pos)
    )


def test_plain_past_is_asserted(vocab):
    doc = build(vocab, "Militias militia 1 nsubj NOUN | attacked attack 1 ROOT VERB | base base 1 dobj NOUN")
    assert event_modality(doc[1]).modality == "asserted"


def test_negation_on_the_trigger(vocab):
    doc = build(
        vocab, "Iran Iran 3 nsubj PROPN | did do 3 aux AUX | not not 3 neg PART | attack attack 3 ROOT VERB"
    )
    result = event_modality(doc[3])
    assert result.modality == "negated" and result.cue.text == "not"


def test_negation_does_not_cross_into_a_complement(vocab):
    # "He did not say that Iran attacked": the attack itself is not denied.
    doc = build(
        vocab,
        "He he 3 nsubj PRON | did do 3 aux AUX | not not 3 neg PART | say say 3 ROOT VERB | "
        "that that 6 mark SCONJ | Iran Iran 6 nsubj PROPN | attacked attack 3 ccomp VERB",
    )
    assert event_modality(doc[6]).modality == "asserted"


def test_denial_verb_negates_its_complement(vocab):
    doc = build(
        vocab,
        "Iran Iran 1 nsubj PROPN | denied deny 1 ROOT VERB | "
        "that that 4 mark SCONJ | it it 4 nsubj PRON | attacked attack 1 ccomp VERB",
    )
    assert event_modality(doc[4]).modality == "negated"


def test_modal_in_a_governing_clause_makes_it_hypothetical(vocab):
    # "This could provoke attacks": the noun trigger sits under "could provoke".
    doc = build(
        vocab,
        "This this 2 nsubj PRON | could could 2 aux AUX | "
        "provoke provoke 2 ROOT VERB | attacks attack 2 dobj NOUN",
    )
    result = event_modality(doc[3])
    assert result.modality == "hypothetical" and result.cue.text == "could"


def test_condition(vocab):
    # "if diplomats leave"
    doc = build(
        vocab,
        "Forces force 1 nsubj NOUN | strike strike 1 ROOT VERB | "
        "if if 4 mark SCONJ | diplomats diplomat 4 nsubj NOUN | leave leave 1 advcl VERB",
    )
    assert event_modality(doc[4]).modality == "conditional"


def test_future(vocab):
    doc = build(vocab, "Iraq Iraq 2 nsubj PROPN | will will 2 aux AUX | close close 2 ROOT VERB")
    assert event_modality(doc[2]).modality == "future"


def test_hedge_adverb(vocab):
    doc = build(
        vocab, "Troops troop 2 nsubj NOUN | allegedly allegedly 2 advmod ADV | fired fire 2 ROOT VERB"
    )
    assert event_modality(doc[2]).modality == "hedged"


def test_reported_adverb_and_attribution(vocab):
    doc = build(vocab, "He he 2 nsubj PRON | reportedly reportedly 2 advmod ADV | met meet 2 ROOT VERB")
    assert event_modality(doc[2]).modality == "reported"
    plain = build(vocab, "He he 1 nsubj PRON | met meet 1 ROOT VERB")
    assert event_modality(plain[1], attributed=True).modality == "reported"


def test_old_date_is_historical(vocab):
    import datetime as dt

    doc = build(vocab, "It it 1 nsubj PRON | happened happen 1 ROOT VERB")
    published = dt.date(2020, 9, 29)
    assert event_modality(doc[1], event_date="2020-01", published=published).modality == "historical"
    assert event_modality(doc[1], event_date="2020-09-27", published=published).modality == "asserted"


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("The army shelled the town.", "shelled", "asserted"),
        ("The army did not shell the town.", "shell", "negated"),
        ("The army could shell the town.", "shell", "hypothetical"),
        ("The army will shell the town.", "shell", "future"),
        ("If talks fail, the army will shell the town.", "shell", "future"),
        ("The army threatened to shell the town unless the rebels surrender.", "surrender", "conditional"),
        ("It is possible that the army shelled the town.", "shelled", "hypothetical"),
        ("The army reportedly shelled the town.", "shelled", "reported"),
        ("The army allegedly shelled the town.", "shelled", "hedged"),
    ],
)
def test_parsed_sentences(en_model, sentence, trigger, expected):
    doc = en_model(sentence)
    token = next(t for t in doc if t.text == trigger)
    assert event_modality(token).modality == expected
