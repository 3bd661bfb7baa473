"""Analysts' corrections as gold: recode the reviewed articles and score the coder against the verdicts.

Every event an analyst reviewed in the dashboard is gold: a confirmed event is right as the machine coded it;
a corrected one is right with the analyst's changes; a rejected one should not be there. The articles are
coded again with the current pipeline, and its events are matched to the reviewed ones by trigger span:

- detection over reviewed events: a reviewed-valid event found again is a true positive, one not found a
  false negative, a rejected event found again a false positive;
- field accuracy over the valid events found again: type, actor and recipient codes, modality, location
  country and date, each against the gold;
- `stored_*`: the same field accuracies for the events as they were coded when reviewed (how often analysts
  agreed with the machine), so a change of the coder shows as a change from that baseline.

Reviews of an article version other than the stored one are left out (counted as `stale`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..coder import code_articles
from ..errors import EvaluationError, StoreError
from ..ingest.article import Article
from ..store import Store
from ..store._corrections import Review, reviewed_event
from .scoring import prf

FIELDS = ("type", "actor", "recipient", "modality", "country", "date")


def _field(event: Mapping[str, Any], name: str) -> Any:
    if name in ("actor", "recipient"):
        return tuple(sorted({a.get("code") or "" for a in event.get(name) or ()}))
    if name == "country":
        return (event.get("location") or {}).get("country_code")
    return event.get(name)


def _span(event: Mapping[str, Any]) -> tuple[int, int] | None:
    trigger = event.get("trigger") or {}
    start, end = trigger.get("start"), trigger.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _match(gold: Mapping[str, Any], predicted: list[dict[str, Any]]) -> dict[str, Any] | None:
    span = _span(gold)
    if span is None:
        return None
    exact = [p for p in predicted if _span(p) == span]
    if exact:
        return exact[0]
    overlapping = [p for p in predicted if (s := _span(p)) and s[0] < span[1] and span[0] < s[1]]
    return overlapping[0] if overlapping else None


def evaluate_corrections(path: Path, *, model: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score the current pipeline against the corrections stored in a Flashpoint database.

    path (Path): the database (`flashpoint serve --token ...` stores corrections in it).
    limit (int | None): score only the first N reviewed articles.
    RETURNS (dict): counts, detection P/R/F1, and per-field accuracies (current and as stored).
    """
    try:
        store = Store(path, read_only=True)
    except StoreError as exc:
        raise EvaluationError(str(exc)) from exc
    with store:
        reviews = store.reviews()
        if not reviews:
            raise EvaluationError(
                f"{path} holds no corrections yet: review events in the dashboard (flashpoint serve --db "
                f"{path} --token ...) first"
            )
        by_article: dict[str, dict[str, Review]] = defaultdict(dict)
        for (aid, eid), review in sorted(reviews.items()):
            by_article[aid][eid] = review
        article_ids = sorted(by_article)[:limit] if limit else sorted(by_article)
        articles = {aid: store.article(aid) for aid in article_ids}
    statuses: Counter[str] = Counter()
    stale = 0
    gold_items: list[tuple[str, dict[str, Any], str]] = []  # (article id, gold event, status)
    inputs = []
    for aid in article_ids:
        stored = articles[aid]
        if stored is None:
            stale += len(by_article[aid])
            continue
        for review in by_article[aid].values():
            if review.content_hash != stored["content_hash"]:
                stale += 1
                continue
            gold = reviewed_event(review.machine, review)
            gold_items.append((aid, gold, review.status))
            statuses[review.status] += 1
        inputs.append(
            Article(
                text=stored["text"],
                id=aid,
                title=stored["title"],
                published=stored["published"],
                source=stored["source"],
                url=stored["url"],
                language=stored["language"],
            )
        )
    predicted = {r.article.id: r.to_dict()["events"] for r in code_articles(inputs, model=model)}
    tp = fn = fp = 0
    agree: Counter[str] = Counter()
    stored_agree: Counter[str] = Counter()
    n_fields = 0
    n_valid = 0
    for aid, gold, status in gold_items:
        found = _match(gold, predicted.get(aid, []))
        if status == "rejected":
            fp += found is not None
            continue
        n_valid += 1
        machine = gold["review"]["machine"]
        for name in FIELDS:
            key = "location" if name == "country" else name
            baseline = {**gold, **{key: machine[key]}} if key in machine else gold
            stored_agree[name] += _field(baseline, name) == _field(gold, name)
        if found is None:
            fn += 1
            continue
        tp += 1
        n_fields += 1
        for name in FIELDS:
            agree[name] += _field(found, name) == _field(gold, name)
    detection = prf(tp, tp + fp, tp + fn)
    result: dict[str, Any] = {
        "reviewed_events": len(gold_items), "articles": len(inputs), "confirmed": statuses["confirmed"],
        "corrected": statuses["corrected"], "rejected": statuses["rejected"], "stale": stale,
        "detection": detection, "matched_valid_events": n_fields,
        "stored_precision": round(n_valid / len(gold_items), 4) if gold_items else 0.0,
    }  # fmt: skip
    for name in FIELDS:
        result[f"{name}_accuracy"] = round(agree[name] / n_fields, 4) if n_fields else 0.0
        result[f"stored_{name}_accuracy"] = round(stored_agree[name] / n_valid, 4) if n_valid else 0.0
    return result
