"""PolNeAR (networkdynamics/PolNeAR): attribution relations in 2016 US election news, in brat standoff.

Each `.ann` file holds text-bound spans (`T1<TAB>Source 89 106<TAB>The New York Post`; a discontinuous span
lists fragments joined by `;`) and relations that tie one attribution's spans together
(`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`; `Attribution-no-source` when no source is named).

Scoring compares span sets per role (cue, source, content), each predicted span matched to at most one gold
span. Spans are compared as sets of word tokens (punctuation ignored, so a content with or without its
quotation marks or final period is the same span):

- exact: the same word tokens;
- overlap: the spans share at least half of the gold span's word tokens.

A quote Flashpoint finds with no cue of its own that continues the previous speaker is one attribution
with the previous quote in PolNeAR (a discontinuous content), so it is merged into it before scoring.
Articles annotated by several annotators are scored against the first annotator listed in metadata.tsv.

How far any system can get on this measure: `evaluate_agreement` scores the annotators against each other,
with the same scorer, on the articles several of them annotated.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

from ..coder import code_articles
from ..errors import EvaluationError
from ..ingest.article import Article
from ..records.model import Quote
from .scoring import prf

ROLES = ("cue", "source", "content")
_ROLE_OF = {"Cue": "cue", "Source": "source", "Content": "content"}
_ID = re.compile(r"[TE]\d+$")
_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: character fragments of its cue, source and content (source may be ())."""

    cue: Fragments
    source: Fragments
    content: Fragments

    def role(self, name: str) -> Fragments:
        return getattr(self, name)


def read_annotations(path: Path) -> list[GoldAttribution]:
    """The attribution relations of one brat `.ann` file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[dict[str, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        if not _ID.match(fields[0]):
            continue  # blank, or the rest of a span text that contains a line break
        try:
            if fields[0].startswith("T"):
                label, _, offsets = fields[1].partition(" ")
                fragments = tuple(
                    (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
                )
                spans[fields[0]] = (label, fragments)
            elif fields[0].startswith("E"):
                roles: dict[str, list[str]] = {}
                for argument in fields[1].split():
                    role, _, target = argument.partition(":")
                    roles.setdefault(role.rstrip("0123456789"), []).append(target)
                relations.append(roles)
        except (IndexError, ValueError) as exc:
            raise EvaluationError(f"{path}:{number}: unreadable brat line {line!r}") from exc
    attributions = []
    for roles in relations:
        parts: dict[str, list[tuple[int, int]]] = {"cue": [], "source": [], "content": []}
        for role, targets in roles.items():
            for target in targets:
                label, fragments = spans.get(target, ("", ()))
                name = _ROLE_OF.get(role) or _ROLE_OF.get(label)
                if name is not None and role in _ROLE_OF:
                    parts[name].extend(fragments)
        if parts["cue"] or parts["content"]:
            attributions.append(
                GoldAttribution(*(tuple(sorted(parts[r])) for r in ("cue", "source", "content")))
            )
    return attributions


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    published: str | None
    publisher: str | None
    gold: tuple[GoldAttribution, ...]


def read_polnear(folder: Path, *, limit: int | None = None) -> Iterator[PolnearArticle]:
    """The articles of one compartment folder (`dev`, `train`) with their gold attributions."""
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError(f"{folder}: expected text/ and attributions/ folders (a PolNeAR compartment)")
    metadata = _metadata(folder.parent / "metadata.tsv")
    annotations: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        stem, _, _annotator = path.stem.rpartition("_")
        annotations.setdefault(stem, []).append(path)
    for count, text_path in enumerate(sorted(text_dir.glob("*.txt"))):
        if limit is not None and count >= limit:
            break
        name = text_path.stem
        candidates = annotations.get(name)
        if not candidates:
            continue
        row = metadata.get(name, {})
        first = (row.get("annotators") or "").split("|")[0]
        chosen = next((p for p in candidates if p.stem.endswith("_" + first)), candidates[0])
        yield PolnearArticle(
            name=name,
            text=text_path.read_text(encoding="utf-8"),
            published=row.get("publication_date"),
            publisher=row.get("publisher"),
            gold=tuple(read_annotations(chosen)),
        )


def _metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


# -- scoring ----------------------------------------------------------------------------------------------


class WordTokens:
    """Word tokens of a text (punctuation excluded), to compare spans as token sets."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for match in _WORD.finditer(text):
            if match.group()[0].isalnum() or match.group()[0] == "_":
                self.starts.append(match.start())
                self.ends.append(match.end())

    def of(self, fragments: Fragments) -> frozenset[int]:
        tokens: set[int] = set()
        for start, end in fragments:
            first = bisect.bisect_right(self.ends, start)  # first token ending after `start`
            last = bisect.bisect_left(self.starts, end)  # tokens starting before `end`
            tokens.update(range(first, last))
        return frozenset(tokens)


