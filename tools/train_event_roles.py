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

import sys

from flashpoint.evaluation.conflibert import (
    code_role_sentences,
    evaluate_roles,
    role_examples,
    training_data,
    write_weights,
)
from flashpoint.events.ranker import file_digest, load_quad_model
from flashpoint.events.roles import ROLE_MODEL_FILE, train_role_model


def main(argv: list[str] | None = None) -> int:
    found = training_data(argv, __doc__.splitlines()[0], "roles_train.bio", ROLE_MODEL_FILE)
    if found is None:
        return 2
    roles, out = found
    sentences = code_role_sentences(roles)
    examples = role_examples(sentences, load_quad_model())
    model = train_role_model(examples)
    meta = {
        "trained_on": "eventdata/ConfliBERT data/cameo_ner roles_train.bio",
        "sha256_16": file_digest(roles),
        "sentences": len(sentences),
        "events": len(examples),
        "features": len(model.vocabulary),
        "recipient_none_offset": model.none_offset[1],
        "command": "tools/train_event_roles.py",
    }
    write_weights(out, model.to_json(meta), len(model.vocabulary))
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
    sys.exit(main())
