"""Train the event role chooser (events/roles.py) on ConfliBERT's role sentences and write its weights.

    .venv/bin/python tools/train_event_roles.py [--data ../shared/data] [--out src/flashpoint/data/models]

Each sentence of `roles_train.bio` is coded by the rules; its main event is chosen by the shipped quad
ranker (data/models/event_quad.json, so train that first: tools/train_event_ranker.py), and the gold
source (S) and target (T) spans mark which of the event's role options are right. Deterministic: the same
data and code give the same weights file. Prints the k-fold cross-validated span scores (folds by text
hash, shared with the quad file; each fold's main events and roles chosen by models trained on the other
folds) next to the rules' own roles; the shipped model itself is trained on every sentence, so never
score it on this file directly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flashpoint.data import data_path
from flashpoint.evaluation.conflibert import code_role_sentences, evaluate_roles, role_examples
from flashpoint.events.ranker import file_digest, load_quad_model
from flashpoint.events.roles import ROLE_MODEL_FILE, train_role_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=data_path(*ROLE_MODEL_FILE), help="weights file to write")
    args = parser.parse_args(argv)
    roles = args.data / "conflibert_cameo" / "roles_train.bio"
    if not roles.exists():
        print(f"no training data at {roles}", file=sys.stderr)
        return 2
    sentences = code_role_sentences(roles)
    examples = role_examples(sentences, load_quad_model())
    model = train_role_model(examples)
    meta = {
        "trained_on": "eventdata/ConfliBERT data/cameo_ner roles_train.bio",
        "sha256_16": file_digest(roles),
        "sentences": len(sentences),
        "events": len(examples),
        "features": len(model.vocabulary),
        "command": "tools/train_event_roles.py",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(meta), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB, {len(model.vocabulary)} features)")
    report = evaluate_roles(roles)
    print(report["protocol"])
    for key in ("S_span", "T_span", "S_tok", "T_tok"):
        learned, rules = report[key], report["rules_only"][key]
        print(
            f"{key}: F1 {learned['f1']:.3f} (P {learned['p']:.3f} / R {learned['r']:.3f}); "
            f"rules only F1 {rules['f1']:.3f} (P {rules['p']:.3f} / R {rules['r']:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
