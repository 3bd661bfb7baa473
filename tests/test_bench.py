"""The benchmark's corpus helpers on a tiny stand-in data folder (timings themselves are never tested)."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data(tmp_path) -> Path:
    text = tmp_path / "polnear" / "dev" / "text"
    text.mkdir(parents=True)
    (text / "a.txt").write_text("Short line.\n\n" + "A long paragraph about the election. " * 10)
    (text / "b.txt").write_text("Another article about the debate. " * 12)
    india = tmp_path / "india_police_events"
    india.mkdir()
    (india / "docs.jsonl").write_text(
        json.dumps({"doc_id": 1, "doc_text": "police arrested two men. " * 15}) + "\n"
    )
    pages = tmp_path / "html_articles" / "html"
    pages.mkdir(parents=True)
    (pages / "p.html.gz").write_bytes(gzip.compress(b"<html><body><p>Page.</p></body></html>"))
    return tmp_path


def test_corpora_are_the_real_inputs_as_ingest_reads_them(bench, data):
    found = bench.corpora(data, limit=10)
    assert set(found) == {"polnear", "india-police-events", "html-pages"}
    india = [item.text for item in bench.read_corpus(found["india-police-events"])]
    assert india == ["police arrested two men. " * 15]  # read through the column mapping


def test_memory_corpus_joins_short_paragraphs_and_stops_at_the_count(bench, data, tmp_path):
    out = tmp_path / "p.jsonl"
    assert bench.write_paragraphs(data, out, 2) == 2
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert first["text"].startswith("Short line.\n\nA long paragraph") and len(first["text"]) >= 300
    assert first["id"] != second["id"]


def test_without_data_there_is_nothing_to_measure(bench, tmp_path, capsys):
    assert bench.main(["--data", str(tmp_path / "missing")]) == 0
    assert "nothing to benchmark" in capsys.readouterr().err
