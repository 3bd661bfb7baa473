"""The learned event ranker: which of a sentence's rule-coded events is what the sentence reports.

The rules find every trigger; many sentences hold several ("X *agreed* to *open* its borders") or one that
is only the topic of a statement ("Lavrov *suggested* that the plan is an attempt at *reviving* talks").
A small multinomial logistic regression reads the sentence (its lemmas and lemma pairs) and the rule
events in it (PLOVER type, CAMEO root and code, quad class, trigger lemma, modality, place in the tree)
and gives the probability of each quad class for the sentence (0 = a statement or appeal, 1-4 the
verbal/material cooperation/conflict classes). Each rule event's confidence becomes

    P(its quad class) / (P(its quad class) + P(class 0))

so an event outranks a plain statement exactly when its confidence is at least 0.5, and within a sentence
the event of the likeliest class ranks first (`main_event`). The rules stay: the model never adds, drops
or re-types an event, and every event it scored says so in its provenance (`;ranker:<model id>`).

The weights ship in `data/models/event_quad.json` (a few hundred kB of JSON, no pickle); training is
`tools/train_event_ranker.py`, which uses `train_quad_model` below (plain numpy, no extra dependency).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..data import data_path
from ..records.model import Event
from .logistic import descend, feature_vocabulary, sparse_design
from .roles import ParseRows

QUAD_CLASSES = 5
MODEL_FILE = ("models", "event_quad.json")
# An event is the main event of its sentence only if it beats "a plain statement": see the module doc.
MAIN_EVENT_MIN_CONFIDENCE = 0.5
_SKIP_POS = frozenset({"PUNCT", "DET", "SPACE", "NUM", "SYM", "X"})
# Verbs that report speech: an event in their complement is what was said, not what was done.
_SPEECH_LEMMAS = frozenset({"say", "tell", "state", "announce", "claim", "add", "report", "note", "insist"})


# -- features ---------------------------------------------------------------------------------------------


def sentence_features(sentence: Span, events: Sequence[Event], rows: ParseRows | None = None) -> list[str]:
    """Binary features of one sentence and the rule events coded in it (`rows`: the Doc's `ParseRows`,
    when read already)."""
    features = ["bias"]
    if rows is None:
        lemmas = [_lemma(t) for t in sentence if t.pos_ not in _SKIP_POS and not t.is_space]
    else:
        doc = sentence.doc
        lemmas = [
            rows.lemma[i] or doc[i].text.lower()
            for i in range(sentence.start, sentence.end)
            if rows.pos[i] not in _SKIP_POS and not rows.space[i]
        ]
    features += [f"w={w}" for w in lemmas]
    features += [f"b={a}_{b}" for a, b in pairwise(lemmas)]
    if not events:
        features.append("noevent")
        return list(dict.fromkeys(features))
    doc = sentence.doc
    by_rules = max(events, key=lambda e: (e.confidence, -e.trigger.start))
    for event in events:
        token = _trigger_token(doc, event)
        for prefix in ("e", "m") if event is by_rules else ("e",):
            features += _event_features(prefix, event, token)
        if token is not None and token.dep_ == "ROOT":
            features += _event_features("r", event, token)
    return list(dict.fromkeys(features))


def _event_features(prefix: str, event: Event, token: Token | None) -> list[str]:
    rule = event.provenance.split(";", 1)[0]
    kind = rule.split(":")[1] if rule.count(":") >= 2 else "other"
    modality = event.modality
    out = [
        f"{prefix}q={event.quad_class}",
        f"{prefix}t={event.type}",
        f"{prefix}r={event.cameo[:2]}",
        f"{prefix}c={event.cameo}",
        f"{prefix}k={kind}",
        f"{prefix}qk={event.quad_class}{kind}",
        f"{prefix}qm={event.quad_class}{modality}",
    ]
    if token is not None:
        out.append(f"{prefix}g={_lemma(token)}")
        out.append(f"{prefix}qd={event.quad_class}{_depth_bucket(token)}")
        if token.head.i != token.i and _lemma(token.head) in _SPEECH_LEMMAS:
            out.append(f"{prefix}qs={event.quad_class}")
    return out


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _depth_bucket(token: Token) -> str:
    depth = 0
    while token.head.i != token.i and depth < 3:
        token = token.head
        depth += 1
    return f"d{depth}"


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# -- the model --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuadModel:
    """Weights of the sentence quad-class model: feature -> row of `weights` (one column per class)."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, QUAD_CLASSES)
    bias: np.ndarray  # (QUAD_CLASSES,)
    model_id: str = "quad-lr"

    def probabilities(self, features: Iterable[str]) -> np.ndarray:
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        scores = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def to_json(self, meta: dict | None = None) -> str:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        payload = {
            "model_id": self.model_id,
            "classes": list(range(QUAD_CLASSES)),
            "meta": meta or {},
            "bias": [round(float(b), 4) for b in self.bias],
            "features": {n: [round(float(w), 4) for w in self.weights[self.vocabulary[n]]] for n in names},
        }
        return json.dumps(payload, separators=(",", ":"), sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> QuadModel:
        payload = json.loads(text)
        names = list(payload["features"])
        weights = np.array([payload["features"][n] for n in names], dtype=np.float64).reshape(
            len(names), QUAD_CLASSES
        )
        return cls(
            vocabulary={n: i for i, n in enumerate(names)},
            weights=weights,
            bias=np.array(payload["bias"], dtype=np.float64),
            model_id=payload.get("model_id", "quad-lr"),
        )


def train_quad_model(
    feature_lists: Sequence[Sequence[str]],
    labels: Sequence[int],
    *,
    min_count: int = 2,
    l2: float = 1.0,
    iterations: int = 400,
    learning_rate: float = 0.5,
    model_id: str = "quad-lr",
) -> QuadModel:
    """Fit a multinomial logistic regression (L2, full-batch gradient descent with momentum).

    Deterministic: the same features and labels give the same weights. Features seen fewer than
    `min_count` times are dropped (they would be memorised, not learned).
    """
    vocabulary = feature_vocabulary(feature_lists, min_count)
    row_index, col_index = sparse_design(feature_lists, vocabulary)
    n = len(feature_lists)
    targets = np.eye(QUAD_CLASSES)[np.asarray(labels, dtype=np.int64)]

    def gradient(look: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        look_w, look_b = look
        scores = np.zeros((n, QUAD_CLASSES)) + look_b
        np.add.at(scores, row_index, look_w[col_index])
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        error = (probs - targets) / n
        grad_w = np.zeros_like(look_w)
        np.add.at(grad_w, col_index, error[row_index])
        return grad_w + l2 * look_w / n, error.sum(axis=0)

    start = [np.zeros((len(vocabulary), QUAD_CLASSES)), np.zeros(QUAD_CLASSES)]
    weights, bias = descend(gradient, start, iterations=iterations, learning_rate=learning_rate)
    return QuadModel(vocabulary, weights, bias, model_id)


@lru_cache(maxsize=1)
def load_quad_model() -> QuadModel | None:
    """The shipped model, or None when the package carries none (the rules then rank alone)."""
    path: Path = data_path(*MODEL_FILE)
    if not path.exists():
        return None
    return QuadModel.from_json(path.read_text(encoding="utf-8"))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# -- ranking ----------------------------------------------------------------------------------------------


def rescore(events: Sequence[Event], probabilities: np.ndarray, model_id: str) -> list[Event]:
    """The events of one sentence with the model's confidence (see the module doc) and provenance."""
    p0 = float(probabilities[0])
    best_other = float(probabilities[1:].max())
    out = []
    for event in events:
        p = float(probabilities[event.quad_class])
        # An appeal (class 0) competes with the likeliest conflict or cooperation class instead.
        confidence = p / (p + best_other) if event.quad_class == 0 else p / (p + p0)
        # Within a class, the rules' own confidence breaks ties (a hundredth at most).
        confidence = min(0.999, round(confidence * 0.99 + event.confidence * 0.01, 4))
        out.append(replace(event, confidence=confidence, provenance=f"{event.provenance};ranker:{model_id}"))
    return out


def rank_events(
    doc: Doc, events: list[Event], model: QuadModel | None, rows: ParseRows | None = None
) -> list[Event]:
    """Rescore `events` (of `doc`, in document order) sentence by sentence with `model` (`rows`: the
    Doc's `ParseRows`, when read already)."""
    if model is None or not events:
        return events
    by_sentence: dict[int, list[int]] = {}
    for position, event in enumerate(events):
        by_sentence.setdefault(event.sentence.index, []).append(position)
    ranked = list(events)
    for positions in by_sentence.values():
        group = [events[i] for i in positions]
        first = group[0].sentence
        sentence = doc.char_span(first.start, first.end, alignment_mode="expand")
        if sentence is None:
            continue
        probabilities = model.probabilities(sentence_features(sentence, group, rows))
        for i, event in zip(positions, rescore(group, probabilities, model.model_id), strict=True):
            ranked[i] = event
    return ranked


def main_event(events: Iterable[Event], *, minimum: float = MAIN_EVENT_MIN_CONFIDENCE) -> Event | None:
    """The event a sentence (or a one-sentence text) mainly reports: the most confident one, if it is
    confident enough (`minimum`) to be more than a plain statement; None when no event is. With
    `minimum=0` the best event whatever its confidence (when the sentence is known to report one)."""
    best = max(events, key=lambda e: (e.confidence, -e.trigger.start), default=None)
    if best is None or best.confidence < minimum:
        return None
    return best


__all__ = [
    "MAIN_EVENT_MIN_CONFIDENCE",
    "QuadModel",
    "load_quad_model",
    "main_event",
    "rank_events",
    "rescore",
    "sentence_features",
    "train_quad_model",
]
