"""`make bench`: Flashpoint's throughput against raw spaCy on the same texts, in one process.

Machines here are shared and noisy, so every number is reported with a baseline measured in the same
run: raw `nlp.pipe` of the same model over the same texts. Prints articles/s, words/s, peak memory and
the ratios; `--json` also writes them.

    python benchmarks/run.py --data ../shared/data [--limit 300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from flashpoint.coder import code_items
from flashpoint.ingest import Article, article_id
from flashpoint.nlp import STAGES, load_pipeline


def polnear_texts(data: Path, limit: int) -> list[str]:
    folder = data / "polnear" / "dev" / "text"
    files = sorted(folder.glob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def india_texts(data: Path, limit: int) -> list[str]:
    texts = []
    with (data / "india_police_events" / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record.get("text") or record.get("doc_text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def time_raw(nlp, texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, disable=list(STAGES)):
        pass
    return time.perf_counter() - started


def time_flashpoint(nlp, texts: list[str], batch_size: int) -> tuple[float, int]:
    articles = [Article(text=t, id=article_id(t), published="2020-01-01") for t in texts]
    started = time.perf_counter()
    events = 0
    for item in code_items(articles, nlp=nlp, batch_size=batch_size):
        events += len(getattr(getattr(item, "record", None), "events", ()))
    return time.perf_counter() - started, events


def bench(name: str, nlp, texts: list[str], batch_size: int) -> dict:
    words = sum(len(t.split()) for t in texts)
    time_raw(nlp, texts[:20], batch_size)  # warm-up: first-call costs are not throughput
    time_flashpoint(nlp, texts[:20], batch_size)
    raw = time_raw(nlp, texts, batch_size)
    full, events = time_flashpoint(nlp, texts, batch_size)
    return {
        "corpus": name,
        "articles": len(texts),
        "words": words,
        "events": events,
        "raw_spacy_s": round(raw, 2),
        "flashpoint_s": round(full, 2),
        "raw_articles_per_s": round(len(texts) / raw, 1),
        "flashpoint_articles_per_s": round(len(texts) / full, 1),
        "flashpoint_words_per_s": round(words / full),
        "ratio_vs_raw_spacy": round(raw / full, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=300, help="articles per corpus")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}; nothing to benchmark", file=sys.stderr)
        return 0
    nlp = load_pipeline()
    results = []
    for name, reader in (("polnear-dev", polnear_texts), ("india-police-events", india_texts)):
        texts = reader(args.data, args.limit)
        if texts:
            results.append(bench(name, nlp, texts, args.batch_size))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for r in results:
        print(
            f"{r['corpus']:>20}: {r['articles']} articles, {r['words']} words, {r['events']} events | "
            f"raw spaCy {r['raw_articles_per_s']} art/s | flashpoint {r['flashpoint_articles_per_s']} art/s, "
            f"{r['flashpoint_words_per_s']} words/s | ratio {r['ratio_vs_raw_spacy']}"
        )
    print(f"peak memory: {peak_mb:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "peak_mb": round(peak_mb)}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
