"""Readers: every kind of bad input gives a clear problem naming where, and the rest goes on."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.ingest import Article, ReadProblem, article_id, parse_published, read_inputs


def read(tmp_path, name: str, data: bytes, **options):
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_inputs([path], **options))


def test_plain_text_file_gets_stable_id_and_published(tmp_path):
    (item,) = read(tmp_path, "a.txt", b"Iraq warned Iran.", published="2020-09-29")
    assert isinstance(item, Article)
    assert item.id == article_id("Iraq warned Iran.")
    assert item.published == "2020-09-29"
    assert item.origin.endswith("a.txt")


def test_same_text_same_id_different_text_different_id():
    assert article_id("x") == article_id("x") != article_id("y")


def test_empty_and_whitespace_files_are_skipped(tmp_path):
    for data in (b"", b"  \n\t "):
        (item,) = read(tmp_path, "e.txt", data)
        assert isinstance(item, ReadProblem)
        assert item.reason == "empty" and "e.txt" in item.where


def test_binary_file_is_skipped(tmp_path):
    (item,) = read(tmp_path, "b.txt", bytes(range(256)) * 4)
    assert isinstance(item, ReadProblem) and item.reason == "binary"


def test_invalid_utf8_names_the_line(tmp_path):
    (item,) = read(tmp_path, "bad.txt", b"fine line\nsecond \xff\xfe line\n")
    assert isinstance(item, ReadProblem)
    assert item.reason == "undecodable"
    assert "line 2" in item.message and "--encoding" in item.message


def test_other_encoding_when_asked(tmp_path):
    (item,) = read(tmp_path, "latin.txt", "Café in Baghdad".encode("latin-1"), encoding="latin-1")
    assert isinstance(item, Article) and item.text == "Café in Baghdad"


def test_utf8_bom_is_dropped(tmp_path):
    (item,) = read(tmp_path, "bom.txt", "\ufeffHello".encode())
    assert isinstance(item, Article) and item.text == "Hello"


def test_jsonl_bad_lines_are_reported_and_the_rest_goes_on(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "Iraq warned Iran.", "published": "2020-09-29", "source": "X"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a4", "text": 12}),
        json.dumps({"id": "a5", "text": ""}),
        "",
        json.dumps({"id": "a6", "text": "Iran replied.", "published": "someday"}),
        json.dumps({"text": "No id here."}),
    ]
    items = read(tmp_path, "in.jsonl", "\n".join(lines).encode())
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [a.id for a in articles] == ["a1", "a6", article_id("No id here.")]
    assert articles[0].source == "X" and articles[0].published == "2020-09-29"
    assert articles[1].published is None
    skipped = {p.where.rsplit(":", 1)[1]: p for p in problems if p.skipped}
    assert set(skipped) == {"2", "3", "4", "5", "6"}
    assert "invalid JSON" in skipped["2"].message
    assert '"text"' in skipped["4"].message
    warning = next(p for p in problems if not p.skipped)
    assert warning.where.endswith(":8") and "someday" in warning.message


def test_too_large_article_is_refused_with_the_limit(tmp_path):
    (item,) = read(tmp_path, "big.txt", b"word " * 1000, max_chars=100)
    assert isinstance(item, ReadProblem) and item.reason == "too large" and "--max-chars" in item.message


def test_five_megabyte_article_is_reported_not_crashed(tmp_path):
    data = ("The militia attacked the base. " * 170_000).encode()
    assert len(data) > 5_000_000
    (item,) = read(tmp_path, "huge.txt", data)
    assert isinstance(item, ReadProblem) and item.reason == "too large"


def test_missing_path(tmp_path):
    (item,) = list(read_inputs([tmp_path / "nope.txt"]))
    assert isinstance(item, ReadProblem) and item.reason == "missing"


def test_directory_is_walked_in_order_skipping_hidden_and_unknown(tmp_path):
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": "First."}) + "\n")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_inputs([tmp_path]))
    assert [i.text for i in items] == ["First.", "Second."]


def test_stdin_is_sniffed(tmp_path):
    text_items = list(read_inputs(["-"], stdin=io.BytesIO(b"Plain text article."), published="2020-01-02"))
    assert text_items[0].text == "Plain text article." and text_items[0].published == "2020-01-02"
    jsonl = io.BytesIO((json.dumps({"id": "s", "text": "From a pipe."}) + "\n").encode())
    assert [i.id for i in read_inputs(["-"], stdin=jsonl)] == ["s"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-29", "2020-09-29"),
        ("2020-09-29T10:00:00Z", "2020-09-29T10:00:00+00:00"),
        ("2020-09-29 10:00", "2020-09-29T10:00:00"),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["29/09/2020", "yesterday", "2020-13-01", 20200929])
def test_parse_published_rejects_with_message(value):
    with pytest.raises(ValueError, match="date"):
        parse_published(value)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_text_reader(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("h") / "x.txt"
    path.write_bytes(data)
    for item in read_inputs([path]):
        assert isinstance(item, (Article, ReadProblem))
        if isinstance(item, ReadProblem):
            assert item.message and item.reason


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_jsonl_reader(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("h") / "x.jsonl"
    path.write_bytes(data)
    for item in read_inputs([path]):
        assert isinstance(item, (Article, ReadProblem))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=10), st.one_of(st.text(), st.integers(), st.none()), max_size=6))
def test_arbitrary_json_objects_never_crash(tmp_path_factory, obj):
    path = tmp_path_factory.mktemp("h") / "x.jsonl"
    path.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    for item in read_inputs([path]):
        assert isinstance(item, (Article, ReadProblem))
