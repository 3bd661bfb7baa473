"""TIMEX3 values: formatting calendar periods, their precision, and the dates a value covers.

Precision names the unit of the value: `day` (2020-09-27), `week` (2020-W39, and a weekend 2020-W39-WE),
`month` (2020-09), `year` (2020, and the sub-year periods that are not months: quarters 2020-Q3, halves
2020-H2 and seasons 2020-SU, whose year is what a consumer comparing by precision can rely on) and
`decade` (202, TimeBank's convention for "the 2020s").
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange

from .lexicon import lexicon

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PART = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"\d{3}")


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekend_value(saturday: dt.date) -> str:
    return week_value(saturday) + "-WE"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def half_value(year: int, half: int) -> str:
    return f"{year:04d}-H{half}"


def season_value(year: int, season: str) -> str:
    return f"{year:04d}-{season}"


def decade_value(first_year: int) -> str:
    return f"{first_year // 10:03d}"


def precision_of(value: str) -> str | None:
    """The contract precision of a TIMEX3 value, or None for values the contract cannot carry."""
    if _DAY.fullmatch(value):
        return "day"
    if _WEEK.fullmatch(value):
        return "week"
    if _MONTH.fullmatch(value):
        return "month"
    if _PART.fullmatch(value) or _YEAR.fullmatch(value):
        return "year"
    if _DECADE.fullmatch(value):
        return "decade"
    return None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, monthrange(year, month)[1])


def part_bounds(year: int, part: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter, half or season of `year` (a winter runs into the next year)."""
    if part[0] == "Q":
        first = 3 * (int(part[1]) - 1) + 1
        return month_bounds(year, first)[0], month_bounds(year, first + 2)[1]
    if part[0] == "H":
        first = 6 * (int(part[1]) - 1) + 1
        return month_bounds(year, first)[0], month_bounds(year, first + 5)[1]
    months = lexicon().season_months[part]
    start = dt.date(year, months[0], 1)
    last_year = year + 1 if months[-1] < months[0] else year
    return start, month_bounds(last_year, months[-1])[1]


def value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TIMEX3 DATE value covers, or None if it names no calendar period."""
    try:
        if m := _DAY.fullmatch(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH.fullmatch(value):
            return month_bounds(int(m[1]), int(m[2]))
        if m := _PART.fullmatch(value):
            return part_bounds(int(m[1]), m[2])
        if _YEAR.fullmatch(value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if _DECADE.fullmatch(value):
            return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None
