"""`Store`: the DuckDB database of coded articles. It owns every SQL statement Flashpoint runs.

All reads and writes go through one connection guarded by one lock (as datasette sends all writes through
one connection): DuckDB lets only one process open a file read-write, and one connection per Store keeps
transactions simple. Every query takes user values as parameters, never as SQL text.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypedDict, Unpack

import duckdb

from ..errors import StoreError
from . import _aggregates, _corrections, _export
from ._migrations import MIGRATIONS, MIGRATIONS_TABLE
from ._rows import ARTICLE_TABLES, COLUMNS, Row, add_article_rows, content_hash, period

if TYPE_CHECKING:
    from ..ingest.article import Article
    from ..records.model import ArticleRecord

Filter = str | Sequence[str] | None
IntFilter = int | Sequence[int] | None
DateBound = str | dt.date | None


class EventFilters(TypedDict, total=False):
    """The keyword filters of `Store.events()` (documented there), `count_events()` and the figures."""

    actor: Filter
    recipient: Filter
    actor_sector: Filter
    recipient_sector: Filter
    type: Filter
    quad_class: IntFilter
    modality: Filter
    source_type: Filter
    country: Filter
    since: DateBound
    until: DateBound
    article_id: Filter
    text: Filter
    publisher: Filter
    place: Filter
    review: Filter


# Checkpoints while ingesting (Store.manual_checkpoints, Store.checkpoint) run with DuckDB's cache capped
# at what it cannot evict (its indexes, ~1.1 MB per 1,000 articles) plus this. Measured, storing alone,
# peak RSS at 10,000 articles: 211 MB with 16 MB (and with 8), 230 MB with 32 MB. Too little makes the
# checkpoint run out of memory while it writes, which DuckDB makes FATAL (a flat 16 MB cap, and indexes
# + 4 MB, did): `checkpoint` then reopens the database, which loses nothing committed, and checkpoints
# uncapped. Only the checkpoint is capped: a query (the monitor's) may need more.
CHECKPOINT_HEADROOM = 16 * 2**20
CHECKPOINT_SAFETY = "256MiB"
# Seconds to wait between attempts when the file is locked as the store reopens it (`_reopen`).
REOPEN_WAITS = (0.1, 0.5, 1, 2, 5)
_PINNED_MEMORY = (
    "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
    "WHERE tag IN ('ART_INDEX', 'IN_MEMORY_TABLE', 'TRANSACTION')"
)
# Orders `events()` accepts, each mapped to SQL; the name is looked up, never pasted into the query.
ORDERS: dict[str, str] = {
    "event_day": "e.event_day ASC NULLS LAST, e.article_id, e.position",
    "-event_day": "e.event_day DESC NULLS LAST, e.article_id, e.position",
    "article": "e.article_id, e.position",
    "confidence": "e.confidence ASC NULLS LAST, e.article_id, e.position",
    "-confidence": "e.confidence DESC NULLS LAST, e.article_id, e.position",
    "goldstein": "e.goldstein ASC NULLS LAST, e.article_id, e.position",
    "-goldstein": "e.goldstein DESC NULLS LAST, e.article_id, e.position",
    "type": "e.type, e.event_day NULLS LAST, e.article_id, e.position",
    "-type": "e.type DESC, e.event_day NULLS LAST, e.article_id, e.position",
    "modality": "e.modality, e.event_day NULLS LAST, e.article_id, e.position",
    "-modality": "e.modality DESC, e.event_day NULLS LAST, e.article_id, e.position",
    "quad_class": "e.quad_class NULLS LAST, e.event_day NULLS LAST, e.article_id, e.position",
    "-quad_class": "e.quad_class DESC NULLS LAST, e.event_day NULLS LAST, e.article_id, e.position",
    "place": "e.place_name NULLS LAST, e.event_day NULLS LAST, e.article_id, e.position",
    "-place": "e.place_name DESC NULLS LAST, e.event_day NULLS LAST, e.article_id, e.position",
    # the deadliest first (events that count no dead last)
    "-dead": "e.dead DESC NULLS LAST, e.event_day NULLS LAST, e.article_id, e.position",
}
# Plain column filters of `events()`: keyword -> column.
_COLUMN_FILTERS = {
    "type": "e.type",
    "quad_class": "e.quad_class",
    "modality": "e.modality",
    "source_type": "e.attribution_source_type",
    "country": "e.place_country",
    "place": "e.place_name",
    "article_id": "e.article_id",
}
# review= values -> the verdict that gives that status (store/_corrections.py); "unreviewed": none.
_REVIEW_VERDICTS = {"confirmed": "confirm", "rejected": "reject", "corrected": "correct"}
_TABLES = ("articles", "events", "event_actors", "quotes", "entities", "places", "times", "problems")
# What article()/articles() return about an article; `published` is the value as given (published_raw).
_ARTICLE_FIELDS = (
    "id", "title", "published", "source", "url", "language", "content_hash", "n_events", "ingested_at",
)  # fmt: skip
_ARTICLE_SELECT = (
    "id, title, published_raw AS published, source, url, language, content_hash, n_events, ingested_at"
)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What `Store.add_articles` did with a batch.

    added (int): articles not stored before.
    unchanged (int): articles already stored with the same content; left as they were.
    replaced (int): articles stored before with other content (or `replace=True`); rows rewritten.
    """

    added: int = 0
    unchanged: int = 0
    replaced: int = 0

    def __add__(self, other: AddResult) -> AddResult:
        return AddResult(
            self.added + other.added, self.unchanged + other.unchanged, self.replaced + other.replaced
        )


