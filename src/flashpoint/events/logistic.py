"""What the two learned event models (events.ranker, events.roles) share: a vocabulary of binary features,
their sparse design matrix, and full-batch gradient descent with (Nesterov) momentum. Plain numpy,
deterministic: the same data give the same weights."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

MOMENTUM = 0.9


def feature_vocabulary(feature_sets: Iterable[Iterable[str]], min_count: int) -> dict[str, int]:
    """feature -> column, for the features of at least `min_count` items (rarer ones would be memorised,
    not learned); columns in sorted order of the names."""
    counts: dict[str, int] = {}
    for features in feature_sets:
        for f in set(features):
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def sparse_design(
    feature_lists: Iterable[Iterable[str]], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The (row, column) index pairs of the ones of the binary design matrix (one row per list)."""
    rows, cols = [], []
    for r, features in enumerate(feature_lists):
        for f in set(features):
            if f in vocabulary:
                rows.append(r)
                cols.append(vocabulary[f])
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def descend(
    gradient: Callable[[Sequence[np.ndarray]], Sequence[np.ndarray]],
    parameters: Sequence[np.ndarray],
    *,
    iterations: int,
    learning_rate: float,
) -> list[np.ndarray]:
    """Minimise a loss from its `gradient` (of every parameter array, taken at the look-ahead point),
    starting at `parameters` (not modified), by gradient descent with Nesterov momentum."""
    params = [p.copy() for p in parameters]
    velocity = [np.zeros_like(p) for p in params]
    for _ in range(iterations):
        look = [p + MOMENTUM * v for p, v in zip(params, velocity, strict=True)]
        for k, g in enumerate(gradient(look)):
            velocity[k] = MOMENTUM * velocity[k] - learning_rate * g
            params[k] += velocity[k]
    return params


__all__ = ["MOMENTUM", "descend", "feature_vocabulary", "sparse_design"]
