"""Scoring HTML ingestion on the article-extraction benchmark (181 real news and blog pages).

Each page is read exactly as `flashpoint ingest page.html.gz` reads it (trafilatura for the body, htmldate
for the date), with no URL given. Body text is scored as the benchmark itself scores it: shingles of four
`\\w+` tokens, true and false positives and negatives per page normalised to sum to one, precision and
recall averaged over pages, F1 from those averages (so trafilatura's published ~0.95 is comparable).

The benchmark has no gold dates. We report the share of pages that get one. As a check on the dates, for
the pages whose URL holds a date (/2019/11/19/) we also ask htmldate for the date from the markup alone,
without the page's URL (from which it would otherwise take the date), and count how often the two agree.

    python -m flashpoint.evaluation.html ../shared/data/html_articles
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import htmldate

from ..errors import EvaluationError
from ..ingest import Article, read_inputs
from ..ingest.html import DATE_PARAMS

_TOKEN = re.compile(r"\w+")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?:/|-|$)")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str, predicted: str) -> tuple[float, float, float]:
    """True positives, false positives, false negatives over shingles, normalised to sum to 1."""
    gold, found = shingles(true), shingles(predicted)
    tp = sum((gold & found).values())
    fp = sum((found - gold).values())
    fn = sum((gold - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def evaluate_html(path: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Body-text P/R/F1 and date coverage over the pages of an article-extraction-benchmark folder."""
    truth_file = path / "ground-truth.json"
    if not truth_file.is_file():
        raise EvaluationError(f"{truth_file} not found (expected the article-extraction-benchmark layout)")
    truth: dict[str, dict[str, str]] = json.loads(truth_file.read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    scores: list[tuple[float, float, float]] = []
    dated = with_text = url_dated = url_agree = 0
    for key in keys:
        page = path / "html" / f"{key}.html.gz"
        if not page.is_file():
            raise EvaluationError(f"{page} not found")
        articles = [item for item in read_inputs([page]) if isinstance(item, Article)]
        text = articles[0].text if articles else ""
        published = articles[0].published if articles else None
        with_text += bool(text)
        dated += published is not None
        scores.append(shingle_match(truth[key].get("articleBody", ""), text))
        url_date = _URL_DATE.search(truth[key].get("url", ""))
        if url_date:
            url_dated += 1
            year, month, day = url_date.groups()
            from_markup = htmldate.find_date(gzip.decompress(page.read_bytes()), url=None, **DATE_PARAMS)
            url_agree += from_markup == f"{year}-{int(month):02d}-{int(day):02d}"
    precision = statistics.mean(_precision(*s) for s in scores if s[0] + s[1] > 0)
    recall = statistics.mean(_recall(*s) for s in scores if s[0] + s[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "body_text": {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4)},
        "pages": len(keys),
        "pages_with_text": with_text,
        "date_share": round(dated / len(keys), 4) if keys else 0.0,
        "pages_dated": dated,
        "url_dated_pages": url_dated,
        "markup_date_agrees_with_url": round(url_agree / url_dated, 4) if url_dated else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_html(args.path, limit=args.limit), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
