"""Train the event ranker (events/ranker.py) on ConfliBERT's quad sentences and write its weights.

    .venv/bin/python tools/train_event_ranker.py [--data ../shared/data] [--out src/flashpoint/data/models]

Deterministic: the same data and code give the same weights file. Prints the k-fold cross-validated
macro-F1 (folds by text hash, each fold ranked by a model trained on the others) next to the rules-only
score; the shipped model itself is trained on every sentence, so never score it on this file directly.
"""

from __future__ import annotations

import sys

from flashpoint.evaluation.conflibert import (
    code_sentences,
    evaluate_quad,
    read_quad,
    training_data,
    write_weights,
)
from flashpoint.events.ranker import MODEL_FILE, file_digest, train_quad_model


def main(argv: list[str] | None = None) -> int:
    found = training_data(argv, __doc__.splitlines()[0], "quad_train.tsv", MODEL_FILE)
    if found is None:
        return 2
    quad, out = found
    rows = read_quad(quad)
    coded = list(code_sentences([text for text, _ in rows]))
    model = train_quad_model([c.features for c in coded], [label for _, label in rows])
    meta = {
        "trained_on": "eventdata/ConfliBERT data/cameo_class quad_train.tsv",
        "sha256_16": file_digest(quad),
        "sentences": len(rows),
        "features": len(model.vocabulary),
        "command": "tools/train_event_ranker.py",
    }
    write_weights(out, model.to_json(meta), len(model.vocabulary))
    report = evaluate_quad(quad)
    print(f"{report['protocol']}: macro-F1 {report['macro_f1']:.3f}, accuracy {report['accuracy']:.3f}")
    print(f"rules only: macro-F1 {report['rules_only']['macro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
