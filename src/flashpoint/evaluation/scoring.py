"""Scorers shared by the evaluations: precision/recall/F1 and confusion matrices (cf. spacy/scorer.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence


def prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "p": round(precision, 4),
        "r": round(recall, 4),
        "f1": round(f1, 4),
        "tp": true_positive,
        "predicted": predicted,
        "gold": gold,
    }


def set_prf(predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> dict[str, float]:
    p, g = set(predicted), set(gold)
    return prf(len(p & g), len(p), len(g))


def classification_report(gold: Sequence[int], predicted: Sequence[int], labels: Sequence[int]) -> dict:
    """Per-class P/R/F1, macro-F1, accuracy and the confusion matrix (rows gold, columns predicted)."""
    pairs = Counter(zip(gold, predicted, strict=True))
    per_class = {}
    for label in labels:
        tp = pairs[(label, label)]
        per_class[str(label)] = prf(
            tp,
            sum(n for (_, p), n in pairs.items() if p == label),
            sum(n for (g, _), n in pairs.items() if g == label),
        )
    macro = sum(c["f1"] for c in per_class.values()) / len(labels)
    accuracy = sum(n for (g, p), n in pairs.items() if g == p) / max(len(gold), 1)
    matrix = [[pairs[(g, p)] for p in labels] for g in labels]
    return {
        "macro_f1": round(macro, 4),
        "accuracy": round(accuracy, 4),
        "per_class": per_class,
        "confusion": {"labels": list(labels), "matrix": matrix},
        "n": len(gold),
    }
