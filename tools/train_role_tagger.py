"""Train the accurate profile's role tagger (events/tagger.py), then the role chooser that reads it.

    .venv/bin/python tools/train_role_tagger.py [--data ../shared/data] [--out src/flashpoint/data/models/...]

Needs the `transformer` extra (`make train-tagger` installs it). Two steps, both deterministic
(`--keep-tagger` runs the second only, on the shipped tagger: after `make train` changed the ranker):

1. LoRA adapters (rank 8) on the frozen all-MiniLM-L6-v2 encoder and a tagging head learn the S/T/R BIO
   tags of every sentence of `roles_train.bio`: 15 epochs on one thread, about 6 minutes here, once per
   member of the ensemble (events.tagger.SEEDS: `role_tagger.npz`, `role_tagger_seed1.npz`).
2. The role chooser of events/roles.py is trained again with the tagger's features on every option
   (events.coder.TaggedRoles), each sentence tagged by a tagger trained without it: the five fold
   taggers of the cross-validation (evaluation.conflibert.cv_taggers, about 50 minutes the first time,
   then reused from the cache), so that it learns how far to trust tags on unseen text
   (`event_roles_tagged.json`).

The cross-validated effect on Flashpoint's roles is `flashpoint eval conflibert-roles-tagger`; never score
the shipped tagger or chooser on this file directly.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from flashpoint.evaluation.conflibert import (
    FOLDS,
    code_role_sentences,
    cv_taggers,
    fold_of,
    read_bio,
    role_examples,
    tagged_roles_out_of_fold,
    training_file,
    training_parser,
    write_weights,
)
from flashpoint.events.ranker import file_digest, load_quad_model
from flashpoint.events.roles import TAGGED_ROLE_MODEL_FILE, train_role_model
from flashpoint.events.tagger import (
    SEEDS,
    TAGGER_FILE,
    TrainingSettings,
    member_path,
    save_tagger,
    train_role_tagger,
)

TRAINED_ON = "eventdata/ConfliBERT data/cameo_ner roles_train.bio"


def main(argv: list[str] | None = None) -> int:
    parser = training_parser(__doc__.splitlines()[0], TAGGER_FILE)
    parser.add_argument(
        "--keep-tagger", action="store_true", help="train the chooser only, on the shipped tagger"
    )
    args = parser.parse_args(argv)
    roles, out = training_file(args.data, "roles_train.bio"), args.out
    if roles is None:
        return 2
    if (
        args.keep_tagger and out.exists()
    ):  # step 2 only: after `make train` changed the ranker or the features
        with np.load(out) as shipped:
            meta = json.loads(str(shipped["meta"]))
        if meta["sha256_16"] != file_digest(roles):
            print(f"{out} was trained on other data; train it again (no --keep-tagger)", file=sys.stderr)
            return 2
        return _train_chooser(roles, out, meta)
    sentences = [([w for w, _ in s], [t for _, t in s]) for s in read_bio(roles)]
    for seed in SEEDS:  # one member of the ensemble per seed
        settings = TrainingSettings(seed=seed)
        started = time.perf_counter()
        arrays = train_role_tagger(sentences, settings)
        meta = {
            "trained_on": TRAINED_ON,
            "sha256_16": file_digest(roles),
            "sentences": len(sentences),
            "settings": settings.__dict__,
            "command": "tools/train_role_tagger.py",
        }
        member = member_path(seed, out)
        save_tagger({**arrays, "meta": np.array(json.dumps(meta, sort_keys=True))}, member)
        numbers = sum(a.size for k, a in arrays.items() if k != "scale")
        print(
            f"wrote {member} ({member.stat().st_size // 1024} kB, {numbers} trained numbers, "
            f"{time.perf_counter() - started:.0f} s)"
        )
    return _train_chooser(roles, out, meta)


def _train_chooser(roles, out, meta: dict) -> int:
    coded = code_role_sentences(roles)
    ranker = load_quad_model()
    folds = [fold_of(s.coded.text) for s in coded]
    scored = list(zip(coded, folds, strict=True))
    tagged = tagged_roles_out_of_fold(scored, [ranker] * FOLDS, cv_taggers(roles))
    examples = role_examples(coded, ranker, tagged)
    model = train_role_model(examples, model_id="roles-clr-tagged")
    chooser = out.with_name(TAGGED_ROLE_MODEL_FILE[-1])  # beside the tagger
    meta = {
        **meta,
        "events": len(examples),
        "features": len(model.vocabulary),
        "recipient_none_offset": model.none_offset[1],
        "tagger_seeds": list(SEEDS),
        "tags": "each sentence tagged by the fold tagger trained without it (cv_taggers)",
    }
    write_weights(chooser, model.to_json(meta), len(model.vocabulary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
