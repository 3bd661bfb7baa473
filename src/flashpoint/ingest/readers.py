"""Readers: turn files, folders, URLs and standard input into Articles.

Every reader yields `Article`s and `ReadProblem`s in input order. A problem never stops the stream: the
caller reports it and goes on, so one bad line, row, page or feed costs only itself. Streams are read
lazily (JSON Lines and CSV line by line), so memory does not grow with the size of the input.

Kinds of input, by suffix (a trailing `.gz` is unpacked): plain text (`.txt`, no suffix), JSON Lines
(`.jsonl`, `.ndjson`, `.json`), CSV/TSV (`.csv`, `.tsv`), HTML pages (`.html`, `.htm`), RSS/Atom feeds
(`.rss`, `.atom`, `.xml`); an `http(s)://` URL is fetched and read as a feed or a page, by what it is.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import FetchError, InputError, TooLarge
from .article import Article, article_id
from .feeds import FEED_SUFFIXES, feed_articles, looks_like_feed
from .fetch import Fetcher, is_url
from .html import HTML_SUFFIXES, decompress, html_article
from .items import (
    DEFAULT_MAX_CHARS,
    SNIFF_BYTES,
    ReadItem,
    ReadProblem,
    check_problem,
    check_text,
    decode_text,
)
from .tabular import CSV_SUFFIXES, ColumnMap, article_from_json_line, csv_articles

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "ReadItem",
    "ReadProblem",
    "article_from_json_line",
    "check_text",
    "decode_text",
    "read_inputs",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
FORMATS = ("auto", "text", "jsonl", "csv", "html", "feed")
# An HTML page or feed is markup around the text; allow it this many bytes per character of the limit.
_MARKUP_FACTOR = 10


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: str | None = None,
    input_format: str = "auto",
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
    columns: ColumnMap | None = None,
    fetcher: Fetcher | None = None,
    follow_links: bool | None = None,
    is_stored: Callable[[str], bool] | None = None,
) -> Iterator[ReadItem]:
    """Read every path ("-" is standard input; folders are walked in sorted order; URLs are fetched).

    published (str | None): publication date for inputs that carry none.
    input_format (str): "auto" (by file suffix; stdin and URLs are sniffed), or one of FORMATS.
    columns (ColumnMap | None): field -> column name, for CSV and JSON Lines whose names differ.
    fetcher (Fetcher | None): fetches URLs (default: a polite `Fetcher` over a new httpx client).
    follow_links (bool | None): for feeds, fetch each entry's page and code its full article; default:
        yes for feeds read from a URL, no for feed files.
    is_stored (Callable[[str], bool] | None): whether an article id is stored already; feed entries
        whose page was stored are not fetched again.
    """
    options = _Options(published, encoding, max_chars, columns or {}, fetcher, follow_links, is_stored)
    try:
        for raw in paths:
            path = str(raw)
            if path == "-":
                yield from _read_stream(
                    stdin if stdin is not None else sys.stdin.buffer, input_format, options
                )
            elif is_url(path):
                yield from _read_url(path, input_format, options)
            else:
                yield from _read_path(Path(path), input_format, options)
    finally:
        if options.own_fetcher is not None:
            options.own_fetcher.close()


@dataclass
class _Options:
    published: str | None
    encoding: str
    max_chars: int
    columns: ColumnMap
    fetcher: Fetcher | None
    follow_links: bool | None
    is_stored: Callable[[str], bool] | None
    own_fetcher: Fetcher | None = field(default=None)

    def get_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = self.own_fetcher = Fetcher()
        return self.fetcher


def _read_path(path: Path, input_format: str, options: _Options) -> Iterator[ReadItem]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not _hidden(child.relative_to(path)) and suffix_format(child):
                yield from _read_file(child, input_format, options)
    elif path.is_file():
        yield from _read_file(path, input_format, options)
    else:
        yield ReadProblem(str(path), "missing", "no such file or directory")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def suffix_format(path: Path) -> str | None:
    """The input format a file's suffix names (a trailing .gz is looked through), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    suffix = suffixes[-1] if suffixes else ""
    if len(suffix) > 8 or " " in suffix:  # "report.2020 final": a dot in the name, not a suffix
        suffix = ""
    for fmt, known in (
        ("jsonl", JSONL_SUFFIXES),
        ("text", TEXT_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if suffix in known:
            return fmt
    return None


def _read_file(path: Path, input_format: str, options: _Options) -> Iterator[ReadItem]:
    where = str(path)
    fmt = input_format if input_format != "auto" else (suffix_format(path) or "text")
    packed = path.suffix.lower() == ".gz"
    try:
        if fmt in ("jsonl", "csv"):
            yield from _read_lines(path, where, fmt, packed, options)
            return
        # A file far beyond the character limit is refused before it is read into memory.
        limit = options.max_chars * (4 if fmt == "text" else _MARKUP_FACTOR)
        size = path.stat().st_size
        if size > limit:
            yield ReadProblem(where, TooLarge.reason, f"file is {size:,} bytes, over the limit (--max-chars)")
            return
        data = path.read_bytes()
        if packed:
            data = decompress(data, where=where, limit=limit)
    except OverflowError as exc:
        yield ReadProblem(where, TooLarge.reason, f"{exc}, over the limit (--max-chars)")
        return
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        yield ReadProblem(where, "unreadable", getattr(exc, "strerror", None) or str(exc))
        return
    yield from _read_bytes(data, where, fmt, options)


def _read_lines(path: Path, where: str, fmt: str, packed: bool, options: _Options) -> Iterator[ReadItem]:
    opener = gzip.open if packed else open
    if fmt == "jsonl":
        with opener(path, "rb") as handle:
            yield from _jsonl_lines(handle, where, options)
        return
    with opener(path, "rt", encoding=options.encoding, errors="surrogateescape", newline="") as handle:
        delimiter = "\t" if ".tsv" in (s.lower() for s in path.suffixes) else ","
        yield from csv_articles(
            handle,
            where=where,
            delimiter=delimiter,
            columns=options.columns,
            max_chars=options.max_chars,
            published=options.published,
        )


def _read_stream(stream: BinaryIO, input_format: str, options: _Options) -> Iterator[ReadItem]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    fmt = input_format if input_format != "auto" else _sniff_format(buffered.peek(SNIFF_BYTES))  # type: ignore[attr-defined]
    if fmt == "jsonl":
        yield from _jsonl_lines(buffered, "<stdin>", options)
    elif fmt == "csv":
        text = io.TextIOWrapper(buffered, encoding=options.encoding, errors="surrogateescape", newline="")
        yield from csv_articles(
            text,
            where="<stdin>",
            columns=options.columns,
            max_chars=options.max_chars,
            published=options.published,
        )
    else:
        yield from _read_bytes(buffered.read(), "<stdin>", fmt, options)


def _read_url(url: str, input_format: str, options: _Options) -> Iterator[ReadItem]:
    try:
        fetched = options.get_fetcher().get(url)
    except FetchError as exc:
        yield ReadProblem.from_error(exc, url)
        return
    if fetched.not_modified:
        return  # nothing new since this process last fetched it
    fmt = input_format
    if fmt == "auto":
        fmt = "feed" if looks_like_feed(fetched.content, fetched.content_type) else "html"
    follow = options.follow_links if options.follow_links is not None else True
    yield from _read_bytes(fetched.content, url, fmt, options, url=fetched.url, follow_links=follow)


def _sniff_format(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head == b"{":
        return "jsonl"
    if head == b"<":
        return "feed" if looks_like_feed(data) else "html"
    return "text"


def _read_bytes(
    data: bytes,
    where: str,
    fmt: str,
    options: _Options,
    *,
    url: str | None = None,
    follow_links: bool | None = None,
) -> Iterator[ReadItem]:
    if fmt == "jsonl":
        yield from _jsonl_lines(io.BytesIO(data), where, options)
        return
    if fmt == "csv":
        text = io.TextIOWrapper(
            io.BytesIO(data), encoding=options.encoding, errors="surrogateescape", newline=""
        )
        yield from csv_articles(
            text,
            where=where,
            columns=options.columns,
            max_chars=options.max_chars,
            published=options.published,
        )
        return
    if fmt == "html":
        yield from html_article(
            data, where=where, url=url, published=options.published, max_chars=options.max_chars
        )
        return
    if fmt == "feed":
        follow = follow_links if follow_links is not None else bool(options.follow_links)
        yield from feed_articles(
            data,
            where=where,
            max_chars=options.max_chars,
            published=options.published,
            fetcher=options.get_fetcher() if follow else None,
            follow_links=follow,
            is_stored=options.is_stored,
        )
        return
    try:
        text = decode_text(data, where=where, encoding=options.encoding)
    except InputError as exc:
        yield ReadProblem.from_error(exc, where)
        return
    problem = check_problem(text, where=where, max_chars=options.max_chars)
    if problem is not None:
        yield problem
        return
    yield Article(text=text, id=article_id(text), published=options.published, origin=where)


def _jsonl_lines(handle: Iterable[bytes], where: str, options: _Options) -> Iterator[ReadItem]:
    for number, raw_line in enumerate(handle, start=1):
        line_where = f"{where}:{number}"
        if not raw_line.strip():
            continue
        try:
            line = decode_text(raw_line, where=line_where, encoding=options.encoding)
        except InputError as exc:
            yield ReadProblem.from_error(exc, line_where)
            continue
        yield from article_from_json_line(
            line, line_where, options.max_chars, options.published, columns=options.columns
        )
