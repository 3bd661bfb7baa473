"""Where the time goes: the share of each Flashpoint stage next to the spaCy parse, on the same texts.

Issue 5 asks that geocoding and dates together cost < 10% of the pipeline's time; this prints that share
(and every stage's) for PolNeAR dev, measured in one process.

    python benchmarks/stages.py --data ../shared/data [--limit 84] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from flashpoint.ingest import Article, article_id
from flashpoint.nlp import STAGES, load_pipeline


def stage_shares(texts: list[str], published: str = "2016-10-01") -> dict[str, float]:
    nlp = load_pipeline()
    for _ in nlp.pipe(texts[:5]):  # warm-up: lexicons and gazetteer load on first use
        pass
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, disable=list(STAGES)))
    seconds = {"spacy_parse": time.perf_counter() - started, **dict.fromkeys(STAGES, 0.0)}
    for text, doc in zip(texts, docs, strict=True):
        doc._.article = Article(text=text, id=article_id(text), published=published)
        for name, proc in nlp.pipeline:
            if name in STAGES:
                started = time.perf_counter()
                doc = proc(doc)
                seconds[name] += time.perf_counter() - started
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=84)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    folder = args.data / "polnear" / "dev" / "text"
    if not folder.is_dir():
        print(f"no PolNeAR text at {folder}; nothing to measure", file=sys.stderr)
        return 0
    paths = sorted(folder.glob("*.txt"))[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    seconds = stage_shares(texts)
    total = sum(seconds.values())
    for name, value in seconds.items():
        print(f"{name:>24}: {value:6.2f} s  {value / total:6.1%}")
    where_when = (seconds["flashpoint_places"] + seconds["flashpoint_times"]) / total
    label = "places + times"
    print(f"{label:>24}: {where_when:6.1%} of the pipeline's time ({len(texts)} PolNeAR dev articles)")
    if args.json:
        summary = {"seconds": seconds, "places_times_share": where_when}
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
