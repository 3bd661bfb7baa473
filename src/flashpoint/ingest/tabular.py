"""Records with named fields -> Articles: JSON Lines objects and CSV/TSV rows, with a column mapping.

The input contract names the fields `id, text, title, published, source, url, language`. A source that
names them otherwise is read with a mapping, e.g. `--columns text=body,published=date,id=guid` (field=
column); fields it does not map are looked for under their own name.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping

from ..errors import MalformedRecord
from .article import Article, article_id, parse_published
from .items import DEFAULT_MAX_CHARS, ReadItem, ReadProblem, check_problem

FIELDS = ("id", "text", "title", "published", "source", "url", "language")
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
ColumnMap = Mapping[str, str]
# Bytes that were not valid in the file's encoding, kept as lone surrogates by the "surrogateescape"
# error handler, so one bad row is reported and skipped instead of ending the file.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def parse_columns(spec: str | None) -> dict[str, str]:
    """Parse "text=body,published=date" into {"text": "body", "published": "date"}.

    Raises ValueError naming the bad part: an unknown field, a part without "=", or an empty column.
    """
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise ValueError(f"{part.strip()!r}: expected FIELD=COLUMN (e.g. text=body)")
        if field not in FIELDS:
            raise ValueError(f"{field!r} is not an article field; the fields are {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def article_from_fields(
    obj: Mapping[str, object],
    where: str,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    default_published: str | None = None,
    columns: ColumnMap | None = None,
) -> Iterator[ReadItem]:
    """One record of the input contract (after `columns` mapping); yields problems, then the Article."""
    columns = columns or {}

    def get(field: str) -> object:
        return obj.get(columns.get(field, field))

    text = get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else f"a {type(text).__name__}"
        name = columns.get("text", "text")
        yield ReadProblem(where, MalformedRecord.reason, f'"{name}" must be a string ({got})')
        return
    problem = check_problem(text, where=where, max_chars=max_chars)
    if problem is not None:
        yield problem
        return
    published: str | None
    raw_published = get("published")
    try:
        published = parse_published(raw_published if raw_published not in (None, "") else default_published)
    except ValueError as exc:
        yield ReadProblem(where, "bad date", f"{exc}; coded without a publication date", skipped=False)
        published = None
    ident = get("id")
    yield Article(
        text=text,
        id=str(ident) if ident not in (None, "") else article_id(text),
        title=_opt_str(get("title")),
        published=published,
        source=_opt_str(get("source")),
        url=_opt_str(get("url")),
        language=_opt_str(get("language")),
        origin=where,
    )


def article_from_json_line(
    line: str,
    where: str,
    max_chars: int = DEFAULT_MAX_CHARS,
    default_published: str | None = None,
    columns: ColumnMap | None = None,
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
    yield from article_from_fields(
        obj, where, max_chars=max_chars, default_published=default_published, columns=columns
    )


def csv_articles(
    lines: Iterable[str],
    *,
    where: str,
    delimiter: str = ",",
    columns: ColumnMap | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
) -> Iterator[ReadItem]:
    """Rows of a CSV (or TSV) file with a header line, as Articles; streamed, one row at a time.

    lines (Iterable[str]): the file opened in text mode with newline="" and errors="surrogateescape".
    """
    # The csv module refuses fields over 128 KiB by default; an article may be longer (up to max_chars).
    if csv.field_size_limit() < max_chars + 1:
        csv.field_size_limit(max_chars + 1)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield ReadProblem(where, MalformedRecord.reason, f"unreadable header line ({exc})")
        return
    if not header:
        yield ReadProblem(where, "empty", "empty file (no header line)")
        return
    names = [name.strip().lstrip("\ufeff") for name in header]
    positions = _column_positions(names, columns or {})
    if "text" not in positions:
        wanted = (columns or {}).get("text", "text")
        yield ReadProblem(
            where,
            MalformedRecord.reason,
            f"no {wanted!r} column (columns: {', '.join(names)}); name the text column with "
            "--columns text=COLUMN",
        )
        return
    for field, column in (columns or {}).items():
        if field != "text" and field not in positions:
            yield ReadProblem(where, "missing column", f"no {column!r} column for {field}", skipped=False)
    while True:
        first_line = reader.line_num + 1  # a quoted field may span lines: name the line a record starts on
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the size limit; the reader goes on with the next row
            yield ReadProblem(f"{where}:{first_line}", MalformedRecord.reason, f"unreadable row ({exc})")
            continue
        row_where = f"{where}:{first_line}"
        if not any(cell.strip() for cell in row):
            continue
        if any(_UNDECODABLE.search(cell) for cell in row):
            yield ReadProblem(
                row_where,
                "undecodable",
                "row is not valid in the file's encoding; re-encode or pass --encoding",
            )
            continue
        record = {field: row[index] for field, index in positions.items() if index < len(row)}
        for field in FIELDS:
            if field != "text" and record.get(field) == "":
                record[field] = None  # an empty cell is a missing value, not an empty title or id
        yield from article_from_fields(record, row_where, max_chars=max_chars, default_published=published)


def _column_positions(names: list[str], columns: ColumnMap) -> dict[str, int]:
    exact = {name: index for index, name in reversed(list(enumerate(names)))}
    folded = {name.lower(): index for index, name in reversed(list(enumerate(names)))}
    positions = {}
    for field in FIELDS:
        column = columns.get(field, field)
        index = exact.get(column, folded.get(column.lower()))
        if index is not None:
            positions[field] = index
    return positions


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
