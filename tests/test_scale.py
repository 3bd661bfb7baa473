"""Engines: worker processes and a Dask cluster store exactly what coding in this process stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from flashpoint.coder import Coded, code_items
from flashpoint.ingest import Article, ReadProblem, read_inputs
from flashpoint.ingest.run import ingest
from flashpoint.scale import InProcessEngine, open_engine
from flashpoint.scale.dask_engine import partition_name
from flashpoint.scale.parquet import read_partition, write_partition
from flashpoint.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHILD_TABLES = ("events", "event_actors", "quotes", "entities", "places", "times")
TEXTS = [
    "Iraqi officials said on Sunday that militias fired rockets at the U.S. embassy in Baghdad.",
    "Kuwait and Iraq agreed on Thursday to reopen the Safwan border crossing.",
    "Police in Basra detained dozens of protesters, a spokesman told reporters.",
    "Iran denied the report. \ud800 A lone surrogate from JSON input must survive.",
]


def articles() -> list[Article]:
    return [Article(text=t, id=f"s{n}", published="2020-09-29", source="Wire") for n, t in enumerate(TEXTS)]


def stored_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the ingestion time: what two runs must agree on."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = {
            "articles": con.execute("SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY id").fetchall()
        }
        for table in CHILD_TABLES:
            rows[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        rows["problems"] = sorted(con.execute('SELECT "where", reason, message FROM problems').fetchall())
    finally:
        con.close()
    return rows


def inputs(tmp_path: Path) -> list:
    (tmp_path / "more.jsonl").write_text(
        "".join(json.dumps({"id": a.id, "text": a.text, "published": a.published}) + "\n" for a in articles())
        + "{broken\n"
    )
    return [EXAMPLES, tmp_path / "more.jsonl"]


def run(paths: list, db: Path, engine) -> None:
    with Store(db) as store:
        ingest(read_inputs(paths, published="2020-09-29"), store, engine=engine, batch_size=3)


def test_parquet_partition_round_trip_is_lossless(nlp, tmp_path):
    coded = [item for item in code_items(articles(), nlp=nlp) if isinstance(item, Coded)]
    path = tmp_path / "part.parquet"
    write_partition(coded, path)
    back = read_partition(path)
    assert [c.article for c in back] == [c.article for c in coded]
    assert [c.article.origin for c in back] == [c.article.origin for c in coded]
    assert [c.record.to_dict() for c in back] == [json.loads(json.dumps(c.record.to_dict())) for c in coded]
    # The plain columns can be queried in place.
    con = duckdb.connect()
    ids = con.execute(f"SELECT id, n_events FROM read_parquet('{path}') ORDER BY id").fetchall()
    assert [i for i, _ in ids] == ["s0", "s1", "s2", "s3"] and ids[0][1] == len(coded[0].record.events)
    # Stored from the partition or from the records themselves: the same rows.
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        a.add_articles((c.article, c.record) for c in coded)
        b.add_articles((c.article, c.record) for c in back)
    assert stored_rows(tmp_path / "a.db") == stored_rows(tmp_path / "b.db")


def test_partition_names_follow_content():
    first = articles()
    assert partition_name(first) == partition_name(list(first))
    changed = [*first[:-1], Article(text="Other.", id=first[-1].id)]
    assert partition_name(changed) != partition_name(first)


def test_open_engine_checks_its_options(tmp_path):
    with pytest.raises(ValueError, match="dask engine"):
        open_engine("local", scheduler="tcp://127.0.0.1:8786").__enter__()
    with pytest.raises(ValueError, match="unknown engine"):
        open_engine("spark").__enter__()
    with open_engine("local") as engine:
        assert isinstance(engine, InProcessEngine)


@pytest.mark.slow
def test_worker_processes_store_what_one_process_stores(nlp, tmp_path):
    run(inputs(tmp_path), tmp_path / "one.db", InProcessEngine(nlp=nlp, batch_size=3))
    with open_engine("local", workers=2, batch_size=3) as engine:
        run(inputs(tmp_path), tmp_path / "two.db", engine)
    one, two = stored_rows(tmp_path / "one.db"), stored_rows(tmp_path / "two.db")
    assert len(one["articles"]) == 8 and one["problems"]
    assert one == two


@pytest.mark.slow
def test_dask_cluster_stores_what_one_process_stores(nlp, tmp_path):
    run(inputs(tmp_path), tmp_path / "local.db", InProcessEngine(nlp=nlp, batch_size=3))
    parts = tmp_path / "parts"
    with open_engine("dask", workers=2, batch_size=3, parts=parts) as engine:
        assert engine.workers == 2
        run(inputs(tmp_path), tmp_path / "dask.db", engine)
    assert stored_rows(tmp_path / "local.db") == stored_rows(tmp_path / "dask.db")
    files = sorted(parts.glob("part-*.parquet"))
    assert files and not list((parts / "pending").glob("*"))  # every partition loaded
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{parts}/part-*.parquet')").fetchone() == (8,)

    # A partition saved but not loaded when a run stopped is loaded by the next run, not coded again.
    (parts / "pending").mkdir(exist_ok=True)
    shutil.copy(files[0], parts / "pending" / files[0].name)
    pending_ids = {c.article.id for c in read_partition(files[0])}
    with Store(tmp_path / "resumed.db") as store:
        with open_engine("dask", workers=1, batch_size=3, parts=parts) as engine:
            report = ingest(read_inputs(inputs(tmp_path), published="2020-09-29"), store, engine=engine)
        assert report.coded == 8
    assert not list((parts / "pending").glob("*"))
    assert stored_rows(tmp_path / "resumed.db")["articles"] == stored_rows(tmp_path / "local.db")["articles"]
    assert pending_ids  # those came from the saved partition


def test_problems_from_reading_reach_the_store_through_any_engine(nlp, tmp_path):
    problem = ReadProblem("x.jsonl:1", "malformed record", "invalid JSON")
    with Store(memory=True) as store:
        ingest([problem, *articles()[:1]], store, engine=InProcessEngine(nlp=nlp))
        assert [p["where"] for p in store.problems()] == ["x.jsonl:1"]


def test_parse_batches_are_bounded_in_characters():
    from flashpoint.coder import bounded_batches

    texts = ["a" * 10, "b" * 10, "c" * 25, "d" * 5, "e" * 5, "f" * 5]
    assert list(bounded_batches(texts, max_texts=2, max_chars=20)) == [[0, 1], [2], [3, 4], [5]]
    assert list(bounded_batches([], max_texts=2, max_chars=20)) == []


def test_an_article_that_breaks_the_parser_costs_only_itself(nlp, monkeypatch):
    from flashpoint import coder

    real = coder.parse_articles

    def fragile(model, batch, **options):
        if any(article.id == "s1" for article in batch):
            raise RuntimeError("the parser choked")
        return real(model, batch, **options)

    monkeypatch.setattr(coder, "parse_articles", fragile)
    results = list(code_items(articles(), nlp=nlp))
    assert [type(r).__name__ for r in results] == ["Coded", "ReadProblem", "Coded", "Coded"]
    assert "parsing failed: RuntimeError: the parser choked" in results[1].message


def test_coding_batches_are_bounded_in_characters(nlp, monkeypatch):
    from flashpoint import coder

    unbounded = [r.record.to_dict() for r in code_items(articles(), nlp=nlp, batch_size=32)]
    batches: list[list[str]] = []
    real = coder.code_batch

    def spy(model, batch, **options):
        batches.append([item.id for item in batch])
        return real(model, batch, **options)

    monkeypatch.setattr(coder, "code_batch", spy)
    monkeypatch.setattr(coder, "BATCH_CHARS", 150)  # the texts are 72 to 90 characters long
    results = list(code_items(articles(), nlp=nlp, batch_size=32))
    assert batches == [["s0"], ["s1", "s2"], ["s3"]]
    assert [r.record.to_dict() for r in results] == unbounded


def test_ingest_checkpoints_with_duckdb_memory_capped_then_restores_duckdb_settings(nlp, tmp_path):
    def settings(store: Store) -> tuple[str, str]:
        return store._db.execute(
            "SELECT current_setting('memory_limit'), current_setting('checkpoint_threshold')"
        ).fetchone()

    def wal(store: Store) -> str:
        return store._db.execute("SELECT wal_size FROM pragma_database_size()").fetchone()[0]

    during: list[tuple[str, str]] = []
    with Store(tmp_path / "news.db") as store:
        default = settings(store)
        ingest(
            articles()[:2],
            store,
            engine=InProcessEngine(nlp=nlp),
            after_batch=lambda s: during.append(settings(s)),
        )
        # DuckDB checkpoints only when told to (a safety net aside), its cache otherwise not capped
        assert during == [(default[0], "256.0 MiB")]
        assert settings(store) == default and wal(store) == "0 bytes" and len(store.articles()) == 2
        # When DuckDB cannot shrink its cache to the cap, the checkpoint runs uncapped rather than fail.
        store.add_problems([ReadProblem(f"x{n}", "malformed record", "x" * 100) for n in range(500)])
        assert wal(store) != "0 bytes"
        store._conn = cannot_shrink = CannotShrink(store._conn)
        store.checkpoint()
        assert cannot_shrink.refused == 1 and store._conn is not cannot_shrink  # then reopened
        assert settings(store) == default and wal(store) == "0 bytes"


class CannotShrink:
    """A DuckDB connection whose cache cannot be capped (as when it holds more than the cap)."""

    def __init__(self, conn):
        self.conn, self.refused = conn, 0

    def execute(self, sql, *args):
        if sql.startswith("SET memory_limit"):
            self.refused += 1
            raise duckdb.OutOfMemoryException("could not free up enough memory for the new limit")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)
