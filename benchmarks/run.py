"""`make bench`: Flashpoint ingestion against raw spaCy on the same texts, in one command.

Machines here are shared and noisy (2 cores, other jobs), so every number comes with a baseline measured
in the same run, and single-process ratios are taken on CPU time (what this process used, whatever else
runs), with wall-clock ratios beside them. Four parts:

1. throughput, one process: `ingest()` end to end (read the real files, skip stored, code, store in
   DuckDB, update the monitor) against raw `nlp.pipe` of the same model as `spacy.load` gives it, over
   the same texts (the texts the readers produced), same batch size, on PolNeAR, IndiaPoliceEvents and
   the HTML pages;
2. scaling: the same ingestion with 2 worker processes, and on a 2-worker Dask LocalCluster, against one
   process (wall clock: that is what parallelism buys), and each engine's CPU-ms per article over all
   its processes (what an engine adds to the coding, which a busy machine does not distort);
3. memory: peak RSS of `flashpoint ingest` runs (separate processes) over 1,000 and 10,000 articles;
4. the HTML pages' extraction is scored by `make eval` (evaluation/html.py), not here.

    python benchmarks/run.py --data ../shared/data [--limit 200] [--memory 1000,10000] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
import spacy
from spacy.language import Language

from flashpoint.ingest import Article, read_inputs
from flashpoint.ingest.run import ingest
from flashpoint.nlp import STAGES, load_pipeline, model_name
from flashpoint.nlp.blas import one_blas_thread
from flashpoint.scale import open_engine
from flashpoint.scale.local import InProcessEngine
from flashpoint.store import Store

BATCH_SIZE = 32
# Scaling runs use smaller batches: with few batches per worker, the last round leaves a worker idle.
SCALING_BATCH_SIZE = 16
FLASHPOINT = [sys.executable, "-c", "from flashpoint.cli import main; main()"]
INDIA_COLUMNS = {"text": "doc_text", "id": "doc_id"}


# -- corpora: the inputs as `flashpoint ingest` would be given them ---------------------------------------


def corpora(data: Path, limit: int) -> dict[str, dict[str, Any]]:
    """name -> {"paths": [...], "columns": {...}}: real files from the shared data folder."""
    found: dict[str, dict[str, Any]] = {}
    polnear = sorted((data / "polnear" / "dev" / "text").glob("*.txt"))
    polnear += sorted((data / "polnear" / "train" / "text").glob("*.txt"))
    if polnear:
        found["polnear"] = {"paths": polnear[:limit], "columns": {}, "published": "2016-10-01"}
    india = data / "india_police_events" / "docs.jsonl"
    if india.is_file():
        found["india-police-events"] = {"paths": [india], "columns": INDIA_COLUMNS, "limit": limit}
    pages = sorted((data / "html_articles" / "html").glob("*.html.gz"))
    if pages:
        found["html-pages"] = {"paths": pages[:limit], "columns": {}}
    return found


def read_corpus(spec: dict[str, Any]) -> Iterator:
    items = read_inputs(spec["paths"], columns=spec["columns"], published=spec.get("published"))
    return itertools.islice(items, spec["limit"]) if spec.get("limit") else items


# -- measuring ----------------------------------------------------------------------------------------------


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    spent: dict[str, float] = {}
    # Each run pays for its own garbage and for no one else's: collected before the clock starts and
    # before it stops (otherwise a collection of one run's leftovers lands in whichever run comes next).
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    yield spent
    gc.collect()
    spent["wall"] = time.perf_counter() - wall
    spent["cpu"] = time.process_time() - cpu


def timed(fn: Callable, spent: dict[str, float]) -> Callable:
    def wrapper(*args: Any) -> Any:
        started = time.process_time()
        try:
            return fn(*args)
        finally:
            spent["cpu"] = spent.get("cpu", 0.0) + time.process_time() - started

    return wrapper


def raw_pipe(nlp, texts: list[str]) -> dict[str, float]:
    # One BLAS thread, as coding runs (coder.code_items): Flashpoint's copy multiplies on numpy's BLAS,
    # whose idle threads would otherwise spin on the second core and count as this process's CPU. (The
    # stock model multiplies with blis, on one thread either way.)
    with one_blas_thread(), timer() as spent:
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, disable=[s for s in STAGES if s in nlp.pipe_names]):
            pass
    return spent


def stock_model() -> Language:
    """The raw baseline: the spaCy model exactly as `spacy.load` gives it (its own components, as shipped),
    not the copy Flashpoint parses with (which gives the same annotations with some components swapped
    for faster equivalents: see nlp/model.py)."""
    return spacy.load(model_name())


def run_ingest(
    spec: dict[str, Any],
    engine,
    folder: Path,
    name: str,
    *,
    monitor: bool = True,
    batch_size: int = BATCH_SIZE,
) -> tuple[dict[str, float], Any]:
    """One `ingest()` into a fresh database, as `flashpoint ingest [--no-monitor]` runs it."""
    options: dict[str, Any] = {} if monitor else {"after_batch": None}
    # The store is opened before the clock starts: creating the schema is not throughput.
    with Store(folder / f"{name}.duckdb") as store, timer() as spent:
        report = ingest(read_corpus(spec), store, engine=engine, batch_size=batch_size, **options)
    return spent, report


def throughput(
    nlp, name: str, spec: dict[str, Any], folder: Path, rounds: int = 1, raw_nlp: Language | None = None
) -> dict[str, Any]:
    """Raw `nlp.pipe` (of `raw_nlp`, the stock model), `ingest --no-monitor` and `ingest`, interleaved
    `rounds` times; each keeps its least CPU and least wall time (other jobs on a shared machine only ever
    slow a run down). "parse" is the same `nlp.pipe` with Flashpoint's copy of the model (stages off):
    what the ingest's parse costs against the stock model."""
    raw_nlp = raw_nlp or stock_model()
    texts = [item.text for item in read_corpus(spec) if isinstance(item, Article)]
    words = sum(len(t.split()) for t in texts)
    # Warm-up: first-call costs (lexicons, gazetteer, caches) are not throughput.
    raw_pipe(raw_nlp, texts[:10])
    raw_pipe(nlp, texts[:10])
    with Store(memory=True) as scratch:
        warm = (Article(text=t, id=f"w{i}") for i, t in enumerate(texts[:10]))
        ingest(warm, scratch, engine=InProcessEngine(nlp=nlp), after_batch=None)
    engine = InProcessEngine(nlp=nlp, batch_size=BATCH_SIZE)
    runs: dict[str, list[dict[str, float]]] = {"raw": [], "parse": [], "bare": [], "full": []}
    for n in range(rounds):
        runs["raw"].append(raw_pipe(raw_nlp, texts))
        runs["parse"].append(raw_pipe(nlp, texts))
        # Raw once more, right after a plain parse, and the faster of the two counts: the first raw run
        # follows an ingest, and measured here the same raw parse costs 10 to 14% more CPU in that
        # position (2026-11-26, idle machine): a baseline at its slowest would flatter every ratio.
        runs["raw"].append(raw_pipe(raw_nlp, texts))
        spent, report = run_ingest(spec, engine, folder, f"{name}-no-monitor-{n}", monitor=False)
        runs["bare"].append(spent)
        runs["full"].append(run_ingest(spec, engine, folder, f"{name}-{n}")[0])
    raw, parse, bare, full = (
        {measure: min(run[measure] for run in runs[label]) for measure in ("cpu", "wall")}
        for label in ("raw", "parse", "bare", "full")
    )
    result = {
        "corpus": name,
        "articles": len(texts),
        "coded": report.coded,
        "words": words,
        "events": report.events,
        "raw_cpu_s": round(raw["cpu"], 2),
        "raw_wall_s": round(raw["wall"], 2),
        "raw_articles_per_s": round(len(texts) / raw["wall"], 2),
        "raw_words_per_cpu_s": round(words / raw["cpu"]),
        "parse_ratio_cpu": round(raw["cpu"] / parse["cpu"], 3),
        "rounds": rounds,
        "load_after": os.getloadavg(),
    }
    for label, spent in (("ingest_no_monitor", bare), ("ingest", full)):
        result.update({
            f"{label}_cpu_s": round(spent["cpu"], 2),
            f"{label}_wall_s": round(spent["wall"], 2),
            f"{label}_articles_per_s": round(len(texts) / spent["wall"], 2),
            f"{label}_words_per_s": round(words / spent["wall"]),
            f"{label}_words_per_cpu_s": round(words / spent["cpu"]),
            f"{label}_ratio_cpu": round(raw["cpu"] / spent["cpu"], 3),
            f"{label}_ratio_wall": round(raw["wall"] / spent["wall"], 3),
            # Against Flashpoint's own parse of the same texts: what reading, the stages, the store and
            # the monitor cost on top of the parse, whatever makes the parse itself faster than raw.
            f"{label}_ratio_to_parse_cpu": round(parse["cpu"] / spent["cpu"], 3),
        })  # fmt: skip
    return result


