"""`flashpoint ingest` over mixed inputs and its new options (CliRunner)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.ingest import run
from flashpoint.store import Store

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture
def runner():
    return CliRunner()


def test_mixed_inputs_with_a_column_mapping(runner, tmp_path, nlp):
    (tmp_path / "wire.csv").write_text(
        "guid,body,date\nw1,Kuwait and Iraq agreed on Thursday to reopen the border crossing.,2020-10-01\n"
    )
    shutil.copy(FEEDS / "world.rss", tmp_path / "world.rss")
    shutil.copy(FEEDS / "basra-protest.html", tmp_path / "basra.html")
    db = tmp_path / "news.duckdb"
    args = ["ingest", str(tmp_path), "--db", str(db), "--columns", "id=guid,text=body,published=date"]
    result = runner.invoke(cli, [*args, "--no-monitor"])
    assert result.exit_code == 0, result.output
    assert "coded 3 articles" in result.output  # CSV row, HTML page, the feed's other entry
    assert "world.rss#3: empty article" in result.output  # the entry without text is reported
    # The feed's entry for the page has the page's id (its URL): the page, read first, is kept.
    assert "world.rss#2: same id as" in result.output
    with Store(db, read_only=True) as store:
        assert store.article("w1")["published"] == "2020-10-01"
        basra = next(a for a in store.articles() if a["title"] == "Police detain protesters in Basra")
        assert "Governor Asaad al-Eidani" in store.article(basra["id"])["text"]
    again = runner.invoke(cli, args)
    # Run again: nothing is coded (stored feed entries are not even read again).
    assert again.exit_code == 0 and "coded 0 articles" in again.output and "2 already stored" in again.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--columns", "body=text"], "not an article field"),
        (["--every", "soon"], "not a duration"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--workers", "0"], "0"),
        (["--monitor-every", "0"], "0"),
    ],
)
def test_bad_options_are_refused_before_anything_runs(runner, tmp_path, extra, message):
    (tmp_path / "a.txt").write_text("Iraq warned Iran.")
    db = tmp_path / "x.duckdb"
    result = runner.invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), *extra])
    assert result.exit_code == 2 and message in result.output
    assert not db.exists()


@pytest.mark.parametrize(("every", "updates"), [(None, 1), ("1", 3)])
def test_monitor_every_sets_how_often_the_monitor_runs(runner, tmp_path, nlp, monkeypatch, every, updates):
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(f"Iraq warned Iran on day {n}.")
    calls = []
    # The CLI leaves after_batch at ingest()'s default (the monitor's update): count its calls instead.
    monkeypatch.setitem(run.ingest.__kwdefaults__, "after_batch", calls.append)
    args = ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--batch-size", "1"]
    result = runner.invoke(cli, [*args, *(["--monitor-every", every] if every else [])])
    assert result.exit_code == 0, result.output
    assert len(calls) == updates  # three batches: by default one update, at the end
