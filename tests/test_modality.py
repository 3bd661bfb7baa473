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


def test_negative_subject_negates_its_verb_only(vocab):
    doc = build(
        vocab,
        "No no 1 det DET | civilians civilian 3 nsubjpass NOUN | were be 3 auxpass AUX | "
        "killed kill 3 ROOT VERB | in in 3 prep ADP | raid raid 4 pobj NOUN",
    )
    assert event_modality(doc[3]).modality == "negated"
    assert event_modality(doc[5]).modality == "asserted"  # the raid itself happened


def test_without_negates_its_object_clause(vocab):
    doc = build(
        vocab,
        "Troops troop 1 nsubj NOUN | took take 1 ROOT VERB | bridge bridge 1 dobj NOUN | "
        "without without 1 prep ADP | firing fire 3 pcomp VERB",
    )
    assert event_modality(doc[4]).modality == "negated"


def test_negation_reaches_through_an_infinitive(vocab):
    doc = build(
        vocab,
        "Turkey Turkey 3 nsubj PROPN | does do 3 aux AUX | not not 3 neg PART | plan plan 3 ROOT VERB | "
        "to to 5 aux PART | invade invade 3 xcomp VERB",
    )
    assert event_modality(doc[5]).modality == "negated"


def test_a_denial_that_is_negated_is_no_denial(vocab):
    doc = build(
        vocab,
        "Iran Iran 3 nsubj PROPN | did do 3 aux AUX | not not 3 neg PART | deny deny 3 ROOT VERB | "
        "that that 6 mark SCONJ | it it 6 nsubj PRON | attacked attack 3 ccomp VERB",
    )
    assert event_modality(doc[6]).modality == "asserted"


def test_inverted_condition(vocab):
    doc = build(
        vocab,
        "Should should 3 aux AUX | the the 2 det DET | regime regime 3 nsubj NOUN | "
        "refuse refuse 6 advcl VERB | , , 6 punct PUNCT | coalition coalition 6 nsubj NOUN | "
        "strikes strike 6 ROOT VERB",
    )
    assert event_modality(doc[3]).modality == "conditional"


def test_a_relative_clause_is_background_not_in_the_modal_scope(vocab):
    # "Militias that attacked the base could strike again"
    doc = build(
        vocab,
        "Militias militia 5 nsubj NOUN | that that 2 nsubj PRON | attacked attack 0 relcl VERB | "
        "base base 2 dobj NOUN | could could 5 aux AUX | strike strike 5 ROOT VERB",
    )
    assert event_modality(doc[2]).modality == "asserted"
    assert event_modality(doc[5]).modality == "hypothetical"


def test_a_definite_subject_is_presupposed_an_indefinite_one_is_not(vocab):
    definite = build(
        vocab,
        "The the 1 det DET | attack attack 3 nsubj NOUN | could could 3 aux AUX | derail derail 3 ROOT VERB",
    )
    indefinite = build(
        vocab, "An an 1 det DET | attack attack 3 nsubj NOUN | could could 3 aux AUX | come come 3 ROOT VERB"
    )
    assert event_modality(definite[1]).modality == "asserted"
    assert event_modality(indefinite[1]).modality == "hypothetical"


def test_directive_and_indirect_question(vocab):
    urged = build(
        vocab,
        "UN UN 1 nsubj PROPN | urged urge 1 ROOT VERB | militia militia 1 dobj NOUN | to to 4 aux PART | "
        "release release 1 xcomp VERB",
    )
    asked = build(
        vocab,
        "They they 1 nsubj PRON | asked ask 1 ROOT VERB | whether whether 4 mark SCONJ | "
        "drones drone 4 nsubj NOUN | attacked attack 1 ccomp VERB",
    )
    assert event_modality(urged[4]).modality == "hypothetical"
    assert event_modality(asked[4]).modality == "hypothetical"


def test_a_date_after_publication_is_future(vocab):
    import datetime as dt

    doc = build(vocab, "Parliament parliament 1 nsubj PROPN | votes vote 1 ROOT VERB")
    published = dt.date(2020, 9, 29)
    assert event_modality(doc[1], event_date="2020-W41", published=published).modality == "future"
    assert event_modality(doc[1], event_date="2020-09-28", published=published).modality == "asserted"


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
        ("Did the army shell the town?", "shell", "hypothetical"),
        ("Police foiled a planned attack on the parliament.", "attack", "negated"),
        ("Troops are on standby in case the rebels seize the dam.", "seize", "conditional"),
        ("It is not true that the army shelled the town.", "shelled", "negated"),
    ],
)
def test_parsed_sentences(en_model, sentence, trigger, expected):
    doc = en_model(sentence)
    token = next(t for t in doc if t.text == trigger)
    assert event_modality(token).modality == expected
