"""The learned attribution tagger: which words head a cue, and which words are each cue's cue phrase,
source and content.

Two hashed logistic regressions (`linear`), trained on PolNeAR train by `tools/train_attribution.py` and
shipped in `data/models/attribution_spans.npz` with their provenance:

- `cues`: P(word heads an attribution cue), over `features.cue_features`;
- `roles`: for a cue head h and each word j near it, P(j is in h's cue | source | content | none), over
  `features.role_features`.

Decoding follows the annotation scheme the models learn (PolNeAR's: every word takes part in at most one
attribution, and no attribution is annotated inside another's content): cue heads are taken from the
likeliest down, each claims its cue (the contiguous run around the head), its source (the longest run)
and its content (possibly in pieces, as in "X, he said, Y"), and a later head inside words already
claimed is not a statement of the same level. Statements reported inside another's content ("Politico
reported that *it spoke with three sources*") are found afterwards, inside that content only, from the
cue-rate lexicon (`cues.is_cue`), so chains of sources survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from ..data import data_path
from ..errors import ConfigError
from .cues import is_cue
from .features import DocContext, cue_features, is_cue_candidate, role_features
from .linear import LinearModel, Rows, load_models

MODEL_FILE = ("models", "attribution_spans.npz")
NONE, CUE, SOURCE, CONTENT = range(4)
ROLE_NAMES = ("none", "cue", "source", "content")


@dataclass(frozen=True)
class TaggerModels:
    cues: LinearModel
    roles: LinearModel
    threshold: float  # a word heads a cue when P >= threshold (chosen on held-out train)
    meta: dict
    # With the cue-rate lexicon (`quotes.find_cue_heads`): a lexicon cue is dropped when P < veto.
    veto: float = 0.0


@lru_cache(maxsize=1)
def tagger_models() -> TaggerModels:
    path = data_path(*MODEL_FILE)
    try:
        models, meta = load_models(path)
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"attribution model {path} is missing or unreadable; rebuild it with tools/train_attribution.py"
        ) from exc
    return TaggerModels(
        models["cues"], models["roles"], float(meta["threshold"]), meta, float(meta.get("veto", 0.0))
    )


@lru_cache(maxsize=1)
def shipped_tagger_models() -> TaggerModels | None:
    """The shipped models, or None before `tools/train_attribution.py` has first written them (the
    training run itself codes documents before the file exists)."""
    return tagger_models() if data_path(*MODEL_FILE).exists() else None


@dataclass(frozen=True)
class TaggedStatement:
    """Token indices of one statement's parts; content pieces are contiguous runs in document order."""

    head: int
    cue: tuple[int, int]  # [start, end) token range
    source: tuple[int, int] | None
    pieces: tuple[tuple[int, int], ...]
    nested_in: int | None = None  # head of the statement whose content holds this one
    probability: float = 1.0


def cue_probabilities(context: DocContext, models: TaggerModels) -> dict[int, float]:
    """P(head of a cue) for every candidate word of the Doc."""
    candidates = [t for t in context.doc if is_cue_candidate(t)]
    if not candidates:
        return {}
    rows = Rows.build([cue_features(t, context) for t in candidates], models.cues.buckets)
    return dict(zip((t.i for t in candidates), models.cues.probabilities(rows).tolist(), strict=True))


def role_labels(context: DocContext, head: int, words: range, models: TaggerModels) -> dict[int, int]:
    """The likeliest role of each word in `words` for the cue headed by `head`."""
    doc = context.doc
    indices = [j for j in words if not doc[j].is_space]
    if not indices:
        return {}
    rows = Rows.build([role_features(context, head, j) for j in indices], models.roles.buckets)
    labels = np.argmax(models.roles.scores(rows), axis=1)
    found = dict(zip(indices, labels.tolist(), strict=True))
    found[head] = CUE
    return found


def tag_statements(doc: Doc, models: TaggerModels | None = None) -> list[TaggedStatement]:
    """Every statement the models find in `doc`, outermost first, then those nested in their contents."""
    models = models or tagger_models()
    context = DocContext(doc)
    probabilities = cue_probabilities(context, models)
    above = [(p, i) for i, p in probabilities.items() if p >= models.threshold]
    heads = sorted(above, key=lambda pair: (-pair[0], pair[1]))
    taken = [False] * len(doc)
    found: list[TaggedStatement] = []
    for probability, head in heads:
        if taken[head]:
            continue
        labels = role_labels(context, head, context.window(head), models)
        statement = _decode(doc, head, labels, taken, probability)
        if statement is None:
            continue
        found.append(statement)
        for start, end in (statement.cue, statement.source or (0, 0), *statement.pieces):
            for i in range(start, end):
                taken[i] = True
    found.extend(_nested(context, found, models))
    return found


def _decode(
    doc: Doc, head: int, labels: dict[int, int], taken: list[bool], probability: float
) -> TaggedStatement | None:
    def free(i: int, role: int) -> bool:
        return labels.get(i) == role and not taken[i]

    start = end = head
    while free(start - 1, CUE):
        start -= 1
    while free(end + 1, CUE):
        end += 1
    content = _runs(doc, [i for i in sorted(labels) if free(i, CONTENT)])
    content = [run for run in content if any(not doc[i].is_punct for i in range(*run))]
    if not content:
        return None
    sources = _runs(doc, [i for i in sorted(labels) if free(i, SOURCE)])
    source = max(sources, key=lambda r: (r[1] - r[0], -abs(r[0] - head)), default=None)
    return TaggedStatement(head, (start, end + 1), source, tuple(content), probability=probability)


def _runs(doc: Doc, indices: list[int]) -> list[tuple[int, int]]:
    """Contiguous [start, end) runs of the sorted indices, bridging gaps of punctuation or whitespace
    only, and trimmed of punctuation at both ends."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and all(doc[k].is_punct or doc[k].is_space for k in range(runs[-1][1], i)):
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    trimmed = []
    for start, end in runs:
        while start < end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


def _nested(context: DocContext, outer: list[TaggedStatement], models: TaggerModels) -> list[TaggedStatement]:
    """Statements reported inside an outer statement's content: cue words by the cue-rate lexicon, their
    parts tagged within that content piece only."""
    doc = context.doc
    nested: list[TaggedStatement] = []
    for statement in outer:
        for start, end in statement.pieces:
            taken = [False] * len(doc)
            for i in range(len(doc)):
                taken[i] = not start <= i < end
            for token in doc[start:end]:
                if taken[token.i] or not is_cue(token):
                    continue
                labels = role_labels(context, token.i, range(start, end), models)
                inner = _decode(doc, token.i, labels, taken, 0.0)
                if inner is None:
                    continue
                nested.append(
                    TaggedStatement(
                        inner.head, inner.cue, inner.source, inner.pieces, nested_in=statement.head
                    )
                )
                for a, b in (inner.cue, inner.source or (0, 0), *inner.pieces):
                    for i in range(a, b):
                        taken[i] = True
    return nested


__all__ = [
    "MODEL_FILE",
    "ROLE_NAMES",
    "TaggedStatement",
    "TaggerModels",
    "cue_probabilities",
    "role_labels",
    "shipped_tagger_models",
    "tag_statements",
    "tagger_models",
]