def predicted_attributions(quotes: Iterable[Quote]) -> list[GoldAttribution]:
    """Flashpoint's statements in PolNeAR's shape.

    PolNeAR has one attribution per cue, whose content may be in pieces, and annotates no attribution
    inside another's content. So quotes that share a cue, and a cue-less quote that continues the
    previous speaker, become one attribution; and an attribution whose cue lies inside a longer
    attribution's content (a statement reported within a statement) is left out.
    """
    merged: list[GoldAttribution] = []
    by_cue: dict[tuple[int, int], int] = {}
    quoted_by: dict[tuple[int, int], int] = {}  # speaker span -> their latest quotation with a cue
    previous: Quote | None = None
    for quote in quotes:
        content = ((quote.content.start, quote.content.end),)
        speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker is not None else None
        target: int | None = None
        if quote.cue is not None:
            target = by_cue.get((quote.cue.start, quote.cue.end))
        elif (
            previous is not None
            and speaker is not None
            and previous.speaker is not None
            and speaker == (previous.speaker.start, previous.speaker.end)
            and merged
        ):
            # the speaker's quotation goes on, even past a statement of theirs reported in between
            # ("“X,” Trump said of terrorists, mocking concerns about ... “Y.”")
            target = quoted_by.get(speaker, len(merged) - 1)
        if target is not None:
            last = merged[target]
            merged[target] = GoldAttribution(last.cue, last.source, tuple(sorted(last.content + content)))
        else:
            if quote.cue is not None:
                by_cue[(quote.cue.start, quote.cue.end)] = len(merged)
                if quote.kind in {"direct", "mixed"} and speaker is not None:
                    quoted_by[speaker] = len(merged)
            merged.append(
                GoldAttribution(
                    cue=((quote.cue.start, quote.cue.end),) if quote.cue is not None else (),
                    source=((quote.speaker.start, quote.speaker.end),) if quote.speaker is not None else (),
                    content=content,
                )
            )
        if not quote.via:  # a statement reported inside another does not break the outer one's quotation
            previous = quote
    return _outermost(merged)


def _outermost(attributions: list[GoldAttribution]) -> list[GoldAttribution]:
    """Leave out attributions whose cue lies inside the content of a longer attribution kept before."""

    def size(a: GoldAttribution) -> int:
        return sum(end - start for start, end in a.content)

    kept: list[GoldAttribution] = []
    for attribution in sorted(attributions, key=size, reverse=True):
        anchor = attribution.cue or attribution.source or attribution.content
        nested = any(start <= anchor[0][0] and anchor[-1][1] <= end for k in kept for start, end in k.content)
        if not nested:
            kept.append(attribution)
    return sorted(kept, key=lambda a: (a.cue or a.content)[0])


def match_counts(predicted: list[frozenset[int]], gold: list[frozenset[int]], *, overlap: bool) -> int:
    """How many predicted spans match a gold span, each gold span matched at most once (greedy, the
    largest shared part first)."""
    pairs = []
    for p_index, p in enumerate(predicted):
        for g_index, g in enumerate(gold):
            shared = len(p & g)
            ok = (p == g) if not overlap else (shared * 2 >= len(g) and shared > 0)
            if ok:
                pairs.append((shared, p_index, g_index))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, p_index, g_index in pairs:
        if p_index not in used_p and g_index not in used_g:
            used_p.add(p_index)
            used_g.add(g_index)
    return len(used_p)


