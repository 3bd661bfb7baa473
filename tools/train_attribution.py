"""Train the attribution cue model on PolNeAR train and write data/models/attribution_spans.npz.

    .venv/bin/python tools/train_attribution.py [--data ../shared/data] [--parsed CACHE.spacy]

Protocol (dev is never read): one article in five of PolNeAR train (by a hash of its name) is held out;
the cue model is fitted on the other four fifths; the cue thresholds (accept, veto: see
`quotes.find_cue_heads`) are the pair with the best cue + source + content F1 (overlap) of the statement
finder on the held-out fifth. Then the cue-span model (`cue_spans`) is fitted on the words around the
cues the finder, with those thresholds, finds in the four fifths, and its threshold is the one with the
best cue F1 (exact + overlap) on the held-out fifth. The scores are printed; then both models are refitted
on all of train and written with the thresholds and their provenance. Deterministic: the same data and
code give the same weights. Parsing train takes a few minutes; `--parsed` keeps the parsed Docs for the
next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

from flashpoint.attribution import training
from flashpoint.attribution.linear import save_models
from flashpoint.attribution.quotes import find_quotes
from flashpoint.attribution.tagger import MODEL_FILE, TaggerModels
from flashpoint.coder import parse_articles
from flashpoint.data import data_path
from flashpoint.evaluation.polnear import (
    ROLES,
    SpanTotals,
    predicted_attributions,
    read_polnear,
)
from flashpoint.ingest.article import Article
from flashpoint.nlp import load_pipeline
from flashpoint.nlp.model import model_name

# (accept, veto): a word is a cue when the model gives it P >= accept, or when the cue-rate lexicon takes it
# and P >= veto (quotes.find_cue_heads). 1.01 accepts nothing on the model's word alone.
THRESHOLDS = (
    (0.5, 0.1),
    (0.6, 0.1),
    (0.7, 0.1),
    (0.8, 0.1),
    (1.01, 0.1),
    (0.6, 0.2),
    (0.6, 0.05),
    (0.7, 0.05),
)
# The cue-span model keeps a word in the cue when P >= this (cue_spans.learned_cue_span).
SPAN_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


def held_out(name: str) -> bool:
    return int(hashlib.md5(name.encode("utf-8")).hexdigest(), 16) % 5 == 0


def parsed_docs(nlp, articles, cache: Path | None):
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return docs
    docs = parse_articles(nlp, [Article(text=a.text, id=a.name) for a in articles], batch_size=32)
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def examples_of(pairs) -> training.Examples:
    examples = training.Examples.empty()
    for article, doc in pairs:
        training.add_examples(examples, article.gold, doc)
    return examples


def with_spans(pairs, models: TaggerModels) -> TaggerModels:
    """`models` with a cue-span model fitted on the cues they find in `pairs`."""
    examples = training.Examples.empty()
    for article, doc in pairs:
        training.add_span_examples(examples, article.gold, doc, models)
    return training.fit_spans(examples, models)


def scores(nlp, pairs, models: TaggerModels) -> dict:
    totals = SpanTotals()
    for article, doc in pairs:
        doc._.article = Article(text=article.text, id=article.name, published=article.published)
        for name, proc in nlp.pipeline:
            if name == "flashpoint_actors":  # speakers need the actor mentions
                doc = proc(doc)
        totals.add(article.text, predicted_attributions(find_quotes(doc, models)), article.gold)
    return totals.summary()


def line(result: dict) -> str:
    return "  ".join(
        f"{role} {result[role + '_exact']['f1']:.3f}/{result[role + '_overlap']['f1']:.3f}" for role in ROLES
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=data_path(*MODEL_FILE), help="weights file to write")
    parser.add_argument("--parsed", type=Path, help="cache of the parsed train Docs (DocBin) to reuse")
    args = parser.parse_args(argv)
    folder = args.data / "polnear" / "train"
    if not folder.is_dir():
        print(f"no PolNeAR train at {folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    articles = list(read_polnear(folder))
    nlp = load_pipeline()
    docs = parsed_docs(nlp, articles, args.parsed)
    pairs = list(zip(articles, docs, strict=True))
    fit_pairs = [p for p in pairs if not held_out(p[0].name)]
    held_pairs = [p for p in pairs if held_out(p[0].name)]
    print(f"{len(articles)} articles parsed ({time.perf_counter() - started:.0f} s); "
          f"fitting on {len(fit_pairs)}, holding out {len(held_pairs)}")  # fmt: skip
    models = training.fit(examples_of(fit_pairs), threshold=0.5)

    def held_out_score(candidate: TaggerModels) -> float:
        result = scores(nlp, held_pairs, candidate)
        print(
            f"held-out, cue accept {candidate.threshold:.2f} veto {candidate.veto:.2f}: "
            f"exact/overlap F1  {line(result)}",
            flush=True,
        )
        # the three roles' overlap F1 together: a cue is worth keeping when its statement is right
        return sum(result[f"{role}_overlap"]["f1"] for role in ROLES)

    best, best_f1 = training.best_thresholds(models, THRESHOLDS, held_out_score)
    print(f"chosen cue accept/veto {best}; fitting the cue-span model", flush=True)
    models = with_spans(fit_pairs, training.with_threshold(models, *best))
    best_span, best_span_f1 = None, -1.0
    for span_threshold in SPAN_THRESHOLDS:
        result = scores(nlp, held_pairs, training.with_threshold(models, *best, span_threshold))
        print(f"held-out, cue span {span_threshold:.2f}: exact/overlap F1  {line(result)}", flush=True)
        value = result["cue_exact"]["f1"] + result["cue_overlap"]["f1"]
        if value > best_span_f1:
            best_span, best_span_f1 = span_threshold, value
    print(f"chosen cue span threshold {best_span}; refitting on all {len(pairs)} train articles")
    meta = {
        "trained_on": "networkdynamics/PolNeAR data/train (first annotator of each article)",
        "articles": len(pairs),
        "threshold": best[0],
        "veto": best[1],
        "held_out_overlap_f1_sum": round(best_f1, 4),
        "parser": model_name(),
        "command": "tools/train_attribution.py",
        "date": dt.date.today().isoformat(),
        "cue_buckets": training.CUE_BUCKETS,
        "span_threshold": best_span,
        "span_buckets": training.SPAN_BUCKETS,
    }
    final = training.fit(
        examples_of(pairs), threshold=best[0], veto=best[1], span_threshold=best_span, meta=meta
    )
    final = with_spans(pairs, final)
    assert final.spans is not None
    save_models(args.out, {"cues": final.cues, "cue_spans": final.spans}, meta)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
