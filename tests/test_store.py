"""flashpoint.store: round-trips, idempotence, one transaction per batch, filters, opening and migrations."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.errors import EmptyInput, StoreError
from flashpoint.ingest import Article, ReadProblem
from flashpoint.records.model import (
    Acled,
    Actor,
    ArticleMeta,
    ArticleRecord,
    Attribution,
    Entity,
    Event,
    Place,
    Quote,
    SentenceRef,
    Span,
    Speaker,
    Time,
)
from flashpoint.store import MIGRATIONS, AddResult, Store, content_hash, period

TEXT = (
    "U.S. Secretary of State Mike Pompeo warned Iraqi leaders that the embassy in Baghdad would close. "
    "On Sunday, Iraq asked the United States to reconsider."
)
SENTENCE_2 = TEXT.index("On Sunday")
BAGHDAD = Place("Baghdad", 80, 87, "Baghdad", 98182, 33.34, 44.40, "IRQ", "P", "Baghdad", link="sentence")


def actor(text: str, code: str | None, sector: str | None = None, name: str | None = None) -> Actor:
    start = max(TEXT.find(text), 0)
    return Actor(text, start, start + len(text), code, sector, name)


def event(
    eid: str = "e1",
    *,
    type: str = "THREATEN",
    actors: tuple[Actor, ...] = (),
    recipients: tuple[Actor, ...] = (),
    date: str | None = None,
    sentence: int = 0,
    modality: str = "asserted",
    location: Place | None = None,
    quad_class: int = 3,
    attribution: Attribution | None = None,
) -> Event:
    start, end = (0, SENTENCE_2 - 1) if sentence == 0 else (SENTENCE_2, len(TEXT))
    return Event(
        id=eid,
        type=type,
        mode=None,
        contexts=("diplomatic",),
        cameo="138",
        quad_class=quad_class,
        goldstein=-7.0,
        acled=Acled("Strategic developments", "Agreement") if type == "AGREE" else None,
        actor=actors or (actor("Mike Pompeo", "USA", "GOV", "Mike Pompeo"),),
        recipient=recipients,
        trigger=Span("warned", 36, 42),
        sentence=SentenceRef(sentence, start, end),
        location=location,
        date=date,
        date_text=None if date is None else "On Sunday",
        modality=modality,
        attribution=attribution,
        confidence=0.8,
    )


def record(aid: str = "a1", *events: Event, published: str | None = "2020-09-29") -> ArticleRecord:
    return ArticleRecord(
        article=ArticleMeta(aid, title="Embassy", published=published, source="Politico"),
        events=events,
        quotes=(
            Quote(
                "q1",
                "indirect",
                Speaker("Iraq", 115, 119, resolved="Iraq", code="IRQ", sector="GOV"),
                Span("asked", 120, 125),
                Span("to reconsider", 144, 157),
                source_type="official",
            ),
        ),
        entities=(Entity("Mike Pompeo", 24, 35, "PERSON", "USA", "GOV", "Mike Pompeo", chain=0),),
        places=(BAGHDAD,),
        times=(Time("On Sunday", SENTENCE_2, SENTENCE_2 + 9, "2020-09-27", "day"),),
    )


def article(aid: str = "a1", text: str = TEXT, published: str | None = "2020-09-29", **meta: Any) -> Article:
    return Article(text=text, id=aid, title="Embassy", published=published, source="Politico", **meta)


def pair(aid: str = "a1", *events: Event, text: str = TEXT) -> tuple[Article, ArticleRecord]:
    return article(aid, text), record(aid, *(events or (event(),)))


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(memory=True) as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "flashpoint.duckdb"


# -- writes -----------------------------------------------------------------------------------------------


def test_round_trip_is_lossless(store: Store) -> None:
    rec = record("a1", event("e1", date="2020-09-27", location=BAGHDAD), event("e2", type="AGREE"))
    assert store.add_articles([(article("a1"), rec)]) == AddResult(added=1)
    stored = store.article("a1")
    assert stored is not None
    assert stored["record"] == rec.to_dict()
    assert stored["text"] == TEXT
    assert (stored["title"], stored["published"], stored["source"], stored["n_events"]) == (
        "Embassy", "2020-09-29", "Politico", 2,
    )  # fmt: skip
    assert stored["content_hash"] == content_hash(article("a1"))
    events = store.events(order="article")
    assert events == [{**e.to_dict(), "article_id": "a1"} for e in rec.events]
    assert store.article("missing") is None


def test_event_sizes_are_columns(store: Store) -> None:
    """PLOVER's size fields can be summed in SQL (migration m023)."""
    killing = replace(event("e1", type="ASSAULT"), dead=3, injured=None, arrested=None)
    arrest = replace(event("e2", type="COERCE"), arrested=40)
    store.add_articles([(article("a1"), record("a1", killing, arrest))])
    query = "SELECT event_id, dead, injured, arrested FROM events ORDER BY event_id"
    rows = store._db.execute(query).fetchall()
    assert rows == [("e1", 3, None, None), ("e2", None, None, 40)]
    assert [e["dead"] for e in store.events(order="article")] == [3, None]
    assert [e["id"] for e in store.events(order="-dead")] == ["e1", "e2"]  # the deadliest first


