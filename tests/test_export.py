"""Exports (flashpoint.exports): every format written, then read back with DuckDB; corrections exported."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.exports import FORMATS, TABLE_COLUMNS, export_lines, gdelt, icews, write_export
from flashpoint.exports._codes import numeric_id
from flashpoint.store import Store

from .test_api import TOKEN, auth, fresh_db, make_client, workbench_db  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def exported(workbench_db, tmp_path_factory) -> dict[str, Path]:  # noqa: F811
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    with Store(workbench_db, read_only=True) as store:
        for name, fmt in FORMATS.items():
            paths[name] = folder / f"events-{name}{fmt.suffix}"
            write_export(store, name, paths[name])
    return paths


@pytest.fixture(scope="module")
def machine(workbench_db) -> list[dict]:  # noqa: F811
    with Store(workbench_db, read_only=True) as store:
        return list(store.export_events(reviewed=False))


def read_tsv(path: Path, header: bool) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(
        f"SELECT * FROM read_csv('{path}', delim='\t', header={str(header).lower()}, all_varchar=true, "
        "quote='', escape='')"
    )


def test_gdelt_has_the_61_columns_in_order(exported, machine):
    assert len(gdelt.COLUMNS) == 61
    assert gdelt.COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert gdelt.COLUMNS[25:31] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    )  # fmt: skip
    assert gdelt.COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    relation = read_tsv(exported["gdelt"], header=False)
    assert len(relation.columns) == 61
    rows = relation.fetchall()
    assert len(rows) == len(machine)
    by_id = {int(row[0]): dict(zip(gdelt.COLUMNS, row, strict=True)) for row in rows}
    assert len(by_id) == len(rows)  # ids are unique
    for event in machine:
        row = by_id[numeric_id(event["article_id"], event["id"])]
        assert row["EventCode"] == event["cameo"] and row["EventRootCode"] == event["cameo"][:2]
        assert int(row["QuadClass"]) == max(event["quad_class"], 1)
        assert float(row["GoldsteinScale"]) == event["goldstein"]
        assert len(row["SQLDATE"]) == 8 and row["Year"] == row["SQLDATE"][:4]
        actor = event["actor"][0] if event["actor"] else {}
        if actor.get("code") and actor.get("sector"):
            assert row["Actor1Code"] == actor["code"] + actor["sector"]
        location = event.get("location") or {}
        if location.get("country_code") == "IRQ":
            assert row["ActionGeo_CountryCode"] == "IZ"  # FIPS 10-4, as GDELT's geography uses


def test_icews_has_its_20_named_columns(exported, machine):
    relation = read_tsv(exported["icews"], header=True)
    assert tuple(relation.columns) == icews.COLUMNS and len(icews.COLUMNS) == 20
    rows = [dict(zip(icews.COLUMNS, r, strict=True)) for r in relation.fetchall()]
    assert len(rows) == len(machine)
    seed = [r for r in rows if r["Story ID"] == "seed"]
    assert seed and all(r["Publisher"] == "Seed Wire" for r in seed)
    threat = next(r for r in seed if r["CAMEO Code"] == "130")
    assert threat["Event Text"].startswith("Threaten") and threat["Source Country"] == "United States"


def test_plover_jsonl_has_the_manual_fields(exported, machine):
    rows = duckdb.read_json(str(exported["plover"]), format="newline_delimited").fetchall()
    assert len(rows) == len(machine)
    records = [json.loads(line) for line in exported["plover"].read_text(encoding="utf-8").splitlines()]
    for record in records:
        # The manual's required fields, and its names for the optional ones Flashpoint fills.
        assert {"id", "date", "actor", "event"} <= record.keys()
        assert {"recipient", "event_loc", "event_text", "quad_code", "event_scale", "mode", "context",
                "text_info", "cite_info", "coder", "coded_date"} <= record.keys()  # fmt: skip
        assert len(record["date"]) == 10 and record["quad_code"] in (1, 2, 3, 4)
        assert all({"code", "sector", "entity_text"} <= a.keys() for a in record["actor"])
        assert record["cite_info"]["codebook"].startswith("plover")
    assert len({r["id"] for r in records}) == len(records)


def test_jsonl_is_the_contract_plus_ids(exported, machine):
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert {"id", "type", "actor", "recipient", "trigger", "modality", "article_id", "incident_id"} <= set(
        first
    )
    assert [json.loads(x)["id"] for x in lines] == [e["id"] for e in machine]


def test_csv_and_parquet_hold_the_same_table(exported, machine):
    csv_rows = duckdb.read_csv(str(exported["csv"]), header=True, all_varchar=True)
    assert tuple(csv_rows.columns) == tuple(name for name, _ in TABLE_COLUMNS)
    parquet = duckdb.read_parquet(str(exported["parquet"]))
    assert tuple(parquet.columns) == tuple(name for name, _ in TABLE_COLUMNS)
    types = dict(zip(parquet.columns, (str(t) for t in parquet.types), strict=True))
    assert (
        types["event_day"] == "DATE" and types["goldstein"] == "DOUBLE" and types["contexts"] == "VARCHAR[]"
    )
    assert len(csv_rows.fetchall()) == len(parquet.fetchall()) == len(machine)
    ids = duckdb.sql(f"SELECT article_id || '/' || event_id FROM read_parquet('{exported['parquet']}')")
    assert sorted(r[0] for r in ids.fetchall()) == sorted(f"{e['article_id']}/{e['id']}" for e in machine)


def test_tsv_values_never_break_rows(workbench_db):  # noqa: F811
    with Store(workbench_db, read_only=True) as store:
        lines = list(export_lines(store, "icews", filters={"article_id": "markup-article"}))
    assert all(line.count("\t") == 19 and line.endswith("\n") and line.count("\n") == 1 for line in lines)


def test_exports_apply_corrections(fresh_db, tmp_path):  # noqa: F811
    with make_client(fresh_db, token=TOKEN) as client:
        events = client.get("/api/events", params={"article_id": "seed", "limit": 3}).json()["events"]
        first, second = events[0], events[1]
        client.post("/api/corrections", headers=auth(), json={
            "article_id": "seed", "event_id": first["id"], "verdict": "reject"})  # fmt: skip
        client.post("/api/corrections", headers=auth(), json={
            "article_id": "seed", "event_id": second["id"], "verdict": "correct",
            "changes": {"type": "PROTEST", "modality": "hedged"}})  # fmt: skip
        csv_text = client.get("/api/export", params={"format": "csv", "article_id": "seed"}).text
        everything = client.get(
            "/api/export", params={"format": "jsonl", "article_id": "seed", "include_rejected": True}
        ).text
        machine = client.get(
            "/api/export", params={"format": "jsonl", "article_id": "seed", "reviewed": False}
        ).text
    path = tmp_path / "seed.csv"
    path.write_text(csv_text, encoding="utf-8")
    rows = {r[1]: r for r in duckdb.read_csv(str(path), header=True, all_varchar=True).fetchall()}
    columns = [name for name, _ in TABLE_COLUMNS]
    assert first["id"] not in rows  # rejected: left out
    corrected = dict(zip(columns, rows[second["id"]], strict=True))
    assert corrected["type"] == "PROTEST" and corrected["modality"] == "hedged"
    assert corrected["cameo"] == "140" and corrected["review_status"] == "corrected"
    assert corrected["corrected_fields"] == "modality;type"
    statuses = {
        json.loads(x)["id"]: (json.loads(x).get("review") or {}).get("status")
        for x in everything.splitlines()
    }
    assert statuses[first["id"]] == "rejected"
    raw = {json.loads(x)["id"]: json.loads(x) for x in machine.splitlines()}
    assert raw[second["id"]]["type"] == second["type"] and "review" not in raw[second["id"]]
    with Store(fresh_db, read_only=True) as store:  # the machine's rows are untouched
        assert store.events(article_id="seed", limit=3)[1]["type"] == second["type"]


def test_export_command(workbench_db, tmp_path):  # noqa: F811
    runner = CliRunner()
    out = tmp_path / "events.parquet"
    result = runner.invoke(cli, ["export", "--db", str(workbench_db), "--format", "parquet", "-o", str(out),
                                 "--actor", "USA"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Store(workbench_db, read_only=True) as store:
        expected = store.count_events(actor="USA")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0][0] == expected > 0
    assert f"exported {expected} events" in result.stderr
    tsv = runner.invoke(cli, ["export", "--db", str(workbench_db), "--format", "gdelt", "--type", "assault"])
    assert tsv.exit_code == 0 and all(len(line.split("\t")) == 61 for line in tsv.stdout.splitlines())
    refused = runner.invoke(cli, ["export", "--db", str(workbench_db), "--format", "parquet"])
    assert refused.exit_code == 2 and "--output" in refused.output
    missing = runner.invoke(cli, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such database" in missing.output


def test_api_export_streams_the_same_bytes_as_the_library(workbench_db):  # noqa: F811
    with make_client(workbench_db) as client:
        response = client.get("/api/export", params={"format": "gdelt", "type": "ASSAULT"})
        assert response.headers["content-disposition"].endswith('.tsv"')
        parquet = client.get("/api/export", params={"format": "parquet"})
        assert parquet.content[:4] == b"PAR1"
        assert client.get("/api/export", params={"format": "xml"}).status_code == 400
    with Store(workbench_db, read_only=True) as store:
        assert response.text == "".join(export_lines(store, "gdelt", filters={"type": ["ASSAULT"]}))
