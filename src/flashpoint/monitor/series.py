"""Dyad time series: per (actor code, recipient code) and per day or ISO week, incident counts by quad
class, Goldstein sum and mean, and the same counts per 100 articles ingested in that period.

An incident counts once for each (actor, recipient) pair of its codes (a missing side is None); it falls
on its first day, else the day it was first reported. Near-duplicate articles are not counted in the
article volume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Dyad = tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class DyadPeriod:
    """One dyad in one period (a day, or the ISO week starting on `start`)."""

    actor: str | None
    recipient: str | None
    start: dt.date
    incidents: int
    by_quad_class: tuple[int, int, int, int, int]  # counts of quad class 0..4
    goldstein_sum: float
    goldstein_mean: float | None
    articles: int  # distinct articles published in the period (all dyads)
    incident_ids: tuple[str, ...]
    incident_quads: tuple[int | None, ...]  # the quad class of each of incident_ids

    def conflict_ids(self, quad_classes: Iterable[int]) -> list[str]:
        """The period's incidents of these quad classes."""
        wanted = set(quad_classes)
        return [iid for iid, q in zip(self.incident_ids, self.incident_quads, strict=True) if q in wanted]

    @property
    def per_100_articles(self) -> float | None:
        return 100.0 * self.incidents / self.articles if self.articles else None

    def count(self, quad_classes: Iterable[int]) -> int:
        return sum(self.by_quad_class[q] for q in quad_classes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "recipient": self.recipient,
            "start": self.start.isoformat(),
            "incidents": self.incidents,
            "by_quad_class": list(self.by_quad_class),
            "goldstein_sum": round(self.goldstein_sum, 2),
            "goldstein_mean": None if self.goldstein_mean is None else round(self.goldstein_mean, 2),
            "articles": self.articles,
            "per_100_articles": None if self.per_100_articles is None else round(self.per_100_articles, 2),
            "incident_ids": list(self.incident_ids),
        }


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the period holding `day`: the day itself, or the Monday of its ISO week."""
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    raise ValueError(f"unknown period {freq!r}; choose day or week")


def incident_day(incident: Mapping[str, Any]) -> dt.date | None:
    return incident.get("first_day") or incident.get("first_reported")


def dyads_of(incident: Mapping[str, Any]) -> list[Dyad]:
    """The (actor, recipient) pairs an incident counts for; none when both sides are unknown."""
    actors = list(incident.get("actor_codes") or ()) or [None]
    recipients = list(incident.get("recipient_codes") or ()) or [None]
    return [(a, r) for a in actors for r in recipients if a is not None or r is not None]


def dyad_series(
    incidents: Iterable[Mapping[str, Any]],
    volume: Mapping[dt.date, int] | None = None,
    *,
    freq: str = "week",
    until: dt.date | None = None,
) -> dict[Dyad, list[DyadPeriod]]:
    """Each dyad's series, one entry per period from its first incident to `until` (default: the last
    period with an incident), empty periods included.

    incidents: summaries as stored (`store/_incidents.incidents`): id, actor_codes, recipient_codes,
        quad_class, goldstein, first_day, first_reported. volume: publication day -> distinct articles.
    """
    step = dt.timedelta(days=1 if freq == "day" else 7)
    articles: dict[dt.date, int] = {}
    for day, n in (volume or {}).items():
        start = period_start(day, freq)
        articles[start] = articles.get(start, 0) + n
    cells: dict[Dyad, dict[dt.date, list[Mapping[str, Any]]]] = {}
    for incident in incidents:
        day = incident_day(incident)
        if day is None:
            continue
        for dyad in dyads_of(incident):
            cells.setdefault(dyad, {}).setdefault(period_start(day, freq), []).append(incident)
    if not cells:
        return {}
    last = period_start(until, freq) if until else max(p for by in cells.values() for p in by)
    series: dict[Dyad, list[DyadPeriod]] = {}
    for dyad, by_period in sorted(cells.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        periods = []
        current = min(by_period)
        while current <= last:
            found = by_period.get(current, [])
            quads = [0, 0, 0, 0, 0]
            for incident in found:
                if incident.get("quad_class") is not None:
                    quads[int(incident["quad_class"])] += 1
            scores = [float(i["goldstein"]) for i in found if i.get("goldstein") is not None]
            periods.append(
                DyadPeriod(
                    actor=dyad[0],
                    recipient=dyad[1],
                    start=current,
                    incidents=len(found),
                    by_quad_class=(quads[0], quads[1], quads[2], quads[3], quads[4]),
                    goldstein_sum=sum(scores),
                    goldstein_mean=sum(scores) / len(scores) if scores else None,
                    articles=articles.get(current, 0),
                    incident_ids=tuple(i["id"] for i in found),
                    incident_quads=tuple(i.get("quad_class") for i in found),
                )
            )
            current += step
        series[dyad] = periods
    return series
