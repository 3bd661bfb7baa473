"""Escalation alerts on weekly dyad series, each with the incidents that drove it.

Two methods, both over the weekly count of conflict incidents (quad classes in data/monitor/monitor.yaml):
- rules (ACLED-style): this week against the mean of the previous 4 weeks (a ratio and an absolute rise)
  and of the previous 52 (a number of standard deviations above), with a minimum count; when article
  volume is known, the count per article must rise by the same ratio, so a burst of ingestion alone does
  not alarm.
- cusum: a Poisson CUSUM (Lucas 1985) tuned to a `shift`-fold rise over a baseline rate estimated from
  the weeks before a gap; it alarms when the cumulative evidence crosses `threshold`, then restarts.
The detectors are plain functions over a list of counts, so the evaluation drives the same code.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .config import AlertSettings, CusumSettings, RuleSettings, alert_settings
from .series import Dyad, DyadPeriod

METHODS = ("rules", "cusum")


@dataclass(frozen=True, slots=True)
class Signal:
    """A detector firing at week index `at`; the weeks from `since` to `at` drove it."""

    at: int
    since: int
    observed: float
    expected: float
    reason: str


def rule_signals(
    counts: Sequence[int], settings: RuleSettings, volumes: Sequence[int] | None = None
) -> list[Signal]:
    """Weeks where the ACLED-style rules fire (see the module docstring)."""
    found = []
    for t in range(4, len(counts)):
        now, previous = counts[t], counts[t - 4 : t]
        mean4 = sum(previous) / 4
        if (
            now < settings.min_count
            or now < settings.ratio_4_weeks * mean4
            or now - mean4 < settings.min_increase
        ):
            continue
        year = counts[max(0, t - 52) : t]
        reason = f"{now} conflict incidents this week against a mean of {mean4:.1f} over the previous 4 weeks"
        if len(year) >= settings.min_history_weeks:
            mean52, sd52 = statistics.fmean(year), statistics.pstdev(year)
            if now <= mean52 + settings.sd_52_weeks * sd52:
                continue
            reason += f" and {mean52:.1f} ± {sd52:.1f} over the previous {len(year)}"
        if volumes is not None and sum(volumes[t - 4 : t]) and volumes[t]:
            rate, rate4 = now / volumes[t], sum(previous) / sum(volumes[t - 4 : t])
            if rate < settings.ratio_4_weeks * rate4:
                continue
            reason += f"; {100 * rate:.1f} per 100 articles against {100 * rate4:.1f}"
        found.append(Signal(t, t, now, mean4, reason))
    return found


def cusum_signals(counts: Sequence[int], settings: CusumSettings) -> list[Signal]:
    """Weeks where the Poisson CUSUM crosses its threshold (see the module docstring)."""
    found = []
    score, run_start = 0.0, 0
    log_shift = math.log(settings.shift)
    for t in range(len(counts)):
        base_end = t - settings.gap_weeks
        history = counts[max(0, base_end - settings.baseline_weeks) : max(0, base_end)]
        if len(history) < 4:
            continue
        rate = max(settings.min_baseline, statistics.fmean(history))
        if score == 0.0:
            run_start = t
        score = max(0.0, score + counts[t] * log_shift - (settings.shift - 1.0) * rate)
        if score == 0.0:
            continue
        window = counts[run_start : t + 1]
        if score >= settings.threshold and sum(window) >= settings.min_count:
            weeks = t - run_start + 1
            found.append(
                Signal(
                    t,
                    run_start,
                    sum(window) / weeks,
                    rate,
                    f"{sum(window)} conflict incidents in {weeks} week(s) against a baseline of {rate:.1f} a "
                    f"week (CUSUM {score:.1f} ≥ {settings.threshold:g})",
                )
            )
            score = 0.0
    return found


def signals(
    method: str, counts: Sequence[int], settings: AlertSettings, volumes: Sequence[int] | None = None
) -> list[Signal]:
    if method == "rules":
        return rule_signals(counts, settings.rules, volumes)
    if method == "cusum":
        return cusum_signals(counts, settings.cusum)
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


@dataclass(frozen=True, slots=True)
class Alert:
    """An escalation of one dyad in one week, with the incidents behind it."""

    method: str
    actor: str | None
    recipient: str | None
    week: dt.date  # Monday of the ISO week that alarmed
    since: dt.date  # first week of the rise that drove it
    observed: float
    expected: float
    reason: str
    incident_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "actor": self.actor,
            "recipient": self.recipient,
            "week": self.week.isoformat(),
            "since": self.since.isoformat(),
            "observed": round(self.observed, 2),
            "expected": round(self.expected, 2),
            "reason": self.reason,
            "incident_ids": list(self.incident_ids),
        }


def dyad_alerts(
    series: Mapping[Dyad, Sequence[DyadPeriod]],
    *,
    methods: Sequence[str] = METHODS,
    since: dt.date | None = None,
    settings: AlertSettings | None = None,
) -> list[Alert]:
    """Alerts of weekly dyad series, for weeks on or after `since` (default: the last week only)."""
    settings = settings or alert_settings()
    quads = settings.quad_classes
    found = []
    for (actor, recipient), periods in series.items():
        if not periods:
            continue
        counts = [p.count(quads) for p in periods]
        volumes = [p.articles for p in periods] if any(p.articles for p in periods) else None
        first_week = since if since is not None else periods[-1].start
        for method in methods:
            for signal in signals(method, counts, settings, volumes):
                if periods[signal.at].start < first_week:
                    continue
                driving = [
                    iid for p in periods[signal.since : signal.at + 1] for iid in p.conflict_ids(quads)
                ]
                found.append(
                    Alert(
                        method, actor, recipient, periods[signal.at].start, periods[signal.since].start,
                        signal.observed, signal.expected, signal.reason, tuple(driving),
                    )
                )  # fmt: skip
    return sorted(found, key=lambda a: (a.week, a.method, str(a.actor), str(a.recipient)), reverse=True)
