"""Train the event ranker (events/ranker.py) on ConfliBERT's quad sentences and write its weights.

    .venv/bin/python tools/train_event_ranker.py [--data ../shared/data] [--out src/flashpoint/data/models]

Deterministic: the same data and code give the same weights file. Prints the k-fold cross-validated
macro-F1 (folds by text hash, each fold ranked by a model trained on the others) next to the rules-only
score; the shipped model itself is trained on every sentence, so never score it on this file directly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flashpoint.data import data_path
from flashpoint.evaluation.conflibert import code_sentences, evaluate_quad, read_quad
from flashpoint.events.ranker import MODEL_FILE, file_digest, train_quad_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=data_path(*MODEL_FILE), help="weights file to write")
    args = parser.parse_args(argv)
    quad = args.data / "conflibert_cameo" / "quad_train.tsv"
    if not quad.exists():
        print(f"no training data at {quad}", file=sys.stderr)
        return 2
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(meta), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB, {len(model.vocabulary)} features)")
    report = evaluate_quad(quad)
    print(f"{report['protocol']}: macro-F1 {report['macro_f1']:.3f}, accuracy {report['accuracy']:.3f}")
    print(f"rules only: macro-F1 {report['rules_only']['macro_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
