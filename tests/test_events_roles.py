"""The learned role chooser (events/roles.py): its candidates, its training, where the pipeline applies it,
reciprocal events, and how the ConfliBERT scorer reads its output."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from flashpoint.data import data_path
from flashpoint.evaluation.conflibert import (
    RoleSentence,
    _event_spans,
    _split_off,
    code_role_sentences,
    role_example,
)
from flashpoint.events.coder import find_events, is_reciprocal, role_frame
from flashpoint.events.roles import (
    ROLE_MODEL_FILE,
    RoleExample,
    RoleModel,
    RoleOption,
    load_role_model,
    role_options,
    train_role_model,
)
from flashpoint.records.model import Actor, Event, SentenceRef, Span

from .test_stages import coded


def _options(nlp, text: str, trigger: str):
    doc = coded(nlp, text)
    event = next(e for e in find_events(doc, ranker=None, roles=None) if trigger in e.trigger.text)
    frame = role_frame(doc, event)
    assert frame is not None
    return doc, role_options(frame)


def test_options_read_each_phrase_several_ways_with_none_last(nlp):
    doc, options = _options(
        nlp, "Iraqi troops launched an assault on the last ISIS bastion in the country.", "assault"
    )
    readings = {doc[o.start : o.end].text for o in options if o.head is not None}
    assert {"the last ISIS bastion in the country", "the last ISIS bastion", "last ISIS bastion"} <= readings
    assert "Iraqi troops" in readings
    assert options[-1].head is None and "none" in options[-1].features
    full = next(o for o in options if doc[o.start : o.end].text == "the last ISIS bastion in the country")
    assert "full" in full.features and "keep=prep:in" in full.features


@pytest.mark.parametrize(
    ("text", "trigger", "not_a_candidate"),
    [
        ("It is unacceptable for Iran-backed groups to launch rockets at our embassy.", "launch", "It"),
        ("It is unacceptable for Iran-backed groups to launch rockets at our embassy.", "launch", "Iran"),
        ("Officials arrested the men who attacked the convoy.", "attacked", "who"),
    ],
)
def test_placeholders_relative_pronouns_and_premodifiers_are_not_participants(
    nlp, text, trigger, not_a_candidate
):
    doc, options = _options(nlp, text, trigger)
    heads = {doc[o.head].text for o in options if o.head is not None}
    assert not_a_candidate not in heads and heads


def _toy_examples() -> list[RoleExample]:
    # Three options per event: the subject, the object, none; the actor is the subject, the recipient the
    # object unless the event is marked "selfless" (then none).
    examples = []
    for n in range(30):
        selfless = n % 3 == 0
        options = [("dep=nsubj", f"x{n % 4}"), ("dep=dobj", f"x{n % 5}"), ("none", f"none/t={selfless}")]
        examples.append(RoleExample(options, (frozenset({0}), frozenset({2} if selfless else {1}))))
    return examples


def test_training_learns_each_role_and_round_trips_through_json():
    from flashpoint.events.roles import RoleOption

    model = train_role_model(_toy_examples(), iterations=200)
    options = [
        RoleOption(0, 0, 1, ("dep=nsubj", "x1")),
        RoleOption(2, 2, 3, ("dep=dobj", "x2")),
        RoleOption(None, 1, 1, ("none", "none/t=False")),
    ]
    actor, recipient = model.choose(options)
    assert (actor.head, recipient.head) == (0, 2)
    selfless = [*options[:2], RoleOption(None, 1, 1, ("none", "none/t=True"))]
    assert model.choose(selfless)[1].head is None
    again = RoleModel.from_json(model.to_json({"note": "test"}))
    assert again.choose(options) == model.choose(options) and again.choose(selfless) == model.choose(selfless)


def test_training_is_deterministic():
    first, second = train_role_model(_toy_examples()), train_role_model(_toy_examples())
    assert first.vocabulary == second.vocabulary and (first.weights == second.weights).all()


def test_shipped_model_is_small_and_loads():
    path = data_path(*ROLE_MODEL_FILE)
    assert path.exists() and path.stat().st_size < 1_000_000
    model = load_role_model()
    assert model is not None and len(model.vocabulary) > 100


def test_the_model_chooses_the_main_events_roles_and_the_rules_keep_the_others(nlp):
    doc = coded(nlp, "Iraq condemned the attacks by Iranian militias on American bases.")
    by_trigger = {e.trigger.text: e for e in doc._.events}
    assert sum(";roles:" in e.provenance for e in doc._.events) == 1
    attacks = by_trigger["attacks"]
    assert ";roles:" not in attacks.provenance and [a.code for a in attacks.actor] == ["IRN"]
    assert [a.code for a in by_trigger["condemned"].actor] == ["IRQ"]


def test_without_the_model_the_rules_roles_stand(nlp):
    doc = coded(nlp, "Russian troops attacked Ukrainian positions near Kharkiv.")
    (rules,) = find_events(doc, roles=None)
    (learned,) = find_events(doc)
    assert ";roles:" not in rules.provenance and ";roles:" in learned.provenance
    assert [a.code for a in learned.actor] == ["RUS"] and [a.code for a in learned.recipient] == ["UKR"]


@pytest.mark.parametrize(
    ("text", "trigger", "actors", "recipients"),
    [
        # Coordinated parties of a joint act, no one else named: all are the actor (PLOVER).
        ("Canada and Mexico signed a trade agreement.", "signed", ["CAN", "MEX"], []),
        # Signing with a partner binds both: reciprocal, with the dyad kept.
        ("Kenya signed an agreement with Britain.", "signed", ["KEN"], ["GBR"]),
        # A symmetric predicate: "X held talks with Y" is "Y held talks with X".
        ("Russia held talks with Turkey.", "held talks", ["RUS"], ["TUR"]),
    ],
)
def test_reciprocal_events(nlp, text, trigger, actors, recipients):
    (event,) = [e for e in find_events(coded(nlp, text), roles=None) if trigger in e.trigger.text]
    assert is_reciprocal(event)
    assert [a.code for a in event.actor] == actors and [r.code for r in event.recipient] == recipients


@pytest.mark.parametrize(
    "text", ["Russian troops attacked Ukrainian positions.", "Russia refused talks with Ukraine."]
)
def test_a_one_sided_act_is_not_reciprocal(nlp, text):
    (event,) = [e for e in coded(nlp, text)._.events]
    assert not is_reciprocal(event)


def _scored_event(actors: list[tuple[int, int]], recipients: list[tuple[int, int]], provenance: str) -> Event:
    def people(spans):
        return tuple(Actor("x", s, e) for s, e in spans)

    return Event(
        id="e1", type="AGREE", mode=None, contexts=(), cameo="030", quad_class=1, goldstein=3.0, acled=None,
        actor=people(actors), recipient=people(recipients), trigger=Span("met", 0, 3),
        sentence=SentenceRef(0, 0, 20), location=None, date=None, date_text=None, modality="asserted",
        attribution=None, confidence=0.6, provenance=provenance,
    )  # fmt: skip


def test_scorer_counts_the_parties_of_a_reciprocal_event_in_both_roles():
    words = ["Putin", "met", "Erdogan", "."]
    sentence = RoleSentence(words, ["B-R", "O", "B-R", "O"], [0, 6, 10, 18], coded=None)  # type: ignore[arg-type]
    dyad = _scored_event([(0, 5)], [(10, 17)], "rules:verb:meet")
    joint = _scored_event([(0, 5)], [(10, 17)], "rules:verb:meet;reciprocal")
    assert _event_spans(sentence, dyad, "S") == {(0, 1)} and _event_spans(sentence, dyad, "T") == {(2, 3)}
    assert _event_spans(sentence, joint, "S") == _event_spans(sentence, joint, "T") == {(0, 1), (2, 3)}


def test_gold_spans_mark_the_right_options(tmp_path):
    path = tmp_path / "roles.bio"
    tags = ["B-S", "I-S", "O", "B-T", "I-T", "O", "O", "O"]
    words = ["Russian", "troops", "attacked", "Ukrainian", "positions", "near", "Kharkiv", "."]
    path.write_text("\n".join(f"{w} {t}" for w, t in zip(words, tags, strict=True)) + "\n", encoding="utf-8")
    (sentence,) = code_role_sentences(path)
    (event,) = sentence.coded.events
    example = role_example(sentence, event)
    assert example is not None
    doc = sentence.coded.doc
    options = role_options(role_frame(doc, event))  # type: ignore[arg-type]
    actor, recipient = (
        {doc[options[k].start : options[k].end].text for k in right} for right in example.correct
    )
    assert actor == {"Russian troops"} and recipient == {"Ukrainian positions"}


@pytest.mark.parametrize(
    ("text", "trigger", "actor_texts"),
    [
        # A passive's subject is the patient; with no "by" agent the speaker is not the doer.
        ("The chief minister said that 30 militants have been arrested in Srinagar.", "arrested", []),
        # The clause's own subject is the doer, not the official reporting it.
        (
            "The official said Kenyan police arrested ten protesters in Nairobi.",
            "arrested",
            ["Kenyan police"],
        ),
    ],
)
def test_the_grammar_bounds_the_models_actor(nlp, text, trigger, actor_texts):
    from flashpoint.actors.index import EntityIndex
    from flashpoint.events.coder import choose_roles
    from flashpoint.nlp.extensions import stage_results

    doc = coded(nlp, text)
    (event,) = [e for e in find_events(doc, ranker=None, roles=None) if trigger in e.trigger.text]
    chosen = choose_roles(doc, event, load_role_model(), EntityIndex(doc), stage_results(doc, "quotes"))
    assert [a.text for a in chosen.actor] == actor_texts


def test_a_typographic_possessive_split_by_the_gold_tokenizer_is_rejoined():
    words = ["Theresa", "May", "\u2019", "s", "offer", "and", "the", "\u2019", "sixties"]
    glued = [n for n in range(1, len(words)) if _split_off(words, n)]
    assert glued == [2, 3]


def test_readings_say_what_kind_of_head_keeps_what_kind_of_dependent(nlp):
    doc, options = _options(nlp, "Russian forces shelled the police headquarters in Kharkiv.", "shelled")
    target = [o for o in options if o.head is not None and doc[o.head].text == "headquarters"]
    notes = {f for o in target for f in o.features if "=prep:in/" in f and "|" not in f}
    assert notes == {"keep=prep:in/NOUN>in:LOC", "drop=prep:in/NOUN>in:LOC"}


def test_a_dative_preposition_names_the_recipient(nlp):
    (event,) = find_events(coded(nlp, "Russia gave medical supplies to Syria."), roles=None)
    assert event.type == "AID" and [r.code for r in event.recipient] == ["SYR"]


@pytest.mark.parametrize(
    ("text", "trigger", "actors", "recipients"),
    [
        # A relative pronoun stands for the noun its clause modifies; a passive clause's noun is the patient.
        ("Police arrested protesters who attacked the embassy.", "attacked", ["protesters"], ["the embassy"]),
        ("Officials mourned six farmers who were killed.", "killed", [], ["six farmers"]),
        ("Police released the criminals arrested last week.", "arrested", [], ["the criminals"]),
    ],
)
def test_relative_and_participle_clauses(nlp, text, trigger, actors, recipients):
    (event,) = [e for e in find_events(coded(nlp, text), roles=None) if e.trigger.text == trigger]
    assert [a.text for a in event.actor] == actors and [r.text for r in event.recipient] == recipients


def test_a_light_verb_that_codes_nothing_carries_its_nouns_participants(nlp):
    """ "launched cyber warfare against India": "launch" alone is no event; the noun's event takes the
    verb's subject and target phrase (else it would be a bare noun, and dropped)."""
    (event,) = find_events(coded(nlp, "Pakistan has launched cyber warfare against India."), roles=None)
    assert event.type == "ASSAULT" and event.trigger.text == "launched cyber warfare"
    assert [a.code for a in event.actor] == ["PAK"] and [r.code for r in event.recipient] == ["IND"]


