"""Training the attribution tagger (`tagger`) from annotated attributions (PolNeAR's brat files, read by
`evaluation.polnear`). `tools/train_attribution.py` runs it; tests run it on a tiny fixture.

Examples come from gold attributions only: every candidate word of an article is a cue-head example
(positive when it heads an annotated cue), and every word in the window of an annotated cue head is a role
example (cue, source, content or none for that attribution).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from .features import DocContext, cue_features, is_cue_candidate, role_features
from .linear import LinearModel, Rows, train
from .tagger import CONTENT, CUE, SOURCE, TaggerModels

# The hashed feature space: 2^20 rows for the cue model (hundreds of thousands of lexical features), 2^18
# for the role model (tens of thousands of tree-path features). Weights of unseen rows stay zero and
# compress to nothing.
CUE_BUCKETS = 1 << 20
ROLE_BUCKETS = 1 << 18
CUE_EPOCHS = 4
ROLE_EPOCHS = 6


def cue_head(doc: Doc, fragments: Iterable[tuple[int, int]]) -> Token | None:
    """The syntactic head of an annotated cue: its first token whose head lies outside it."""
    tokens = [t for start, end in fragments for t in doc.char_span(start, end, alignment_mode="expand") or ()]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


def _tokens(doc: Doc, fragments: Iterable[tuple[int, int]]) -> list[int]:
    return [t.i for start, end in fragments for t in doc.char_span(start, end, alignment_mode="expand") or ()]


@dataclass
class Examples:
    """Hashed examples, gathered article by article (feature strings are not kept: memory stays small)."""

    cue_rows: list[Rows]
    cue_labels: list[int]
    role_rows: list[Rows]
    role_labels: list[int]

    @classmethod
    def empty(cls) -> Examples:
        return cls([], [], [], [])


def add_examples(examples: Examples, gold: Sequence, doc: Doc) -> None:
    """Add one article's examples; `gold` holds attributions with `cue`, `source`, `content` fragments."""
    context = DocContext(doc)
    heads: set[int] = set()
    role_rows: list[list[str]] = []
    for attribution in gold:
        head = cue_head(doc, attribution.cue)
        if head is None:
            continue
        heads.add(head.i)
        roles: dict[int, int] = {}
        for role, fragments in ((CONTENT, attribution.content), (SOURCE, attribution.source)):
            roles.update(dict.fromkeys(_tokens(doc, fragments), role))
        roles.update(dict.fromkeys(_tokens(doc, attribution.cue), CUE))
        for j in context.window(head.i):
            if not doc[j].is_space:
                role_rows.append(role_features(context, head.i, j))
                examples.role_labels.append(roles.get(j, 0))
    candidates = [t for t in doc if is_cue_candidate(t)]
    examples.cue_rows.append(Rows.build([cue_features(t, context) for t in candidates], CUE_BUCKETS))
    examples.cue_labels.extend(int(t.i in heads) for t in candidates)
    examples.role_rows.append(Rows.build(role_rows, ROLE_BUCKETS))


def _joined(parts: list[Rows]) -> Rows:
    ids = np.concatenate([p.ids for p in parts]) if parts else np.zeros(0, np.int64)
    lengths = np.concatenate([np.diff(p.offsets) for p in parts]) if parts else np.zeros(0, np.int64)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return Rows(ids, offsets)


def fit(examples: Examples, *, threshold: float, meta: dict | None = None) -> TaggerModels:
    """Train both models on the examples (deterministic)."""
    cues = train(
        _joined(examples.cue_rows),
        np.asarray(examples.cue_labels),
        classes=1,
        buckets=CUE_BUCKETS,
        epochs=CUE_EPOCHS,
    )
    roles = train(
        _joined(examples.role_rows),
        np.asarray(examples.role_labels),
        classes=4,
        buckets=ROLE_BUCKETS,
        epochs=ROLE_EPOCHS,
    )
    return TaggerModels(cues, roles, threshold, dict(meta or {}))


def with_threshold(models: TaggerModels, threshold: float, veto: float = 0.0) -> TaggerModels:
    return TaggerModels(models.cues, models.roles, threshold, models.meta, veto)


__all__ = ["Examples", "LinearModel", "add_examples", "cue_head", "fit", "with_threshold"]