class Store:
    """A Flashpoint database: articles, their coded records, and problems met while ingesting.

    path (str | Path | None): the DuckDB file; created (with its schema) if missing, unless read_only.
    memory (bool): use a private in-memory database instead of a file.
    read_only (bool): open for reading only; other processes may then read the file at the same time.

    Use it as a context manager (`with Store("news.duckdb") as store: ...`) or call `close()`.
    """

    def __init__(
        self, path: str | Path | None = None, *, memory: bool = False, read_only: bool = False
    ) -> None:
        if memory == (path is not None):
            raise ValueError("give a database path, or memory=True (not both)")
        if memory and read_only:
            raise ValueError("an in-memory store cannot be read-only: it would always be empty")
        self.path: Path | None = Path(path) if path is not None else None
        self.memory = memory
        self.read_only = read_only
        self._lock = threading.RLock()
        self._manual_checkpoints = False  # inside `manual_checkpoints()`
        self._one_thread = False  # inside `one_thread()`
        self._conn: duckdb.DuckDBPyConnection | None = self._connect()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # -- opening, closing, migrations -------------------------------------------------------------------

    @property
    def _where(self) -> str:
        return "the in-memory store" if self.path is None else str(self.path)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.path is None:
            return duckdb.connect(":memory:")
        if self.read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path} (read-only mode does not create one)")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; give a database file's path (e.g. news.duckdb)")
        try:
            return duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.Error as exc:
            message = str(exc)
            if "not a valid DuckDB database" in message:
                raise StoreError(
                    f"{self.path} is not a DuckDB database (or it is damaged); give the path of a Flashpoint "
                    "database, or a new file name to create one"
                ) from exc
            if "lock" in message.lower():
                raise StoreError(
                    f"{self.path} is in use by another process (DuckDB allows only one process to open a "
                    "database for writing, and no other to read it meanwhile); stop that process (e.g. a "
                    f"running ingest or server) and try again. DuckDB said: {message}"
                ) from exc
            raise StoreError(f"cannot open database {self.path}: {message}") from exc

    @property
    def _db(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            raise StoreError(f"{self._where} is closed")
        return self._conn

    def _migrate(self) -> None:
        with self._lock:
            applied = set(self.applied_migrations()) if self._has_migrations_table() else set()
            pending = [(name, fn) for name, fn in MIGRATIONS if name not in applied]
            if not pending:
                return
            if self.read_only:
                raise StoreError(
                    f"{self._where} needs a schema upgrade ({', '.join(name for name, _ in pending)}); "
                    "open it once without read-only to apply it"
                )
            try:
                self._db.execute(MIGRATIONS_TABLE)
                for name, fn in pending:
                    with self._transaction():
                        fn(self._db)
                        self._db.execute("INSERT INTO _migrations VALUES (?, ?)", [name, _now()])
            except duckdb.Error as exc:
                raise StoreError(f"cannot set up the Flashpoint schema in {self._where}: {exc}") from exc

    def _has_migrations_table(self) -> bool:
        found = self._db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = '_migrations'"
        ).fetchone()
        return bool(found and found[0])

    def applied_migrations(self) -> list[str]:
        """RETURNS (list[str]): names of the migrations applied to this database, oldest first."""
        with self._lock:
            return [
                name
                for (name,) in self._db.execute(
                    "SELECT name FROM _migrations ORDER BY applied_at, name"
                ).fetchall()
            ]

    def close(self) -> None:
        """Close the database (idempotent). A file store is checkpointed, so the file is complete."""
        with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = " read-only" if self.read_only else ""
        return f"<Store {self._where}{mode}{' (closed)' if self._conn is None else ''}>"

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.begin()
        try:
            yield
            self._db.commit()
        except BaseException:
            # A failed COMMIT may have ended the transaction already; the original error is what matters.
            with suppress(duckdb.Error):
                self._db.rollback()
            raise

    @contextmanager
    def manual_checkpoints(self) -> Iterator[None]:
        """Inside the block DuckDB checkpoints only when told to (`checkpoint()`), and once on leaving.

        DuckDB checkpoints by itself whenever its write-ahead log passes 16 MB, with its cache allowed
        80% of the machine's memory; such a checkpoint keeps what it rewrote cached, so over a long
        ingest the peak grows with the file. Ingestion checkpoints every few batches with the cache
        capped instead. (A log grown past CHECKPOINT_SAFETY is still checkpointed by DuckDB itself.)
        """
        if self.path is None or self.read_only:  # an in-memory store has no log to checkpoint
            yield
            return
        with self._lock:
            self._db.execute(f"SET checkpoint_threshold = '{CHECKPOINT_SAFETY}'")
            self._manual_checkpoints = True
        try:
            yield
        finally:
            self._manual_checkpoints = False
            # Never in place of an error already on its way: a log left unwritten is written at close.
            with suppress(duckdb.Error, StoreError):
                self.checkpoint()
            with self._lock, suppress(duckdb.Error, StoreError):
                self._db.execute("RESET checkpoint_threshold")

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """Inside the block DuckDB runs each statement on one thread.

        Ingestion's statements are small (a batch's rows, the monitor's lookups), so a second thread buys
        little and takes a core from coding and worker processes: on one thread the monitor's update over
        60 IndiaPoliceEvents articles took 7% less CPU (best of 5), and storing plus the monitor over 120
        PolNeAR articles the same (2026-11-26). Queries outside (the API, exports) keep DuckDB's default.
        """
        with self._lock:
            self._db.execute("SET threads = 1")
            self._one_thread = True
        try:
            yield
        finally:
            self._one_thread = False
            with self._lock, suppress(duckdb.Error, StoreError):
                self._db.execute("RESET threads")

    def checkpoint(self, headroom: int = CHECKPOINT_HEADROOM, *, reopen: bool = True) -> None:
        """Write the write-ahead log into the file with DuckDB's cache capped at what it cannot evict plus
        `headroom` bytes (it evicts what is already in the file rather than keep it); if DuckDB cannot
        shrink its cache that far, the checkpoint runs uncapped.

        reopen (bool): then close the connection and open the file again. Everything is in the file at
            that moment, and a long ingest's peak memory grew with what an open database keeps beyond
            DuckDB's own accounting (which stays flat): reopening after each checkpoint lowered the peak
            of 10,000 articles from 428 to 416 MB at the same CPU (2026-11-26, docs/PERFORMANCE.md).
        """
        if self.path is None or self.read_only:
            return
        with self._lock:
            self._checkpoint_capped(headroom)
            if reopen:
                self._reopen()

    def _checkpoint_capped(self, headroom: int) -> None:
        """The checkpoint itself, cache capped; `checkpoint()` calls it holding the lock."""
        try:
            pinned = self._db.execute(_PINNED_MEMORY).fetchone()
            self._db.execute(f"SET memory_limit = '{int(pinned[0] if pinned else 0) + headroom}B'")
            self._db.execute("CHECKPOINT")
        except duckdb.OutOfMemoryException:
            self._db.execute("RESET memory_limit")
            self._db.execute("CHECKPOINT")
        except duckdb.FatalException:
            # Out of memory inside the checkpoint's write is FATAL: DuckDB invalidates the database
            # (every later query fails) but loses nothing committed. Reopening it replays the log;
            # the checkpoint then runs uncapped.
            self._reopen()
            self._db.execute("CHECKPOINT")
        finally:
            self._db.execute("RESET memory_limit")

    def _reopen(self) -> None:
        """Close the connection and open the file again, keeping this store's settings (checkpoint
        threshold, threads)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(duckdb.Error):
                conn.close()
        self._conn = self._connect_again()
        if self._manual_checkpoints:
            self._db.execute(f"SET checkpoint_threshold = '{CHECKPOINT_SAFETY}'")
        if self._one_thread:
            self._db.execute("SET threads = 1")

    def _connect_again(self) -> duckdb.DuckDBPyConnection:
        # Another process may take the file's lock in the moment it is free (a read-only `serve` started
        # then); it usually lets go soon, and if not the error says what happened. Nothing is lost:
        # everything was checkpointed, and rerunning the ingest resumes.
        for wait in REOPEN_WAITS:
            try:
                return self._connect()
            except StoreError as exc:
                if "in use by another process" not in str(exc):
                    raise
                time.sleep(wait)
        try:
            return self._connect()
        except StoreError as exc:
            raise StoreError(
                f"{exc} (the file was free for a moment while this store reopened it after a checkpoint, "
                "and another process opened it then)"
            ) from exc

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self._where} is open read-only; open it without read_only to write")

    # -- writes -------------------------------------------------------------------------------------------

    def add_articles(
        self, items: Iterable[tuple[Article, ArticleRecord]], *, replace: bool = False
    ) -> AddResult:
        """Store a batch of coded articles in one transaction: all of them, or (on any error) none.

        items (Iterable[tuple[Article, ArticleRecord]]): articles with their records. When an id appears
            twice in one batch, the last one counts.
        replace (bool): rewrite articles even when their content is unchanged (e.g. after recoding them).
        RETURNS (AddResult): how many were added, left unchanged, or replaced.
        """
        self._check_writable()
        batch: dict[str, tuple[Article, ArticleRecord, str]] = {}
        for article, record in items:
            if record.article.id != article.id:
                raise ValueError(f"the record of {record.article.id!r} is paired with article {article.id!r}")
            batch[article.id] = (article, record, content_hash(article))
        if not batch:
            return AddResult()
        with self._lock:
            try:
                with self._transaction():
                    return self._write_batch(batch, replace=replace)
            except duckdb.Error as exc:
                raise StoreError(
                    f"could not store a batch of {len(batch)} articles in {self._where} (none of them was "
                    f"written): {exc}"
                ) from exc

    def _write_batch(
        self, batch: Mapping[str, tuple[Article, ArticleRecord, str]], *, replace: bool
    ) -> AddResult:
        stored = dict(
            self._db.execute(
                "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [list(batch)],
            ).fetchall()
        )
        unchanged = set() if replace else {aid for aid, item in batch.items() if stored.get(aid) == item[2]}
        replaced = [aid for aid in batch if aid in stored and aid not in unchanged]
        if replaced:
            for table in ARTICLE_TABLES:
                key = "id" if table == "articles" else "article_id"
                self._db.execute(
                    f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [replaced]
                )
        rows: dict[str, list[Row]] = {table: [] for table in ARTICLE_TABLES}
        now = _now()
        for aid, (article, record, digest) in batch.items():
            if aid not in unchanged:
                add_article_rows(rows, article, record.to_dict(), digest=digest, ingested_at=now)
        for table in ARTICLE_TABLES:
            if rows[table]:
                self._append(table, rows[table])
        return AddResult(
            added=len(batch) - len(stored.keys() & batch.keys()),
            unchanged=len(unchanged),
            replaced=len(replaced),
        )

    def _append(self, table: str, rows: list[Row]) -> None:
        # The appender sends the rows in bulk: ~100x faster than executemany, which runs one INSERT per row.
        appender = self._db.appender(table, columns=list(COLUMNS[table]))
        appender.append_rows(rows)
        appender.flush()

    def add_problems(self, problems: Iterable[Any]) -> int:
        """Record inputs that could not be coded (or were coded with a warning).

        problems (Iterable): `ReadProblem`s, `InputError`s, or mappings with where, reason, message, skipped.
        RETURNS (int): how many were recorded.
        """
        self._check_writable()
        now = _now()
        rows = [(*_problem_fields(problem), now) for problem in problems]
        if rows:
            with self._lock:
                try:
                    with self._transaction():
                        self._append("problems", rows)
                except duckdb.Error as exc:
                    raise StoreError(f"could not record problems in {self._where}: {exc}") from exc
        return len(rows)

    # -- reads: articles ----------------------------------------------------------------------------------

    def has_article(self, article_id: str, content_hash: str | None = None) -> bool:
        """Whether an article is stored (with this content hash, when one is given).

        article_id (str): the article id.
        content_hash (str | None): `content_hash(article)`; None accepts any stored version.
        """
        with self._lock:
            found = self._db.execute(
                "SELECT content_hash FROM articles WHERE id = ?", [article_id]
            ).fetchone()
        return found is not None and (content_hash is None or found[0] == content_hash)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """RETURNS (set[str]): those of `ids` already stored, so ingestion can skip them before coding."""
        return set(self.stored_hashes(ids))

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """RETURNS (dict[str, str]): id -> content hash for those of `ids` already stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        with self._lock:
            rows = self._db.execute(
                "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
            ).fetchall()
        return dict(rows)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article: its metadata, `text` and `record` (the contract dict), or None."""
        with self._lock:
            found = self._db.execute(
                f"SELECT {_ARTICLE_SELECT}, text, record FROM articles WHERE id = ?", [article_id]
            ).fetchone()
        if found is None:
            return None
        meta = _article_dict(found[: len(_ARTICLE_FIELDS)])
        return {**meta, "text": found[-2], "record": json.loads(found[-1])}

    def article_meta(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """RETURNS (dict): id -> metadata (as `articles()` gives it, no text or record) of these articles."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        with self._lock:
            found = self._db.execute(
                f"SELECT {_ARTICLE_SELECT} FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
            ).fetchall()
        return {row[0]: _article_dict(row) for row in found}

    def articles(self, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles' metadata (no text or record), by publication date then id."""
        with self._lock:
            found = self._db.execute(
                # articles.published: the DATE column, not the select list's string alias of the same name.
                f"SELECT {_ARTICLE_SELECT} FROM articles "
                "ORDER BY articles.published NULLS LAST, id LIMIT ? OFFSET ?",
                [limit, offset],
            ).fetchall()
        return [_article_dict(row) for row in found]

    # -- reads: events ------------------------------------------------------------------------------------

    def events(
        self,
        *,
        limit: int | None = 100,
        offset: int = 0,
        order: str = "event_day",
        **filters: Unpack[EventFilters],
    ) -> list[dict[str, Any]]:
        """Events matching every given filter, as contract Event dicts plus `article_id`.

        Each filter takes one value or a list (any of them matches). actor/recipient (str): an actor code
        (e.g. "USA") of any actor/recipient; with actor_sector/recipient_sector, the same actor must have
        both. country (str): the event location's country code. since/until (str | date): inclusive bounds
        on event_day; coarse values cover their whole period (until="2020-09" runs to 30 September).
        text (str): a case-insensitive substring of the sentence. publisher (str): the article's source.
        place (str): the event location's name. review (str): confirmed, rejected, corrected (an analyst's
        last verdict) or unreviewed. order (str): one of ORDERS.
        RETURNS (list[dict]): the events, rebuilt from each article's stored record, so exactly as coded.
        """
        where, params = _event_filters(_known_filters(filters))
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
        with self._lock:
            keys = self._db.execute(
                f"SELECT e.article_id, e.position FROM events e {where} "
                f"ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            events = self._events_at(keys)
        return [{**event, "article_id": aid} for (aid, _), event in zip(keys, events, strict=True)]

    def count_events(self, **filters: Unpack[EventFilters]) -> int:
        """RETURNS (int): how many events match the filters (the same ones as `events()`)."""
        where, params = _event_filters(_known_filters(filters))
        with self._lock:
            found = self._db.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()
        return int(found[0]) if found else 0

    def _events_at(self, keys: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        # Each event's JSON cut out of its record by DuckDB: parsing whole records in Python cost 4x more.
        if not keys:
            return []
        found = self._db.execute(
            "SELECT k.i, a.record->('$.events[' || k.position || ']') FROM (SELECT unnest(?::VARCHAR[]) AS "
            "article_id, unnest(?::INTEGER[]) AS position, unnest(range(?)) AS i) k "
            "JOIN articles a ON a.id = k.article_id ORDER BY k.i",
            [[aid for aid, _ in keys], [position for _, position in keys], len(keys)],
        ).fetchall()
        return [json.loads(event) for _, event in found]

    # -- reads: the rest ----------------------------------------------------------------------------------

    def problems(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Recorded problems, oldest first: dicts of where, reason, message, skipped, seen_at (ISO, UTC)."""
        with self._lock:
            found = self._db.execute(
                'SELECT "where", reason, message, skipped, seen_at FROM problems ORDER BY seen_at, rowid '
                "LIMIT ? OFFSET ?",
                [limit, offset],
            ).fetchall()
        return [
            {"where": where, "reason": reason, "message": message, "skipped": skipped, "seen_at": _iso(seen)}
            for where, reason, message, skipped, seen in found
        ]

    def stats(self) -> dict[str, Any]:
        """RETURNS (dict): `counts` (rows per table), `event_days` and `published` ({"first", "last"})."""
        counts = ", ".join(f"(SELECT count(*) FROM {table})" for table in _TABLES)
        with self._lock:
            found = self._db.execute(f"""
                SELECT {counts},
                    (SELECT min(event_day) FROM events), (SELECT max(event_day) FROM events),
                    (SELECT min(published) FROM articles), (SELECT max(published) FROM articles)
            """).fetchone()
        assert found is not None  # an aggregate query always returns one row
        n = len(_TABLES)
        return {
            "counts": dict(zip(_TABLES, found[:n], strict=True)),
            "event_days": {"first": _iso(found[n]), "last": _iso(found[n + 1])},
            "published": {"first": _iso(found[n + 2]), "last": _iso(found[n + 3])},
        }

    # -- incidents (store/_incidents, written by monitor/) ------------------------------------------------

    def incident_ids(self, article_ids: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        """RETURNS (dict): (article_id, event_id) -> incident id of every event in an incident (of those
        articles); events in none (e.g. hypothetical ones) are absent."""
        from ._incidents import event_incidents

        return event_incidents(self, article_ids)

    # -- the analysts' workbench: figures, corrections, exports (store/_aggregates, _corrections, _export) ---

    def timeline(
        self, *, interval: str = "auto", max_buckets: int = 400, **filters: Unpack[EventFilters]
    ) -> dict[str, Any]:
        """Counts by quad class and mean Goldstein per day/week/month of the events matching `filters`
        (the keywords of `events()`); see `_aggregates.timeline`."""
        where, params = _event_filters(_known_filters(filters))
        with self._lock:
            return _aggregates.timeline(self._db, where, params, interval=interval, max_buckets=max_buckets)

    def map_points(self, *, limit: int = 500, **filters: Unpack[EventFilters]) -> list[dict[str, Any]]:
        """The busiest event locations (place, country, lat, lon, counts) among events matching `filters`."""
        where, params = _event_filters(_known_filters(filters))
        with self._lock:
            return _aggregates.map_points(self._db, where, params, limit=limit)

    def country_counts(self, **filters: Unpack[EventFilters]) -> dict[str, int]:
        """RETURNS (dict[str, int]): location country code -> events matching `filters`."""
        where, params = _event_filters(_known_filters(filters))
        with self._lock:
            return _aggregates.country_counts(self._db, where, params)

    def dyads(self, *, limit: int = 200, **filters: Unpack[EventFilters]) -> list[dict[str, Any]]:
        """The largest (actor code, recipient code) pairs among events matching `filters`, with counts."""
        where, params = _event_filters(_known_filters(filters))
        with self._lock:
            return _aggregates.dyads(self._db, where, params, limit=limit)

    def facets(self, *, limit: int = 300) -> dict[str, list[dict[str, Any]]]:
        """The values of each event filter (type, modality, actor, publisher, ...) with their event counts."""
        with self._lock:
            return _aggregates.facets(self._db, limit=limit)

    def find_articles(
        self,
        *,
        publisher: Filter = None,
        text: str | None = None,
        since: DateBound = None,
        until: DateBound = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Articles by publisher, a substring of title or text, and publication dates; newest first.

        RETURNS (tuple[list[dict], int]): the page (id, title, published, source, url, n_events), and how
            many articles match in all.
        """
        bounds = {}
        for keyword, bound, index in (("since", since, 0), ("until", until, 1)):
            found = period(bound) if bound is not None else None
            if bound is not None and found is None:
                raise ValueError(f"{keyword}={bound!r} is not a date (e.g. 2020-09-27, 2020-W39, 2020-09)")
            bounds[keyword] = found[index] if found else None
        with self._lock:
            rows, total = _aggregates.find_articles(
                self._db,
                publisher=_values(publisher) if publisher is not None else None,
                text=text,
                since=bounds["since"],
                until=bounds["until"],
                limit=limit,
                offset=offset,
            )
        keys = ("id", "title", "published", "source", "url", "n_events")
        return [dict(zip(keys, row, strict=True)) for row in rows], total

    def add_correction(
        self,
        article_id: str,
        event_id: str,
        verdict: str,
        *,
        changes: Mapping[str, Any] | None = None,
        analyst: str | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Record an analyst's verdict on a stored event, apart from the machine's rows.

        verdict (str): confirm, reject or correct. changes (Mapping): for correct, the corrected fields (see
        `_corrections.validate_changes`). RETURNS (dict): the stored correction. Raises ValueError for an
        invalid correction and LookupError for an event that is not stored.
        """
        self._check_writable()
        with self._lock:
            try:
                with self._transaction():
                    return _corrections.add_correction(
                        self._db, article_id=article_id, event_id=event_id, verdict=verdict,
                        changes=changes, analyst=analyst, note=note, now=_now(),
                    )  # fmt: skip
            except duckdb.Error as exc:
                raise StoreError(f"could not store a correction in {self._where}: {exc}") from exc

    def corrections(
        self, *, article_id: str | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Stored corrections, newest first (of one article, when given)."""
        with self._lock:
            return _corrections.list_corrections(self._db, article_id=article_id, limit=limit, offset=offset)

    def reviews(self, article_ids: Iterable[str] | None = None) -> dict[tuple[str, str], Any]:
        """RETURNS (dict): (article_id, event_id) -> `Review` of every reviewed event (of these articles)."""
        with self._lock:
            return _corrections.load_reviews(self._db, article_ids)

    def reviewed_events(self, article_id: str) -> list[dict[str, Any]]:
        """One article's events as reviewed (corrections applied, `review` added), in record order."""
        with self._lock:
            found = self._db.execute(
                "SELECT content_hash, record FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            reviews = _corrections.load_reviews(self._db, [article_id])
        if found is None:
            return []
        digest, record = found[0], json.loads(found[1])
        return [
            _corrections.reviewed_event(
                {**e, "article_id": article_id}, reviews.get((article_id, e["id"])), digest
            )
            for e in record.get("events") or ()
        ]

    def review_events(self, events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Apply analysts' corrections to events as `events()` returns them (each with its article_id)."""
        ids = sorted({e["article_id"] for e in events})
        with self._lock:
            reviews = _corrections.load_reviews(self._db, ids)
            hashes = dict(self._db.execute(
                "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()) if reviews else {}  # fmt: skip
        return [
            _corrections.reviewed_event(
                e, reviews.get((e["article_id"], e["id"])), hashes.get(e["article_id"])
            )
            for e in events
        ]

    def export_events(
        self,
        *,
        reviewed: bool = True,
        include_rejected: bool = False,
        limit: int | None = None,
        **filters: Unpack[EventFilters],
    ) -> Iterator[dict[str, Any]]:
        """Events matching `filters`, in article order, with their article, sentence and review: what the
        export formats read (`flashpoint.exports`).

        reviewed (bool): apply analysts' corrections (and add `review`); False: the machine's events only.
        include_rejected (bool): keep events an analyst rejected (marked in `review`).
        limit (int | None): at most this many events.
        """
        where, params = _event_filters(_known_filters(filters))
        return _export.iter_export_events(
            self._db, self._lock, where, params, events_at=self._events_at,
            reviewed=reviewed, include_rejected=include_rejected, limit=limit,
        )  # fmt: skip


# -- helpers ------------------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _iso(value: dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat() + "Z"
    return value.isoformat()


def _article_dict(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_ARTICLE_FIELDS, row, strict=True))
    found["ingested_at"] = _iso(found["ingested_at"])
    return found


# The keyword filters of events(), count_events() and the workbench's figures.
FILTERS = tuple(EventFilters.__annotations__)


def _known_filters(filters: Mapping[str, Any]) -> Mapping[str, Any]:
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise TypeError(f"unknown event filter {unknown[0]!r}; filters: {', '.join(FILTERS)}")
    return filters


def _values(value: Any) -> list[Any]:
    if isinstance(value, str | int):
        return [value]
    return list(value)


def _in(column: str, values: list[Any], params: list[Any]) -> str:
    # One placeholder per value: the SQL text depends only on how many there are.
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "FALSE"


def _event_filters(given: Mapping[str, Any]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for keyword, column in _COLUMN_FILTERS.items():
        if given.get(keyword) is not None:
            clauses.append(_in(column, _values(given[keyword]), params))
    for role in ("actor", "recipient"):
        code, sector = given.get(role), given.get(f"{role}_sector")
        if code is None and sector is None:
            continue
        params.append(role)
        conditions = ["a.article_id = e.article_id", "a.event_id = e.event_id", "a.role = ?"]
        if code is not None:
            conditions.append(_in("a.code", _values(code), params))
        if sector is not None:
            conditions.append(_in("a.sector", _values(sector), params))
        clauses.append(f"EXISTS (SELECT 1 FROM event_actors a WHERE {' AND '.join(conditions)})")
    for keyword, index, op in (("since", 0, ">="), ("until", 1, "<=")):
        bound = given.get(keyword)
        if bound is not None:
            found = period(bound)
            if found is None:
                raise ValueError(f"{keyword}={bound!r} is not a date (e.g. 2020-09-27, 2020-W39, 2020-09)")
            clauses.append(f"e.event_day {op} ?")
            params.append(found[index])
    if given.get("publisher") is not None:
        condition = _in("ar.source", _values(given["publisher"]), params)
        clauses.append(f"EXISTS (SELECT 1 FROM articles ar WHERE ar.id = e.article_id AND {condition})")
    if given.get("review") is not None:
        clauses.append(_review_filter(_values(given["review"]), params))
    if given.get("text") is not None:
        needles = _values(given["text"])
        params.extend(needles)
        clauses.append(
            "(" + " OR ".join(["contains(lower(e.sentence_text), lower(?))"] * len(needles)) + ")"
            if needles
            else "FALSE"
        )
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _review_filter(statuses: list[str], params: list[Any]) -> str:
    unknown = [s for s in statuses if s not in _REVIEW_VERDICTS and s != "unreviewed"]
    if unknown:
        raise ValueError(f"review={unknown[0]!r}: choose from {', '.join([*_REVIEW_VERDICTS, 'unreviewed'])}")
    same_event = "c.article_id = e.article_id AND c.event_id = e.event_id"
    options = []
    verdicts = [_REVIEW_VERDICTS[s] for s in statuses if s in _REVIEW_VERDICTS]
    if verdicts:
        # arg_max: an event's status is its last verdict.
        latest = "SELECT article_id, event_id, arg_max(verdict, id) AS verdict FROM corrections GROUP BY ALL"
        options.append(
            f"EXISTS (SELECT 1 FROM ({latest}) c WHERE {same_event} AND {_in('c.verdict', verdicts, params)})"
        )
    if "unreviewed" in statuses:
        options.append(f"NOT EXISTS (SELECT 1 FROM corrections c WHERE {same_event})")
    return "(" + " OR ".join(options) + ")"


def _problem_fields(problem: Any) -> tuple[str | None, str, str, bool]:
    if isinstance(problem, Mapping):
        return (
            problem.get("where"),
            str(problem["reason"]),
            str(problem["message"]),
            bool(problem.get("skipped", True)),
        )
    if isinstance(problem, BaseException):
        where = getattr(problem, "where", None)
        message = str(problem)
        if where:
            message = message.removeprefix(f"{where}: ")
        return where, str(getattr(problem, "reason", type(problem).__name__)), message, True
    return problem.where, problem.reason, problem.message, bool(getattr(problem, "skipped", True))
