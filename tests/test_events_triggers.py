"""Event triggers the rules find (events/coder.py with the shipped lexicons): a verbal attribution cue is
still the act it names, and curated verb and noun patterns."""

from __future__ import annotations

import pytest

from flashpoint.events.coder import find_events

from .test_stages import coded


def _events(nlp, text: str):
    return find_events(coded(nlp, text), ranker=None, roles=None)


@pytest.mark.parametrize(
    ("text", "trigger", "event_type"),
    [
        # The attribution stage reads these verbs as cues of what their subject says or wants; the verb
        # with its particle or preposition is still an act.
        (
            "President Michel Temer has conceded to the demands of the striking truck drivers.",
            "conceded",
            "CONCEDE",
        ),
        ("The opposition leader called for reform of the constitution.", "called", "REQUEST"),
    ],
)
def test_a_verbal_cue_with_a_preposition_is_still_the_act_it_names(nlp, text, trigger, event_type):
    events = _events(nlp, text)
    assert any(trigger in e.trigger.text and e.type == event_type for e in events), events


def test_according_to_is_a_cue_and_never_an_event(nlp):
    events = _events(nlp, "According to the police, the gunmen killed three villagers.")
    assert [e.trigger.text for e in events] == ["killed"]


@pytest.mark.parametrize(
    ("text", "cameo", "actor", "recipient"),
    [
        ("Denmark announced a suspension of aid to Egypt.", "160", "Denmark", "Egypt"),
        (
            "The French government ended mediation efforts with the truckers.",
            "165",
            "The French government",
            "the truckers",
        ),
        (
            "The Russian and US navies began a joint military exercise.",
            "062",
            "The Russian and US navies",
            None,
        ),
        ("Obama gave Putin a stern warning.", "130", "Obama", "Putin"),
    ],
)
def test_curated_verb_and_noun_patterns(nlp, text, cameo, actor, recipient):
    event = next(e for e in _events(nlp, text) if e.cameo == cameo)
    assert [a.text for a in event.actor] == [actor]
    assert [r.text for r in event.recipient] == ([recipient] if recipient else [])


def test_a_time_phrase_is_neither_a_pattern_preposition_nor_a_recipient(nlp):
    # "call on X" is an appeal to X; "called ... on Tuesday" is a phone call made on a day.
    events = _events(nlp, "The foreign minister called his Russian counterpart on Tuesday.")
    call = next(e for e in events if e.trigger.text.startswith("called"))
    assert call.cameo != "020"
    assert all("Tuesday" not in r.text for e in events for r in e.recipient)


@pytest.mark.parametrize(
    ("text", "trigger", "recipient"),
    [
        # arrest idioms: the prepositional phrase is part of the act, the person is what it is done to
        (
            "Opposition leaders were placed under house arrest on Monday.",
            "placed",
            "Opposition leaders",
        ),
        (
            "The court remanded the suspect to police custody.",
            "remanded the suspect to police custody",
            "the suspect",
        ),
        ("The protesters were sent to jail.", "sent to jail", "The protesters"),
        ("Police have rounded up nearly 2,500 people.", "rounded up", "nearly 2,500 people"),
        ("Soldiers nabbed three suspects.", "nabbed", "three suspects"),
    ],
)
def test_arrest_idioms(nlp, text, trigger, recipient):
    (event,) = [e for e in _events(nlp, text) if e.trigger.text == trigger]
    assert (event.type, event.cameo) == ("COERCE", "173")
    assert [r.text for r in event.recipient] == [recipient]


def test_a_participle_sharing_a_passive_auxiliary_shares_its_subject_and_agent(nlp):
    events = _events(nlp, "Two men were arrested by the police and charged with murder.")
    charged = next(e for e in events if e.trigger.text.startswith("charged"))
    assert [r.text for r in charged.recipient] == ["Two men"]
    assert [a.text for a in charged.actor] == ["the police"]


@pytest.mark.parametrize(
    "text",
    [
        "A number of arrests have been made in the city.",
        "A wave of arrests was carried out across the city.",
    ],
)
def test_a_light_verb_carries_the_event_noun_after_a_quantity(nlp, text):
    (event,) = [e for e in _events(nlp, text) if e.type == "COERCE"]
    assert event.cameo == "173" and "arrests" in event.trigger.text
    assert all("arrests" not in r.text for r in event.recipient)


def test_a_verb_pattern_sees_the_object_a_quantity_counts(nlp):
    # The row "return artifact" (0842, return property) names what was returned, not how many.
    for text in (
        "The US government returned artifacts to El Salvador.",
        "The US government returned dozens of artifacts to El Salvador.",
    ):
        (event,) = _events(nlp, text)
        assert (event.type, event.cameo) == ("RETREAT", "0842")
        assert [r.text for r in event.recipient] == ["El Salvador"]


@pytest.mark.parametrize("spelling", ["ceasefire", "cease-fire", "cease - fire"])
def test_a_hyphenated_row_matches_however_the_hyphen_is_written(nlp, spelling):
    # spaCy splits "cease-fire" into three tokens; the lexicon's "cease-fire" rows must still match.
    (event,) = _events(nlp, f"Ghani announced a weeklong {spelling} with the Taliban.")
    assert (event.type, event.cameo) == ("RETREAT", "0871")
    assert event.trigger.text.endswith(spelling.split()[-1])
