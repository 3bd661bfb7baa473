"""Who the parties of an event are once the role chooser has picked its phrases (events.coder
`choose_roles`): one party alone is never reciprocal, a symmetric act keeps its other party, a member of a
coordination brings the others; and "X is responsible for <act>" names the act's doer. The chooser's
weights here are tiny hand-made models, so each test pins the grammar, not what a trained model prefers."""

from __future__ import annotations

import numpy as np

from flashpoint.actors.index import EntityIndex
from flashpoint.evaluation.conflibert import RoleSentence, _event_spans
from flashpoint.events.coder import choose_roles, find_events, is_reciprocal
from flashpoint.events.roles import RoleModel
from flashpoint.nlp.extensions import stage_results
from flashpoint.records.model import Actor, Event, SentenceRef, Span

from .test_stages import coded


def _model(weights: dict[str, tuple[float, float]]) -> RoleModel:
    """A role model that scores a candidate by its lemma alone: (actor weight, recipient weight)."""
    names = list(weights)
    return RoleModel({n: i for i, n in enumerate(names)}, np.array([weights[n] for n in names], dtype=float))


def _chosen(nlp, text: str, trigger: str, weights: dict[str, tuple[float, float]]) -> Event:
    doc = coded(nlp, text)
    (event,) = [e for e in find_events(doc, ranker=None, roles=None) if e.trigger.text.startswith(trigger)]
    return choose_roles(doc, event, _model(weights), EntityIndex(doc), stage_results(doc, "quotes"))


def test_one_party_chosen_for_both_roles_of_a_joint_act_is_not_reciprocal(nlp):
    event = _chosen(
        nlp, "China agreed to lift a ban on imports of British beef.", "agreed", {"lem=china": (5, 5)}
    )
    assert not is_reciprocal(event)
    assert [a.text for a in event.actor] == ["China"] and all(r.text != "China" for r in event.recipient)


def test_coordinated_parties_chosen_for_both_roles_are_reciprocal(nlp):
    event = _chosen(nlp, "Trump and Putin agreed to share information.", "agreed", {"lem=trump": (5, 5)})
    assert is_reciprocal(event) and [a.text for a in event.actor] == ["Trump", "Putin"]


def test_a_symmetric_act_keeps_its_other_party(nlp):
    """ "X met Y" with X chosen for both roles: still a meeting of X and Y."""
    event = _chosen(
        nlp, "Erdogan met Russian President Vladimir Putin in Ankara.", "met", {"lem=erdogan": (5, 5)}
    )
    assert is_reciprocal(event)
    assert [a.text for a in event.actor] == ["Erdogan"]
    assert [r.code for r in event.recipient] == ["RUS"]


def test_a_later_member_of_a_coordination_brings_the_others(nlp):
    event = _chosen(
        nlp,
        "Japan lifted sanctions against India and Pakistan.",
        "lifted",
        {"lem=japan": (5, 0), "lem=pakistan": (0, 5)},
    )
    assert [a.text for a in event.actor] == ["Japan"]
    assert [r.text for r in event.recipient] == ["India", "Pakistan"]


def test_a_coordination_shared_with_the_actor_is_not_also_the_recipient(nlp):
    event = _chosen(
        nlp,
        "Kenya and Uganda attacked rebel positions.",
        "attacked",
        {"lem=kenya": (5, 0), "lem=uganda": (0, 5)},
    )
    # Left with no one, the recipient is the one the rules read off the parse.
    assert [a.text for a in event.actor] == ["Kenya", "Uganda"]
    assert [r.text for r in event.recipient] == ["rebel positions"]


def test_whoever_is_responsible_for_an_act_did_it(nlp):
    (killings,) = [
        e
        for e in find_events(
            coded(nlp, "The rebels were responsible for mass killings in the north."), roles=None
        )
        if e.trigger.text == "killings"
    ]
    assert [a.text for a in killings.actor] == ["The rebels"]
    (violations,) = [
        e
        for e in find_events(
            coded(nlp, "The commanders responsible for the shelling of Aleppo were named."), roles=None
        )
        if e.trigger.text == "shelling"
    ]
    assert [a.text for a in violations.actor] == ["The commanders"]


def _event(actors: list[tuple[int, int]], recipients: list[tuple[int, int]], provenance: str) -> Event:
    def people(spans):
        return tuple(Actor("x", s, e) for s, e in spans)

    return Event(
        id="e1", type="SANCTION", mode=None, contexts=(), cameo="163", quad_class=4, goldstein=-8.0,
        acled=None, actor=people(actors), recipient=people(recipients), trigger=Span("x", 0, 1),
        sentence=SentenceRef(0, 0, 40), location=None, date=None, date_text=None, modality="asserted",
        attribution=None, confidence=0.6, provenance=provenance,
    )  # fmt: skip


def test_scorer_keeps_a_targets_members_apart_and_joins_a_joint_acts_parties():
    """ConfliBERT marks the members of a target one by one ("Libya", "Iraq") and the parties of a joint
    act as one R span ("Trump and Putin")."""
    words = ["US", "sanctioned", "Libya", "and", "Iraq", "."]
    starts = [0, 3, 14, 20, 24, 29]
    sentence = RoleSentence(words, ["B-S", "O", "B-T", "O", "B-T", "O"], starts, coded=None)  # type: ignore[arg-type]
    dyad = _event([(0, 2)], [(14, 19), (24, 28)], "rules:verb:sanction")
    assert _event_spans(sentence, dyad, "T") == sentence.gold("T") == {(2, 3), (4, 5)}
    joint = _event([(14, 19), (24, 28)], [], "rules:verb:meet;reciprocal")
    assert _event_spans(sentence, joint, "S") == _event_spans(sentence, joint, "T") == {(2, 5)}


def test_who_died_in_an_act_is_never_its_doer(nlp):
    # the chooser prefers the protesters; they died in the firing, so the doer comes from "in police firing"
    event = _chosen(
        nlp,
        "Three protesters died in police firing in the town on Monday.",
        "firing",
        {"lem=protester": (9, 0), "lem=police": (1, 0)},
    )
    assert [a.text for a in event.actor] == ["police"]


def test_an_act_someone_died_in_names_no_doer_outside_its_phrase(nlp):
    text = "The leaders said hardly any Muslim had died in the riots."
    event = _chosen(
        nlp,
        text,
        "riots",
        {"lem=muslim": (9, 0), "lem=leader": (8, 0)},
    )
    phrase = "in the riots"
    start = text.index(phrase)
    assert all(start <= a.start and a.end <= start + len(phrase) for a in event.actor)


def test_the_killer_of_a_killing_stays_its_doer(nlp):
    event = _chosen(
        nlp,
        "Militants killed two soldiers in an ambush.",
        "killed",
        {"lem=militant": (5, 0), "lem=soldier": (0, 5)},
    )
    assert [a.text for a in event.actor] == ["Militants"]


def test_where_the_model_sees_no_target_a_coded_rules_recipient_stands(nlp):
    event = _chosen(nlp, "Palestinian gunmen killed an Israeli soldier.", "killed", {"none": (0, 10)})
    assert [(r.text, r.code) for r in event.recipient] == [("an Israeli soldier", "ISR")]


def test_where_the_model_sees_no_target_an_uncoded_thing_is_no_recipient(nlp):
    event = _chosen(nlp, "Egypt lifted a three-month-old state of emergency.", "lifted", {"none": (0, 10)})
    assert event.recipient == ()
    assert [a.code for a in event.actor] == ["EGY"]
