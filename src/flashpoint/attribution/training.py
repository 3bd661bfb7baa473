"""Training the cue model (`tagger`) from annotated attributions (PolNeAR's brat files, read by
`evaluation.polnear`). `tools/train_attribution.py` runs it; tests run it on a tiny fixture.

Every candidate word of an article is an example, positive when it heads an annotated cue. For the
cue-span model (`cue_spans`), every word below an annotated cue's head, outside its content and source, is
an example, positive when it is part of the annotated cue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Token

from .cue_spans import span_candidates, span_examples
from .features import DocContext, cue_features
from .linear import LinearModel, Rows, train
from .tagger import TaggerModels

# The hashed feature space: 2^20 rows (hundreds of thousands of lexical features). Weights of unseen rows
# stay zero and compress to nothing.
CUE_BUCKETS = 1 << 20
CUE_EPOCHS = 4
# A smaller step than the default (0.1) and some weight decay: lower log loss on held-out train.
CUE_RATE = 0.05
CUE_L2 = 1e-3
SPAN_BUCKETS = 1 << 18
SPAN_EPOCHS = 6


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
    span_rows: list[Rows]
    span_labels: list[int]

    @classmethod
    def empty(cls) -> Examples:
        return cls([], [], [], [])


def add_examples(examples: Examples, gold: Sequence, doc: Doc) -> None:
    """Add one article's examples; `gold` holds attributions with `cue` fragments."""
    context = DocContext(doc)
    heads = {head.i for head in (cue_head(doc, attribution.cue) for attribution in gold) if head is not None}
    candidates = [i for i, example in enumerate(context.example) if example]
    examples.cue_rows.append(Rows.build([cue_features(i, context) for i in candidates], CUE_BUCKETS))
    examples.cue_labels.extend(int(i in heads) for i in candidates)


def _token_ids(doc: Doc, fragments: Iterable[tuple[int, int]]) -> set[int]:
    return {t.i for start, end in fragments for t in doc.char_span(start, end, alignment_mode="expand") or ()}


def _annotated_cues(gold: Sequence, doc: Doc) -> dict[int, set[int]]:
    """Token ids of each annotated cue, by the id of its head."""
    annotated: dict[int, set[int]] = {}
    for attribution in gold:
        head = cue_head(doc, attribution.cue)
        if head is not None:
            annotated.setdefault(head.i, _token_ids(doc, attribution.cue))
    return annotated


def add_span_examples(examples: Examples, gold: Sequence, doc: Doc, models: TaggerModels) -> None:
    """The cue-span examples of one article: the words below the head of each cue that the statement
    finder (with the cue model `models`, without a span model) finds and the annotation marks, outside
    the content and the source the finder gives it: the words the span model will be asked about."""
    from .quotes import cue_groups, find_statements  # quotes reads the models this module trains

    annotated = _annotated_cues(gold, doc)
    context = DocContext(doc)
    for group in cue_groups(find_statements(doc, replace(models, spans=None))):
        cue = annotated.get(group.head.i)
        if cue is None:
            continue
        head = group.head.i
        candidates = span_candidates(head, group.content | group.source, context)
        if not candidates:
            continue
        features = span_examples(head, candidates, group.cue, group.content, context)
        examples.span_rows.append(Rows.build(features, SPAN_BUCKETS))
        examples.span_labels.extend(int(word in cue) for word, _ in candidates)


def _joined(parts: list[Rows]) -> Rows:
    ids = np.concatenate([p.ids for p in parts]) if parts else np.zeros(0, np.int64)
    lengths = np.concatenate([np.diff(p.offsets) for p in parts]) if parts else np.zeros(0, np.int64)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return Rows(ids, offsets)


def fit(
    examples: Examples,
    *,
    threshold: float,
    veto: float = 0.0,
    span_threshold: float = 0.5,
    meta: dict | None = None,
) -> TaggerModels:
    """Train the cue model on the examples (deterministic); `fit_spans` adds the cue-span model."""
    cues = train(
        _joined(examples.cue_rows),
        np.asarray(examples.cue_labels),
        classes=1,
        buckets=CUE_BUCKETS,
        epochs=CUE_EPOCHS,
        rate=CUE_RATE,
        l2=CUE_L2,
    )
    return TaggerModels(cues, threshold, dict(meta or {}), veto, None, span_threshold)


def fit_spans(examples: Examples, models: TaggerModels) -> TaggerModels:
    """`models` with a cue-span model trained on the examples' span examples (deterministic)."""
    spans = train(
        _joined(examples.span_rows),
        np.asarray(examples.span_labels),
        classes=1,
        buckets=SPAN_BUCKETS,
        epochs=SPAN_EPOCHS,
    )
    return replace(models, spans=spans)


def with_threshold(
    models: TaggerModels, threshold: float, veto: float = 0.0, span_threshold: float | None = None
) -> TaggerModels:
    return replace(
        models,
        threshold=threshold,
        veto=veto,
        span_threshold=models.span_threshold if span_threshold is None else span_threshold,
    )


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
