"""Normalising one temporal expression to a TIMEX3 DATE value.

`normalise(text, anchor, tense, reference)` is a pure function: the expression's words, the date it is
resolved against (the publication date), the tense of the clause it sits in, and the value of the time
expression mentioned just before it (for anaphora: "the following year", "the year-ago quarter").

Relative expressions need an anchor: without one only absolute expressions ("Sept. 27, 2020", "2019",
"the 1990s") get a value, and relative ones ("last week", "on Sunday") give None. Expressions with no
calendar value (TimeBank's PRESENT_REF/PAST_REF/FUTURE_REF: "now", "recently"), durations ("five years")
and sets ("every Sunday") give None too: the output contract needs a calendar value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .lexicon import lexicon
from .values import (
    day_value,
    decade_value,
    half_value,
    month_bounds,
    month_value,
    part_bounds,
    precision_of,
    quarter_value,
    season_value,
    value_bounds,
    week_value,
    weekend_value,
)

Tense = Literal["past", "present", "future"] | None


@dataclass(frozen=True, slots=True)
class Normalised:
    value: str
    precision: str
    # True for comparisons counted back from the publication date ("a year ago", "the year-earlier
    # quarter"): they do not change the time under discussion, so they are no reference for what follows.
    comparison: bool = False


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    value: Any
    word: str


# A candidate calendar period: first day, last day, TIMEX3 value.
_Period = tuple[dt.date, dt.date, str]

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")
_SPLIT = re.compile(r"'\d\ds?|\d+(?:st|nd|rd|th|s)?|q[1-4]\b|[a-z]+\.?|'s|,")
_HYPHEN = re.compile(r"(?<=[a-z0-9.])-(?=[a-z0-9'])")


def normalise(
    text: str, anchor: dt.date | None, tense: Tense = None, reference: str | None = None
) -> Normalised | None:
    """The TIMEX3 value and precision of `text` resolved against `anchor`, or None (see the module doc)."""
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'").strip()
    value = _numeric(lowered, anchor)
    comparison = False
    if value is None:
        toks = _lex(lowered)
        if not toks:
            return None
        interpreter = _Interpreter(toks, anchor, tense, reference)
        try:
            value = interpreter.value()
            comparison = interpreter.comparison()
        except (ValueError, OverflowError):
            return None  # a period beyond the calendar's range (year 0 or 10000): anchors no real news
    precision = precision_of(value) if value else None
    if not value or not precision or value_bounds(value) is None:
        return None  # e.g. year 0 ("last year" of 0001): a value no calendar date falls in
    return Normalised(value, precision, comparison)


def _numeric(text: str, anchor: dt.date | None) -> str | None:
    """ISO (2020-09-27, 2020-09) and US numeric (9/27/2020) dates."""
    if m := _ISO_DAY.search(text):
        return _valid_day(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC_DAY.search(text):
        year = int(m[3]) if len(m[3]) == 4 else _century_year(int(m[3]), anchor)
        return _valid_day(year, int(m[1]), int(m[2]))
    if (m := _ISO_MONTH.search(text)) and 1 <= int(m[2]) <= 12:
        return month_value(int(m[1]), int(m[2]))
    return None


def _valid_day(year: int, month: int, day: int) -> str | None:
    try:
        return day_value(dt.date(year, month, day))
    except ValueError:
        return None


def _century_year(two_digits: int, anchor: dt.date | None) -> int:
    """A two-digit year ('89) as the latest such year at most ten years after the anchor."""
    # Without an anchor a fixed pivot keeps the result a function of the text alone: '29 is 2029, '30 1930.
    pivot = anchor.year if anchor else 2019
    year = pivot - pivot % 100 + two_digits
    return year - 100 if year > pivot + 10 else year


# --- lexing -------------------------------------------------------------------------------------------


def _lex(text: str) -> list[_Tok]:
    words = _SPLIT.findall(_HYPHEN.sub(" ", text))
    toks: list[_Tok] = []
    for i, raw in enumerate(words):
        word = raw.rstrip(".") if raw not in {".", ","} else raw
        toks.append(_classify(word, raw, words[i + 1].rstrip(".") if i + 1 < len(words) else None, toks))
    return _group_numbers([t for t in toks if t.word])


def _classify(word: str, raw: str, following: str | None, before: list[_Tok]) -> _Tok:
    lex = lexicon()
    if word[:1].isdigit() or (word.startswith("'") and word[1:2].isdigit()):
        return _classify_number(word)
    if word in lex.months:
        return _Tok("month", lex.months[word], word)
    if word in lex.weekdays:
        return _Tok("weekday", lex.weekdays[word], word)
    if word in lex.seasons:
        return _Tok("season", lex.seasons[word], word)
    if word in lex.deictic_days:
        return _Tok("deictic", lex.deictic_days[word], word)
    if word in lex.day_parts:
        return _Tok("daypart", word, word)
    if word in lex.units:
        return _Tok("unit", lex.units[word], word)
    if word in lex.decade_words:
        return _Tok("decade", lex.decade_words[word], word)
    if len(word) == 2 and word[0] == "q" and word[1] in "1234":
        return _Tok("quarter", int(word[1]), word)
    if word in lex.ordinals:
        return _Tok("ord", lex.ordinals[word], word)
    if word in {"a", "an"}:
        # "a" counts only when a unit follows ("a year ago"); "a few" is vague; else it is a determiner.
        return _Tok("card", 1, word) if following in lex.units else _Tok("filler", None, word)
    if word in lex.cardinals:
        return _Tok("card", lex.cardinals[word], word)
    if word in lex.vague_quantities or word in lex.set_words:
        return _Tok("vague", None, word)  # "a few years ago", "every Sunday": no single calendar period
    if word in lex.offset_words and _after_unit(before):
        return _Tok("offset", lex.offset_words[word], word)
    if word in lex.cues:
        return _Tok("cue", lex.cues[word], word)
    if word in lex.anaphoric_cues:
        return _Tok("acue", lex.anaphoric_cues[word], word)
    if word in lex.modifiers:
        return _Tok("mod", None, word)
    if word in lex.reference_only:
        return _Tok("refonly", None, word)
    if word in lex.fillers or raw in lex.fillers:
        return _Tok("filler", None, word)
    return _Tok("word", None, word)


def _after_unit(before: list[_Tok]) -> bool:
    """Whether the last meaningful token is a unit ("a year earlier", "a week or so ago")."""
    for tok in reversed(before):
        if tok.word in {"or", "so"}:
            continue
        return tok.kind == "unit"
    return False


def _classify_number(word: str) -> _Tok:
    if word.startswith("'"):
        digits = int(word[1:3])
        return _Tok("decade", digits // 10, word) if word.endswith("s") else _Tok("year2", digits, word)
    if word.endswith("s"):
        digits = word[:-1]
        if len(digits) == 4:
            return _Tok("decade", decade_value(int(digits)), word)
        return _Tok("decade", int(digits) // 10, word) if len(digits) == 2 else _Tok("word", None, word)
    if word[-2:] in {"st", "nd", "rd", "th"}:
        return _Tok("ord", int(word[:-2]), word)
    number = int(word)
    if len(word) == 4 and 1000 <= number <= 2999:
        return _Tok("year", number, word)
    return _Tok("num", number, word)


def _group_numbers(toks: list[_Tok]) -> list[_Tok]:
    """Merge runs of number words: "nineteen ninety-six" -> year 1996, "twenty-first" -> ordinal 21."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        if toks[i].kind != "card":
            out.append(toks[i])
            i += 1
            continue
        j = i
        values: list[int] = []
        while j < len(toks) and (
            toks[j].kind == "card" or (toks[j].word == "and" and values and values[-1] >= 100)
        ):
            if toks[j].kind == "card":
                values.append(toks[j].value)
            j += 1
        words = " ".join(t.word for t in toks[i:j])
        if j < len(toks) and toks[j].kind == "ord" and values and values[-1] >= 20 and toks[j].value < 10:
            out.append(_Tok("ord", values[-1] + toks[j].value, words + " " + toks[j].word))
            i = j + 1
            continue
        number, year_reading = _words_to_number(values)
        if number is None:
            out.extend(toks[i:j])
        elif (year_reading or (1000 <= number <= 2999 and number != 1000)) and not (
            j < len(toks) and toks[j].kind == "unit"  # "two thousand years" is a count
        ):
            out.append(_Tok("year", number, words))
        else:
            out.append(_Tok("num", number, words))
        i = j
    return out


def spelled_number(words: Sequence[str]) -> int | None:
    """The count a run of number words or digits spells ("17", "1,200", "twenty-five", "two hundred"), or
    None when a word is no number or the run reads as a year ("nineteen ninety")."""
    cardinals = lexicon().cardinals
    values: list[int] = []
    for word in words:
        for part in word.lower().replace(",", "").split("-"):
            if part.isdigit():
                values.append(int(part))
            elif part in cardinals and part not in {"a", "an"}:
                values.append(cardinals[part])
            elif part != "and" or not values:
                return None
    if not values:
        return None
    number, year_reading = _words_to_number(values)
    return None if year_reading else number


def _words_to_number(values: list[int]) -> tuple[int | None, bool]:
    """The number a run of cardinal values spells, and whether it was read as a year ("nineteen ninety")."""
    chunks: list[int] = []
    i = 0
    while i < len(values):
        value = values[i]
        if 20 <= value < 100 and value % 10 == 0 and i + 1 < len(values) and 1 <= values[i + 1] <= 9:
            chunks.append(value + values[i + 1])
            i += 2
        else:
            chunks.append(value)
            i += 1
    if any(c in {100, 1000} for c in chunks):
        total = current = 0
        for chunk in chunks:
            if chunk == 1000:
                total += (current or 1) * 1000
                current = 0
            elif chunk == 100:
                current = (current or 1) * 100
            else:
                current += chunk
        return total + current, False
    if len(chunks) == 1:
        return chunks[0], False
    if len(chunks) == 2 and 10 <= chunks[0] <= 29 and 10 <= chunks[1] <= 99:
        return chunks[0] * 100 + chunks[1], True
    return None, False


# --- interpretation -----------------------------------------------------------------------------------


class _Interpreter:
    """Reads the lexed expression's parts, then builds the value from the most specific part present."""

    def __init__(self, toks: list[_Tok], anchor: dt.date | None, tense: Tense, reference: str | None):
        self.toks = toks
        self.anchor = anchor
        self.tense = tense
        self.reference = reference
        self.ref_bounds = value_bounds(reference) if reference else None
        self.kinds = [t.kind for t in toks]

    # helpers over the token list
    def first(self, kind: str) -> _Tok | None:
        return next((t for t in self.toks if t.kind == kind), None)

    def index(self, tok: _Tok) -> int:
        return next(i for i, t in enumerate(self.toks) if t is tok)

    def prev_meaningful(self, i: int, skip: Sequence[str] = ("filler", "mod")) -> _Tok | None:
        j = i - 1
        while j >= 0 and self.toks[j].kind in skip:
            j -= 1
        return self.toks[j] if j >= 0 else None

    def next_meaningful(self, i: int, skip: Sequence[str] = ("filler",)) -> _Tok | None:
        j = i + 1
        while j < len(self.toks) and self.toks[j].kind in skip:
            j += 1
        return self.toks[j] if j < len(self.toks) else None

    def value(self) -> str | None:
        calendar = {"month", "weekday", "season", "year", "year2", "decade", "unit", "deictic", "daypart",
                    "quarter"}  # fmt: skip
        if not calendar & set(self.kinds) or "vague" in self.kinds:
            return None
        for build in (
            self._deictic,
            self._month_day,
            self._weekday,
            self._month,
            self._season,
            self._quarter_or_half,
            self._decade,
            self._year_end,
            self._explicit_year,
            self._relative_unit,
            self._offset,
            self._bare_unit,
        ):
            # A builder returns a value, None to let the next one try, or "" to stop with no value.
            result = build()
            if result is not None:
                return result or None
        return None

    def comparison(self) -> bool:
        """Whether the expression counts back from the anchor ("a year ago", "year-earlier results")."""
        parts = self._offset_parts()
        return parts is not None and parts[2] < 0

    def _deictic(self) -> str | None:
        tok = self.first("deictic")
        if tok is None:
            part = self.first("daypart")
            if part is None or self.first("weekday") or self.first("month"):
                return None
            # "this morning", "tonight": the anchor day; "last night": the day before.
            cue = self.prev_meaningful(self.index(part))
            if cue is None or cue.kind != "cue" or not isinstance(cue.value, int) or cue.value > 0:
                return ""
            return day_value(self.anchor + dt.timedelta(days=cue.value)) if self.anchor else ""
        return day_value(self.anchor + dt.timedelta(days=tok.value)) if self.anchor else ""

    def _year_context(self) -> int | None:
        """An explicit or relative year qualifying a month, season or quarter ("June last year")."""
        if tok := self.first("year"):
            return tok.value
        if tok := self.first("year2"):
            return _century_year(tok.value, self.anchor)
        if self.anchor is None:
            return None
        for i, tok in enumerate(self.toks):
            if tok.kind == "unit" and tok.value == "year" and not tok.word.endswith("s"):
                cue = self.prev_meaningful(i)
                if cue is not None and cue.kind == "cue" and isinstance(cue.value, int):
                    return self.anchor.year + cue.value
                if cue is not None and cue.kind == "acue":
                    base = self.ref_bounds[0] if self.ref_bounds else self.anchor
                    return base.year + cue.value
        offset = self._offset_parts()
        if offset is not None and offset[1] == "year":
            return self.anchor.year + offset[0] * offset[2]
        return None

    def _cue_before(self, tok: _Tok) -> int | str | None:
        """The direction of a cue word before `tok` ("last April", "this coming Sunday")."""
        j = self.index(tok) - 1
        while j >= 0 and self.toks[j].kind in {"filler", "mod", "cue", "acue"}:
            if self.toks[j].kind in {"cue", "acue"}:
                return self.toks[j].value
            j -= 1
        return None

    def _month_day(self) -> str | None:
        month = self.first("month")
        if month is None:
            return None
        day = self._day_of_month(month)
        if day is None:
            return None
        year = self._year_context()
        if year is not None:
            return _valid_day(year, month.value, day) or ""
        if self.anchor is None:
            return ""
        periods = []
        for y in (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1):
            if value := _valid_day(y, month.value, day):
                date = dt.date.fromisoformat(value)
                periods.append((date, date, value))
        return _pick(periods, self.anchor, self._cue_before(month), self.tense) or ""

    def _day_of_month(self, month: _Tok) -> int | None:
        i = self.index(month)
        after = self.next_meaningful(i, skip=("filler",) if i + 1 < len(self.toks) and
                                     self.toks[i + 1].word == "the" else ())  # fmt: skip
        if after is not None and after.kind in {"num", "ord"} and 1 <= after.value <= 31:
            return after.value
        before = self.prev_meaningful(i, skip=("filler",))
        if before is not None and before.kind in {"num", "ord"} and 1 <= before.value <= 31:
            return before.value
        return None

    def _weekday(self) -> str | None:
        tok = self.first("weekday")
        if tok is None:
            return None
        if self.anchor is None:
            return ""
        direction = self._cue_before(tok)
        base = self.anchor
        if isinstance(direction, int) and self.first("acue") is not None and self.ref_bounds:
            base = self.ref_bounds[0]  # "the previous Friday": relative to the day mentioned before
        periods = []
        for delta in range(-14, 15):
            day = base + dt.timedelta(days=delta)
            if day.weekday() == tok.value:
                periods.append((day, day, day_value(day)))
        # A weekday is at most a few days away: the tense alone decides past or future.
        return (
            _pick(periods, base, direction if isinstance(direction, int) else None, self.tense, strict=True)
            or ""
        )

    def _month(self) -> str | None:
        tok = self.first("month")
        if tok is None:
            return None
        year = self._year_context()
        if year is not None:
            return month_value(year, tok.value)
        if self.anchor is None:
            return ""
        periods = [(*month_bounds(y, tok.value), month_value(y, tok.value))
                   for y in (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1)]  # fmt: skip
        return _pick(periods, self.anchor, self._cue_before(tok), self.tense) or ""

    def _season(self) -> str | None:
        tok = self.first("season")
        if tok is None:
            return None
        year = self._year_context()
        if year is not None:
            return season_value(year, tok.value)
        if self.anchor is None:
            return ""
        periods = [(*part_bounds(y, tok.value), season_value(y, tok.value))
                   for y in (self.anchor.year - 2, self.anchor.year - 1, self.anchor.year)]  # fmt: skip
        return _pick(periods, self.anchor, self._cue_before(tok), self.tense) or ""

    def _quarter_or_half(self) -> str | None:
        part = self._numbered_part()
        if part is None:
            return self._unnumbered_quarter()
        kind, number = part
        build = quarter_value if kind == "Q" else half_value
        year = self._year_context()
        if year is not None:
            return build(year, number)
        if self.anchor is None:
            return ""
        years = (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1)
        periods = [(*part_bounds(y, f"{kind}{number}"), build(y, number)) for y in years]
        # Results are reported after a period ends: "a third-quarter loss" in October is this year's, and
        # only a future-tense clause ("expects to report a third-quarter loss") may look ahead.
        if self.tense == "future":
            return _pick(periods, self.anchor, None, self.tense) or ""
        return _pick(periods, self.anchor, None, "past", strict=True) or ""

    def _numbered_part(self) -> tuple[str, int] | None:
        """("Q", 3) for "the third quarter", ("H", 2) for "the last half of 1989"."""
        if tok := self.first("quarter"):
            return "Q", tok.value
        for i, tok in enumerate(self.toks):
            if tok.kind != "unit" or tok.value not in {"quarter", "half"}:
                continue
            kind = "Q" if tok.value == "quarter" else "H"
            before = self.prev_meaningful(i, skip=("filler", "mod", "word"))
            count = None
            if before is not None and before.kind == "num" and tok.word.endswith("s"):
                # "the first two quarters of 1990": a half.
                count = before.value
                before = self.prev_meaningful(self.index(before), skip=("filler", "mod", "word"))
            if before is None:
                return None
            if before.kind == "ord":
                number = before.value
            elif before.kind == "cue" and before.value == -1 and self._year_context() is not None:
                number = -1  # "the last quarter of 1989": the final one
            else:
                return None
            if tok.word.endswith("s") and count != 2:
                return None
            if count == 2 and kind == "Q":
                kind, number = "H", (1 if number == 1 else 2)
            limit = 4 if kind == "Q" else 2
            if number == -1:
                number = limit
            return (kind, number) if 1 <= number <= limit else None
        return None

    def _ref_quarter(self) -> int | None:
        if self.reference and (m := re.fullmatch(r"\d{4}-Q([1-4])", self.reference)):
            return int(m[1])
        return None

    def _unnumbered_quarter(self) -> str | None:
        """ "the quarter", "the latest quarter", "this quarter", "the year-ago period"."""
        i, tok = next(((i, t) for i, t in enumerate(self.toks) if t.kind == "unit" and t.value in
                       {"quarter", "period"}), (-1, None))  # fmt: skip
        if tok is None:
            return None
        before = self.prev_meaningful(i, skip=("filler", "mod", "word"))
        if tok.word.endswith("s") or (before is not None and before.kind in {"num", "card", "ord"}):
            return ""  # "coming quarters", "a quarter", "four-quarter": not one calendar quarter
        if any(t.kind == "unit" and t.value in {"century", "half"} for t in self.toks):
            return ""
        ref_q = self._ref_quarter()
        cue = self._cue_before(tok)
        year = self._year_context()
        if tok.value == "period" and ref_q is None and cue != "latest":
            return f"{year:04d}" if year is not None else None
        if self.anchor is None:
            return ""
        current = (self.anchor.month - 1) // 3 + 1
        last_completed = current - 1 or 4
        if year is not None:
            return quarter_value(year, ref_q or last_completed)
        if isinstance(cue, int):
            index = self.anchor.year * 4 + current - 1 + cue
            return quarter_value(index // 4, index % 4 + 1)
        if cue != "latest" and ref_q is not None and self.reference:
            return self.reference
        # The most recently completed quarter: the one news reports on.
        index = self.anchor.year * 4 + current - 2
        return quarter_value(index // 4, index % 4 + 1)

    def _decade(self) -> str | None:
        tok = self.first("decade")
        if tok is None:
            return None
        if isinstance(tok.value, str):
            return tok.value
        if self.anchor is None:
            return ""
        for century in (self.anchor.year // 100, self.anchor.year // 100 - 1):
            first = century * 100 + tok.value * 10
            if first <= self.anchor.year:
                return decade_value(first)
        return ""

    def _year_end(self) -> str | None:
        """ "year-end", "year end": December 31 of the year in question (TimeBank's reading)."""
        for i, tok in enumerate(self.toks[:-1]):
            after = self.next_meaningful(i)
            if tok.kind == "unit" and tok.value == "year" and after is not None and after.word == "end":
                year = self._year_context()
                if year is None and self.anchor is not None:
                    year = self.anchor.year - 1 if self.tense == "past" else self.anchor.year
                return day_value(dt.date(year, 12, 31)) if year else ""
        return None

    def _explicit_year(self) -> str | None:
        if tok := self.first("year"):
            return f"{tok.value:04d}"
        if tok := self.first("year2"):
            return f"{_century_year(tok.value, self.anchor):04d}"
        return None

    def _relative_unit(self) -> str | None:
        """ "last week", "this year", "the following month", "that year", "the weekend"."""
        for i, tok in enumerate(self.toks):
            if tok.kind != "unit":
                continue
            cue = self.prev_meaningful(i)
            if cue is None or cue.kind not in {"cue", "acue"}:
                if tok.value == "weekend" and not tok.word.endswith("s"):
                    return self._weekend(None)
                continue
            if tok.word.endswith("s"):
                return ""  # "the past three years", "the last few months": durations
            if cue.kind == "acue":
                base = self.ref_bounds[0] if self.ref_bounds else self.anchor
                return _shift(base, tok.value, cue.value) or ""
            if cue.value == "same":
                return self._same(tok.value)
            if self.anchor is None:
                return ""
            if tok.value == "weekend":
                return self._weekend(cue.value if isinstance(cue.value, int) else None)
            if cue.value == "latest":
                return _shift(self.anchor, tok.value, -1 if tok.value in {"year", "month"} else 0) or ""
            return _shift(self.anchor, tok.value, int(cue.value)) or ""
        return None

    def _same(self, unit: str) -> str:
        """ "that year", "the same day": the period mentioned before, if it is at least that precise."""
        order = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5}
        ref_unit = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}.get(
            precision_of(self.reference) or "" if self.reference else ""
        )
        if not self.ref_bounds or ref_unit is None or unit not in order or order[ref_unit] > order[unit]:
            return ""
        return _shift(self.ref_bounds[0], unit, 0) or ""

    def _weekend(self, direction: int | None) -> str:
        if self.anchor is None:
            return ""
        saturdays = []
        for delta in range(-14, 15):
            day = self.anchor + dt.timedelta(days=delta)
            if day.weekday() == 5:
                saturdays.append((day, day + dt.timedelta(days=1), weekend_value(day)))
        return _pick(saturdays, self.anchor, direction, self.tense, strict=True) or ""

    def _offset_parts(self) -> tuple[int, str, int] | None:
        """(count, unit, direction) of "two weeks ago", "a year earlier", "year-ago"."""
        for i, tok in enumerate(self.toks):
            if tok.kind != "offset":
                continue
            unit = self.prev_meaningful(i, skip=("filler",))
            if unit is None or unit.kind != "unit":
                return None
            count_tok = self.prev_meaningful(self.index(unit), skip=("filler", "mod"))
            if count_tok is not None and count_tok.kind == "num":
                return count_tok.value, unit.value, tok.value
            if unit.word.endswith("s"):
                return None  # "months ago" with no count is vague
            return 1, unit.value, tok.value
        return None

    def _offset(self) -> str | None:
        parts = self._offset_parts()
        if parts is None:
            return None
        count, unit, direction = parts
        if self.anchor is None:
            return ""
        base = self.anchor
        if direction > 0 and self.ref_bounds:
            base = self.ref_bounds[0]  # "three days later": after the time mentioned before
        if unit == "year" and count == 1 and direction < 0 and (ref_q := self._ref_quarter()):
            # Earnings reports: "a year ago" compares with the quarter under discussion.
            return quarter_value(self.anchor.year - 1, ref_q)
        return _shift(base, unit, count * direction) or ""

    def _bare_unit(self) -> str | None:
        """ "the year", "the fiscal year", "earlier in the year", "the end of the month": the anchor's."""
        units = [t for t in self.toks if t.kind == "unit"]
        if len(units) != 1 or self.anchor is None or units[0].word.endswith("s"):
            return ""
        unit = units[0]
        before = self.toks[: self.index(unit)]
        if not any(t.word == "the" for t in before):
            return ""
        if unit.value == "year":
            return f"{self.anchor.year:04d}"
        if unit.value in {"month", "week"} and any(t.kind == "mod" for t in before):
            return _shift(self.anchor, unit.value, 0) or ""
        return ""


def _shift(base: dt.date | None, unit: str, steps: int) -> str | None:
    """The `unit` period `steps` units away from the one containing `base`."""
    if base is None:
        return None
    if unit == "day":
        return day_value(base + dt.timedelta(days=steps))
    if unit == "week":
        return week_value(base + dt.timedelta(weeks=steps))
    if unit == "month":
        index = base.year * 12 + base.month - 1 + steps
        return month_value(index // 12, index % 12 + 1)
    if unit == "quarter":
        index = base.year * 4 + (base.month - 1) // 3 + steps
        return quarter_value(index // 4, index % 4 + 1)
    if unit == "year":
        return f"{base.year + steps:04d}"
    if unit == "decade":
        return decade_value((base.year // 10 + steps) * 10)
    return None


# How many times farther an occurrence on the side the tense argues against may be and still win:
# "payable Dec. 15" in a past-tense clause of an October article is still this December, but
# "March 31" is the last one. Without a tense (or in the present: headlines, "X says"), news mostly
# reports the past.
_AGAINST_TENSE = 4.0
_NO_TENSE_FUTURE = 2.0


def _pick(
    periods: list[_Period],
    anchor: dt.date,
    direction: int | str | None,
    tense: Tense,
    *,
    strict: bool = False,
) -> str | None:
    """Choose which occurrence of a recurring period ("Sunday", "January", "the summer") is meant.

    A cue word decides when there is one ("last" the one before, "next" the one after, "this" the one
    containing the anchor, else as the tense says). Otherwise the occurrence containing the anchor wins,
    else the nearest, distances on the side the clause's tense argues against counting `_AGAINST_TENSE`
    times (future ones `_NO_TENSE_FUTURE` times without a tense). `strict` (weekdays) follows the tense
    outright: "on Thursday" in a past-tense clause is the last Thursday however near the next one is.
    """
    periods = sorted(periods)
    if not periods:
        return None
    if direction == -1:
        before = [p for p in periods if p[1] < anchor]
        return before[-1][2] if before else None
    if direction == 1:
        after = [p for p in periods if p[0] > anchor]
        return after[0][2] if after else None
    containing = [p for p in periods if p[0] <= anchor <= p[1]]
    if containing:
        return containing[0][2]
    if direction == 0 and tense != "past":
        tense = "future"  # "this Friday", "this September": the coming one unless told otherwise
    if strict and tense in {"past", "future"}:
        side = [p for p in periods if (p[0] <= anchor if tense == "past" else p[1] >= anchor)]
        if side:
            return (side[-1] if tense == "past" else side[0])[2]

    def cost(p: _Period) -> float:
        future = p[0] > anchor
        days = (p[0] - anchor).days if future else (anchor - p[1]).days
        if (tense == "past" and future) or (tense == "future" and not future):
            return days * _AGAINST_TENSE
        # A present-tense clause with a weekday is often a schedule ("they meet Monday"): no bias there.
        leans_past = tense is None or (tense == "present" and not strict)
        return days * (_NO_TENSE_FUTURE if leans_past and future else 1.0)

    return min(periods, key=lambda p: (cost(p), p[0]))[2]