def print_throughput(r: dict[str, Any]) -> None:
    print(
        f"{r['corpus']:>20}: {r['articles']} articles, {r['words']} words, {r['events']} events | "
        f"raw nlp.pipe {r['raw_articles_per_s']} art/s, {r['raw_words_per_cpu_s']} words/CPU-s "
        f"(best of {r['rounds']}; load average {r['load_after'][0]:.1f}); Flashpoint's parse alone: "
        f"ratio to raw CPU {r['parse_ratio_cpu']}",
        flush=True,
    )
    for label, title in (("ingest_no_monitor", "ingest --no-monitor"), ("ingest", "ingest")):
        print(
            f"{'':>20}  {title:<19} {r[f'{label}_articles_per_s']} art/s, "
            f"{r[f'{label}_words_per_s']} words/s, {r[f'{label}_words_per_cpu_s']} words/CPU-s | "
            f"ratio to raw: CPU {r[f'{label}_ratio_cpu']}, "
            f"wall {r[f'{label}_ratio_wall']}; "
            f"to Flashpoint's parse alone: CPU {r[f'{label}_ratio_to_parse_cpu']}",
            flush=True,
        )


def scaling(
    spec: dict[str, Any], folder: Path, workers: int, with_dask: bool, monitor: bool, rounds: int
) -> dict[str, Any]:
    """Wall-clock ingestion of the same articles by 1 process, `workers` processes, a Dask LocalCluster.

    Each setup runs `rounds` times, setups interleaved, and keeps its fastest run: other jobs on a shared
    machine only ever slow a run down. "cores" is the CPU our processes used over the wall time: below
    ~`workers` means the machine was busy, not that the work did not spread. "cpu_ms_per_article" is the
    CPU of this process and all its children (workers, nannies) per article coded, and "cpu_overhead"
    that against one process: the engine's own cost, which wall-clock speed-up on an idle 2-core
    machine is bounded by (2 / (1 + overhead)).
    """
    results: dict[str, Any] = {
        "articles": sum(1 for _ in read_corpus(spec)),
        "batch_size": SCALING_BATCH_SIZE,
        "monitor": monitor,
        "load_before": os.getloadavg(),
    }
    setups = [("one_process", "local", 1), (f"{workers}_processes", "local", workers)]
    if with_dask:
        setups.append((f"dask_{workers}_workers", "dask", workers))
    for round_number in range(rounds):
        for label, kind, count in setups:
            parts = folder / f"{label}-{round_number}.parts"
            with open_engine(kind, workers=count, batch_size=SCALING_BATCH_SIZE, parts=parts) as engine:
                warm_up(engine)
                cpu_before = tree_cpu()
                spent, report = run_ingest(
                    spec,
                    engine,
                    folder,
                    f"{label}-{round_number}",
                    monitor=monitor,
                    batch_size=SCALING_BATCH_SIZE,
                )
                cpu = tree_cpu() - cpu_before
            runs = results.setdefault(label, {"runs": []})["runs"]
            runs.append({
                "wall_s": round(spent["wall"], 2),
                "cores": round(cpu / spent["wall"], 2),
                "coded": report.coded,
                "cpu_s": round(cpu, 2),
                "cpu_ms_per_article": round(1000 * cpu / max(1, report.coded), 1),
            })  # fmt: skip
    for label, *_ in setups:
        runs = results[label]["runs"]
        results[label]["wall_s"] = min(run["wall_s"] for run in runs)
        # CPU per article is what the engine costs whatever else runs: the least over the rounds.
        results[label]["cpu_ms_per_article"] = min(run["cpu_ms_per_article"] for run in runs)
    base = results["one_process"]["wall_s"]
    base_cpu = results["one_process"]["cpu_ms_per_article"]
    for label, *_ in setups[1:]:
        results[label]["speedup"] = round(base / results[label]["wall_s"], 3)
        results[label]["cpu_overhead"] = round(results[label]["cpu_ms_per_article"] / base_cpu - 1, 3)
    results["load_after"] = os.getloadavg()
    return results


