"""Coding on a Dask cluster: the same `code_items`, one partition of articles per task.

The driver (the process running `flashpoint ingest --engine dask`) reads the input, skips what is stored,
and sends partitions to the cluster, at most two per worker thread at a time. A worker loads the pipeline
once (a worker plugin), codes its partition and returns it as Parquet bytes; the driver saves the file
under `PARTS/pending/`, loads it into DuckDB in one transaction, then moves it to `PARTS/`, where the
files can be queried in place. A partition saved but not yet loaded when the driver stopped is loaded
by the next run before anything new is coded, so no finished work is lost or coded twice.

Workers need only `flashpoint` installed (the same version as the driver); they need no shared file
system, since results travel back through Dask. With no scheduler address a `LocalCluster` of worker
processes (one thread each: spaCy's pipeline is not shared between threads) is started and stopped here.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coder import DEFAULT_BATCH_SIZE, Coded, code_items
from ..errors import ConfigError
from ..ingest.items import ReadItem, ReadProblem
from ..nlp.pipeline import load_pipeline
from ..store import content_hash
from .parquet import partition_bytes, read_partition, save_partition

log = logging.getLogger(__name__)

Result = Coded | ReadProblem


# A LocalCluster shares this machine's cores with the coding, so Dask's own upkeep is kept low (measured
# as CPU-seconds per article against the one-process engine, see docs/PERFORMANCE.md):
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # The nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so glibc hands freed memory back to the
    # system at once; spaCy frees and reallocates big per-batch arrays all the time, and that cost ~12%
    # more CPU in page faults (26 times as many). Unset, glibc keeps its adaptive threshold, as in a local
    # worker process. (The nanny's one-BLAS-thread setting stays: one worker per core.)
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler samples the task's stack 100 times a second (a deep spaCy stack, under
    # the GIL); the event-loop watchdog ticks 50 times a second in every process.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    # Partitions are alike and the window keeps each worker fed: nothing to steal, so no stealing loop.
    "distributed.scheduler.work-stealing": False,
}


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What a worker sends back for one partition: the coded articles as Parquet, and the articles that
    could not be coded (as problems, in input order)."""

    parquet: bytes
    problems: list[ReadProblem]
    coded: int


def code_partition(items: list[ReadItem], model: str | None, batch_size: int) -> PartitionResult:
    """Code one partition (in a worker): the engine-independent task a Spark or Ray adapter would also run."""
    nlp = load_pipeline(model)
    coded: list[Coded] = []
    problems: list[ReadProblem] = []
    for result in code_items(items, nlp=nlp, batch_size=batch_size):
        if isinstance(result, Coded):
            coded.append(result)
        else:
            problems.append(result)
    return PartitionResult(partition_bytes(coded), problems, len(coded))


def partition_name(items: list[ReadItem]) -> str:
    """A file name fixed by the partition's articles and their content, so coding the same ones again
    writes the same file."""
    digest = hashlib.sha1()
    for item in items:
        if not isinstance(item, ReadProblem):
            digest.update(content_hash(item).encode("ascii"))
    return f"part-{digest.hexdigest()[:20]}.parquet"


class DaskEngine:
    """Codes batches as partitions on a Dask cluster (see the module docstring).

    scheduler (str | None): address of a running scheduler (`tcp://host:8786`); None starts a LocalCluster.
    workers (int): LocalCluster worker processes (ignored with a scheduler address).
    parts (Path): folder for the Parquet partitions.
    """

    name = "dask"

    def __init__(
        self,
        *,
        parts: Path,
        scheduler: str | None = None,
        workers: int = 2,
        model: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise ConfigError("the dask engine needs the `distributed` package") from exc
        self.parts = Path(parts)
        self.model = model
        self.batch_size = batch_size
        self._cluster: Any = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        else:
            import dask

            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self._cluster)
        self.client.register_plugin(LoadPipeline(model), name="flashpoint-pipeline")
        self.workers = max(1, sum(self.client.nthreads().values()))

    def code_batches(self, batches: Iterable[list[ReadItem]]) -> Iterator[list[Result]]:
        from distributed import as_completed

        pending_dir = self.parts / "pending"
        for leftover in sorted(pending_dir.glob("part-*.parquet")) if pending_dir.is_dir() else ():
            log.info("loading %s, coded by an earlier run", leftover)
            yield list(read_partition(leftover))
            _mark_loaded(leftover, self.parts)
        window = 2 * self.workers
        running = as_completed()
        batch_of: dict[Any, list[ReadItem]] = {}
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and running.count() < window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                future = self.client.submit(
                    code_partition, batch, self.model, self.batch_size, pure=False, key=_task_key(batch)
                )
                batch_of[future.key] = batch
                running.add(future)
            if running.is_empty():
                return
            future = next(running)
            batch = batch_of.pop(future.key)
            result: PartitionResult = future.result()
            future.release()
            path = pending_dir / partition_name(batch)
            save_partition(result.parquet, path)
            coded = read_partition(path)
            yield [*coded, *result.problems]
            # Resumed only after the caller stored the batch: the partition is now in the database.
            _mark_loaded(path, self.parts)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _task_key(batch: list[ReadItem]) -> str:
    import uuid

    return f"flashpoint-code-{partition_name(batch).removesuffix('.parquet')}-{uuid.uuid4().hex[:8]}"


def _mark_loaded(path: Path, parts: Path) -> None:
    parts.mkdir(parents=True, exist_ok=True)
    path.replace(parts / path.name)


try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a dependency
    WorkerPlugin = object  # type: ignore[assignment,misc]


class LoadPipeline(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline once when a worker starts (and on workers that join later)."""

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        load_pipeline(self.model)
