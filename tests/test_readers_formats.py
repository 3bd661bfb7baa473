"""Readers for CSV, column mappings, gzip, mixed folders and streams: bad input costs only itself."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from flashpoint.ingest import Article, ReadProblem, article_id, parse_columns, read_inputs
from flashpoint.ingest.readers import suffix_format

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def read(path: Path, **options) -> list:
    return list(read_inputs([path], **options))


def test_csv_with_a_column_mapping(tmp_path):
    path = tmp_path / "archive.csv"
    path.write_text(
        "guid,headline,body,date,outlet\n"
        'n1,Talks,"Iraq and Kuwait agreed to talks.\n\nA second paragraph.",2020-10-01,Wire\n'
        "n2,,Iran denied the report.,,\n",
        encoding="utf-8",
    )
    columns = parse_columns("id=guid, title=headline, text=body, published=date, source=outlet")
    first, second = read(path, columns=columns)
    assert first == Article(
        text="Iraq and Kuwait agreed to talks.\n\nA second paragraph.",
        id="n1",
        title="Talks",
        published="2020-10-01",
        source="Wire",
    )
    assert first.origin.endswith("archive.csv:2")  # the line the record starts on
    assert second.origin.endswith("archive.csv:5")
    assert second.title is None and second.published is None and second.source is None


def test_csv_with_contract_names_needs_no_mapping_and_matches_case(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Text,Published\nIran denied the report.,2020-01-02\n")
    (article,) = read(path)
    assert article.published == "2020-01-02" and article.id == article_id("Iran denied the report.")


def test_tsv_is_tab_separated(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("id\ttext\nt1\tOne, two, three.\n")
    (article,) = read(path)
    assert article.id == "t1" and article.text == "One, two, three."


def test_csv_without_a_text_column_names_the_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("guid,body\n1,Words.\n")
    (problem,) = read(path)
    assert isinstance(problem, ReadProblem)
    assert "guid, body" in problem.message and "--columns text=" in problem.message


def test_csv_bad_rows_are_skipped_and_the_rest_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(
        b"id,text,published\n"
        b"1,Fine article.,2020-01-01\n"
        b"2,,2020-01-01\n"
        b"3,Bad \xff byte.,2020-01-01\n"
        b"4,Bad date.,someday\n"
        b"5,Last article.,\n"
    )
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["1", "4", "5"]
    problems = {p.where.rsplit(":", 1)[1]: p for p in items if isinstance(p, ReadProblem)}
    assert problems["3"].reason == "empty" and problems["4"].reason == "undecodable"
    assert problems["5"].reason == "bad date" and not problems["5"].skipped


def test_csv_fields_longer_than_the_csv_module_default(tmp_path):
    long_text = "The militia attacked the base. " * 8000  # ~250,000 characters
    path = tmp_path / "long.csv"
    path.write_text("text\n" + json.dumps(long_text) + "\n")
    (article,) = read(path)
    assert isinstance(article, Article) and len(article.text) == len(long_text)


def test_a_mapped_column_that_is_missing_is_a_warning(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("body\nWords here.\n")
    warning, article = read(path, columns={"text": "body", "published": "date"})
    assert warning.reason == "missing column" and not warning.skipped and isinstance(article, Article)


def test_jsonl_with_a_column_mapping(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc_id": 11, "doc_text": "Police arrested two men."}) + "\n")
    (article,) = read(path, columns={"text": "doc_text", "id": "doc_id"})
    assert article.id == "11" and article.text == "Police arrested two men."
    (problem,) = read(path)
    assert '"text" must be a string' in problem.message


@pytest.mark.parametrize(
    ("spec", "message"),
    [("text", "FIELD=COLUMN"), ("body=text", "not an article field"), ("text=", "FIELD=COLUMN")],
)
def test_parse_columns_rejects_with_a_reason(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_columns(spec)


def test_gzipped_inputs_are_unpacked(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "Packed line."}\n'))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(b"Packed text."))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress((FEEDS / "basra-protest.html").read_bytes()))
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article"] * 3
    assert items[0].id == "g1" and items[1].text == "Packed text." and "Basra" in items[2].text


def test_a_gzip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    (problem,) = read(tmp_path / "bomb.html.gz", max_chars=10_000)
    assert problem.reason == "too large"
    (broken,) = read(_write(tmp_path / "broken.txt.gz", b"not gzip at all"))
    assert broken.reason == "unreadable"


def test_a_page_without_an_article_is_a_problem(tmp_path):
    (problem,) = read(_write(tmp_path / "empty.html", b"<html><body><nav>Home</nav></body></html>"))
    assert problem.reason == "no article"


def test_mixed_folder_reads_every_kind_in_order(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text article.")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j", "text": "A JSON line."}) + "\n")
    (tmp_path / "c.csv").write_text("id,text\nc1,A CSV row.\n")
    (tmp_path / "d.html").write_bytes((FEEDS / "basra-protest.html").read_bytes())
    (tmp_path / "e.rss").write_bytes((FEEDS / "world.rss").read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    kinds = [
        i.origin.rsplit("/", 1)[1] for i in read(tmp_path, published="2020-09-29") if isinstance(i, Article)
    ]
    assert kinds == ["a.txt", "b.jsonl:1", "c.csv:2", "d.html", "e.rss#1", "e.rss#2"]


def test_stdin_is_sniffed_as_html_or_feed():
    (page,) = read_inputs(["-"], stdin=io.BytesIO((FEEDS / "basra-protest.html").read_bytes()))
    assert isinstance(page, Article) and page.title == "Police detain protesters in Basra"
    items = list(read_inputs(["-"], stdin=io.BytesIO((FEEDS / "world.rss").read_bytes())))
    assert len([i for i in items if isinstance(i, Article)]) == 2
    csv_items = list(read_inputs(["-"], input_format="csv", stdin=io.BytesIO(b"text\nFrom a pipe.\n")))
    assert csv_items[0].text == "From a pipe."


def test_jsonl_is_streamed_not_read_whole(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"id": str(n), "text": f"Article {n}."}) + "\n" for n in range(5)))
    stream = read_inputs([path])
    assert next(stream).id == "0"
    # The file is read as the stream is consumed: lines appended now are still read.
    with path.open("a") as handle:
        handle.write(json.dumps({"id": "late", "text": "Appended."}) + "\n")
    assert [a.id for a in stream] == ["1", "2", "3", "4", "late"]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("README", "text"),
        ("a.JSONL", "jsonl"),
        ("a.csv.gz", "csv"),
        ("page.htm", "html"),
        ("feed.atom", "feed"),
        ("a.pdf", None),
        ("report.2020 final", "text"),
    ],
)
def test_suffix_format(name, fmt):
    assert suffix_format(Path(name)) == fmt


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