def test_re_adding_changes_nothing(store: Store) -> None:
    store.add_articles([pair("a1"), pair("a2")])
    before = (store.stats()["counts"], store.articles())
    assert store.add_articles([pair("a1"), pair("a2")]) == AddResult(unchanged=2)
    assert (store.stats()["counts"], store.articles()) == before


def test_changed_content_replaces_the_article(store: Store) -> None:
    store.add_articles([pair("a1", event("e1"), event("e2"))])
    new_text = TEXT.replace("warned", "threatened")
    result = store.add_articles([pair("a1", event("x9", type="COERCE"), text=new_text)])
    assert result == AddResult(replaced=1)
    assert [e["id"] for e in store.events()] == ["x9"]
    assert store.stats()["counts"]["event_actors"] == 1
    assert store.stats()["counts"]["quotes"] == 1
    stored = store.article("a1")
    assert stored is not None and stored["text"] == new_text


def test_replace_flag_rewrites_unchanged_content(store: Store) -> None:
    store.add_articles([pair("a1", event("e1"))])
    assert store.add_articles([pair("a1", event("e5"))]) == AddResult(unchanged=1)
    assert store.add_articles([pair("a1", event("e5"))], replace=True) == AddResult(replaced=1)
    assert [e["id"] for e in store.events()] == ["e5"]


def test_same_id_twice_in_a_batch_keeps_the_last(store: Store) -> None:
    result = store.add_articles([pair("a1", event("e1")), pair("a1", event("e2"))])
    assert result == AddResult(added=1)
    assert [e["id"] for e in store.events()] == ["e2"]


class ExplodingRecord:
    """Stands in for an ArticleRecord whose serialisation fails halfway through a batch."""

    def __init__(self, aid: str) -> None:
        self.article = ArticleMeta(aid)

    def to_dict(self) -> dict[str, Any]:
        raise RuntimeError("cannot serialise")


def test_a_failing_record_writes_nothing_of_its_batch(store: Store) -> None:
    store.add_articles([pair("a1", event("old"))])
    before = store.stats()["counts"]
    changed = pair("a1", event("new"), text=TEXT + " More.")
    with pytest.raises(RuntimeError, match="cannot serialise"):
        store.add_articles([changed, pair("b1"), (article("c1"), ExplodingRecord("c1"))])  # type: ignore[list-item]
    assert store.stats()["counts"] == before
    assert [e["id"] for e in store.events()] == ["old"]
    assert store.known_ids(["a1", "b1", "c1"]) == {"a1"}


def test_a_database_error_rolls_back_the_batch(store: Store) -> None:
    # Two events with one id break the primary key only when the rows reach DuckDB.
    with pytest.raises(StoreError, match="none of them was written"):
        store.add_articles([pair("a1"), pair("a2", event("dup"), event("dup"))])
    assert store.stats()["counts"]["articles"] == 0
    assert store.stats()["counts"]["events"] == 0
    assert store.add_articles([pair("a1")]) == AddResult(added=1)  # the store is still usable


