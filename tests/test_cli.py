"""The `flashpoint` command, through click's CliRunner: exit codes and what users see."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from flashpoint.cli import cli

from .conftest import EXAMPLES

SEED = str(EXAMPLES / "seed-article.txt")


@pytest.fixture
def runner():
    return CliRunner()


def test_code_pretty(runner):
    result = runner.invoke(cli, ["code", SEED, "--published", "2020-09-29"])
    assert result.exit_code == 0, result.output
    assert "THREATEN" in result.stdout and "Pompeo" in result.stdout
    assert "coded 1 article" in result.stderr


def test_code_jsonl_is_the_contract(runner):
    result = runner.invoke(cli, ["code", SEED, "--published", "2020-09-29", "--format", "jsonl"])
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert set(record) == {"article", "events", "quotes", "entities", "places", "times", "disputes"}
    assert record["article"]["published"] == "2020-09-29"


def test_code_reads_standard_input(runner):
    result = runner.invoke(cli, ["code", "-", "--format", "jsonl"], input="Russian troops attacked Kharkiv.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"][0]["type"] == "ASSAULT"
    no_args = runner.invoke(cli, ["code", "--format", "jsonl"], input="Russian troops attacked Kharkiv.")
    assert no_args.exit_code == 0 and no_args.stdout == result.stdout


def test_code_reports_bad_lines_and_goes_on(runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "ok", "text": "Iraq warned Iran."}\n{broken\n{"id": "e", "text": ""}\n')
    result = runner.invoke(cli, ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(x)["article"]["id"] for x in result.stdout.splitlines()] == ["ok"]
    assert f"{path}:2" in result.stderr and "invalid JSON" in result.stderr
    assert "skipped 2" in result.stderr
    strict = runner.invoke(cli, ["code", str(path), "--format", "jsonl", "--strict"])
    assert strict.exit_code == 1


def test_code_fails_when_nothing_could_be_read(runner, tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(cli, ["code", str(path)])
    assert result.exit_code == 1 and "binary" in result.stderr


def test_bad_published_option(runner):
    result = runner.invoke(cli, ["code", SEED, "--published", "yesterday"])
    assert result.exit_code == 2 and "unparseable publication date" in result.output


def test_missing_model_is_explained(runner, monkeypatch):
    from flashpoint.nlp import model

    model.load_model.cache_clear()
    result = runner.invoke(cli, ["code", SEED, "--model", "en_core_web_nonexistent"])
    assert result.exit_code == 1
    assert "en_core_web_nonexistent" in result.output and "not installed" in result.output


def test_ingest_is_idempotent_and_events_are_queryable(runner, tmp_path):
    db = tmp_path / "fp.duckdb"
    args = ["ingest", str(EXAMPLES), "--db", str(db), "--published", "2020-09-29"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "coded 4 articles" in first.stderr and "skipped 1" in first.stderr
    second = runner.invoke(cli, args)
    assert "coded 0 articles" in second.stderr and "4 already stored" in second.stderr

    table = runner.invoke(cli, ["events", "--db", str(db), "--actor", "USA", "--type", "threaten"])
    assert table.exit_code == 0 and "THREATEN" in table.stdout

    lines = runner.invoke(cli, ["events", "--db", str(db), "--since", "2020-09-01", "--format", "jsonl"])
    events = [json.loads(x) for x in lines.stdout.splitlines()]
    assert events and all(e["article_id"] for e in events)

    output = runner.invoke(cli, ["events", "--db", str(db), "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows and {"type", "actor_code", "recipient_code", "modality"} <= set(rows[0])


def test_events_on_a_missing_database(runner, tmp_path):
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no such database" in result.output


def test_every_command_has_help_and_an_example(runner):
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"
