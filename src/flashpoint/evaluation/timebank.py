"""Scoring the times stage on TimeBank 1.2 (TempEval-3 cleaned TimeML).

Each document's DCT (document creation time) is the publication date. Gold is every TIMEX3 of type
DATE in the TEXT element. A prediction matches a gold expression it overlaps (one-to-one); predictions
overlapping a gold TIME expression are not counted (the stage may reduce "Tuesday night" to its date),
all other unmatched predictions are false positives. Value accuracy is over matched pairs.

Gold DATE values the output contract cannot carry (PRESENT_REF, PAST_REF, FUTURE_REF for "now",
"recently"; centuries; underspecified "1989-WXX") stay in the denominator of `extent_overlap` recall and
of `value_accuracy`; the `representable_*` numbers score against only the gold the contract can express.

    python -m flashpoint.evaluation.timebank /work/shared/data/timebank [--limit N] [--errors]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..records.model import Time
from ..times import find_times
from ..times.values import precision_of
from .scoring import prf


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    name: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    """The TEXT of a TimeML file, its DCT and its TIMEX3 tags with character offsets into the text."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(f"{path}: not well-formed TimeML: {exc}") from exc
    dct_timex = root.find("DCT/TIMEX3")
    text_elem = root.find("TEXT")
    if dct_timex is None or text_elem is None or not dct_timex.get("value"):
        raise EvaluationError(f"{path}: no DCT/TIMEX3 value or no TEXT element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []

    def walk(elem: ET.Element) -> None:
        if elem.text:
            parts.append(elem.text)
        for child in elem:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                text = "".join(parts)[start:end]
                timexes.append(GoldTimex(start, end, text, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)

    walk(text_elem)
    dct = dt.date.fromisoformat(dct_timex.get("value", "")[:10])
    return TimeMLDoc(path.stem, dct, "".join(parts), tuple(timexes))


def timeml_files(path: Path) -> list[Path]:
    files = sorted(path.rglob("*.tml"))
    if not files:
        raise EvaluationError(f"no TimeML (*.tml) files under {path}")
    return files


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _match(gold: list[GoldTimex], predicted: list[Time]) -> list[tuple[GoldTimex, Time]]:
    """One-to-one pairs of overlapping gold and predicted expressions, largest overlap first."""
    candidates = []
    for g in gold:
        for p in predicted:
            if _overlaps(g.start, g.end, p.start, p.end):
                overlap = min(g.end, p.end) - max(g.start, p.start)
                candidates.append((-overlap, g.start, p.start, g, p))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, _, g, p in sorted(candidates, key=lambda c: c[:3]):
        if id(g) in used_gold or id(p) in used_pred:
            continue
        used_gold.add(id(g))
        used_pred.add(id(p))
        pairs.append((g, p))
    return pairs


def _score_docs(path: Path, limit: int | None, model: str | None) -> Iterator[tuple[TimeMLDoc, list[Time]]]:
    from ..nlp import load_model

    nlp = load_model(model)
    docs = [read_timeml(f) for f in timeml_files(path)[:limit]]
    for tml, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        yield tml, find_times(doc, tml.dct)


def evaluate_timebank(
    path: Path, *, limit: int | None = None, model: str | None = None, errors: list[str] | None = None
) -> dict[str, Any]:
    """Extent P/R/F1 (overlap and strict) and value accuracy of `find_times` on TimeBank DATE expressions.

    `model` names the spaCy model (default: the configured one). `errors`, when given, collects one line
    per miss, false positive and wrong value (for development).
    """
    n_docs = n_gold = n_pred = n_ignored = 0
    matched = strict = correct = 0
    rep_gold = rep_matched = rep_correct = 0
    for tml, predicted in _score_docs(Path(path), limit, model):
        n_docs += 1
        gold = [g for g in tml.timexes if g.type == "DATE"]
        times_only = [g for g in tml.timexes if g.type == "TIME"]
        others = [g for g in tml.timexes if g.type not in {"DATE", "TIME"}]
        pairs = _match(gold, predicted)
        paired = {id(p) for _, p in pairs}
        ignored = [
            p for p in predicted
            if id(p) not in paired and any(_overlaps(g.start, g.end, p.start, p.end) for g in times_only)
        ]  # fmt: skip
        n_gold += len(gold)
        n_pred += len(predicted) - len(ignored)
        n_ignored += len(ignored)
        matched += len(pairs)
        strict += sum(g.start == p.start and g.end == p.end for g, p in pairs)
        correct += sum(g.value == p.value for g, p in pairs)
        representable = [g for g in gold if precision_of(g.value)]
        rep_gold += len(representable)
        rep_pairs = [(g, p) for g, p in pairs if precision_of(g.value)]
        rep_matched += len(rep_pairs)
        rep_correct += sum(g.value == p.value for g, p in rep_pairs)
        if errors is not None:
            _collect_errors(tml, gold, others, predicted, pairs, paired, {id(p) for p in ignored}, errors)
    return {
        "documents": n_docs,
        "gold_date": n_gold,
        "predicted": n_pred,
        "ignored_time_overlaps": n_ignored,
        "extent_overlap": prf(matched, n_pred, n_gold),
        "extent_strict": prf(strict, n_pred, n_gold),
        "value_accuracy": round(correct / matched, 4) if matched else 0.0,
        "value_f1": prf(correct, n_pred, n_gold)["f1"],
        # Against only the gold the contract can carry (no PRESENT_REF/PAST_REF/FUTURE_REF, "1989-WXX").
        "representable_gold": rep_gold,
        "representable_recall": round(rep_matched / rep_gold, 4) if rep_gold else 0.0,
        "representable_value_accuracy": round(rep_correct / rep_matched, 4) if rep_matched else 0.0,
    }


def _collect_errors(
    tml: TimeMLDoc,
    gold: list[GoldTimex],
    others: list[GoldTimex],
    predicted: list[Time],
    pairs: list[tuple[GoldTimex, Time]],
    paired: set[int],
    ignored: set[int],
    errors: list[str],
) -> None:
    def context(start: int, end: int) -> str:
        left = tml.text[max(0, start - 40) : start].replace("\n", " ")
        right = tml.text[end : end + 30].replace("\n", " ")
        return f"{left}[{tml.text[start:end]}]{right}"

    matched_gold = {id(g) for g, _ in pairs}
    for g in gold:
        if id(g) not in matched_gold:
            errors.append(f"MISS  {tml.name} dct={tml.dct} {g.value!r:14} {context(g.start, g.end)}")
    for p in predicted:
        if id(p) not in paired and id(p) not in ignored:
            kind = next((o.type for o in others if _overlaps(o.start, o.end, p.start, p.end)), "-")
            errors.append(
                f"FP    {tml.name} dct={tml.dct} {p.value!r:14} gold={kind:8} {context(p.start, p.end)}"
            )
    for g, p in pairs:
        if g.value != p.value:
            errors.append(
                f"VALUE {tml.name} dct={tml.dct} gold={g.value!r} got={p.value!r} "
                f"gold_text={g.text!r} {context(p.start, p.end)}"
            )
        elif (g.start, g.end) != (p.start, p.end):
            errors.append(f"BOUND {tml.name} gold={g.text!r} got={p.text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path, help="folder holding TimeBank *.tml files (searched recursively)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument(
        "--errors", action="store_true", help="also print every miss, false positive, wrong value"
    )
    args = parser.parse_args(argv)
    errors: list[str] | None = [] if args.errors else None
    try:
        scores = evaluate_timebank(args.path, limit=args.limit, errors=errors)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in errors or []:
        print(line)
    print(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