def test_options_say_where_the_candidate_stands_and_how_long_each_reading_is(nlp):
    doc, options = _options(
        nlp, "Officials said Russian forces shelled the police headquarters in Kharkiv.", "shelled"
    )
    officials = next(o for o in options if o.head is not None and doc[o.head].text == "Officials")
    target = [o for o in options if o.head is not None and doc[o.head].text == "headquarters"]
    assert "in_subtree=False" in officials.features
    assert all("in_subtree=True" in o.features and "clauses_up=0" in o.features for o in target)
    assert {f for o in target for f in o.features if f.startswith("len=") and "|" not in f} == {
        "len=2",
        "len=3",
        "len=4",
        "len=5",
    }
    assert any(f == "keep=prep:in|dep=dobj" for o in target for f in o.features)
    doc, options = _options(nlp, "Police arrested protesters who attacked the embassy.", "arrested")
    embassy = next(o for o in options if o.head is not None and doc[o.head].text == "embassy")
    assert "clauses_up=1" in embassy.features


def test_a_spoken_demand_is_the_speakers_of_the_party_obliged(nlp):
    """ "X said Y must withdraw": the demand (CAMEO 10) is X's, made of Y; the learned chooser leaves it."""
    doc = coded(nlp, "Turkey said Russia must withdraw its troops from Syria.")
    (event,) = [e for e in find_events(doc) if e.trigger.text.startswith("withdraw")]
    assert event.type == "REQUEST" and event.cameo.startswith("10")
    assert [a.code for a in event.actor] == ["TUR"] and [r.code for r in event.recipient] == ["RUS"]
    assert role_frame(doc, event) is None and "roles:" not in event.provenance


