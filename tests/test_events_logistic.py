"""The training helpers the learned event models share (events/logistic.py)."""

from __future__ import annotations

import numpy as np

from flashpoint.events.logistic import descend, feature_vocabulary, sparse_design


def test_vocabulary_keeps_features_seen_often_enough_in_sorted_order():
    vocabulary = feature_vocabulary([["b", "a", "a"], ["a", "c"], ["b"]], min_count=2)
    assert vocabulary == {"a": 0, "b": 1}


def test_design_lists_each_known_feature_of_each_row_once():
    rows, cols = sparse_design([["a", "a", "z"], ["b"]], {"a": 0, "b": 1})
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 1)]


def test_descent_finds_the_minimum_and_leaves_its_start_alone():
    start = [np.zeros(2), np.zeros(1)]
    target = [np.array([3.0, -1.0]), np.array([2.0])]
    found = descend(
        lambda look: [p - t for p, t in zip(look, target, strict=True)],
        start,
        iterations=200,
        learning_rate=0.1,
    )
    assert all(np.allclose(f, t, atol=1e-6) for f, t in zip(found, target, strict=True))
    assert not start[0].any() and not start[1].any()
