"""Parquet partitions of coded articles: what a cluster worker sends back, and what the driver loads.

One row per coded article. `id, title, published, source, url, language, content_hash` are plain
columns for querying the files in place (e.g. `duckdb -c "SELECT count(*) FROM 'parts/*.parquet'"`);
`article` and `record` are JSON and lossless (the text as read, and the contract record), which is what
`read_partition` rebuilds the store's input from.

Written and read with DuckDB (no pyarrow needed). Files are written under a temporary name and renamed,
so a partition on disk is always complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ..coder import Coded
from ..ingest.article import Article
from ..records.model import ArticleMeta
from ..store import content_hash

COLUMNS = (
    "id", "title", "published", "source", "url", "language", "content_hash", "n_events", "article", "record",
)  # fmt: skip
_SCHEMA = """
CREATE TABLE coded (
    id VARCHAR, title VARCHAR, published VARCHAR, source VARCHAR, url VARCHAR, language VARCHAR,
    content_hash VARCHAR, n_events INTEGER, article VARCHAR, record VARCHAR
)
"""


@dataclass(frozen=True, slots=True)
class RecordData:
    """A contract record read back from a partition: what `Store.add_articles` reads of an ArticleRecord
    (`article.id` and `to_dict()`), without rebuilding every dataclass."""

    article: ArticleMeta
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self.data

    @property
    def events(self) -> list[dict[str, Any]]:
        return self.data.get("events") or []


def partition_bytes(coded: list[Coded]) -> bytes:
    """The Parquet file of a list of coded articles, as bytes (zstd-compressed)."""
    with tempfile.TemporaryDirectory(prefix="flashpoint-part-") as folder:
        path = Path(folder) / "part.parquet"
        write_partition(coded, path)
        return path.read_bytes()


def write_partition(coded: list[Coded], path: Path) -> None:
    """Write coded articles to a Parquet file at `path` (atomically: a temporary name, then a rename)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(_SCHEMA)
        appender = con.appender("coded")
        appender.append_rows([_row(item) for item in coded])
        appender.flush()
        partial = path.with_name(f".{path.name}.partial")
        con.table("coded").write_parquet(str(partial), compression="zstd")
    finally:
        con.close()
    os.replace(partial, path)


def save_partition(data: bytes, path: Path) -> None:
    """Write a partition's bytes to `path` atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def read_partition(path: Path) -> list[Coded]:
    """The coded articles of one partition file, as `Coded(article, RecordData)` pairs in file order."""
    con = duckdb.connect(":memory:")
    try:
        rows = con.read_parquet(str(path)).select("article", "record").fetchall()
    finally:
        con.close()
    coded = []
    for article_json, record_json in rows:
        article = Article(**json.loads(article_json))
        record = json.loads(record_json)
        meta = ArticleMeta(**record["article"])
        coded.append(Coded(article, RecordData(meta, record)))  # type: ignore[arg-type]
    return coded


def _row(item: Coded) -> tuple[Any, ...]:
    article = item.article
    fields = {
        "text": article.text, "id": article.id, "title": article.title, "published": article.published,
        "source": article.source, "url": article.url, "language": article.language, "origin": article.origin,
    }  # fmt: skip
    record = item.record.to_dict()
    return (
        *(_clean(article.id), _clean(article.title), _clean(article.published), _clean(article.source)),
        *(_clean(article.url), _clean(article.language)),
        content_hash(article),
        len(record.get("events") or ()),
        _json(fields),
        _json(record),
    )


def _json(value: Any) -> str:
    # Lone surrogates (from JSON input such as "\\ud800") cannot be stored as UTF-8: escape them, losslessly.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text


def _clean(value: str | None) -> str | None:
    """A column value for querying in place: lone surrogates become U+FFFD (the JSON keeps them)."""
    if value is None:
        return None
    if value.isascii():
        return value
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