def test_one_phrase_naming_both_sides_of_a_joint_act_is_reciprocal(nlp):
    """ "Nigerian and British forces agreed ...": coordinated modifiers name the parties (PLOVER)."""
    doc = coded(nlp, "Nigerian and British forces agreed to hold a joint exercise.")
    (event,) = [e for e in find_events(doc, roles=None) if e.trigger.text == "agreed"]
    assert is_reciprocal(event) and [a.text for a in event.actor] == ["Nigerian and British forces"]
    (alone,) = [e for e in find_events(coded(nlp, "British forces agreed to hold an exercise."), roles=None)]
    assert not is_reciprocal(alone)


def test_a_phrase_says_which_named_participant_it_holds_below_its_head(nlp):
    doc, options = _options(
        nlp,
        "Rights groups condemned human rights violations by the Louisville Metro Police Department.",
        "cond",
    )
    by_text = {doc[o.start : o.end].text: o for o in options if o.head is not None and "full" in o.features}
    around = by_text["human rights violations by the Louisville Metro Police Department"]
    assert "below_ent=ORG" in around.features and "below_ent=ORG/t=ACCUSE" in around.features
    named = by_text["the Louisville Metro Police Department"]
    assert not any(f.startswith("below_") for f in named.features)


def test_the_none_offset_is_applied_when_choosing_and_kept_in_json():
    from flashpoint.events.roles import RoleOption

    options = [RoleOption(0, 0, 1, ("dep=nsubj",)), RoleOption(None, 1, 1, ("none",))]
    plain = RoleModel({"dep=nsubj": 0, "none": 1}, np.array([[0.0, 0.0], [1.0, 1.0]]))
    assert [o.head for o in plain.choose(options)] == [None, None]
    guessing = replace(plain, none_offset=(0.0, -2.0))
    assert [o.head for o in guessing.choose(options)] == [None, 0]
    assert guessing.scores(options, 1) == [0.0, -1.0]
    again = RoleModel.from_json(guessing.to_json())
    assert again.none_offset == (0.0, -2.0) and again.choose(options) == guessing.choose(options)


def test_the_recipients_none_offset_is_chosen_on_inner_folds():
    # The recipient is the object in two events of five and "none" in the others, which no feature tells
    # apart: the likelihood prefers "none", span F1 prefers a guess at the object, and the inner folds
    # find an offset that makes it.
    examples = []
    for n in range(60):
        options = [("dep=nsubj",), ("dep=dobj",), ("none",)]
        examples.append(RoleExample(options, (frozenset({0}), frozenset({1} if n % 5 < 2 else {2}))))
    options = [
        RoleOption(0, 0, 1, ("dep=nsubj",)),
        RoleOption(2, 2, 3, ("dep=dobj",)),
        RoleOption(None, 1, 1, ("none",)),
    ]
    plain = train_role_model(examples, offset_folds=0)
    assert plain.none_offset == (0.0, 0.0) and plain.choose(options)[1].head is None
    tuned = train_role_model(examples)
    assert tuned.none_offset[0] == 0.0 and tuned.none_offset[1] < 0
    assert [o.head for o in tuned.choose(options)] == [0, 2]
