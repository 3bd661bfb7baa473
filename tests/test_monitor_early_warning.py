"""The early-warning scorer on streams from a fixed series (the full evaluation runs in `make eval`)."""

from __future__ import annotations

from flashpoint.evaluation.early_warning import evaluate_streams, make_stream, score_method


def test_planted_escalations_are_detected_and_quiet_streams_rarely_alarm():
    real = {("ISR", "PSE"): [0, 1, 2, 1, 0, 1, 3, 1, 0, 2, 1, 1], ("USA", "USA"): [2, 3, 1, 2, 4, 2, 3, 2]}
    results = evaluate_streams(real, seed=3)
    for method in ("rules", "cusum"):
        big = results[method]["x4"]
        assert big["detected"] >= 0.8 and big["median_delay_weeks"] <= 2
        assert results[method]["null"]["false_alarms_per_100_dyad_weeks"] < 10


def test_a_stream_without_alerts_scores_no_delay():
    import random

    counts, start = make_stream(random.Random(1), [0], None)
    assert start is None and set(counts) == {0}
    assert score_method("rules", [(counts, None)])["false_alarms_per_100_dyad_weeks"] == 0.0
