"""The queries behind monitor/: article fingerprints (near-duplicates), term frequencies, incidents.

Functions here take a `Store` and own its SQL for the monitor's tables (created by `m020_incidents`);
monitor/ holds the logic and never writes SQL itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import StoreError

if TYPE_CHECKING:
    from ._store import Store

# Columns of a pending or supporting event, as `_event_dict` names them.
_EVENT_COLUMNS = (
    "article_id", "event_id", "position", "type", "cameo", "quad_class", "goldstein", "sentence_index",
    "sentence_start", "sentence_end", "sentence_text", "trigger_text", "place_name", "geonameid", "lat",
    "lon", "place_country", "admin1", "date", "event_day", "date_text", "modality", "actor_codes",
    "recipient_codes", "published", "source", "url", "content_hash", "duplicate_of", "terms", "story_id",
    "group_id", "location", "actor", "recipient",
)  # fmt: skip
_EVENT_DETAILS = """
    json_extract(a.record, '$.events[' || e.position || '].location'),
    json_extract(a.record, '$.events[' || e.position || '].actor'),
    json_extract(a.record, '$.events[' || e.position || '].recipient')"""
_DETAILS = ("location", "actor", "recipient")
# Each event's three parts, read from one parse of the record (json_transform): an event without one of
# them gets null, so the list stays in step with the events.
_EVENT_PARTS = json.dumps({"events": [dict.fromkeys(_DETAILS, "JSON")]})
_EVENT_FROM = """
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN article_fingerprints f ON f.article_id = e.article_id AND f.content_hash = a.content_hash
"""
_EVENT_SELECT_BRIEF = """
    e.article_id, e.event_id, e.position, e.type, e.cameo, e.quad_class, e.goldstein, e.sentence_index,
    e.sentence_start, e.sentence_end, e.sentence_text, e.trigger_text, e.place_name, e.geonameid, e.lat,
    e.lon, e.place_country, e.admin1, e.date, e.event_day, e.date_text, e.modality, e.actor_codes,
    e.recipient_codes, a.published, a.source, a.url, a.content_hash, f.duplicate_of, NULL, f.story_id,
    f.group_id,"""
# (The terms, NULL above, are one JSON object per article: `_add_terms` reads them once per article rather
# than on every event's row, where they cost time and memory growing with the events.)
_EVENT_SELECT = _EVENT_SELECT_BRIEF + _EVENT_DETAILS + _EVENT_FROM
# Without the contract location, actor and recipient (read from the record JSON, the costly part): what
# matching needs. `event_details` adds them to the events whose incident is summarised.
_EVENT_SELECT_MATCHING = _EVENT_SELECT_BRIEF + "NULL, NULL, NULL" + _EVENT_FROM
INCIDENT_COLUMNS = (
    "id", "seq", "type", "cameo", "quad_class", "goldstein", "date", "first_day", "last_day",
    "first_reported", "location", "actor", "recipient", "actor_codes", "recipient_codes", "n_events",
    "n_articles", "publishers", "corroboration", "modalities", "updated_at",
)  # fmt: skip
_JSON_COLUMNS = ("location", "actor", "recipient", "modalities")
# json.dumps(value, ensure_ascii=False), with one encoder for all values (json.dumps builds a new encoder
# for every call given options).
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _run(store: Store, what: str, fn: Any) -> Any:
    """Run `fn(connection)` in one transaction under the store's lock; errors name `what` failed."""
    store._check_writable()
    with store._lock:
        try:
            with store._transaction():
                return fn(store._db)
        except duckdb.Error as exc:
            raise StoreError(f"could not {what} in {store._where}: {exc}") from exc


