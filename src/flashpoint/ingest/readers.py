"""Readers: turn files, folders and standard input into Articles.

Every reader yields `Article`s and `ReadProblem`s in input order. A problem never stops the stream: the
caller reports it and goes on, so one bad line or file costs only itself.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, MalformedRecord, TooLarge
from .article import Article, article_id, parse_published

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
DEFAULT_MAX_CHARS = 2_000_000  # ~ a 400-page book; news articles are 100x smaller
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with one input item. `skipped` is False for warnings (the article is still coded)."""

    where: str
    reason: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


ReadItem = Article | ReadProblem


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: str | None = None,
    input_format: str = "auto",
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[ReadItem]:
    """Read every path ("-" is standard input; folders are walked in sorted order).

    published (str | None): publication date for plain-text inputs that carry none.
    input_format (str): "auto" (by file suffix; stdin is sniffed), "text" or "jsonl".
    """
    options = _Options(published, encoding, max_chars)
    for raw in paths:
        path = str(raw)
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            fmt = input_format if input_format != "auto" else _sniff_format(data)
            yield from _read_bytes(data, "<stdin>", fmt, options)
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not _hidden(child.relative_to(p)) and _suffix_format(child):
                    yield from _read_file(child, input_format, options)
        elif p.is_file():
            yield from _read_file(p, input_format, options)
        else:
            yield ReadProblem(path, "missing", "no such file or directory")


@dataclass(frozen=True, slots=True)
class _Options:
    published: str | None
    encoding: str
    max_chars: int


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _suffix_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _sniff_format(data: bytes) -> str:
    head = data.lstrip()[:1]
    return "jsonl" if head == b"{" else "text"


def _read_file(path: Path, input_format: str, options: _Options) -> Iterator[ReadItem]:
    where = str(path)
    # A file far beyond the character limit is refused before it is read into memory.
    try:
        size = path.stat().st_size
        fmt = input_format if input_format != "auto" else (_suffix_format(path) or "text")
        if fmt == "text" and size > 4 * options.max_chars:
            yield ReadProblem(where, TooLarge.reason, f"file is {size:,} bytes, over the limit (--max-chars)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(where, "unreadable", exc.strerror or str(exc))
        return
    yield from _read_bytes(data, where, fmt, options)


def _read_bytes(data: bytes, where: str, fmt: str, options: _Options) -> Iterator[ReadItem]:
    if fmt == "jsonl":
        yield from _read_jsonl(data, where, options)
        return
    try:
        text = decode_text(data, where=where, encoding=options.encoding)
        check_text(text, where=where, max_chars=options.max_chars)
    except InputError as exc:
        yield ReadProblem(where, exc.reason, str(exc).removeprefix(f"{where}: "))
        return
    yield Article(text=text, id=article_id(text), published=options.published, origin=where)


def decode_text(data: bytes, *, where: str, encoding: str = "utf-8") -> str:
    """Decode bytes strictly, refusing binary data, and say where decoding failed."""
    if b"\x00" in data[:_SNIFF_BYTES] and not _is_utf16(data):
        raise BinaryInput("binary data (NUL bytes), not text", where=where)
    if encoding.lower().replace("-", "") in {"utf8", "utf8sig"} and _is_utf16(data):
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingError(
            f"not valid {encoding} at line {line} (byte {exc.start}); re-encode the file or pass --encoding",
            where=where,
        ) from None
    except LookupError:
        raise EncodingError(f"unknown encoding {encoding!r}", where=where) from None
    return text.removeprefix("\ufeff")


def _is_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def check_text(text: str, *, where: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    if not text.strip():
        raise EmptyInput("empty article (no text)", where=where)
    if len(text) > max_chars:
        raise TooLarge(
            f"article is {len(text):,} characters, over the limit of {max_chars:,} (--max-chars)", where=where
        )
    controls = sum(1 for ch in text[:_SNIFF_BYTES] if ch < " " and ch not in "\n\r\t\f\v")
    if controls > 0.1 * min(len(text), _SNIFF_BYTES):
        raise BinaryInput("mostly control characters: binary data, not text", where=where)


def _read_jsonl(data: bytes, where: str, options: _Options) -> Iterator[ReadItem]:
    for number, raw_line in enumerate(io.BytesIO(data), start=1):
        line_where = f"{where}:{number}"
        if not raw_line.strip():
            continue
        try:
            line = decode_text(raw_line, where=line_where, encoding=options.encoding)
        except InputError as exc:
            yield ReadProblem(line_where, exc.reason, str(exc).removeprefix(f"{line_where}: "))
            continue
        yield from article_from_json_line(line, line_where, options.max_chars, options.published)


def article_from_json_line(
    line: str, where: str, max_chars: int = DEFAULT_MAX_CHARS, default_published: str | None = None
) -> Iterator[ReadItem]:
    """Parse one JSON line of the input contract; yields problems, then the Article if there is one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield ReadProblem(where, MalformedRecord.reason, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(obj, dict):
        yield ReadProblem(where, MalformedRecord.reason, f"expected a JSON object, got {type(obj).__name__}")
        return
    text = obj.get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else f"a {type(text).__name__}"
        yield ReadProblem(where, MalformedRecord.reason, f'"text" must be a string ({got})')
        return
    try:
        check_text(text, where=where, max_chars=max_chars)
    except InputError as exc:
        yield ReadProblem(where, exc.reason, str(exc).removeprefix(f"{where}: "))
        return
    published: str | None
    try:
        published = parse_published(obj.get("published", default_published))
    except ValueError as exc:
        yield ReadProblem(where, "bad date", f"{exc}; coded without a publication date", skipped=False)
        published = None
    ident = obj.get("id")
    yield Article(
        text=text,
        id=str(ident) if ident not in (None, "") else article_id(text),
        title=_opt_str(obj.get("title")),
        published=published,
        source=_opt_str(obj.get("source")),
        url=_opt_str(obj.get("url")),
        language=_opt_str(obj.get("language")),
        origin=where,
    )


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