def tree_cpu() -> float:
    """CPU seconds used so far by this process and its living descendants (pool and cluster workers)."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total


def warm_up(engine) -> None:
    """Start every worker (model loaded, lexicons read) before the clock starts."""
    batches = [
        [Article(text=f"Iraq warned Iran on day {i}.", id=f"warm{i}")] for i in range(2 * engine.workers)
    ]
    for _ in engine.code_batches(batches):
        pass


def memory(data: Path, sizes: list[int], folder: Path, monitor: bool) -> dict[str, Any]:
    """Peak RSS of `flashpoint ingest` (one process) over the first N of the same article stream."""
    paragraphs = folder / "paragraphs.jsonl"
    count = write_paragraphs(data, paragraphs, max(sizes))
    results: dict[str, Any] = {"available": count, "monitor": monitor}
    for size in sizes:
        subset = folder / f"first-{size}.jsonl"
        with paragraphs.open(encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(source, size))
        command = [*FLASHPOINT, "ingest", str(subset), "--db", str(folder / f"m{size}.db")]
        command += [] if monitor else ["--no-monitor"]
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise RuntimeError(f"{' '.join(command)} failed with status {status}")
        results[str(size)] = {
            "articles": min(size, count),
            "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "wall_s": round(time.perf_counter() - started, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        }
    small, large = results[str(min(sizes))]["peak_rss_mb"], results[str(max(sizes))]["peak_rss_mb"]
    results["growth"] = round(large / small - 1, 3)
    return results


def write_paragraphs(data: Path, path: Path, wanted: int) -> int:
    """Distinct real texts of news-brief size: the paragraphs of PolNeAR and IndiaPoliceEvents (short ones
    joined to the next until >= 300 characters), in file order, so the vocabulary keeps growing as it
    would over a real archive."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for paragraph in _paragraphs(data):
            out.write(json.dumps({"id": f"p{count}", "text": paragraph, "published": "2016-10-01"}) + "\n")
            count += 1
            if count >= wanted:
                break
    return count