def _insert(db: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Append rows (in the table's column order) in bulk: DuckDB's appender is several times faster than
    multi-row VALUES statements, whose thousands of parameters cost more to bind than to insert."""
    if not rows:
        return
    appender = db.appender(table)
    appender.append_rows(rows)
    appender.flush()


def _read(store: Store, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with store._lock:
        return store._db.execute(sql, list(params)).fetchall()


# -- fingerprints and near-duplicates ----------------------------------------------------------------------

# What an article's context terms read of its record (monitor/stories.article_terms).
_CONTEXT_PARTS = json.dumps(
    {"entities": [dict.fromkeys(("label", "name", "text"), "JSON")], "times": [{"value": "JSON"}]}
)


def articles_to_fingerprint(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles with no fingerprint of their current version, oldest first.

    RETURNS (list[dict]): id, content_hash, title, text, published (date), source, and record: the
        entities (label, name, text) and times (value) of the article's record, all that its context
        terms read of it.
    """
    # Only the record's entities and times, and of them only what context terms read: parsing whole
    # records (events, quotes...) in Python cost more than the rest of reading. One parse of each record
    # in DuckDB (json_transform; a JSON path per part parsed it once per part).
    rows = _read(
        store,
        f"""SELECT a.id, a.content_hash, a.title, a.text, a.published, a.source,
                  to_json(json_transform(a.record, '{_CONTEXT_PARTS}'))
           FROM articles a
           LEFT JOIN article_fingerprints f ON f.article_id = a.id AND f.content_hash = a.content_hash
           WHERE f.article_id IS NULL
           ORDER BY a.published NULLS LAST, a.ingested_at, a.id LIMIT ?""",
        [limit],
    )
    keys = ("id", "content_hash", "title", "text", "published", "source", "record")
    found = [dict(zip(keys, row, strict=True)) for row in rows]
    for article in found:
        article["record"] = json.loads(article["record"])
    return found


def band_members(store: Store, keys: Iterable[int], exclude: Iterable[str]) -> dict[int, set[str]]:
    """LSH band key -> the fingerprinted articles (but those in `exclude`) that have it (band index is in
    the key); keys no article has are left out. One query for a whole batch of articles' keys."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = _read(
        store,
        """SELECT DISTINCT b.key, b.article_id FROM article_bands b
           WHERE b.key IN (SELECT unnest(?::BIGINT[]))
             AND b.article_id NOT IN (SELECT unnest(?::VARCHAR[]))""",
        [wanted, list(exclude)],
    )
    found: dict[int, set[str]] = {}
    for key, article_id in rows:
        found.setdefault(key, set()).add(article_id)
    return found


def article_texts(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> {title, text, published, duplicate_of, story_id} of stored, fingerprinted articles."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = _read(
        store,
        """SELECT a.id, a.title, a.text, a.published, f.duplicate_of, f.story_id FROM articles a
           LEFT JOIN article_fingerprints f ON f.article_id = a.id
           WHERE a.id IN (SELECT unnest(?::VARCHAR[]))""",
        [wanted],
    )
    keys = ("title", "text", "published", "duplicate_of", "story_id")
    return {r[0]: dict(zip(keys, r[1:], strict=True)) for r in rows}


def save_fingerprints(
    store: Store,
    fingerprints: Sequence[Mapping[str, Any]],
    links: Mapping[str, Sequence[tuple[float, str]]],
    stories: Mapping[str, str],
    groups: Mapping[str, str] | None = None,
) -> None:
    """In one transaction: store (or replace) article fingerprints, their LSH band keys and the term
    frequencies they change, the story links that changed, and the stories that changed.

    fingerprints: dicts of article_id, content_hash, n_shingles, duplicate_of, similarity, terms
        (term -> count), story_id, keys (band keys, in band order).
    links: article id -> its links (cosine, neighbour), replacing its saved ones.
    stories: article id -> story id, for stored articles whose story may have changed.
    groups: article id -> the id of its group of linked articles (stories before they are cut), for the
        same articles.
    Term frequencies count distinct articles: a near-duplicate adds nothing, and a replaced article's old
    terms are taken back first. A near-duplicate always takes its original's story.
    """

    def write(db: duckdb.DuckDBPyConnection) -> None:
        ids = [f["article_id"] for f in fingerprints]
        old = db.execute(
            "SELECT terms FROM article_fingerprints WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND duplicate_of IS NULL",
            [ids],
        ).fetchall()
        delta: dict[str, int] = {}
        for (terms,) in old:
            for term in json.loads(terms):
                delta[term] = delta.get(term, 0) - 1
        for f in fingerprints:
            if f["duplicate_of"] is None:
                for term in f["terms"]:
                    delta[term] = delta.get(term, 0) + 1
        for table in ("article_fingerprints", "article_bands"):
            db.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        _insert(
            db,
            "article_fingerprints",
            [
                (
                    f["article_id"], f["content_hash"], f["n_shingles"], f["duplicate_of"], f["similarity"],
                    _to_json(f["terms"]), f["story_id"], f.get("group_id"),
                )
                for f in fingerprints
            ],
        )  # fmt: skip
        bands = [(f["article_id"], band, key) for f in fingerprints for band, key in enumerate(f["keys"])]
        _insert(db, "article_bands", bands)
        changed = [(term, n) for term, n in delta.items() if n]
        if changed:
            db.execute(
                """INSERT INTO term_frequencies
                   SELECT unnest(?::VARCHAR[]) AS term, unnest(?::INTEGER[]) AS df
                   ON CONFLICT (term) DO UPDATE SET df = df + excluded.df""",
                [[t for t, _ in changed], [n for _, n in changed]],
            )
            db.execute("DELETE FROM term_frequencies WHERE df <= 0")
        relinked = sorted(set(ids) | set(links))
        db.execute("DELETE FROM story_links WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [relinked])
        _insert(
            db, "story_links", [(aid, other, score) for aid, own in links.items() for score, other in own]
        )
        if stories:
            db.execute(
                """UPDATE article_fingerprints f SET story_id = s.story_id
                   FROM (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS story_id) s
                   WHERE f.article_id = s.article_id AND f.story_id IS DISTINCT FROM s.story_id""",
                [list(stories), list(stories.values())],
            )
        if groups:
            db.execute(
                """UPDATE article_fingerprints f SET group_id = s.group_id
                   FROM (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS group_id) s
                   WHERE f.article_id = s.article_id AND f.group_id IS DISTINCT FROM s.group_id""",
                [list(groups), list(groups.values())],
            )
        db.execute(
            """UPDATE article_fingerprints f SET story_id = o.story_id, group_id = o.group_id
               FROM article_fingerprints o WHERE f.duplicate_of = o.article_id
                 AND (f.story_id IS DISTINCT FROM o.story_id OR f.group_id IS DISTINCT FROM o.group_id)"""
        )

    _run(store, "store article fingerprints", write)


def story_members(
    store: Store,
    first: dt.date | None,
    last: dt.date | None,
    exclude: Iterable[str],
    limit: int | None = None,
) -> list[tuple[str, dt.date | None, dict[str, int]]]:
    """Distinct fingerprinted articles published in [first, last] (all, when None; undated ones always);
    with a `limit`, only the `limit` latest of them (published, then stored), RETURNS (list):
    (article_id, published, terms), by article id."""
    where = "f.duplicate_of IS NULL AND f.article_id NOT IN (SELECT unnest(?::VARCHAR[]))"
    params: list[Any] = [list(exclude)]
    if first is not None and last is not None:
        where += " AND (a.published IS NULL OR a.published BETWEEN ? AND ?)"
        params += [first, last]
    params.append(limit)
    rows = _read(
        store,
        f"""WITH chosen AS (
                SELECT f.article_id, a.published
                FROM article_fingerprints f JOIN articles a ON a.id = f.article_id WHERE {where}
                ORDER BY a.published DESC NULLS FIRST, a.ingested_at DESC, f.article_id DESC LIMIT ?)
            SELECT c.article_id, c.published, f.terms FROM chosen c
            JOIN article_fingerprints f ON f.article_id = c.article_id ORDER BY c.article_id""",
        params,
    )
    return [(aid, published, json.loads(terms)) for aid, published, terms in rows]


def story_links(store: Store, article_ids: Iterable[str]) -> dict[str, list[tuple[float, str]]]:
    """RETURNS (dict): article id -> its saved story links (cosine, neighbour), nearest first."""
    wanted = sorted(set(article_ids))
    if not wanted:
        return {}
    rows = _read(
        store,
        """SELECT article_id, similarity, neighbour_id FROM story_links
           WHERE article_id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY article_id, similarity DESC, neighbour_id DESC""",
        [wanted],
    )
    found: dict[str, list[tuple[float, str]]] = {}
    for aid, score, other in rows:
        found.setdefault(aid, []).append((score, other))
    return found


def linking_articles(store: Store, article_ids: Iterable[str]) -> set[str]:
    """RETURNS (set[str]): the articles whose saved story links point at one of these."""
    wanted = sorted(set(article_ids))
    if not wanted:
        return set()
    rows = _read(
        store,
        "SELECT DISTINCT article_id FROM story_links WHERE neighbour_id IN (SELECT unnest(?::VARCHAR[]))",
        [wanted],
    )
    return {aid for (aid,) in rows}


def story_groups(
    store: Store, article_ids: Iterable[str], exclude: Iterable[str]
) -> dict[str, dt.date | None]:
    """The distinct articles of the stories these articles belong to (but those in `exclude`).

    RETURNS (dict): article id -> publication day.
    """
    rows = _read(
        store,
        """SELECT f.article_id, a.published FROM article_fingerprints f JOIN articles a ON a.id = f.article_id
           WHERE f.duplicate_of IS NULL AND f.article_id NOT IN (SELECT unnest(?::VARCHAR[]))
             AND f.story_id IN (SELECT story_id FROM article_fingerprints
                                WHERE article_id IN (SELECT unnest(?::VARCHAR[])))""",
        [sorted(set(exclude)), sorted(set(article_ids))],
    )
    return dict(rows)


def stories(store: Store) -> dict[str, str]:
    """RETURNS (dict): article id -> story id, for every fingerprinted article."""
    return dict(_read(store, "SELECT article_id, story_id FROM article_fingerprints ORDER BY article_id"))


def groups(store: Store) -> dict[str, str]:
    """RETURNS (dict): article id -> its group of linked articles (stories before the cut)."""
    return dict(_read(store, "SELECT article_id, group_id FROM article_fingerprints ORDER BY article_id"))


def duplicates(store: Store) -> dict[str, tuple[str, float]]:
    """RETURNS (dict): article id -> (the article it near-duplicates, containment) for every duplicate."""
    rows = _read(
        store, "SELECT article_id, duplicate_of, similarity FROM article_fingerprints WHERE duplicate_of "
        "IS NOT NULL ORDER BY article_id"
    )  # fmt: skip
    return {aid: (of, sim) for aid, of, sim in rows}


def document_frequencies(store: Store, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
    """RETURNS (tuple): the number of distinct fingerprinted articles, and df of those of `terms` seen."""
    wanted = sorted(set(terms))
    with store._lock:
        found = store._db.execute(
            "SELECT count(*) FROM article_fingerprints WHERE duplicate_of IS NULL"
        ).fetchone()
        rows = store._db.execute(
            "SELECT term, df FROM term_frequencies WHERE term IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
    return int(found[0]) if found else 0, dict(rows)


# -- incidents ---------------------------------------------------------------------------------------------


def _event_dict(row: Sequence[Any]) -> dict[str, Any]:
    """An event row as a dict (its "terms" are added by `_add_terms`)."""
    found = dict(zip(_EVENT_COLUMNS, row, strict=True))
    for key in ("location", "actor", "recipient"):
        found[key] = json.loads(found[key]) if found[key] else None
    return found


def _add_terms(store: Store, events: Sequence[dict[str, Any]]) -> None:
    """Set each event's "terms": its article's context terms, from the fingerprint of the article's current
    version ({} without one), read and parsed once per article."""
    ids = sorted({e["article_id"] for e in events})
    rows = (
        _read(
            store,
            """SELECT f.article_id, f.terms FROM article_fingerprints f
               JOIN articles a ON a.id = f.article_id AND a.content_hash = f.content_hash
               WHERE f.article_id IN (SELECT unnest(?::VARCHAR[]))""",
            [ids],
        )
        if ids
        else []
    )
    parsed = {aid: json.loads(terms) if terms else {} for aid, terms in rows}
    for event in events:
        event["terms"] = parsed.get(event["article_id"], {})


def event_details(
    store: Store, events: Iterable[Mapping[str, Any]]
) -> dict[tuple[str, str], tuple[Any, ...]]:
    """The contract location, actor and recipient of stored events (dicts with article_id, event_id and
    position, as `pending_events` and `candidate_incidents` give them).

    RETURNS (dict): (article_id, event_id) -> (location, actor, recipient).
    """
    rows = sorted({(e["article_id"], e["event_id"], e["position"]) for e in events})
    if not rows:
        return {}
    # Each article's record is parsed once for all its events (per event and part, costs grew with events
    # x record size), in DuckDB, for only the three parts of each event (parsing whole records in Python,
    # with their quotes, entities and provenance, was most of the monitor's reading), in one parse
    # (json_transform; a JSON path per part parsed the record once per part: 2.3x the time).
    records = _read(
        store,
        f"""SELECT id, to_json(json_transform(record, '{_EVENT_PARTS}').events)
            FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))""",
        [sorted({aid for aid, _, _ in rows})],
    )
    details_of: dict[str, list[tuple[Any, ...]]] = {}
    for aid, parts in records:
        details_of[aid] = [tuple(e[key] for key in _DETAILS) for e in json.loads(parts or "[]")]
    found: dict[tuple[str, str], tuple[Any, ...]] = {}
    for aid, eid, position in rows:
        if aid not in details_of:
            continue
        details = details_of[aid]
        found[(aid, eid)] = details[position] if 0 <= position < len(details) else (None, None, None)
    return found


def drop_stale_assignments(store: Store) -> set[str]:
    """Forget incident links of events that are gone or whose article was replaced by another version.

    RETURNS (set[str]): the incidents that lost events (their summaries must be recomputed).
    """

    def write(db: duckdb.DuckDBPyConnection) -> set[str]:
        stale = """
            FROM incident_events i
            LEFT JOIN events e ON e.article_id = i.article_id AND e.event_id = i.event_id
            LEFT JOIN articles a ON a.id = i.article_id
            WHERE e.event_id IS NULL OR a.content_hash IS DISTINCT FROM i.content_hash"""
        rows = db.execute(f"SELECT i.article_id, i.event_id, i.incident_id {stale}").fetchall()
        if not rows:
            return set()
        db.execute(
            """DELETE FROM incident_events WHERE (article_id, event_id) IN
               (SELECT (unnest(?::VARCHAR[]), unnest(?::VARCHAR[])))""",
            [[r[0] for r in rows], [r[1] for r in rows]],
        )
        return {r[2] for r in rows}

    return _run(store, "drop stale incident links", write)


def pending_events(store: Store, excluded_modalities: Sequence[str]) -> list[dict[str, Any]]:
    """Events of fingerprinted articles that belong to no incident yet, in the order they happened
    (event day, else publication date), then article and position."""
    rows = _read(
        store,
        f"""SELECT {_EVENT_SELECT_MATCHING}
            LEFT JOIN incident_events i ON i.article_id = e.article_id AND i.event_id = e.event_id
            WHERE i.incident_id IS NULL AND f.article_id IS NOT NULL
              AND e.modality NOT IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY coalesce(e.event_day, a.published) NULLS LAST, a.published NULLS LAST, e.article_id,
                     e.position""",
        [list(excluded_modalities)],
    )
    events = [_event_dict(row) for row in rows]
    _add_terms(store, events)
    details = event_details(store, events)
    for event in events:
        event["location"], event["actor"], event["recipient"] = details[
            (event["article_id"], event["event_id"])
        ]
    return events


def candidate_incidents(
    store: Store,
    types: Sequence[str],
    ranges: Sequence[tuple[dt.date, dt.date]] | None,
    limit: int | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Incidents of one of `types` whose days reach into one of the day `ranges` (first, last), or that
    have no day, with every supporting event. With ranges None, every incident of those types. With a
    `limit`, only the `limit` most recently founded (highest seq) of each type.

    RETURNS (dict): incident id -> its supporting events (dicts as `pending_events` gives, but location,
        actor and recipient None: see `event_details`), in the order the incidents were founded.
    """
    where = "n.type IN (SELECT unnest(?::VARCHAR[]))"
    params: list[Any] = [list(types)]
    if ranges is not None:
        where += """ AND (n.first_day IS NULL OR EXISTS (
            SELECT 1 FROM (SELECT unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi) r
            WHERE n.first_day <= r.hi AND n.last_day >= r.lo))"""
        params += [[lo for lo, _ in ranges], [hi for _, hi in ranges]]
    params += [limit, limit]
    rows = _read(
        store,
        f"""WITH chosen AS (
                SELECT n.id, n.seq FROM incidents n WHERE {where}
                QUALIFY ?::BIGINT IS NULL
                    OR row_number() OVER (PARTITION BY n.type ORDER BY n.seq DESC) <= ?::BIGINT)
            SELECT i.incident_id, {_EVENT_SELECT_MATCHING}
            JOIN incident_events i ON i.article_id = e.article_id AND i.event_id = e.event_id
            JOIN chosen n ON n.id = i.incident_id
            ORDER BY n.seq, e.article_id, e.position""",
        params,
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(_event_dict(row[1:]))
    _add_terms(store, [e for events in found.values() for e in events])
    return found


def next_incident_seq(store: Store) -> int:
    found = _read(store, "SELECT coalesce(max(seq), 0) FROM incidents")
    return int(found[0][0]) + 1


def incident_events(store: Store, incident_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """RETURNS (dict): incident id -> its supporting events with their articles' metadata."""
    wanted = sorted(set(incident_ids))
    if not wanted:
        return {}
    rows = _read(
        store,
        f"""SELECT i.incident_id, {_EVENT_SELECT}
            JOIN incident_events i ON i.article_id = e.article_id AND i.event_id = e.event_id
            WHERE i.incident_id IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY a.published NULLS LAST, e.article_id, e.position""",
        [wanted],
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(_event_dict(row[1:]))
    _add_terms(store, [e for events in found.values() for e in events])
    return found


def save_incidents(
    store: Store,
    links: Sequence[tuple[str, str, str, float | None, str]],
    summaries: Sequence[Mapping[str, Any]],
    emptied: Iterable[str],
) -> None:
    """In one transaction: add event -> incident links, rewrite incident summaries, delete emptied ones.

    links: (article_id, event_id, incident_id, score, content_hash).
    summaries: incident rows keyed by INCIDENT_COLUMNS (JSON columns as Python values).
    """

    def write(db: duckdb.DuckDBPyConnection) -> None:
        _insert(db, "incident_events", links)
        gone = sorted(set(emptied) | {s["id"] for s in summaries})
        if gone:
            db.execute("DELETE FROM incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
        if summaries:
            _insert(
                db,
                "incidents",
                [
                    tuple(_to_json(s[c]) if c in _JSON_COLUMNS else s[c] for c in INCIDENT_COLUMNS)
                    for s in summaries
                ],
            )

    _run(store, "store incidents", write)


def incidents(
    store: Store,
    *,
    ids: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_corroboration: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored incident summaries (INCIDENT_COLUMNS; JSON decoded) with `links`: their supporting events
    as (article_id, event_id), ordered by first day then id."""
    clauses = ["n.corroboration >= ?"]
    params: list[Any] = [min_corroboration]
    if ids is not None:
        clauses.append("n.id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(ids))
    if since is not None:
        clauses.append("n.last_day >= ?")
        params.append(since)
    if until is not None:
        clauses.append("n.first_day <= ?")
        params.append(until)
    rows = _read(
        store,
        f"""SELECT {", ".join("n." + c for c in INCIDENT_COLUMNS)},
                   (SELECT list((i.article_id, i.event_id) ORDER BY i.article_id, i.event_id)
                    FROM incident_events i WHERE i.incident_id = n.id)
            FROM incidents n WHERE {" AND ".join(clauses)}
            ORDER BY n.first_day NULLS LAST, n.seq LIMIT ?""",
        [*params, limit],
    )
    found = []
    for row in rows:
        summary = dict(zip(INCIDENT_COLUMNS, row[:-1], strict=True))
        for column in _JSON_COLUMNS:
            summary[column] = json.loads(summary[column]) if summary[column] is not None else None
        summary["links"] = [(link[""] if isinstance(link, dict) else link) for link in row[-1] or []]
        found.append(summary)
    return found


def event_incidents(store: Store, article_ids: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
    """RETURNS (dict): (article_id, event_id) -> incident id, for every linked event (of those articles)."""
    if article_ids is None:
        rows = _read(store, "SELECT article_id, event_id, incident_id FROM incident_events")
    else:
        rows = _read(
            store,
            "SELECT article_id, event_id, incident_id FROM incident_events "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(set(article_ids))],
        )
    return {(aid, eid): iid for aid, eid, iid in rows}


def linked_events(store: Store) -> list[tuple[str, int, str]]:
    """RETURNS (list): (article_id, event position, incident id) of every event linked to an incident."""
    return _read(
        store,
        """SELECT i.article_id, e.position, i.incident_id FROM incident_events i
           JOIN events e ON e.article_id = i.article_id AND e.event_id = i.event_id
           ORDER BY i.article_id, e.position""",
    )


def article_volume(store: Store) -> dict[dt.date, int]:
    """RETURNS (dict): publication day -> number of distinct articles (near-duplicates counted once)."""
    rows = _read(
        store,
        """SELECT a.published, count(*) FROM articles a
           LEFT JOIN article_fingerprints f ON f.article_id = a.id
           WHERE a.published IS NOT NULL AND f.duplicate_of IS NULL GROUP BY 1 ORDER BY 1""",
    )
    return dict(rows)
