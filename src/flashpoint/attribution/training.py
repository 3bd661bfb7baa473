"""Training the cue model (`tagger`) from annotated attributions (PolNeAR's brat files, read by
`evaluation.polnear`). `tools/train_attribution.py` runs it; tests run it on a tiny fixture.

Every candidate word of an article is an example, positive when it heads an annotated cue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from .features import DocContext, cue_features
from .linear import LinearModel, Rows, train
from .tagger import TaggerModels

# The hashed feature space: 2^20 rows (hundreds of thousands of lexical features). Weights of unseen rows
# stay zero and compress to nothing.
CUE_BUCKETS = 1 << 20
CUE_EPOCHS = 4


def cue_head(doc: Doc, fragments: Iterable[tuple[int, int]]) -> Token | None:
    """The syntactic head of an annotated cue: its first token whose head lies outside it."""
    tokens = [t for start, end in fragments for t in doc.char_span(start, end, alignment_mode="expand") or ()]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


@dataclass
class Examples:
    """Hashed examples, gathered article by article (feature strings are not kept: memory stays small)."""

    cue_rows: list[Rows]
    cue_labels: list[int]

    @classmethod
    def empty(cls) -> Examples:
        return cls([], [])


def add_examples(examples: Examples, gold: Sequence, doc: Doc) -> None:
    """Add one article's examples; `gold` holds attributions with `cue` fragments."""
    context = DocContext(doc)
    heads = {head.i for head in (cue_head(doc, attribution.cue) for attribution in gold) if head is not None}
    candidates = [i for i, candidate in enumerate(context.candidate) if candidate]
    examples.cue_rows.append(Rows.build([cue_features(i, context) for i in candidates], CUE_BUCKETS))
    examples.cue_labels.extend(int(i in heads) for i in candidates)


def _joined(parts: list[Rows]) -> Rows:
    ids = np.concatenate([p.ids for p in parts]) if parts else np.zeros(0, np.int64)
    lengths = np.concatenate([np.diff(p.offsets) for p in parts]) if parts else np.zeros(0, np.int64)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return Rows(ids, offsets)


def fit(examples: Examples, *, threshold: float, veto: float = 0.0, meta: dict | None = None) -> TaggerModels:
    """Train the cue model on the examples (deterministic)."""
    cues = train(
        _joined(examples.cue_rows),
        np.asarray(examples.cue_labels),
        classes=1,
        buckets=CUE_BUCKETS,
        epochs=CUE_EPOCHS,
    )
    return TaggerModels(cues, threshold, dict(meta or {}), veto)


def with_threshold(models: TaggerModels, threshold: float, veto: float = 0.0) -> TaggerModels:
    return TaggerModels(models.cues, threshold, models.meta, veto)


def best_thresholds(
    models: TaggerModels,
    candidates: Iterable[tuple[float, float]],
    score: Callable[[TaggerModels], float],
) -> tuple[tuple[float, float], float]:
    """The (accept, veto) pair whose models `score` highest (the first of equals), and that score."""
    best, best_score = None, -np.inf
    for accept, veto in candidates:
        value = score(with_threshold(models, accept, veto))
        if value > best_score:
            best, best_score = (accept, veto), value
    if best is None:
        raise ValueError("no thresholds to choose from")
    return best, float(best_score)


__all__ = ["Examples", "LinearModel", "add_examples", "best_thresholds", "cue_head", "fit", "with_threshold"]