def test_a_process_killed_mid_batch_leaves_the_previous_state(db_path: Path) -> None:
    with Store(db_path) as first:
        first.add_articles([pair("a1", event("old"))])
    # The child deletes a1's rows to replace it, then hangs serialising b1 and is killed with SIGKILL.
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from flashpoint.ingest import Article
            from flashpoint.records.model import ArticleMeta, ArticleRecord
            from flashpoint.store import Store

            class Hanging:
                article = ArticleMeta("b1")
                def to_dict(self):
                    print("writing", flush=True)
                    time.sleep(600)

            store = Store({str(db_path)!r})
            store.add_articles([
                (Article(text="changed", id="a1"), ArticleRecord(ArticleMeta("a1"))),
                (Article(text="new", id="b1"), Hanging()),
            ])
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    finally:
        child.kill()
        child.wait(timeout=30)
    with Store(db_path) as after:
        assert after.known_ids(["a1", "b1"]) == {"a1"}
        assert [e["id"] for e in after.events()] == ["old"]
        stored = after.article("a1")
        assert stored is not None and stored["text"] == TEXT


def test_record_must_belong_to_its_article(store: Store) -> None:
    with pytest.raises(ValueError, match="paired"):
        store.add_articles([(article("a1"), record("zz", event()))])


def test_has_article_and_known_ids(store: Store) -> None:
    store.add_articles([pair("a1")])
    assert store.has_article("a1")
    assert store.has_article("a1", content_hash(article("a1")))
    assert not store.has_article("a1", content_hash(article("a1", text=TEXT + "!")))
    assert not store.has_article("a2")
    assert store.known_ids(["a1", "a2", "a1"]) == {"a1"}
    assert store.known_ids([]) == set()


def test_content_hash_covers_metadata() -> None:
    assert content_hash(article("a1")) == content_hash(article("a1"))
    assert content_hash(article("a1")) != content_hash(article("a1", url="https://x"))
    assert content_hash(article("a1")) != content_hash(article("a1", published="2020-09-30"))
    # `origin` says where an article was read from; the same article read elsewhere is unchanged.
    assert content_hash(article("a1", origin="x.jsonl:1")) == content_hash(article("a1", origin="y.jsonl:9"))


def test_problems_are_recorded(store: Store) -> None:
    count = store.add_problems([
        ReadProblem("in.jsonl:3", "malformed record", "invalid JSON"),
        EmptyInput("empty article (no text)", where="in.jsonl:4"),
        {"where": "in.jsonl:5", "reason": "bad date", "message": "coded without a date", "skipped": False},
    ])  # fmt: skip
    assert count == 3
    found = store.problems()
    assert [(p["where"], p["reason"], p["message"], p["skipped"]) for p in found] == [
        ("in.jsonl:3", "malformed record", "invalid JSON", True),
        ("in.jsonl:4", "empty", "empty article (no text)", True),
        ("in.jsonl:5", "bad date", "coded without a date", False),
    ]
    assert all(p["seen_at"].endswith("Z") for p in found)
    assert store.stats()["counts"]["problems"] == 3


# -- reads: filters ---------------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    usa, irq = actor("Mike Pompeo", "USA", "GOV", "Mike Pompeo"), actor("Iraqi leaders", "IRQ", "GOV")
    mil = actor("embassy", "USA", "MIL")
    official = Attribution(Span("Iraq", 115, 119), "official", Span("asked", 120, 125))
    store.add_articles([
        (article("a1"), record(
            "a1",
            event("t1", type="THREATEN", actors=(usa,), recipients=(irq,), date="2020-09-27",
                  location=BAGHDAD),
            event("c1", type="COERCE", actors=(mil,), recipients=(irq,), date="2020-W39", quad_class=4),
            event("r1", type="REQUEST", actors=(irq,), recipients=(usa,), date="2020-09", sentence=1,
                  modality="reported", attribution=official),
        )),
        (article("a2", published="2020-10-05"), record(
            "a2",
            event("x1", type="THREATEN", actors=(irq,), date="2020", quad_class=3),
            event("x2", type="ASSAULT", actors=(irq,), recipients=(usa,), date=None, quad_class=4),
            published="2020-10-05",
        )),
    ])  # fmt: skip
    return store