def _paragraphs(data: Path) -> Iterator[str]:
    seen: set[str] = set()
    sources: list[Iterator[str]] = []
    for split in ("train", "dev"):
        sources.append(
            p.read_text(encoding="utf-8", errors="replace")
            for p in sorted((data / "polnear" / split / "text").glob("*.txt"))
        )
    india = data / "india_police_events" / "docs.jsonl"
    if india.is_file():
        sources.append(json.loads(line)["doc_text"] for line in india.open(encoding="utf-8"))
    for text in itertools.chain(*sources):
        chunk: list[str] = []
        for paragraph in text.split("\n\n"):
            chunk.append(paragraph.strip())
            joined = "\n\n".join(p for p in chunk if p)
            if len(joined) >= 300:  # short paragraphs (one-line quotes) join the next ones
                if joined not in seen:
                    seen.add(joined)
                    yield joined
                chunk = []


# -- report -------------------------------------------------------------------------------------------------


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=200, help="articles per corpus (throughput)")
    parser.add_argument("--scaling-limit", type=int, default=160, help="PolNeAR articles for scaling")
    parser.add_argument(
        "--rounds", type=int, default=2, help="throughput and scaling runs per setup (the fastest counts)"
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes for scaling")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    parser.add_argument("--memory", default="1000,10000", help="article counts for peak memory ('' skips)")
    parser.add_argument("--only", choices=["throughput", "scaling", "memory"], help="run one part only")
    parser.add_argument(
        "--monitor",
        action="store_true",
        help="scaling and memory runs with the monitor update after each batch (default: --no-monitor; "
        "throughput always reports both)",
    )
    parser.add_argument(
        "--profile",
        choices=["fast", "accurate"],
        default="fast",
        help="pipeline profile of the throughput runs (accurate: the role tagger, events/tagger.py)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}; nothing to benchmark", file=sys.stderr)
        return 0
    summary: dict[str, Any] = {
        "commit": commit(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "batch_size": BATCH_SIZE,
        "profile": args.profile,
    }
    found = corpora(args.data, args.limit)
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "throughput"):
            nlp, raw_nlp = load_pipeline(profile=args.profile), stock_model()
            print(f"profile: {args.profile}", flush=True)
            summary["throughput"] = []
            for name, spec in found.items():
                summary["throughput"].append(throughput(nlp, name, spec, folder, args.rounds, raw_nlp))
                print_throughput(summary["throughput"][-1])
            summary["peak_mb_throughput_process"] = round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            )
            print(f"peak memory of this process: {summary['peak_mb_throughput_process']} MB", flush=True)
        if args.only in (None, "scaling") and "polnear" in found:
            spec = {**found["polnear"], "paths": found["polnear"]["paths"][: args.scaling_limit]}
            summary["scaling"] = s = scaling(
                spec, folder, args.workers, not args.no_dask, args.monitor, args.rounds
            )
            line = ", ".join(
                f"{label} {v['wall_s']} s"
                + (f" (x{v['speedup']})" if "speedup" in v else "")
                + f" [cores used: {', '.join(str(r['cores']) for r in v['runs'])}; "
                + f"{v['cpu_ms_per_article']} CPU-ms/article"
                + (f", {v['cpu_overhead']:+.1%} CPU vs one process" if "cpu_overhead" in v else "")
                + "]"
                for label, v in s.items()
                if isinstance(v, dict)
            )
            print(
                f"{'scaling':>20}: {s['articles']} PolNeAR articles, monitor "
                f"{'on' if s['monitor'] else 'off'}: {line}; "
                f"load average before {s['load_before'][0]:.1f}, after {s['load_after'][0]:.1f}",
                flush=True,
            )
        sizes = [int(n) for n in args.memory.split(",") if n.strip()]
        if args.only in (None, "memory") and sizes:
            summary["memory"] = m = memory(args.data, sizes, folder, args.monitor)
            line = ", ".join(
                f"{n}: {m[str(n)]['peak_rss_mb']} MB ({m[str(n)]['wall_s']} s)" for n in sizes if str(n) in m
            )
            print(
                f"{'peak memory':>20}: flashpoint ingest{'' if m['monitor'] else ' --no-monitor'}: {line}; "
                f"growth {m['growth']:+.1%}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
