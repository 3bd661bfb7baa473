"""Hashed linear classifiers in plain numpy: the learned parts of the attribution stage.

A feature is a string ("l=say", "rel=sub:ccomp|1"); it is hashed (CRC-32, stable across runs and
machines) into one of `buckets` rows of a weight matrix, so the model ships as numbers only, with no
vocabulary. A model with one class column is a binary logistic regression; with several, a multinomial
one. Training is AdaGrad on the logistic loss with L2, mini-batches in a seeded order: the same data give
the same weights.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


def hash_features(features: Sequence[str], buckets: int) -> np.ndarray:
    """Row indices of the features (buckets is a power of two)."""
    mask = buckets - 1
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in features), dtype=np.int64)


@dataclass(frozen=True)
class Rows:
    """A batch of examples as hashed feature indices: example i owns ids[offsets[i]:offsets[i + 1]]."""

    ids: np.ndarray
    offsets: np.ndarray

    @classmethod
    def build(cls, examples: Sequence[Sequence[str]], buckets: int) -> Rows:
        lengths = np.fromiter((len(e) for e in examples), dtype=np.int64, count=len(examples))
        offsets = np.zeros(len(examples) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = [f for e in examples for f in e]
        return cls(hash_features(flat, buckets), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def take(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(feature ids, owning position in `rows`) of the chosen examples."""
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        owner = np.repeat(np.arange(len(rows)), lengths)
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.ids[np.repeat(starts, lengths) + within], owner


@dataclass(frozen=True)
class LinearModel:
    """Weights (buckets x classes) and biases; `classes` == 1 means binary (sigmoid)."""

    weights: np.ndarray
    bias: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def buckets(self) -> int:
        return self.weights.shape[0]

    def scores(self, rows: Rows) -> np.ndarray:
        ids, owner = rows.take(np.arange(len(rows)))
        picked = self.weights[ids]
        z = np.empty((len(rows), self.weights.shape[1]), dtype=np.float64)
        for column in range(z.shape[1]):  # bincount is much faster than np.add.at
            z[:, column] = np.bincount(owner, weights=picked[:, column], minlength=len(rows))
        return z + self.bias

    def probabilities(self, rows: Rows) -> np.ndarray:
        """P(positive) per example for a binary model; a row of class probabilities otherwise."""
        z = self.scores(rows)
        if z.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-z[:, 0]))
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)


def train(
    rows: Rows,
    labels: np.ndarray,
    *,
    classes: int,
    buckets: int,
    epochs: int,
    rate: float = 0.1,
    l2: float = 1e-6,
    batch: int = 512,
    seed: int = 0,
) -> LinearModel:
    """Fit a hashed logistic regression (classes == 1: binary labels 0/1; else labels 0..classes-1)."""
    rng = np.random.default_rng(seed)
    columns = max(classes, 1)
    weights = np.zeros((buckets, columns))
    bias = np.zeros(columns)
    squares = np.full((buckets, columns), 1e-8)
    bias_squares = np.full(columns, 1e-8)
    for _ in range(epochs):
        order = rng.permutation(len(rows))
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            ids, owner = rows.take(chosen)
            z = np.zeros((len(chosen), columns))
            np.add.at(z, owner, weights[ids])
            z += bias
            gold = labels[chosen]
            if columns == 1:
                gradient = 1.0 / (1.0 + np.exp(-z)) - gold[:, None]
            else:
                z -= z.max(axis=1, keepdims=True)
                gradient = np.exp(z)
                gradient /= gradient.sum(axis=1, keepdims=True)
                gradient[np.arange(len(chosen)), gold] -= 1.0
            touched, inverse = np.unique(ids, return_inverse=True)
            step = np.zeros((len(touched), columns))
            np.add.at(step, inverse, gradient[owner])
            step += l2 * weights[touched]
            squares[touched] += step**2
            weights[touched] -= rate * step / np.sqrt(squares[touched])
            bias_step = gradient.sum(axis=0)
            bias_squares += bias_step**2
            bias -= rate * bias_step / np.sqrt(bias_squares)
    return LinearModel(weights.astype(np.float32), bias.astype(np.float32))


def save_models(path: Path, models: dict[str, LinearModel], meta: dict) -> None:
    """Write named models to one compressed .npz (numbers and a JSON string; no pickle)."""
    arrays: dict[str, np.ndarray] = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for name, model in models.items():
        arrays[f"{name}.weights"] = model.weights.astype(np.float16)
        arrays[f"{name}.bias"] = model.bias.astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)


def load_models(path: Path) -> tuple[dict[str, LinearModel], dict]:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        names = {key.rsplit(".", 1)[0] for key in data.files if key != "meta"}
        models = {
            name: LinearModel(data[f"{name}.weights"].astype(np.float32), data[f"{name}.bias"], meta)
            for name in sorted(names)
        }
    return models, meta


__all__ = ["LinearModel", "Rows", "hash_features", "load_models", "save_models", "train"]
