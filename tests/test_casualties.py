"""PLOVER's size fields (events.casualties): how many an event killed, hurt or had arrested, and which one
event a count belongs to."""

from __future__ import annotations

import pytest

from flashpoint.events.coder import find_events
from flashpoint.times.normalise import spelled_number

from .test_stages import coded


def _sizes(nlp, text: str) -> dict[str, tuple]:
    events = find_events(coded(nlp, text), ranker=None, roles=None)
    return {e.trigger.text: (e.dead, e.injured, e.arrested) for e in events}


@pytest.mark.parametrize(
    ("text", "trigger", "sizes"),
    [
        ("Police arrested 40 rioters in the city.", "arrested", (None, None, 40)),
        ("At least 40 people were arrested after the clashes.", "arrested", (None, None, 40)),
        ("Gunmen shot dead a journalist in Kabul.", "shot", (1, None, None)),
        ("Two men were shot dead by police.", "shot", (2, None, None)),
        ("Israeli troops killed Abdullah and four other members of his family.", "killed", (5, None, None)),
        # the suffering is no event of its own: its count goes to the act it happened in
        ("Three protesters died in police firing on Tuesday.", "firing", (3, None, None)),
        # so does a noun that counts the dead
        ("There were 12 deaths in the police firing.", "firing", (12, None, None)),
        ("The shelling caused 12 deaths.", "shelling", (12, None, None)),
        ("The shelling left two dead.", "shelling", (2, None, None)),
    ],
)
def test_an_event_counts_its_patients(nlp, text, trigger, sizes):
    assert _sizes(nlp, text)[trigger] == sizes


def test_an_outcome_clause_counts_on_its_own_event_not_the_attack(nlp):
    """Each person is counted once: the killing and the wounding carry the counts, not the attack too."""
    sizes = _sizes(nlp, "Taliban fighters attacked an army base, killing 17 soldiers and wounding 20.")
    assert sizes["attacked"] == (None, None, None)
    assert sizes["killing"] == (17, None, None)
    assert sizes["wounding"] == (None, 20, None)


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested protesters in the city.",  # a plural with no number
        "Police arrested them in the city.",  # a pronoun
        "Police attacked the protesters.",  # no outcome said
    ],
)
def test_no_count_where_the_text_gives_none(nlp, text):
    assert all(sizes == (None, None, None) for sizes in _sizes(nlp, text).values())


@pytest.mark.parametrize(
    ("words", "number"),
    [(["17"], 17), (["1,200"], 1200), (["twenty-five"], 25), (["two", "hundred"], 200),
     (["nineteen", "ninety"], None), (["several"], None)],
)  # fmt: skip
def test_spelled_number(words, number):
    assert spelled_number(words) == number
