"""Dyad series and escalation alerts on hand-made series (no model, no store)."""

from __future__ import annotations

import datetime as dt

from flashpoint.monitor.alerts import cusum_signals, dyad_alerts, rule_signals
from flashpoint.monitor.config import alert_settings
from flashpoint.monitor.series import dyad_series, period_start

MONDAY = dt.date(2021, 1, 4)


def _incident(iid: str, week: int, quad: int = 4, actor="ISR", recipient="PSE"):
    return {
        "id": iid, "actor_codes": [actor], "recipient_codes": [recipient], "quad_class": quad,
        "goldstein": -10.0 if quad == 4 else 3.0, "first_day": MONDAY + dt.timedelta(weeks=week, days=2),
        "first_reported": None,
    }  # fmt: skip


def test_weekly_series_fill_empty_weeks_and_normalise_by_volume():
    incidents = [_incident("i1", 0), _incident("i2", 0, quad=1), _incident("i3", 2)]
    volume = {MONDAY: 10, MONDAY + dt.timedelta(days=8): 5}
    (periods,) = dyad_series(incidents, volume).values()
    assert [p.start for p in periods] == [MONDAY + dt.timedelta(weeks=w) for w in range(3)]
    assert [p.incidents for p in periods] == [2, 0, 1]
    assert periods[0].by_quad_class == (0, 1, 0, 0, 1)
    assert periods[0].goldstein_sum == -7.0 and periods[0].goldstein_mean == -3.5
    assert periods[0].per_100_articles == 20.0 and periods[1].articles == 5
    assert periods[0].conflict_ids([3, 4]) == ["i1"]
    assert period_start(dt.date(2021, 1, 10), "week") == MONDAY


def test_rules_fire_on_a_surge_and_respect_the_minimum_count():
    settings = alert_settings().rules
    quiet = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1]
    assert rule_signals(quiet, settings) == []
    (signal,) = rule_signals([*quiet, 7], settings)
    assert signal.at == 10 and "7 conflict incidents" in signal.reason
    assert rule_signals([*quiet, 2], settings) == []  # below min_count
    # Article volume rose as much as the incidents: no escalation per article.
    assert rule_signals([*quiet, 7], settings, volumes=[10] * 10 + [70]) == []


def test_cusum_accumulates_a_sustained_rise_that_rules_miss():
    settings = alert_settings()
    counts = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0] + [2] * 10  # never twice the last 4 weeks
    assert rule_signals(counts, settings.rules) == []
    found = cusum_signals(counts, settings.cusum)
    assert [(s.since, s.at) for s in found] == [(12, 18)]
    assert cusum_signals(counts[:12] * 2, settings.cusum) == []


def test_dyad_alerts_list_the_incidents_that_drove_them():
    incidents = [_incident(f"q{w}", w) for w in range(10)]
    incidents += [_incident(f"s{k}", 10) for k in range(6)] + [_incident("verbal", 10, quad=1)]
    series = dyad_series(incidents)
    alerts = dyad_alerts(series, methods=["rules"])
    (alert,) = alerts
    assert (alert.actor, alert.recipient, alert.week) == ("ISR", "PSE", MONDAY + dt.timedelta(weeks=10))
    assert set(alert.incident_ids) == {f"s{k}" for k in range(6)}  # "verbal" is not conflict
    assert dyad_alerts(series, methods=["rules"], since=MONDAY + dt.timedelta(weeks=11)) == []
