"""Train the accurate profile's role tagger (events/tagger.py) on ConfliBERT's role sentences.

    .venv/bin/python tools/train_role_tagger.py [--data ../shared/data] [--out src/flashpoint/data/models/...]

Needs the `transformer` extra (`make train-tagger` installs it). LoRA adapters (rank 8) on the frozen
all-MiniLM-L6-v2 encoder and a tagging head learn the S/T/R BIO tags of every sentence of
`roles_train.bio`, 15 epochs, on one thread, seeded: about 6 minutes here. The cross-validated effect on
Flashpoint's roles is measured by `flashpoint eval conflibert-roles --tagger` (make eval-tagger), which
trains one tagger per fold; never score the shipped tagger on this file directly.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from flashpoint.evaluation.conflibert import read_bio, training_data
from flashpoint.events.ranker import file_digest
from flashpoint.events.tagger import TAGGER_FILE, TrainingSettings, save_tagger, train_role_tagger


def main(argv: list[str] | None = None) -> int:
    found = training_data(argv, __doc__.splitlines()[0], "roles_train.bio", TAGGER_FILE)
    if found is None:
        return 2
    roles, out = found
    sentences = [([w for w, _ in s], [t for _, t in s]) for s in read_bio(roles)]
    settings = TrainingSettings()
    started = time.perf_counter()
    arrays = train_role_tagger(sentences, settings)
    meta = {
        "trained_on": "eventdata/ConfliBERT data/cameo_ner roles_train.bio",
        "sha256_16": file_digest(roles),
        "sentences": len(sentences),
        "settings": settings.__dict__,
        "command": "tools/train_role_tagger.py",
    }
    save_tagger({**arrays, "meta": np.array(json.dumps(meta, sort_keys=True))}, out)
    numbers = sum(a.size for k, a in arrays.items() if k != "scale")
    print(
        f"wrote {out} ({out.stat().st_size // 1024} kB, {numbers} trained numbers, "
        f"{time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
