"""exports: stored events written as GDELT 2.0, ICEWS, PLOVER JSON Lines, contract JSON Lines, CSV or Parquet.

Every format reads the same stream, `Store.export_events(...)`: the events matching the filters, with
analysts' corrections applied (rejected events left out) unless `reviewed=False`. docs/EXPORTS.md gives
each format's column mapping.

Example::

    with Store("news.duckdb", read_only=True) as store:
        write_export(store, "gdelt", Path("events.tsv"), filters={"actor": "USA"})
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..store import Store
from ..store._export import write_parquet
from . import gdelt, icews, plover
from ._fields import corrected_fields, day, first, label, review_status

# The flat table of CSV and Parquet: (column, DuckDB type).
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("incident_id", "VARCHAR"), ("date", "VARCHAR"),
    ("event_day", "DATE"), ("type", "VARCHAR"), ("mode", "VARCHAR"), ("contexts", "VARCHAR[]"),
    ("cameo", "VARCHAR"), ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"), ("acled_event_type", "VARCHAR"),
    ("acled_sub_event_type", "VARCHAR"), ("actor_code", "VARCHAR"), ("actor_sector", "VARCHAR"),
    ("actor_name", "VARCHAR"), ("recipient_code", "VARCHAR"), ("recipient_sector", "VARCHAR"),
    ("recipient_name", "VARCHAR"), ("trigger", "VARCHAR"), ("modality", "VARCHAR"), ("source", "VARCHAR"),
    ("source_type", "VARCHAR"), ("place", "VARCHAR"), ("country_code", "VARCHAR"), ("admin1", "VARCHAR"),
    ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonameid", "BIGINT"), ("date_text", "VARCHAR"),
    ("confidence", "DOUBLE"), ("sentence", "VARCHAR"), ("publisher", "VARCHAR"), ("published", "VARCHAR"),
    ("title", "VARCHAR"), ("url", "VARCHAR"), ("review_status", "VARCHAR"), ("corrected_fields", "VARCHAR[]"),
    ("dead", "INTEGER"), ("injured", "INTEGER"), ("arrested", "INTEGER"),
)  # fmt: skip


def table_row(event: Mapping[str, Any]) -> list[Any]:
    """One row of the flat table (TABLE_COLUMNS order): first actor and recipient, location, review."""
    actor, recipient = first(event, "actor"), first(event, "recipient")
    location = event.get("location") or {}
    attribution = event.get("attribution") or {}
    acled = event.get("acled") or {}
    article = event.get("article") or {}
    return [
        event["article_id"], event["id"], event.get("incident_id"), event.get("date"), day(event),
        event["type"], event.get("mode"), list(event.get("contexts") or ()), event.get("cameo"),
        event.get("quad_class"), event.get("goldstein"), acled.get("event_type"), acled.get("sub_event_type"),
        actor.get("code"), actor.get("sector"), label(actor), recipient.get("code"), recipient.get("sector"),
        label(recipient), (event.get("trigger") or {}).get("text"), event.get("modality"),
        (attribution.get("source") or {}).get("text"), attribution.get("source_type"), location.get("name"),
        location.get("country_code"), location.get("admin1"), location.get("lat"), location.get("lon"),
        location.get("geonameid"), event.get("date_text"), event.get("confidence"),
        event.get("sentence_text"),
        article.get("source"), article.get("published"), article.get("title"), article.get("url"),
        review_status(event), corrected_fields(event), event.get("dead"), event.get("injured"),
        event.get("arrested"),
    ]  # fmt: skip


def contract_record(event: Mapping[str, Any]) -> dict[str, Any]:
    """The contract Event plus article_id, incident_id and (when reviewed) review: `--format jsonl`."""
    return {k: v for k, v in event.items() if k not in ("article", "sentence_text")}


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """How one format is written.

    name (str): the --format value. suffix (str): the file suffix. media_type (str): for HTTP.
    kind (str): "delimited" (columns + row), "jsonl" (record) or "parquet" (TABLE_COLUMNS).
    """

    name: str
    suffix: str
    media_type: str
    kind: str
    description: str
    columns: tuple[str, ...] = ()
    row: Callable[[Mapping[str, Any]], list[Any]] | None = None
    record: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    delimiter: str = "\t"
    header: bool = True


# fmt: off
FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "gdelt", ".tsv", "text/tab-separated-values", "delimited",
            "GDELT 2.0 event table: 61 tab-separated columns, no header row (as GDELT publishes it)",
            gdelt.COLUMNS, gdelt.row, header=False,
        ),
        ExportFormat(
            "icews", ".tsv", "text/tab-separated-values", "delimited",
            "ICEWS coded event data: 20 named tab-separated columns with a header row",
            icews.COLUMNS, icews.row,
        ),
        ExportFormat(
            "plover", ".jsonl", "application/x-ndjson", "jsonl",
            "PLOVER JSON Lines: the PLOVER manual's data fields, one event per line", record=plover.record,
        ),
        ExportFormat(
            "jsonl", ".jsonl", "application/x-ndjson", "jsonl",
            "Flashpoint's output-contract events with article_id and incident_id, one per line",
            record=contract_record,
        ),
        ExportFormat(
            "csv", ".csv", "text/csv", "delimited", "The flat event table as CSV with a header row",
            tuple(name for name, _ in TABLE_COLUMNS), table_row, delimiter=",",
        ),
        ExportFormat(
            "parquet", ".parquet", "application/vnd.apache.parquet", "parquet",
            "The flat event table as Parquet (typed columns; contexts and corrected_fields are lists)",
        ),
    )
}
# fmt: on


def _cell(value: Any, delimiter: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, str) and delimiter == "\t":
        # TSV has no quoting: a tab or line break inside a value would split the row.
        return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return value


def export_lines(
    store: Store,
    name: str,
    *,
    filters: Mapping[str, Any] | None = None,
    reviewed: bool = True,
    include_rejected: bool = False,
    limit: int | None = None,
) -> Iterator[str]:
    """The lines of a text export (every format but parquet), header first where the format has one."""
    fmt = get_format(name)
    if fmt.kind == "parquet":
        raise ValueError("parquet is a binary format: use write_export with a file path")
    events = store.export_events(
        reviewed=reviewed, include_rejected=include_rejected, limit=limit, **dict(filters or {})
    )
    if fmt.kind == "jsonl":
        assert fmt.record is not None
        for event in events:
            yield json.dumps(fmt.record(event), ensure_ascii=False, default=str) + "\n"
        return
    assert fmt.row is not None
    if fmt.delimiter == "\t":
        # TSV as GDELT and ICEWS publish it: no quoting; values lose tabs and line breaks (see _cell).
        if fmt.header:
            yield "\t".join(fmt.columns) + "\n"
        for event in events:
            yield "\t".join(str(_cell(v, "\t")) for v in fmt.row(event)) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if fmt.header:
        writer.writerow(fmt.columns)
    for event in events:
        writer.writerow([_cell(v, ",") for v in fmt.row(event)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_export(
    store: Store,
    name: str,
    out: Path | IO[str],
    *,
    filters: Mapping[str, Any] | None = None,
    reviewed: bool = True,
    include_rejected: bool = False,
    limit: int | None = None,
) -> int:
    """Write an export to a file path (any format) or an open text stream (text formats).

    RETURNS (int): how many events were written.
    """
    fmt = get_format(name)
    options = {"reviewed": reviewed, "include_rejected": include_rejected, "limit": limit}
    if fmt.kind == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs an output file (--output events.parquet)")
        events = store.export_events(**options, **dict(filters or {}))
        return write_parquet(out, TABLE_COLUMNS, (table_row(e) for e in events))
    lines = export_lines(store, name, filters=filters, **options)
    n = -1 if fmt.header and fmt.kind == "delimited" else 0
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            for line in lines:
                handle.write(line)
                n += 1
    else:
        for line in lines:
            out.write(line)
            n += 1
    return max(n, 0)


def parquet_file(store: Store, **options: Any) -> Path:
    """Write a Parquet export to a new temporary file (the caller deletes it); for the HTTP API."""
    descriptor, name = tempfile.mkstemp(prefix="flashpoint-", suffix=".parquet")
    os.close(descriptor)
    path = Path(name)
    path.unlink()  # DuckDB's COPY creates the file itself
    try:
        write_export(store, "parquet", path, **options)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}") from None


__all__ = ["FORMATS", "TABLE_COLUMNS", "ExportFormat", "export_lines", "get_format", "write_export"]
