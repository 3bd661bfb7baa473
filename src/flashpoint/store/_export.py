"""The store's side of exports: matching events with their article and review, and Parquet files.

`iter_export_events` reads the keys of every matching event in one query, then the events a chunk at a
time, holding the store's lock only while it reads: a slow consumer (an HTTP client
downloading an export) never blocks other requests. Formats (GDELT, ICEWS, PLOVER, ...) live in
`flashpoint.exports`; they turn these event dicts into rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from ._corrections import load_reviews, reviewed_event

_CHUNK = 1000  # events read per lock acquisition


def _has_table(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])


def iter_export_events(
    conn: duckdb.DuckDBPyConnection,
    lock: threading.RLock,
    where: str,
    params: Sequence[Any],
    *,
    events_at: Callable[[Sequence[tuple[str, int]]], list[dict[str, Any]]],
    reviewed: bool,
    include_rejected: bool,
    limit: int | None,
) -> Iterator[dict[str, Any]]:
    """Matching events in article order, each a contract Event plus export context.

    events_at (Callable): the store's reader of events by (article id, position), called under the lock.
    Added keys: article_id, incident_id (when incidents are computed), sentence_text, `article` (id, title,
    published, source, url, language, ingested_at) and, when reviewed, the `review` of
    `store._corrections.reviewed_event`. reviewed=False gives the machine's events untouched.
    """
    with lock:
        keys = conn.execute(
            f"SELECT e.article_id, e.position, e.sentence_text FROM events e {where} "
            "ORDER BY e.article_id, e.position LIMIT ?",
            [*params, limit],
        ).fetchall()
        with_incidents = _has_table(conn, "incident_events")
    for first in range(0, len(keys), _CHUNK):
        chunk = keys[first : first + _CHUNK]
        ids = sorted({aid for aid, _, _ in chunk})
        with lock:
            events = events_at([(aid, position) for aid, position, _ in chunk])
            articles = _articles(conn, ids)
            reviews = load_reviews(conn, ids) if reviewed else {}
            incidents = _incidents(conn, ids) if with_incidents else {}
        for (aid, _, sentence_text), machine in zip(chunk, events, strict=True):
            meta, digest = articles[aid]
            event = {**machine, "article_id": aid, "incident_id": incidents.get((aid, machine["id"]))}
            if reviewed:
                event = reviewed_event(event, reviews.get((aid, event["id"])), digest)
                if not include_rejected and (event.get("review") or {}).get("status") == "rejected":
                    continue
            event["sentence_text"] = sentence_text
            event["article"] = meta
            yield event


def _articles(conn: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[dict, str]]:
    rows = conn.execute(
        "SELECT id, title, published_raw, source, url, language, ingested_at, content_hash "
        "FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [ids],
    ).fetchall()
    out = {}
    for aid, title, published, source, url, language, ingested, digest in rows:
        meta = {
            "id": aid, "title": title, "published": published, "source": source, "url": url,
            "language": language, "ingested_at": ingested.isoformat() + "Z" if ingested else None,
        }  # fmt: skip
        out[aid] = (meta, digest)
    return out


def _incidents(conn: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[tuple[str, str], str]:
    rows = conn.execute(
        "SELECT article_id, event_id, incident_id FROM incident_events "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [ids],
    ).fetchall()
    return {(aid, eid): iid for aid, eid, iid in rows}


def write_parquet(path: Path, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> int:
    """Write rows to a Parquet file through a private in-memory DuckDB (DuckDB writes Parquet itself).

    columns (Sequence[tuple[str, str]]): (name, DuckDB type) in row order.
    RETURNS (int): how many rows were written.
    """
    conn = duckdb.connect(":memory:")
    try:
        # Column names and types come from the export format's fixed schema, never from user input.
        conn.execute("CREATE TABLE export (" + ", ".join(f'"{name}" {kind}' for name, kind in columns) + ")")
        appender = conn.appender("export")
        n = 0
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                appender.append_rows(batch)
                n += len(batch)
                batch = []
        if batch:
            appender.append_rows(batch)
            n += len(batch)
        appender.flush()
        conn.execute("COPY export TO ? (FORMAT parquet)".replace("?", _quoted(path)))
        return n
    finally:
        conn.close()


def _quoted(path: Path) -> str:
    # COPY ... TO takes a string literal, not a parameter; the path is ours (a temporary or CLI file).
    return "'" + str(path).replace("'", "''") + "'"
