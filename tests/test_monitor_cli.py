"""`flashpoint incidents` and `flashpoint watch` over a small database built from hand-made records."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.monitor import update_monitor
from flashpoint.monitor.cli import parse_every
from flashpoint.store import Store

from .test_incidents import ATTACK, ATTACK_OTHER_WORDS, _article, _event


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.add_articles(
            [
                _article("a1", ATTACK, [_event(ATTACK, "e1", "ASSAULT")], source="Reuters"),
                _article(
                    "a2", ATTACK_OTHER_WORDS, [_event(ATTACK_OTHER_WORDS, "e1", "ASSAULT")], source="AFP"
                ),
            ]
        )
        update_monitor(store)
    return path


def test_incidents_jsonl_has_the_contract_fields(db):
    result = CliRunner().invoke(cli, ["incidents", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    record = json.loads(line)
    contract = {
        "id",
        "type",
        "event_ids",
        "article_ids",
        "publishers",
        "corroboration",
        "first_reported",
        "date",
        "location",
        "actor",
        "recipient",
        "modalities",
    }
    assert contract <= record.keys()
    assert record["article_ids"] == ["a1", "a2"] and record["corroboration"] == 2


def test_incidents_table_and_missing_database(db, tmp_path):
    result = CliRunner().invoke(cli, ["incidents", "--db", str(db), "--min-corroboration", "2"])
    assert result.exit_code == 0 and "ASSAULT" in result.output
    missing = CliRunner().invoke(cli, ["incidents", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "no such database" in missing.output


def test_watch_prints_no_alerts_on_a_quiet_database(db):
    result = CliRunner().invoke(cli, ["watch", "--db", str(db), "--every", "1s", "--times", "1"])
    assert result.exit_code == 0, result.output
    assert "no alerts" in result.output


def test_every_takes_intervals():
    assert parse_every("1h") == 3600 and parse_every("30m") == 1800 and parse_every(None) is None
    with pytest.raises(Exception, match="interval"):
        parse_every("soon")