def ids(events: list[dict[str, Any]]) -> list[str]:
    return sorted(f"{e['article_id']}/{e['id']}" for e in events)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a1/c1", "a1/r1", "a1/t1", "a2/x1", "a2/x2"]),
        ({"actor": "USA"}, ["a1/c1", "a1/t1"]),
        ({"actor": ["USA", "IRQ"]}, ["a1/c1", "a1/r1", "a1/t1", "a2/x1", "a2/x2"]),
        ({"recipient": "USA"}, ["a1/r1", "a2/x2"]),
        ({"actor": "USA", "actor_sector": "MIL"}, ["a1/c1"]),
        ({"actor_sector": "GOV", "recipient": "IRQ"}, ["a1/t1"]),
        ({"recipient_sector": "GOV"}, ["a1/c1", "a1/r1", "a1/t1", "a2/x2"]),
        ({"type": ["THREATEN", "COERCE"]}, ["a1/c1", "a1/t1", "a2/x1"]),
        ({"type": "ASSAULT"}, ["a2/x2"]),
        ({"type": []}, []),
        ({"quad_class": 4}, ["a1/c1", "a2/x2"]),
        ({"quad_class": [3, 4], "actor": "USA"}, ["a1/c1", "a1/t1"]),
        ({"modality": "reported"}, ["a1/r1"]),
        ({"source_type": "official"}, ["a1/r1"]),
        ({"country": "IRQ"}, ["a1/t1"]),
        ({"article_id": "a2"}, ["a2/x1", "a2/x2"]),
        ({"text": "POMPEO warned"}, ["a1/c1", "a1/t1", "a2/x1", "a2/x2"]),
        ({"text": ["reconsider", "nothing like this"]}, ["a1/r1"]),
        ({"text": "100%"}, []),
        # event_day: 2020-09-27 -> itself, 2020-W39 -> Mon 2020-09-21, 2020-09 -> 09-01, 2020 -> 01-01,
        # no date -> the article's published date (2020-10-05).
        ({"since": "2020-09-27"}, ["a1/t1", "a2/x2"]),
        ({"since": "2020-W39"}, ["a1/c1", "a1/t1", "a2/x2"]),
        ({"until": "2020-W39"}, ["a1/c1", "a1/r1", "a1/t1", "a2/x1"]),
        ({"since": "2020-09", "until": "2020-09"}, ["a1/c1", "a1/r1", "a1/t1"]),
        ({"since": dt.date(2020, 10, 1)}, ["a2/x2"]),
        ({"until": "2019"}, []),
        ({"actor": "USA' OR 1=1 --"}, []),
    ],
)
def test_event_filters(filled: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert ids(filled.events(**filters)) == expected
    assert filled.count_events(**filters) == len(expected)


def test_event_order_limit_offset(filled: Store) -> None:
    days = [e["id"] for e in filled.events()]
    assert days == ["x1", "r1", "c1", "t1", "x2"]  # by event_day: 2020-01-01, 09-01, 09-21, 09-27, 10-05
    assert [e["id"] for e in filled.events(order="-event_day", limit=2)] == ["x2", "t1"]
    assert [e["id"] for e in filled.events(limit=2, offset=2)] == ["c1", "t1"]
    assert len(filled.events(limit=None)) == 5
    with pytest.raises(ValueError, match="unknown order"):
        filled.events(order="event_day; DROP TABLE events")
    with pytest.raises(ValueError, match="not a date"):
        filled.events(since="last week")


def test_articles_and_stats(filled: Store) -> None:
    assert [a["id"] for a in filled.articles()] == ["a1", "a2"]
    assert [a["id"] for a in filled.articles(limit=1, offset=1)] == ["a2"]
    assert "text" not in filled.articles()[0]
    stats = filled.stats()
    assert stats["counts"] == {
        "articles": 2, "events": 5, "event_actors": 9, "quotes": 2, "entities": 2, "places": 2, "times": 2,
        "problems": 0,
    }  # fmt: skip
    assert stats["event_days"] == {"first": "2020-01-01", "last": "2020-10-05"}
    assert stats["published"] == {"first": "2020-09-29", "last": "2020-10-05"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-27", ("2020-09-27", "2020-09-27")),
        ("2020-09-27T14:00:00+03:00", ("2020-09-27", "2020-09-27")),
        ("2020-W39", ("2020-09-21", "2020-09-27")),
        ("2020-W53", ("2020-12-28", "2021-01-03")),
        ("2020-W39-3", ("2020-09-23", "2020-09-23")),
        ("2020-09", ("2020-09-01", "2020-09-30")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2020-Q4", ("2020-10-01", "2020-12-31")),
        ("2020-WI", ("2020-12-01", "2021-02-28")),
        ("2020", ("2020-01-01", "2020-12-31")),
        ("201X", ("2010-01-01", "2019-12-31")),
        ("2020-13", None),
        ("2020-02-30", None),
        ("2021-W53", None),
        ("PRESENT_REF", None),
        (None, None),
    ],
)
def test_period(value: str | None, expected: tuple[str, str] | None) -> None:
    found = period(value)
    assert (None if found is None else (found[0].isoformat(), found[1].isoformat())) == expected


# -- opening, read-only, migrations ------------------------------------------------------------------------


def test_file_store_persists_and_migrations_run_once(db_path: Path) -> None:
    with Store(db_path) as first:
        first.add_articles([pair("a1")])
        applied = first.applied_migrations()
    assert applied == [name for name, _ in MIGRATIONS]
    with Store(db_path) as second:
        assert second.applied_migrations() == applied
        assert second.known_ids(["a1"]) == {"a1"}
        assert second.add_articles([pair("a1")]) == AddResult(unchanged=1)


class _FatalOnFirstCheckpoint:
    """A DuckDB connection whose first CHECKPOINT fails the way an out-of-memory checkpoint write does
    (FATAL, database invalidated). Real DuckDB does so only at some cache sizes, not at a fixed one."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self.failed = False

    def execute(self, sql: str, *args: object) -> duckdb.DuckDBPyConnection:
        if sql == "CHECKPOINT" and not self.failed:
            self.failed = True
            raise duckdb.FatalException("FATAL Error: failed to allocate data while writing the checkpoint")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def test_a_fatal_checkpoint_loses_nothing(db_path: Path) -> None:
    # A FATAL checkpoint invalidates the connection: the store reopens the file (which loses nothing
    # committed), checkpoints uncapped and keeps checkpointing only when told to.
    text = " ".join(f"w{n % 997}" for n in range(1000))
    with Store(db_path) as store, store.manual_checkpoints():
        store.add_articles([pair(f"a{n}", text=f"{n} {text}") for n in range(20)])
        failing = _FatalOnFirstCheckpoint(store._db)
        store._conn = failing  # type: ignore[assignment]
        store.checkpoint()
        assert failing.failed and store._conn is not failing  # reopened
        threshold = store._db.execute("SELECT current_setting('checkpoint_threshold')").fetchone()
        assert threshold == ("256.0 MiB",)
        store.add_articles([pair("late")])
    with Store(db_path) as again:
        expected = {f"a{n}" for n in range(20)} | {"late"}
        assert again.known_ids(sorted(expected)) == expected


def test_a_checkpoint_reopens_the_file_and_keeps_the_settings(db_path: Path) -> None:
    with Store(db_path) as store, store.manual_checkpoints(), store.one_thread():
        store.add_articles([pair("a1")])
        before = store._db
        store.checkpoint()
        assert store._db is not before  # reopened
        settings = "SELECT current_setting('checkpoint_threshold'), current_setting('threads')"
        assert store._db.execute(settings).fetchone() == ("256.0 MiB", 1)
        assert store.known_ids(["a1"]) == {"a1"}
        store.add_articles([pair("a2")])
        kept = store._db
        store.checkpoint(reopen=False)
        assert store._db is kept
    with Store(db_path) as again:
        assert again.known_ids(["a1", "a2"]) == {"a1", "a2"}


def test_reopening_waits_for_a_file_another_process_holds(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_path) as store:
        store.add_articles([pair("a1")])
        connect, attempts = store._connect, []

        def busy_twice() -> duckdb.DuckDBPyConnection:
            attempts.append(1)
            if len(attempts) <= 2:
                raise StoreError(f"{db_path} is in use by another process (...)")
            return connect()

        monkeypatch.setattr("flashpoint.store._store.REOPEN_WAITS", (0, 0, 0))
        monkeypatch.setattr(store, "_connect", busy_twice)
        store.checkpoint()
        assert len(attempts) == 3 and store.known_ids(["a1"]) == {"a1"}

        def always_busy() -> duckdb.DuckDBPyConnection:
            raise StoreError(f"{db_path} is in use by another process (...)")

        monkeypatch.setattr(store, "_connect", always_busy)
        with pytest.raises(StoreError, match="another process opened it then"):
            store.checkpoint()
        monkeypatch.setattr(store, "_connect", connect)
        store._reopen()
        assert store.known_ids(["a1"]) == {"a1"}  # nothing lost: a rerun finds it all


def test_read_only_rejects_writes(db_path: Path) -> None:
    with Store(db_path) as writer:
        writer.add_articles([pair("a1")])
    with Store(db_path, read_only=True) as reader:
        assert reader.count_events() == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.add_articles([pair("a2")])
        with pytest.raises(StoreError, match="read-only"):
            reader.add_problems([ReadProblem("x", "empty", "empty")])
        assert reader.known_ids(["a2"]) == set()


def test_read_only_needs_an_existing_database(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        Store(db_path, read_only=True)
    assert not db_path.exists()


def test_read_only_refuses_a_database_that_needs_upgrading(db_path: Path) -> None:
    import duckdb

    duckdb.connect(str(db_path)).close()  # a DuckDB file without Flashpoint's schema
    with pytest.raises(StoreError, match="schema upgrade"):
        Store(db_path, read_only=True)
    with Store(db_path) as upgraded:
        assert upgraded.applied_migrations() == [name for name, _ in MIGRATIONS]


@pytest.mark.parametrize("content", [b"", b"id,text\n1,hello\n", bytes(range(256)) * 64])
def test_a_file_that_is_not_duckdb_gives_store_error(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match="is not a DuckDB database") as caught:
        Store(db_path)
    assert str(db_path) in str(caught.value)


def test_a_directory_gives_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)


def test_a_database_locked_by_another_process_gives_store_error(db_path: Path) -> None:
    Store(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            conn = duckdb.connect({str(db_path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process") as caught:
            Store(db_path)
        assert str(db_path) in str(caught.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    Store(db_path).close()  # free again once the other process has gone


def test_store_arguments_and_closing(db_path: Path) -> None:
    with pytest.raises(ValueError, match="memory=True"):
        Store()
    with pytest.raises(ValueError, match="memory=True"):
        Store(db_path, memory=True)
    with pytest.raises(ValueError, match="read-only"):
        Store(memory=True, read_only=True)
    with Store(memory=True) as opened:
        pass
    opened.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        opened.count_events()


# -- arbitrary text ----------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(min_size=1, max_size=300),
    title=st.none() | st.text(max_size=80),
    source=st.none() | st.text(max_size=30),
)
def test_arbitrary_unicode_round_trips(text: str, title: str | None, source: str | None) -> None:
    art = Article(text=text, id="h1", title=title, published="2020-09-29", source=source)
    cut = min(len(text), 5)
    rec = ArticleRecord(
        article=ArticleMeta("h1", title=title, published="2020-09-29", source=source),
        events=(
            Event(
                id="e1", type="PROTEST", mode=None, contexts=(), cameo="14", quad_class=3, goldstein=-6.5,
                acled=None, actor=(Actor(text[:cut], 0, cut, name=title),), recipient=(),
                trigger=Span(text[:cut], 0, cut), sentence=SentenceRef(0, 0, len(text)), location=None,
                date=None, date_text=None, modality="asserted", attribution=None, confidence=0.5,
            ),
        ),
    )  # fmt: skip
    with Store(memory=True) as fresh:
        fresh.add_articles([(art, rec)])
        stored = fresh.article("h1")
        assert stored is not None
        assert (stored["text"], stored["title"], stored["source"]) == (text, title, source)
        assert stored["record"] == rec.to_dict()
        assert fresh.events(text=text[:cut]) == [{**rec.events[0].to_dict(), "article_id": "h1"}]


def test_lone_surrogates_keep_offsets_and_a_lossless_record(store: Store) -> None:
    # JSON input may carry "\ud83d" alone; DuckDB holds UTF-8 only, so the text gets U+FFFD in its place.
    text = "Protest \ud83d in Minsk."
    rec = ArticleRecord(
        article=ArticleMeta("s1"),
        places=(Place("Minsk", 13, 18, "Minsk", None, None, None, "BLR", None, None),),
    )
    store.add_articles([(Article(text=text, id="s1"), rec)])
    stored = store.article("s1")
    assert stored is not None
    assert stored["text"] == "Protest \ufffd in Minsk."
    assert stored["text"][13:18] == "Minsk"
    assert stored["record"] == rec.to_dict()


def test_one_thread_runs_duckdb_on_one_thread_inside_the_block_only(store):
    def threads() -> int:
        return store._db.execute("SELECT current_setting('threads')").fetchone()[0]

    before = threads()
    with store.one_thread():
        assert threads() == 1
    assert threads() == before
