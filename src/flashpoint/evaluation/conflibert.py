"""ConfliBERT's CAMEO data (eventdata/ConfliBERT, train splits): quad-class sentences and role spans.

Each sentence is coded as its own article. The sentence's class is the quad class of its main event (the
most confident one), or 0 when no event is coded; roles are the main event's actor (S) and recipient (T)
spans, mapped onto the gold tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..coder import code_articles
from ..errors import EvaluationError
from ..ingest.article import Article, article_id
from ..records.model import ArticleRecord, Event
from .scoring import classification_report, prf

QUAD_LABELS = (0, 1, 2, 3, 4)


def read_quad(path: Path) -> list[tuple[str, int]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not text or not label.strip().isdigit():
            raise EvaluationError(f"{path}:{number}: expected 'sentence<TAB>label'")
        rows.append((text, int(label)))
    return rows


def main_event(record: ArticleRecord) -> Event | None:
    if not record.events:
        return None
    return max(record.events, key=lambda e: (e.confidence, -e.trigger.start))


def _code_texts(texts: list[str], model: str | None) -> Iterator[ArticleRecord]:
    articles = [Article(text=t, id=article_id(t) + f"-{i}") for i, t in enumerate(texts)]
    yield from code_articles(articles, model=model, batch_size=64)


def evaluate_quad(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    rows = read_quad(path)[:limit]
    gold = [label for _, label in rows]
    predicted = []
    for record in _code_texts([text for text, _ in rows], model):
        event = main_event(record)
        predicted.append(event.quad_class if event is not None else 0)
    if len(predicted) != len(gold):
        raise EvaluationError(f"coded {len(predicted)} of {len(gold)} sentences")
    return classification_report(gold, predicted, QUAD_LABELS)


def read_bio(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def _spans(tags: list[str], role: str) -> set[tuple[int, int]]:
    """Contiguous token runs of a role; R (a joint actor) counts as both S and T."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, "O"]):
        inside = tag != "O" and tag[2:] in (role, "R")
        begins = inside and (tag.startswith("B-") or start is None)
        if start is not None and (not inside or begins):
            spans.add((start, i))
            start = None
        if begins:
            start = i
    return spans


def evaluate_roles(path: Path, *, model: str | None = None, limit: int | None = None) -> dict:
    sentences = read_bio(path)[:limit]
    texts, offsets = [], []
    for sentence in sentences:
        starts, position = [], 0
        for token, _ in sentence:
            starts.append(position)
            position += len(token) + 1
        texts.append(" ".join(token for token, _ in sentence))
        offsets.append(starts)
    counts = {role: {"tok": [0, 0, 0], "span": [0, 0, 0]} for role in ("S", "T")}
    for sentence, starts, record in zip(sentences, offsets, _code_texts(texts, model), strict=True):
        tags = [tag for _, tag in sentence]
        event = main_event(record)
        for role, actors in (("S", event.actor if event else ()), ("T", event.recipient if event else ())):
            gold_spans = _spans(tags, role)
            predicted_spans = {_token_range(starts, a.start, a.end) for a in actors}
            predicted_spans.discard(None)
            gold_tokens = {i for s, e in gold_spans for i in range(s, e)}
            predicted_tokens = {i for s, e in predicted_spans for i in range(s, e)}  # type: ignore[misc]
            for kind, p, g in (("tok", predicted_tokens, gold_tokens), ("span", predicted_spans, gold_spans)):
                counts[role][kind][0] += len(p & g)
                counts[role][kind][1] += len(p)
                counts[role][kind][2] += len(g)
    return {
        "n": len(sentences),
        **{f"{role}_{kind}": prf(*counts[role][kind]) for role in ("S", "T") for kind in ("tok", "span")},
    }


def _token_range(starts: list[int], start: int, end: int) -> tuple[int, int] | None:
    first = next((i for i, s in enumerate(starts) if s >= start), None)
    last = max((i for i, s in enumerate(starts) if s < end), default=None)
    if first is None or last is None or last < first:
        return None
    return (first, last + 1)
