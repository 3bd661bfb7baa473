"""API latency and concurrency on a database of >= 100,000 events, with a load from a second process.

Two steps:

    # 1. A big database: code a real corpus once (PolNeAR + IndiaPoliceEvents, ~38,600 events), then copy
    #    its stored rows inside DuckDB under new article ids until it holds enough events.
    flashpoint ingest corpus.jsonl --db corpus.duckdb
    python benchmarks/api_latency.py build corpus.duckdb big.duckdb --copies 3

    # 2. Start `flashpoint serve` on loopback (its own process) and measure from this one: p50/p95 per
    #    query with one client, then the same queries from 50 concurrent clients (bounded in count and
    #    time). The same queries called on the Store directly in this process are the baseline.
    python benchmarks/api_latency.py run big.duckdb --clients 50 --requests 2000 --seconds 120

The copies keep their dates, texts and records (only ids change), so the figures get taller, not wider.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED_TABLES = ("events", "event_actors", "quotes", "entities", "places", "times")


def build(source: Path, target: Path, copies: int) -> None:
    """Copy `source` to `target`, then add copies-1 copies of every article under ids `<id>~rN`."""
    import duckdb

    from flashpoint.store import Store

    shutil.copyfile(source, target)
    Store(target).close()  # apply any pending migration first
    conn = duckdb.connect(str(target))
    try:
        conn.begin()
        for n in range(1, copies):
            suffix = f"~r{n}"
            conn.execute(
                "INSERT INTO articles SELECT * REPLACE (id || ? AS id, json_merge_patch(record, json_object("
                "'article', json_merge_patch(record->'article', json_object('id', id || ?)))) AS record) "
                "FROM articles WHERE NOT contains(id, '~r')",
                [suffix, suffix],
            )
            for table in COPIED_TABLES:
                conn.execute(
                    f"INSERT INTO {table} SELECT * REPLACE (article_id || ? AS article_id) FROM {table} "
                    "WHERE NOT contains(article_id, '~r')",
                    [suffix],
                )
        conn.commit()
        conn.execute("CHECKPOINT")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events")}
    finally:
        conn.close()
    print(f"{target}: {counts['articles']} articles, {counts['events']} events ({copies} copies)")


def _queries(db: Path) -> dict[str, str]:
    """The main queries, with filter values taken from the data so that each one matches something."""
    from flashpoint.store import Store

    with Store(db, read_only=True) as store:
        facets = store.facets(limit=5)
        dyad = store.dyads(limit=1)[0]
        article = store.articles(limit=1, offset=500)[0]["id"]
    publisher = facets["publisher"][0]["value"]
    return {
        "events (first page)": "/api/events?limit=50",
        "events by type + year": "/api/events?type=ASSAULT&since=2016-01-01&until=2016-12-31&limit=50",
        "events by dyad": f"/api/events?actor={dyad['actor']}&recipient={dyad['recipient']}&limit=50",
        "events by words": "/api/events?text=police&limit=50",
        "events by publisher, by Goldstein": f"/api/events?publisher={publisher}&order=-goldstein&limit=50",
        "events by sector + modality": "/api/events?actor_sector=GOV&modality=reported&limit=50",
        "timeline (auto)": "/api/timeline",
        "timeline (week, conflict)": "/api/timeline?interval=week&quad_class=3&quad_class=4",
        "map": "/api/map",
        "dyads": "/api/dyads",
        "facets": "/api/facets",
        "article": f"/api/articles/{article}",
        "export csv (1,000)": "/api/export?format=csv&limit=1000",
        "page: events": "/events",
        "page: reader": f"/articles/{article}",
        "page: timeline": "/timeline",
        "page: map": "/map",
        "page: network": "/network",
    }


def _baseline(db: Path) -> dict[str, float]:
    """p50 (ms) of the same store calls made directly in this process: what the HTTP layer adds to.

    Each runs what its API route runs: a page of events with their count and reviews, a timeline, ...
    """
    from flashpoint.store import Store

    timings: dict[str, list[float]] = {}
    with Store(db, read_only=True) as store:
        calls = {
            "events (first page)": lambda: (
                store.review_events(store.events(limit=50)),
                store.count_events(),
            ),
            "events by words": lambda: (
                store.review_events(store.events(text="police", limit=50)),
                store.count_events(text="police"),
            ),
            "timeline (auto)": lambda: store.timeline(),
            "map": lambda: (store.map_points(limit=2000), store.country_counts()),
            "dyads": lambda: store.dyads(limit=500),
        }
        for name, call in calls.items():
            call()
            timings[name] = []
            for _ in range(20):
                started = time.perf_counter()
                call()
                timings[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _load(base: str, urls: list[tuple[str, str]], clients: int, requests: int, seconds: float) -> dict:
    import httpx

    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for index in range(requests):
        queue.put_nowait(urls[index % len(urls)])
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                try:
                    name, url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code != 200:
                        errors.append(f"{name}: HTTP {response.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{name}: {type(exc).__name__} {exc}")
                latencies.setdefault(name, []).append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    done = sum(len(v) for v in latencies.values())
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "done": done}


def _summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 1), "p95": round(_percentile(values, 0.95), 1)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(db: Path, clients: int, requests: int, seconds: float, repeats: int, out: Path | None) -> None:
    import httpx

    queries = _queries(db)
    baseline = _baseline(db)  # before the server starts: the same machine, no other load of ours
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("flashpoint")), "serve", "--db", str(db), "--port", str(port),
         "--log-level", "warning"],
        env={k: v for k, v in os.environ.items() if k != "FLASHPOINT_TOKEN"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/stats", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        stats = httpx.get(f"{base}/api/stats", timeout=30).json()
        print(f"database: {stats['counts']['events']} events, {stats['counts']['articles']} articles")
        # 1. One client: each query `repeats` times after one warm-up.
        single: dict[str, list[float]] = {}
        with httpx.Client(base_url=base, timeout=60) as client:
            for name, url in queries.items():
                client.get(url).raise_for_status()
                single[name] = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    response = client.get(url)
                    response.raise_for_status()
                    single[name].append((time.perf_counter() - started) * 1000)
        print(f"\n1 client, {repeats} requests per query (ms)   p50      p95   store p50  ratio")
        for name, values in single.items():
            direct = baseline.get(name)
            extra = f"{direct:9.1f}  {statistics.median(values) / direct:5.2f}x" if direct else ""
            print(f"  {name:38s} {statistics.median(values):8.1f} {_percentile(values, 0.95):8.1f} {extra}")
        # 2. Many clients at once, bounded in count and time.
        load = asyncio.run(_load(base, list(queries.items()), clients, requests, seconds))
        every = [v for values in load["latencies"].values() for v in values]
        print(
            f"\n{clients} concurrent clients: {load['done']} requests in {load['elapsed']:.1f} s "
            f"({load['done'] / load['elapsed']:.1f} req/s), errors: {len(load['errors'])}, "
            f"p50 {statistics.median(every):.0f} ms, p95 {_percentile(every, 0.95):.0f} ms"
        )
        for error in load["errors"][:10]:
            print("  error:", error)
        if out:
            summary = {
                "events": stats["counts"]["events"],
                "single": {k: _summary(v) for k, v in single.items()},
                "baseline_p50": baseline,
                "concurrent": {
                    "clients": clients, "requests": load["done"], "seconds": load["elapsed"],
                    "errors": load["errors"], **_summary(every),
                    "per_query": {k: _summary(v) for k, v in load["latencies"].items()},
                },
            }  # fmt: skip
            out.write_text(json.dumps(summary, indent=2) + "\n")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="replicate a coded database to a big one")
    make.add_argument("source", type=Path)
    make.add_argument("target", type=Path)
    make.add_argument("--copies", type=int, default=3)
    load = commands.add_parser("run", help="serve a database and measure the API")
    load.add_argument("db", type=Path)
    load.add_argument("--clients", type=int, default=50)
    load.add_argument("--requests", type=int, default=2000, help="total requests of the concurrent run")
    load.add_argument("--seconds", type=float, default=120, help="stop the concurrent run after this long")
    load.add_argument("--repeats", type=int, default=30, help="requests per query with one client")
    load.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.source, args.target, args.copies)
    else:
        run(args.db, args.clients, args.requests, args.seconds, args.repeats, args.json)


if __name__ == "__main__":
    main()
