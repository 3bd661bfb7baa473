"""Kill a real `flashpoint ingest` with SIGKILL, rerun the same command: nothing lost, nothing twice.

The reference is the same command run once without interruption; the interrupted-and-resumed database
must hold exactly the same rows (ingestion times aside).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

FLASHPOINT = [sys.executable, "-c", "from flashpoint.cli import main; main()"]
SUBJECTS = ["Iraqi officials", "The militia", "Police in Basra", "Kuwait", "The U.S. embassy", "Iran"]
VERBS = ["warned", "attacked", "met", "accused", "praised", "threatened"]
OBJECTS = ["the protesters", "Baghdad", "the government", "its neighbours", "the United Nations", "Tehran"]
TABLES = ("articles", "events", "event_actors", "quotes", "entities", "places", "times")


def write_corpus(path: Path, count: int) -> None:
    lines = []
    for n in range(count):
        s, v, o = SUBJECTS[n % 6], VERBS[(n // 6) % 6], OBJECTS[(n // 36 + n) % 6]
        text = f"{s} {v} {o} on Sunday, officials said. Report {n} followed talks in Baghdad."
        lines.append(json.dumps({"id": f"r{n}", "text": text, "published": "2020-09-29"}))
    lines.insert(5, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [*FLASHPOINT, "ingest", str(corpus), "--db", str(db), "--batch-size", "3", *extra]


def rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = {}
        for table in TABLES:
            columns = "* EXCLUDE (ingested_at)" if table == "articles" else "*"
            found[table] = sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()
    return found


def kill_while_ingesting(cmd: list[str], delay: float) -> bool:
    """Start `cmd`, SIGKILL it `delay` s after it reports the corpus's bad line (it is coding by then);
    True if it was killed before it finished."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "invalid JSON" in line:
            break
    time.sleep(delay)
    children = _children(process.pid)
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()
    _wait_gone(children)
    return True


def stored_count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _wait_gone(children: list[psutil.Process]) -> None:
    """Worker processes must not outlive a killed parent (they would hold CPU and memory forever)."""
    _, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, f"worker processes outlived their killed parent: {[p.pid for p in alive]}"


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_then_rerun_finishes_with_nothing_lost_or_doubled(tmp_path, workers):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 90)
    reference = tmp_path / "reference.duckdb"
    subprocess.run(command(corpus, reference), check=True, capture_output=True)
    expected = rows(reference)
    assert len(expected["articles"]) == 90 and expected["events"]

    db = tmp_path / "resumed.duckdb"
    stored_after_kills = []
    for delay in (0.0, 0.3, 0.8, 1.5):
        if kill_while_ingesting(command(corpus, db, "--workers", workers), delay):
            stored_after_kills.append(stored_count(db))
    # The test proves something only if runs really died part-way through.
    assert len(stored_after_kills) >= 2 and any(0 < n < 90 for n in stored_after_kills), stored_after_kills
    finished = subprocess.run(command(corpus, db, "--workers", workers), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "already stored" in finished.stderr
    assert rows(db) == expected
