"""Times stage: normalising expressions against the publication date, finding them, dating events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.ingest import Article
from flashpoint.times import (
    find_times,
    normalise,
    precision_of,
    time_for_tokens,
    times_component,
    value_bounds,
)

TUESDAY = dt.date(2020, 9, 29)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "tense", "value", "precision"),
    [
        ("Sunday", "past", "2020-09-27", "day"),
        ("On Sunday", "past", "2020-09-27", "day"),
        ("Tuesday", "past", "2020-09-29", "day"),
        ("Friday", "past", "2020-09-25", "day"),
        ("Friday", "future", "2020-10-02", "day"),
        ("Thursday", None, "2020-10-01", "day"),
        ("Monday", None, "2020-09-28", "day"),
        ("next Tuesday", None, "2020-10-06", "day"),
        ("last Friday", "future", "2020-09-25", "day"),
        ("yesterday", None, "2020-09-28", "day"),
        ("late yesterday", "past", "2020-09-28", "day"),
        ("today", None, "2020-09-29", "day"),
        ("tomorrow", None, "2020-09-30", "day"),
        ("last night", "past", "2020-09-28", "day"),
        ("last week", None, "2020-W39", "week"),
        ("this week", None, "2020-W40", "week"),
        ("next week", "future", "2020-W41", "week"),
        ("the weekend", "past", "2020-W39-WE", "week"),
        ("the weekend", "future", "2020-W40-WE", "week"),
        ("last month", None, "2020-08", "month"),
        ("earlier this month", "past", "2020-09", "month"),
        ("in January", "past", "2020-01", "month"),
        ("in January", "future", "2021-01", "month"),
        ("last April", None, "2020-04", "month"),
        ("next March", None, "2021-03", "month"),
        ("mid-November", "past", "2020-11", "month"),
        ("June last year", "past", "2019-06", "month"),
        ("Sept. 27", "past", "2020-09-27", "day"),
        ("Sept. 27", None, "2020-09-27", "day"),
        ("Nov. 5", "past", "2020-11-05", "day"),  # "payable Nov. 5": near ahead beats far back
        ("March 31", "past", "2020-03-31", "day"),
        ("Sept. 27, 1989", None, "1989-09-27", "day"),
        ("27 September 2019", None, "2019-09-27", "day"),
        ("Saturday, April 25, 1998", None, "1998-04-25", "day"),
        ("2020-09-27", None, "2020-09-27", "day"),
        ("9/27/2020", None, "2020-09-27", "day"),
        ("August 1988", None, "1988-08", "month"),
        ("January nineteen ninety-seven", None, "1997-01", "month"),
        ("2019", None, "2019", "year"),
        ("fiscal 1989", None, "1989", "year"),
        ("nineteen ninety-six", None, "1996", "year"),
        ("the year two thousand", None, "2000", "year"),
        ("this year", None, "2020", "year"),
        ("next year", "future", "2021", "year"),
        ("the past year", "past", "2019", "year"),
        ("a year ago", "past", "2019", "year"),
        ("two days ago", "past", "2020-09-27", "day"),
        ("two weeks ago", "past", "2020-W38", "week"),
        ("five months ago", "past", "2020-04", "month"),
        ("the 1990s", None, "199", "decade"),
        ("the mid-1980s", None, "198", "decade"),
        ("the '80s", None, "198", "decade"),
        ("the nineties", None, "199", "decade"),
        ("the last decade", None, "201", "decade"),
        ("the third quarter", "past", "2020-Q3", "year"),
        ("third-quarter", "past", "2020-Q3", "year"),
        ("the fourth quarter of 1989", None, "1989-Q4", "year"),
        ("next year's first quarter", "future", "2021-Q1", "year"),
        ("the latest quarter", "past", "2020-Q2", "year"),
        ("the last half of 1989", None, "1989-H2", "year"),
        ("this summer", "past", "2020-SU", "year"),
        ("last fall", "past", "2019-FA", "year"),
        ("the winter of 1994", None, "1994-WI", "year"),
    ],
)
def test_normalise(text, tense, value, precision):
    result = normalise(text, TUESDAY, tense)
    assert result is not None, text
    assert (result.value, result.precision) == (value, precision)


@pytest.mark.parametrize(
    "text",
    ["now", "recently", "the future", "five years", "the past three years", "a few years ago",
     "recent years", "coming quarters", "24 hours", "annual", "every Sunday", "the day", "the 20th century",
     "this crucial moment"],
)  # fmt: skip
def test_normalise_leaves_out_what_has_no_calendar_value(text):
    assert normalise(text, TUESDAY, "past") is None


def test_without_publication_date_only_absolute_expressions_get_values():
    assert normalise("Sunday", None, "past") is None
    assert normalise("last week", None) is None
    assert normalise("in January", None, "past") is None
    assert normalise("Sept. 27, 2020", None).value == "2020-09-27"
    assert normalise("the 1990s", None).value == "199"
    assert normalise("March 2019", None).value == "2019-03"


def test_reference_resolves_anaphora_and_comparisons_do_not_move_it():
    assert normalise("the following year", TUESDAY, "past", reference="1995").value == "1996"
    assert normalise("that year", TUESDAY, "past", reference="1995-06").value == "1995"
    assert normalise("the quarter", TUESDAY, "past", reference="2020-Q2").value == "2020-Q2"
    # Earnings reports: "a year ago" compares with the quarter under discussion.
    ago = normalise("a year ago", TUESDAY, "past", reference="2020-Q2")
    assert ago.value == "2019-Q2" and ago.comparison
    assert not normalise("Sunday", TUESDAY, "past").comparison


_WORDS = st.sampled_from(
    ["the", "last", "next", "this", "a", "year", "years", "ago", "earlier", "quarter", "third", "March",
     "may", "Sunday", "of", "1989", "'89", "90s", "nineteen", "ninety-six", "27", "8th", ",", "week", "end",
     "q3", "qa", "summer", "fiscal", "yesterday", "night", "two", "thousand", "and", "2020-13-45", "9/31/20"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_WORDS, max_size=6),
    anchor=st.none() | st.dates(),
    tense=st.sampled_from([None, "past", "present", "future"]),
    reference=st.sampled_from([None, "1989-Q3", "2020-09-27", "19"]),
)
def test_normalise_never_fails_and_values_carry_their_precision(words, anchor, tense, reference):
    result = normalise(" ".join(words), anchor, tense, reference)
    if result is not None:
        assert precision_of(result.value) == result.precision
        assert value_bounds(result.value) is not None


@pytest.mark.parametrize(
    ("value", "first", "last", "precision"),
    [
        ("2020-09-27", "2020-09-27", "2020-09-27", "day"),
        ("2020-W39", "2020-09-21", "2020-09-27", "week"),
        ("2020-W39-WE", "2020-09-26", "2020-09-27", "week"),
        ("2020-02", "2020-02-01", "2020-02-29", "month"),
        ("2020-Q3", "2020-07-01", "2020-09-30", "year"),
        ("2020-H1", "2020-01-01", "2020-06-30", "year"),
        ("2020-WI", "2020-12-01", "2021-02-28", "year"),
        ("2020", "2020-01-01", "2020-12-31", "year"),
        ("199", "1990-01-01", "1999-12-31", "decade"),
    ],
)
def test_value_bounds_and_precision(value, first, last, precision):
    assert value_bounds(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert precision_of(value) == precision


def test_unrepresentable_values_have_no_bounds():
    for value in ("PRESENT_REF", "1989-WXX", "19", "P1Y"):
        assert value_bounds(value) is None
        assert precision_of(value) is None


# --- on parsed text ---------------------------------------------------------------------------------------


def spans(times):
    return [(t.text, t.start, t.end, t.value, t.precision) for t in times]


def test_find_times_extents_follow_timebank(en_model):
    text = "On Sunday, Pompeo told reporters that the embassy would close next Tuesday."
    times = find_times(en_model(text), TUESDAY)
    assert spans(times) == [
        ("Sunday", 3, 9, "2020-09-27", "day"),
        ("next Tuesday", 62, 74, "2020-10-06", "day"),
    ]
    for time in times:
        assert text[time.start : time.end] == time.text


def test_find_times_determiners_and_relative_expressions(en_model):
    text = (
        "Earlier this month, Acme reported a third-quarter loss, and in the third quarter of 1989 sales "
        "fell. "
        "Two days ago rockets hit the base in the 1990s style; last week talks failed."
    )
    found = {t.text: t.value for t in find_times(en_model(text), TUESDAY)}
    assert found["Earlier this month"] == "2020-09"
    assert found["third-quarter"] == "2020-Q3"  # "a" stays outside: the date premodifies "loss"
    assert found["the third quarter of 1989"] == "1989-Q3"
    assert found["Two days ago"] == "2020-09-27"
    assert found["last week"] == "2020-W39"


def test_find_times_without_published_keeps_only_absolute(en_model):
    doc = en_model("On Sunday, militias attacked the embassy, as they did on Sept. 27, 2019.")
    assert [(t.text, t.value) for t in find_times(doc, None)] == [("Sept. 27, 2019", "2019-09-27")]


def test_may_the_modal_and_fall_the_verb_are_not_dates(en_model):
    doc = en_model("Prices may fall sharply, the minister said, but the fall of the currency was expected.")
    assert find_times(doc, TUESDAY) == []


def test_time_for_tokens_stays_within_the_trigger_clause(en_model):
    doc = en_model("On Sunday, Pompeo told reporters that the embassy would close next Tuesday.")
    times = find_times(doc, TUESDAY)
    sentence = next(iter(doc.sents))
    told = next(t.i for t in doc if t.text == "told")
    close = next(t.i for t in doc if t.text == "close")
    reporters = next(t.i for t in doc if t.text == "reporters")
    assert time_for_tokens(doc, times, [told], sentence).text == "Sunday"
    assert time_for_tokens(doc, times, [reporters], sentence).text == "Sunday"
    assert time_for_tokens(doc, times, [close], sentence).text == "next Tuesday"


def test_time_for_tokens_attaches_to_noun_triggers_and_falls_back_to_none(en_model):
    doc = en_model("The attack on Sunday was condemned. Officials said that militias fired rockets.")
    times = find_times(doc, TUESDAY)
    first, second = list(doc.sents)
    attack = next(t.i for t in doc if t.text == "attack")
    fired = next(t.i for t in doc if t.text == "fired")
    assert time_for_tokens(doc, times, [attack], first).value == "2020-09-27"
    assert time_for_tokens(doc, times, [fired], second) is None
    assert time_for_tokens(doc, times, [], first) is None


def test_component_reads_published_from_the_article(en_model):
    text = "Yesterday, protesters marched in Baghdad."
    doc = en_model(text)
    doc._.article = Article(text=text, id="a1", published="2020-09-29T10:00:00")
    assert [(t.text, t.value) for t in times_component(doc)._.times] == [("Yesterday", "2020-09-28")]
    undated = en_model(text)
    undated._.article = None
    assert times_component(undated)._.times == []


@pytest.mark.shared_data
def test_timebank_smoke(shared_data):
    from flashpoint.evaluation.timebank import evaluate_timebank

    scores = evaluate_timebank(shared_data / "timebank", limit=20)
    assert scores["documents"] == 20
    assert scores["extent_overlap"]["f1"] >= 0.75
    assert scores["value_accuracy"] >= 0.75
    assert scores["representable_recall"] >= 0.85


def test_periods_before_the_calendar_are_not_values():
    # Year 0 has no calendar dates: "last quarter" of 1 January of year 1 anchors nothing.
    assert normalise("last quarter", dt.date(1, 1, 1), "past") is None
    assert normalise("last year", dt.date(1, 1, 1), "past") is None
    assert normalise("last year", dt.date(2, 1, 1), "past").value == "0001"
