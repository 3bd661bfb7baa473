"""`flashpoint ingest`: read, skip what is stored, code the rest, store each batch in one transaction.

Resumable and idempotent by construction: an article already stored with the same content is skipped
before it is coded, and a batch is stored whole or not at all, so killing the process at any moment and
rerunning the same command finishes the job with no article lost and none stored twice.

Coding is the engine's (scale/): in this process, in worker processes, or on a Dask cluster; storing
stays here, in this process, which alone holds the DuckDB file.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..coder import DEFAULT_BATCH_SIZE, Coded, batched
from ..monitor import update_monitor
from ..nlp.blas import one_blas_thread
from ..store import Store, content_hash
from .article import Article
from .readers import ReadItem, ReadProblem

if TYPE_CHECKING:
    from ..scale import Engine

AfterBatch = Callable[[Store], Any]
# Two inputs with one id in one run (a page and a feed entry linking to it, a file given twice): the first
# is kept. Ids are remembered for this many articles back, so a long backfill does not grow without end.
RECENT_IDS = 200_000
# Batches between checkpoints (Store.checkpoint): about the 16 MB of write-ahead log at which DuckDB would
# checkpoint by itself, for news-length articles in batches of 32.
CHECKPOINT_BATCHES = 8
# Batches between monitor updates (`after_batch`), and one after the last batch. Matching a batch's events
# re-reads and re-weighs every candidate incident of their types and dates, so each update costs what the
# open incidents hold as much as what is new: updating every 32 articles cost twice the CPU of one update
# over 192 (2026-11-26). Nothing reads the monitor's tables during a run (DuckDB has one writer), and a
# bounded number of batches keeps one update's pending events, and its memory, bounded.
AFTER_BATCH_EVERY = 8


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
    engine: Engine | None = None,
    after_batch: AfterBatch | None = update_monitor,
    after_every: int = AFTER_BATCH_EVERY,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
) -> IngestReport:
    """Code what is not stored yet and store it, one transaction per batch.

    engine (Engine | None): where coding runs (see scale.open_engine); default: this process.
    after_batch (Callable[[Store], Any] | None): called with the store after every `after_every` stored
        batches and after the last; by default it brings the monitor up to date (near-duplicates and
        incidents of what was stored). A run that stores nothing still calls it once.
    """
    if engine is None:
        from ..scale import InProcessEngine

        engine = InProcessEngine(model=model, batch_size=batch_size)
    report = IngestReport()
    # Checkpoints are ours, every CHECKPOINT_BATCHES batches, with DuckDB's cache capped: left to DuckDB,
    # a long run's peak memory grows with the file. One BLAS thread throughout, as for coding
    # (nlp/blas.py): the monitor's few matrix products gain nothing from a second one that then spins;
    # and one DuckDB thread, for the same reason (see Store.one_thread).
    with store.manual_checkpoints(), store.one_thread(), one_blas_thread():
        _ingest_batches(
            items,
            store,
            engine,
            batch_size,
            report,
            after_batch,
            max(1, after_every),
            on_progress,
            on_problem,
        )
    return report


def _ingest_batches(
    items: Iterable[ReadItem],
    store: Store,
    engine: Engine,
    batch_size: int,
    report: IngestReport,
    after_batch: AfterBatch | None,
    after_every: int,
    on_progress: Callable[[IngestReport], None] | None,
    on_problem: Callable[[ReadProblem], None] | None,
) -> None:
    stored_batches = 0
    for results in engine.code_batches(_unstored(items, store, batch_size, report)):
        coded: list[tuple[Article, Any]] = []
        problems: list[ReadProblem] = []
        for result in results:
            if isinstance(result, Coded):
                coded.append((result.article, result.record))
                report.events += len(result.record.events)
            else:
                problems.append(result)
                if on_problem is not None:
                    on_problem(result)
        added = store.add_articles(coded)  # one transaction for the whole batch
        store.add_problems(problems)
        stored_batches += 1
        if stored_batches % CHECKPOINT_BATCHES == 0:
            store.checkpoint()
        if after_batch is not None and stored_batches % after_every == 0:
            after_batch(store)
        report.coded += added.added + added.replaced
        report.replaced += added.replaced
        report.unchanged += added.unchanged
        report.problems += problems
        if on_progress is not None:
            on_progress(report)
    if after_batch is not None and (stored_batches == 0 or stored_batches % after_every):
        # After the last batch; and with nothing new too, since a run killed between storing a batch and
        # its after_batch left that undone.
        after_batch(store)


def _unstored(
    items: Iterable[ReadItem], store: Store, batch_size: int, report: IngestReport
) -> Iterator[list[ReadItem]]:
    """Batches of what needs coding: articles not stored with this content, and problems to record."""
    seen: OrderedDict[str, str] = OrderedDict()  # id -> where it was read, for the ids read lately
    for batch in batched(items, batch_size):
        articles = [item for item in batch if isinstance(item, Article)]
        stored = store.stored_hashes([a.id for a in articles])
        todo: list[ReadItem] = []
        for item in batch:
            if not isinstance(item, Article):
                todo.append(item)
                continue
            first = seen.get(item.id)
            if first is not None:
                where = item.origin or item.id
                todo.append(
                    ReadProblem(where, "duplicate id", f"same id as {first}, read before; kept that one")
                )
                continue
            seen[item.id] = item.origin or item.id
            if len(seen) > RECENT_IDS:
                seen.popitem(last=False)
            if stored.get(item.id) == content_hash(item):
                report.unchanged += 1
            else:
                todo.append(item)
        if todo:
            yield todo


def poll(
    read: Callable[[], Iterable[ReadItem]],
    store: Store,
    *,
    every: float,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_round: Callable[[int, IngestReport], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Ingest `read()` now and again every `every` seconds (until interrupted, or for `rounds` rounds).

    read (Callable[[], Iterable[ReadItem]]): a fresh reader for each round; give it one `Fetcher` for all
        rounds, so feeds that did not change answer 304 Not Modified.
    options: passed to `ingest` (engine, after_batch, on_progress, on_problem, ...).
    RETURNS (IngestReport): the totals over all rounds.
    """
    total = IngestReport()
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        report = ingest(read(), store, **options)
        done += 1
        total.coded += report.coded
        total.events += report.events
        total.unchanged += report.unchanged
        total.replaced += report.replaced
        total.problems += report.problems
        if on_round is not None:
            on_round(done, report)
        if rounds is not None and done >= rounds:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return total


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|d|h|m|s)?", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, None: 1.0}


def parse_every(text: str) -> float:
    """Seconds in a duration such as "15m", "1h30m", "90s", "1d" or "90" (seconds); ValueError if none."""
    compact = text.strip().replace(" ", "")
    position = 0
    seconds = 0.0
    for match in _DURATION.finditer(compact):
        if match.start() != position:
            break
        unit = match.group(2).lower() if match.group(2) else None
        seconds += float(match.group(1)) * _UNIT_SECONDS[unit]
        position = match.end()
    if not compact or position != len(compact) or seconds <= 0:
        raise ValueError(f"{text!r} is not a duration (e.g. 15m, 1h, 90s)")
    return seconds
