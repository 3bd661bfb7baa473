"""Early warning: how fast the escalation detectors fire, and how often they fire for nothing.

Streams are generated from real coded events: PolNeAR's articles (2016 US election news, dated by their
metadata) are ingested exactly as `flashpoint ingest` stores them, their events merged into incidents,
and each active dyad's weekly series of conflict incidents (monitor/series.py) is taken as it is. A
stream for a dyad draws its 104 weeks from that dyad's real weeks (resampled, so its rate and
burstiness are the real ones); an escalation of size k planted at week s adds, from s on, a Poisson
number of extra incidents each week with mean k times the dyad's real mean (at least k). Each method
(monitor/alerts.py, the code `flashpoint watch` runs) then reads the stream:

- detection delay: weeks from s to the first alert at or after s, within `horizon` weeks (else missed);
- false alarms per 100 dyad-weeks: alerts before s (after the first `warmup` weeks, which no method can
  judge), and on streams with nothing planted, per 100 weeks read.

It also reports what the alerts say on the real corpus itself (`flashpoint watch --since` over it).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..ingest.article import Article, parse_published
from ..monitor.alerts import METHODS, signals
from ..monitor.config import alert_settings
from ..monitor.report import current_alerts
from ..monitor.series import dyad_series
from ..store import Store
from ..store import _incidents as incident_sql

WEEKS = 104
PLANT_FIRST, PLANT_LAST = 60, 88  # planted starts: late enough for a year of history, early enough to see
HORIZON = 12
WARMUP = 8
SIZES = (1.0, 2.0, 4.0)  # extra incidents a week, as multiples of the dyad's real mean
STREAMS_PER_DYAD = 20
MIN_DYAD_INCIDENTS = 8  # dyads with fewer conflict incidents in the corpus are too thin to resample
SEED = 7


def real_weekly_counts(store: Store) -> dict[tuple[str | None, str | None], list[int]]:
    """Each dyad's weekly conflict-incident counts over the corpus's span, from the stored incidents."""
    settings = alert_settings()
    summaries = incident_sql.incidents(store)
    days = [d for s in summaries if (d := s["first_day"] or s["first_reported"]) is not None]
    if not days:
        return {}
    series = dyad_series(summaries, freq="week", until=max(days))
    found = {}
    for dyad, periods in series.items():
        counts = [p.count(settings.quad_classes) for p in periods]
        if sum(counts) >= MIN_DYAD_INCIDENTS:
            found[dyad] = counts
    return found


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: means here are small (a few incidents a week).
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def make_stream(rng: random.Random, real: Sequence[int], size: float | None) -> tuple[list[int], int | None]:
    """A stream of WEEKS weekly counts resampled from `real`, with an escalation of `size` planted at a
    random week (none when size is None). RETURNS (tuple): the counts and the planted start."""
    counts = [rng.choice(real) for _ in range(WEEKS)]
    if size is None:
        return counts, None
    start = rng.randint(PLANT_FIRST, PLANT_LAST)
    extra = max(size, size * statistics.fmean(real))
    for week in range(start, WEEKS):
        counts[week] += _poisson(rng, extra)
    return counts, start


def score_method(method: str, streams: Sequence[tuple[list[int], int | None]]) -> dict[str, Any]:
    """Detection rate, delays and false alarms of one method over streams."""
    settings = alert_settings()
    delays: list[int] = []
    planted = false_alarms = weeks_read = 0
    for counts, start in streams:
        weeks = [s.at for s in signals(method, counts, settings)]
        quiet_until = start if start is not None else len(counts)
        false_alarms += sum(WARMUP <= w < quiet_until for w in weeks)
        weeks_read += max(0, quiet_until - WARMUP)
        if start is not None:
            planted += 1
            hits = [w - start for w in weeks if start <= w < start + HORIZON]
            if hits:
                delays.append(min(hits))
    return {
        "detected": len(delays) / planted if planted else None,
        "median_delay_weeks": float(statistics.median(delays)) if delays else None,
        "mean_delay_weeks": round(statistics.fmean(delays), 2) if delays else None,
        "false_alarms_per_100_dyad_weeks": round(100 * false_alarms / weeks_read, 2) if weeks_read else None,
        "streams": len(streams),
    }


def evaluate_streams(real: dict[Any, list[int]], *, seed: int = SEED) -> dict[str, Any]:
    """Every method on null streams and on streams with each planted size, from the real dyad series."""
    rng = random.Random(seed)
    dyads = sorted(real, key=str)
    null = [make_stream(rng, real[d], None) for d in dyads for _ in range(STREAMS_PER_DYAD)]
    planted = {
        size: [make_stream(rng, real[d], size) for d in dyads for _ in range(STREAMS_PER_DYAD)]
        for size in SIZES
    }
    results: dict[str, Any] = {}
    for method in METHODS:
        results[method] = {
            "null": score_method(method, null),
            **{f"x{size:g}": score_method(method, streams) for size, streams in planted.items()},
        }
    return results


def _read_articles(folder: Path, limit: int | None) -> list[Article]:
    from .polnear import read_polnear

    articles = []
    for compartment in ("train", "dev"):
        if (folder / compartment).is_dir():
            for item in read_polnear(folder / compartment):
                articles.append(
                    Article(
                        text=item.text,
                        id=item.name,
                        published=parse_published(item.published),
                        source=item.publisher,
                    )
                )
    if not articles:
        raise EvaluationError(f"{folder}: no PolNeAR articles (expected train/ and dev/ with text/ folders)")
    articles.sort(key=lambda a: (a.published or "", a.id))
    return articles[:limit] if limit is not None else articles


def evaluate_early_warning(
    folder: Path, *, model: str | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Ingest PolNeAR, build streams from its dyads, and score both methods (see the module docstring)."""
    from ..ingest.run import ingest

    articles = _read_articles(folder, limit)
    with Store(memory=True) as store:
        ingest(articles, store, model=model)
        real = real_weekly_counts(store)
        first = min(a.published for a in articles if a.published)
        alerts = current_alerts(store, since=_day(first))
        stats = store.stats()["counts"]
        n_incidents = len(incident_sql.incidents(store))
    if not real:
        raise EvaluationError(
            f"{folder}: no dyad has {MIN_DYAD_INCIDENTS} conflict incidents to build streams from"
        )
    results = evaluate_streams(real)
    by_method = {m: [a for a in alerts if a["method"] == m] for m in METHODS}
    flat: dict[str, Any] = {}
    for method, by_size in results.items():
        for size, scores in by_size.items():
            if size != "null":
                flat[f"{method} {size} detected"] = scores["detected"]
                flat[f"{method} {size} median delay (weeks)"] = scores["median_delay_weeks"]
        flat[f"{method} false alarms per 100 dyad-weeks (null)"] = scores_null(results, method)
        flat[f"{method} alerts on the real corpus"] = len(by_method[method])
    return {
        **flat,
        "articles": stats["articles"],
        "events": stats["events"],
        "incidents": n_incidents,
        "dyads_used": len(real),
        "dyads": {f"{a}->{r}": sum(c) for (a, r), c in sorted(real.items(), key=str)},
        "methods": results,
        "real_alerts": {m: [_short(a) for a in by_method[m][:5]] for m in METHODS},
    }


def scores_null(results: dict[str, Any], method: str) -> float | None:
    return results[method]["null"]["false_alarms_per_100_dyad_weeks"]


def _short(alert: dict[str, Any]) -> dict[str, Any]:
    first = next((s for i in alert["incidents"] for s in i["sentences"]), None)
    return {
        "week": alert["week"],
        "dyad": f"{alert['actor']}->{alert['recipient']}",
        "reason": alert["reason"],
        "incidents": len(alert["incidents"]),
        "example": (first or {}).get("text"),
    }


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])
