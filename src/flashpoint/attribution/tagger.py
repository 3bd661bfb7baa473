"""The learned cue model: which words head an attribution cue.

A hashed logistic regression (`linear`) over `features.cue_features`, trained on PolNeAR train by
`tools/train_attribution.py` and shipped in `data/models/attribution_spans.npz` with its provenance and
the two thresholds chosen on held-out train: a word heads a cue when P >= `threshold`, and a word of the
cue-rate lexicon is dropped when P < `veto` (see `quotes.find_cue_heads`). The cue's content and source
are read from the parse around it (`quotes`); the words of the cue around its head, by the cue-span model
shipped in the same file (`cue_spans`).

A transformer's context beside the parse features was measured and left out: all-MiniLM-L6-v2's word
vectors, fitted jointly with them, left the held-out cue F1 where it was (overlap 0.747 -> 0.746; source
+0.004, content +0.006) at about three times the parse's CPU (tools/experiments/attribution_embeddings.py).
The annotation itself bounds the scores: PolNeAR's annotators agree with one another at cue overlap F1
0.795 (`flashpoint eval polnear-agreement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import data_path
from ..errors import ConfigError
from .features import DocContext, cue_features
from .linear import LinearModel, Rows, load_models

MODEL_FILE = ("models", "attribution_spans.npz")


@dataclass(frozen=True)
class TaggerModels:
    cues: LinearModel
    threshold: float  # a word heads a cue when P >= threshold (chosen on held-out train)
    meta: dict
    # With the cue-rate lexicon (`quotes.find_cue_heads`): a lexicon cue is dropped when P < veto.
    veto: float = 0.0
    # Which words around a cue head belong to the cue (`cue_spans`); None: the lexicon's rules alone.
    spans: LinearModel | None = None
    span_threshold: float = 0.5


@lru_cache(maxsize=1)
def tagger_models() -> TaggerModels:
    path = data_path(*MODEL_FILE)
    try:
        models, meta = load_models(path)
        cues = models["cues"]
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"attribution model {path} is missing or unreadable; rebuild it with tools/train_attribution.py"
        ) from exc
    return TaggerModels(
        cues,
        float(meta["threshold"]),
        meta,
        float(meta.get("veto", 0.0)),
        models.get("cue_spans"),
        float(meta.get("span_threshold", 0.5)),
    )


@lru_cache(maxsize=1)
def shipped_tagger_models() -> TaggerModels | None:
    """The shipped model, or None before `tools/train_attribution.py` has first written it (the training
    run itself codes documents before the file exists)."""
    return tagger_models() if data_path(*MODEL_FILE).exists() else None


def cue_probabilities(context: DocContext, models: TaggerModels) -> dict[int, float]:
    """P(head of a cue) for every candidate word of the Doc."""
    candidates = [i for i, candidate in enumerate(context.candidate) if candidate]
    if not candidates:
        return {}
    rows = Rows.build([cue_features(i, context) for i in candidates], models.cues.buckets)
    return dict(zip(candidates, models.cues.probabilities(rows).tolist(), strict=True))


__all__ = ["MODEL_FILE", "TaggerModels", "cue_probabilities", "shipped_tagger_models", "tagger_models"]
