"""Coding on this machine: in this process, or in worker processes that each load the pipeline once.

Worker processes are our own pool rather than spaCy's `n_process`: spaCy's would send every parsed Doc
(with its `Doc._` extension values) back to this process for the Flashpoint stages, so the stages would
run on one core. Here a worker runs the whole `code_items` (parse, stages, record) and sends back only the
records, which are small.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.language import Language

from ..coder import DEFAULT_BATCH_SIZE, Coded, code_items
from ..errors import FlashpointError
from ..ingest.items import ReadItem, ReadProblem
from ..nlp.pipeline import load_pipeline

Result = Coded | ReadProblem


class InProcessEngine:
    """Codes each batch here, with `code_items`; the pipeline is loaded on first use."""

    name = "local"

    def __init__(
        self, *, model: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE, nlp: Language | None = None
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.nlp = nlp
        self.workers = 1

    def code_batches(self, batches: Iterable[list[ReadItem]]) -> Iterator[list[Result]]:
        nlp = self.nlp or load_pipeline(self.model)
        for batch in batches:
            yield list(code_items(batch, nlp=nlp, batch_size=self.batch_size))

    def close(self) -> None:
        pass


class ProcessPoolEngine:
    """Codes batches in `workers` processes; results come back in input order.

    At most `2 * workers` batches are in flight, so memory does not grow with the input, and each worker
    always has its next batch waiting. Workers start with "spawn" (no fork of a process holding a DuckDB
    connection and threads) and exit by themselves if this process dies, even by SIGKILL.
    """

    name = "local"

    def __init__(
        self, *, workers: int, model: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> None:
        if workers < 2:
            raise ValueError("a process pool needs at least 2 workers; use InProcessEngine for one")
        self.workers = workers
        self.model = model
        self.batch_size = batch_size
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(model, os.getpid()),
        )

    def code_batches(self, batches: Iterable[list[ReadItem]]) -> Iterator[list[Result]]:
        pending: deque[tuple[list[ReadItem], Future]] = deque()
        try:
            for batch in batches:
                articles = [item for item in batch if not isinstance(item, ReadProblem)]
                pending.append((batch, self._pool.submit(_code_in_worker, articles, self.batch_size)))
                if len(pending) >= 2 * self.workers:
                    yield _merge(*pending.popleft())
            while pending:
                yield _merge(*pending.popleft())
        except BrokenProcessPool as exc:
            raise FlashpointError(
                "a worker process died (out of memory, or killed); nothing of its batch was stored: run the "
                "same command again to finish"
            ) from exc
        finally:
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _merge(batch: list[ReadItem], future: Future) -> list[Result]:
    """The batch with its articles' results in place (records travel back without their article)."""
    outcomes = iter(future.result())
    merged: list[Result] = []
    for item in batch:
        if isinstance(item, ReadProblem):
            merged.append(item)
            continue
        outcome = next(outcomes)
        merged.append(outcome if isinstance(outcome, ReadProblem) else Coded(item, outcome))
    return merged


# -- inside a worker process ------------------------------------------------------------------------------

_worker_model: str | None = None


def _start_worker(model: str | None, parent: int) -> None:
    global _worker_model
    _worker_model = model
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()
    load_pipeline(model)


def _exit_with_parent(parent: int) -> None:
    # A pool worker waits on a queue whose other end it also holds, so it never sees its parent vanish.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _code_in_worker(articles: list, batch_size: int) -> list:
    nlp = load_pipeline(_worker_model)
    return [
        item.record if isinstance(item, Coded) else item
        for item in code_items(articles, nlp=nlp, batch_size=batch_size)
    ]
