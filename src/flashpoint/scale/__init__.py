"""scale: the same "code a batch of articles" (`coder.code_items`) run in this process, in worker
processes, or on a Dask cluster.

An engine is anything with `code_batches(batches) -> Iterator[list[Coded | ReadProblem]]` (one list per
batch given, problems in it too) and `close()`. Ingestion (`ingest.run.ingest`) reads, skips what is
stored, hands batches to the engine and stores each list it gets back in one transaction; engines know
nothing of the store. So an adapter for another cluster framework (Spark's `mapPartitions`, Ray) is a
class of that shape whose tasks call `dask_engine.code_partition`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from ..coder import DEFAULT_BATCH_SIZE, Coded
from ..ingest.items import ReadItem, ReadProblem
from .local import InProcessEngine, ProcessPoolEngine

ENGINES = ("local", "dask")


class Engine(Protocol):
    name: str
    workers: int

    def code_batches(self, batches: Iterable[list[ReadItem]]) -> Iterator[list[Coded | ReadProblem]]: ...

    def close(self) -> None: ...


@contextmanager
def open_engine(
    kind: str = "local",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    parts: Path | None = None,
) -> Iterator[Engine]:
    """An engine for `ingest`, closed (its workers or cluster stopped) on exit.

    kind (str): "local" (workers: 1 codes in this process, more start worker processes) or "dask"
        (scheduler: a running cluster's address, else a LocalCluster of `workers` processes).
    parts (Path | None): the Dask engine's folder of Parquet partitions.
    """
    engine: Engine
    if kind == "local":
        if scheduler:
            raise ValueError("a scheduler address needs the dask engine (--engine dask)")
        count = workers or 1
        if count < 1:
            raise ValueError("workers must be at least 1")
        engine = (
            InProcessEngine(model=model, batch_size=batch_size)
            if count == 1
            else ProcessPoolEngine(workers=count, model=model, batch_size=batch_size)
        )
    elif kind == "dask":
        from .dask_engine import DaskEngine

        if parts is None:
            raise ValueError("the dask engine needs a folder for its Parquet partitions (parts=)")
        engine = DaskEngine(
            parts=parts, scheduler=scheduler, workers=workers or 2, model=model, batch_size=batch_size
        )
    else:
        raise ValueError(f"unknown engine {kind!r}; choose one of {', '.join(ENGINES)}")
    try:
        yield engine
    finally:
        engine.close()


__all__ = ["ENGINES", "Engine", "InProcessEngine", "ProcessPoolEngine", "open_engine"]
