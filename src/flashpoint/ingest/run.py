"""`flashpoint ingest`: read, skip what is stored, code the rest, store each batch in one transaction.

Resumable and idempotent by construction: an article already stored with the same content is skipped
before it is coded, so rerunning an interrupted command finishes the job without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..coder import DEFAULT_BATCH_SIZE, Coded, batched, code_items
from ..store import Store, content_hash
from .article import Article
from .readers import ReadItem, ReadProblem


@dataclass
class IngestReport:
    coded: int = 0
    events: int = 0
    unchanged: int = 0
    replaced: int = 0
    problems: list[ReadProblem] = field(default_factory=list)


def ingest(
    items: Iterable[ReadItem],
    store: Store,
    *,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    for batch in batched(items, batch_size):
        articles = [item for item in batch if isinstance(item, Article)]
        stored = store.stored_hashes([a.id for a in articles])
        todo: list[ReadItem] = []
        for item in batch:
            if isinstance(item, Article) and stored.get(item.id) == content_hash(item):
                report.unchanged += 1
            else:
                todo.append(item)
        coded: list[tuple[Article, object]] = []
        problems: list[ReadProblem] = []
        for result in code_items(todo, model=model, batch_size=batch_size):
            if isinstance(result, Coded):
                coded.append((result.article, result.record))
                report.events += len(result.record.events)
            else:
                problems.append(result)
                if on_problem is not None:
                    on_problem(result)
        added = store.add_articles(coded)  # one transaction for the whole batch
        store.add_problems(problems)
        report.coded += added.added + added.replaced
        report.replaced += added.replaced
        report.unchanged += added.unchanged
        report.problems += problems
        if on_progress is not None:
            on_progress(report)
    return report
