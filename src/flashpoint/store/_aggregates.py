"""The workbench's aggregate queries: timeline buckets, map points, dyads, facets and article search.

Each function takes the store's connection and an event filter already turned into a WHERE clause with its
parameters (`_store._event_filters`), so the figures count exactly the events the table lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

INTERVALS = ("day", "week", "month")
QUAD_CLASSES = (0, 1, 2, 3, 4)


def _and(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f"WHERE {condition}"


def _bucket_start(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    if interval == "month":
        return day.replace(day=1)
    return day


def _next_bucket(start: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def _n_buckets(first: dt.date, last: dt.date, interval: str) -> int:
    if interval == "day":
        return (last - first).days + 1
    if interval == "week":
        return (_bucket_start(last, "week") - _bucket_start(first, "week")).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _quantile_day(rows: Sequence[tuple[Any, ...]], share: float) -> dt.date:
    # rows: (day, quad, count, ...) sorted by day; the first day by which `share` of the events happened.
    total = sum(r[2] for r in rows)
    seen = 0
    for row in rows:
        seen += row[2]
        if seen >= share * total:
            return row[0]
    return rows[-1][0]


def timeline(
    conn: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any], *, interval: str, max_buckets: int
) -> dict[str, Any]:
    """Event counts by quad class and mean Goldstein score per day, week or month.

    interval (str): day, week, month, or auto (the finest of those that fits in max_buckets).
    RETURNS (dict): interval (the one used); buckets, every period from the first event shown to the last
    (empty ones too, so the time axis is true): {start, end, counts {quad class: n}, total, goldstein};
    and `outside`, the events left out before and after the range shown. A range that does not fit in
    max_buckets is cut to the middle 98% of the events (a mis-resolved "1030" should not squash a year of
    news into one bar), then, if need be, to its last max_buckets periods.
    """
    if interval not in (*INTERVALS, "auto"):
        raise ValueError(f"interval {interval!r}: choose one of {', '.join(INTERVALS)} or auto")
    rows = conn.execute(
        f"SELECT e.event_day, e.quad_class, count(*), sum(e.goldstein), count(e.goldstein) FROM events e "
        f"{_and(where, 'e.event_day IS NOT NULL')} GROUP BY ALL ORDER BY 1",
        list(params),
    ).fetchall()
    empty = {"interval": "day" if interval == "auto" else interval, "buckets": [], "outside": {}}
    if not rows:
        return empty
    candidates = INTERVALS if interval == "auto" else (interval,)
    first, last = rows[0][0], rows[-1][0]
    if _n_buckets(first, last, candidates[-1]) > max_buckets:
        first, last = _quantile_day(rows, 0.01), _quantile_day(rows, 0.99)
    chosen = next((c for c in candidates if _n_buckets(first, last, c) <= max_buckets), candidates[-1])
    start = _bucket_start(last, chosen)
    for _ in range(max_buckets - 1):
        previous = _bucket_start(start - dt.timedelta(days=1), chosen)
        if previous < _bucket_start(first, chosen):
            break
        start = previous
    buckets: dict[dt.date, dict[str, Any]] = {}
    while start <= last:
        end = _next_bucket(start, chosen) - dt.timedelta(days=1)
        buckets[start] = {"start": start, "end": end, "counts": dict.fromkeys(QUAD_CLASSES, 0), "total": 0}
        buckets[start]["_sum"], buckets[start]["_n"] = 0.0, 0
        start = end + dt.timedelta(days=1)
    shown_first = min(buckets)
    shown_last = max(b["end"] for b in buckets.values())
    outside = {"before": 0, "after": 0, "first": rows[0][0].isoformat(), "last": rows[-1][0].isoformat()}
    for day, quad, count, goldstein_sum, goldstein_n in rows:
        if day < shown_first or day > shown_last:
            outside["before" if day < shown_first else "after"] += count
            continue
        bucket = buckets[_bucket_start(day, chosen)]
        if quad in bucket["counts"]:
            bucket["counts"][quad] += count
        bucket["total"] += count
        bucket["_sum"] += goldstein_sum or 0.0
        bucket["_n"] += goldstein_n
    out = []
    for bucket in buckets.values():
        n, total = bucket.pop("_n"), bucket.pop("_sum")
        bucket["goldstein"] = round(total / n, 3) if n else None
        bucket["start"], bucket["end"] = bucket["start"].isoformat(), bucket["end"].isoformat()
        out.append(bucket)
    return {"interval": chosen, "buckets": out, "outside": outside}


def map_points(
    conn: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any], *, limit: int
) -> list[dict[str, Any]]:
    """Event locations with coordinates, grouped by place: the `limit` busiest, busiest first."""
    rows = conn.execute(
        "SELECT e.place_name, e.place_country, round(e.lat, 3) AS lat, round(e.lon, 3) AS lon, "
        "count(*) AS n, "
        "count(*) FILTER (WHERE e.quad_class IN (1, 2)), count(*) FILTER (WHERE e.quad_class IN (3, 4)), "
        f"avg(e.goldstein) FROM events e {_and(where, 'e.lat IS NOT NULL AND e.lon IS NOT NULL')} "
        "GROUP BY ALL ORDER BY n DESC, e.place_name LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {
            "place": place,
            "country": country,
            "lat": lat,
            "lon": lon,
            "events": n,
            "cooperation": coop,
            "conflict": conflict,
            "goldstein": round(goldstein, 3) if goldstein is not None else None,
        }
        for place, country, lat, lon, n, coop, conflict, goldstein in rows
    ]


def country_counts(conn: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any]) -> dict[str, int]:
    """Events per location country (ISO alpha-3)."""
    rows = conn.execute(
        f"SELECT e.place_country, count(*) FROM events e {_and(where, 'e.place_country IS NOT NULL')} "
        "GROUP BY ALL",
        list(params),
    ).fetchall()
    return dict(rows)


def dyads(
    conn: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any], *, limit: int
) -> list[dict[str, Any]]:
    """(actor code, recipient code) pairs with event counts by cooperation/conflict: the `limit` largest.

    An event with two actor codes and one recipient code counts once for each of its two pairs.
    """
    rows = conn.execute(
        f"""
        WITH ev AS (
            SELECT e.quad_class, e.goldstein, list_distinct(e.actor_codes) AS actors,
                list_distinct(e.recipient_codes) AS recipients
            FROM events e {_and(where, "len(e.actor_codes) > 0 AND len(e.recipient_codes) > 0")}
        ), by_actor AS (
            SELECT quad_class, goldstein, unnest(actors) AS actor, recipients FROM ev
        ), pairs AS (
            SELECT quad_class, goldstein, actor, unnest(recipients) AS recipient FROM by_actor
        )
        SELECT actor, recipient, count(*) AS n,
            count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)),
            avg(goldstein)
        FROM pairs GROUP BY ALL ORDER BY n DESC, actor, recipient LIMIT ?
        """,
        [*params, limit],
    ).fetchall()
    return [
        {
            "actor": actor,
            "recipient": recipient,
            "events": n,
            "cooperation": coop,
            "conflict": conflict,
            "goldstein": round(goldstein, 3) if goldstein is not None else None,
        }
        for actor, recipient, n, coop, conflict, goldstein in rows
    ]


def facets(conn: duckdb.DuckDBPyConnection, *, limit: int) -> dict[str, list[dict[str, Any]]]:
    """The values each filter can take, with how many events have them (for the dashboard's pickers)."""
    queries = {
        "type": "SELECT type, count(*) FROM events GROUP BY 1",
        "quad_class": "SELECT quad_class, count(*) FROM events GROUP BY 1",
        "modality": "SELECT modality, count(*) FROM events GROUP BY 1",
        "source_type": "SELECT attribution_source_type, count(*) FROM events GROUP BY 1",
        "country": "SELECT place_country, count(*) FROM events GROUP BY 1",
        "actor": "SELECT code, count(*) FROM event_actors WHERE role = 'actor' GROUP BY 1",
        "recipient": "SELECT code, count(*) FROM event_actors WHERE role = 'recipient' GROUP BY 1",
        "actor_sector": "SELECT sector, count(*) FROM event_actors WHERE role = 'actor' GROUP BY 1",
        "recipient_sector": "SELECT sector, count(*) FROM event_actors WHERE role = 'recipient' GROUP BY 1",
        "publisher": "SELECT a.source, sum(a.n_events) FROM articles a GROUP BY 1",
    }
    out = {}
    for name, sql in queries.items():
        rows = conn.execute(
            f"SELECT * FROM ({sql}) AS f(value, n) WHERE value IS NOT NULL ORDER BY n DESC, value LIMIT ?",
            [limit],
        ).fetchall()
        out[name] = [{"value": value, "events": int(n or 0)} for value, n in rows]
    return out


def find_articles(
    conn: duckdb.DuckDBPyConnection,
    *,
    publisher: Sequence[str] | None,
    text: str | None,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    offset: int,
) -> tuple[list[tuple[Any, ...]], int]:
    """Articles by publisher, title/text substring and publication date range; (rows, total).

    Rows are (id, title, published_raw, source, url, n_events), newest first.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if publisher:
        clauses.append(f"source IN ({', '.join('?' * len(publisher))})")
        params.extend(publisher)
    if text:
        clauses.append("(contains(lower(title), lower(?)) OR contains(lower(text), lower(?)))")
        params.extend([text, text])
    if since is not None:
        clauses.append("published >= ?")
        params.append(since)
    if until is not None:
        clauses.append("published <= ?")
        params.append(until)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = conn.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()
    rows = conn.execute(
        f"SELECT id, title, published_raw, source, url, n_events FROM articles {where} "
        "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return rows, int(total[0]) if total else 0