def score_article(
    text: str, predicted: list[GoldAttribution], gold: Iterable[GoldAttribution]
) -> dict[str, dict[str, int]]:
    """Counts (tp exact, tp overlap, predicted, gold) per role for one article."""
    tokens = WordTokens(text)
    counts: dict[str, dict[str, int]] = {}
    gold = list(gold)
    for role in ROLES:
        p_sets = [s for s in (tokens.of(a.role(role)) for a in predicted) if s]
        g_sets = [s for s in (tokens.of(a.role(role)) for a in gold) if s]
        counts[role] = {
            "exact": match_counts(p_sets, g_sets, overlap=False),
            "overlap": match_counts(p_sets, g_sets, overlap=True),
            "predicted": len(p_sets),
            "gold": len(g_sets),
        }
    return counts


class SpanTotals:
    """`score_article` counts summed over articles; `summary()`: P/R/F1 per role, exact and overlap."""

    def __init__(self) -> None:
        self.counts = {role: {"exact": 0, "overlap": 0, "predicted": 0, "gold": 0} for role in ROLES}

    def add(self, text: str, predicted: list[GoldAttribution], gold: Iterable[GoldAttribution]) -> None:
        for role, counts in score_article(text, predicted, gold).items():
            for key, value in counts.items():
                self.counts[role][key] += value

    def summary(self) -> dict[str, dict]:
        result = {}
        for role in ROLES:
            t = self.counts[role]
            for kind in ("exact", "overlap"):
                result[f"{role}_{kind}"] = prf(t[kind], t["predicted"], t["gold"])
        return result


def evaluate_polnear(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    """Cue, source and content P/R/F1 (exact and overlap) over a PolNeAR compartment (e.g. `dev`)."""
    articles = list(read_polnear(path, limit=limit))
    if not articles:
        raise EvaluationError(f"{path}: no annotated articles found")
    inputs = [Article(text=a.text, id=a.name, published=a.published, source=a.publisher) for a in articles]
    totals = SpanTotals()
    records = {record.article.id: record for record in code_articles(inputs, model=model)}
    for article in articles:
        record = records.get(article.name)
        predicted = predicted_attributions(record.quotes) if record is not None else []
        totals.add(article.text, predicted, article.gold)
    result = totals.summary()
    result["articles"] = len(articles)
    result["coded"] = len(records)
    return result


def evaluate_agreement(path: Path, *, limit: int | None = None) -> dict:
    """The annotators scored against each other on the articles several of them annotated (in every
    compartment folder under `path`, e.g. train and dev): each annotation in turn is the gold and every
    other annotation of the article the prediction, so precision, recall and F1 are equal. This is the
    ceiling of what the annotation lets a system score: one annotator's spans are the gold, and another
    person marks the same article differently that often."""
    totals = SpanTotals()
    articles = annotations_read = 0
    compartments = [p for p in path.iterdir() if (p / "attributions").is_dir() and (p / "text").is_dir()]
    for folder in sorted(compartments):
        by_article: dict[str, list[Path]] = {}
        for ann in sorted((folder / "attributions").glob("*.ann")):
            by_article.setdefault(ann.stem.rpartition("_")[0], []).append(ann)
        for name, paths in sorted(by_article.items()):
            text_path = folder / "text" / f"{name}.txt"
            if len(paths) < 2 or not text_path.exists():
                continue
            if limit is not None and articles >= limit:
                break
            text = text_path.read_text(encoding="utf-8")
            annotations = [read_annotations(p) for p in paths]
            articles += 1
            annotations_read += len(annotations)
            for gold, other in permutations(annotations, 2):
                totals.add(text, other, gold)
    if not articles:
        raise EvaluationError(f"{path}: no article annotated by more than one annotator")
    result = totals.summary()
    result["articles"] = articles
    result["annotations"] = annotations_read
    return result


__all__ = [
    "GoldAttribution",
    "PolnearArticle",
    "SpanTotals",
    "WordTokens",
    "evaluate_agreement",
    "evaluate_polnear",
    "predicted_attributions",
    "read_annotations",
    "read_polnear",
    "score_article",
]
