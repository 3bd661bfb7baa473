"""`flashpoint export`: stored events as GDELT, ICEWS, PLOVER, JSON Lines, CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..cli import db_option, stderr
from ..errors import FlashpointError
from . import FORMATS, write_export


@click.command(name="export")
@db_option
@click.option(
    "--format",
    "export_format",
    type=click.Choice(list(FORMATS)),
    default="csv",
    show_default=True,
    help="; ".join(f"{name}: {fmt.description}" for name, fmt in FORMATS.items()) + ".",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (parquet needs one); default: standard output.",
)
@click.option("--actor", multiple=True, metavar="CODE", help="Actor code (repeatable).")
@click.option("--actor-sector", multiple=True, metavar="SECTOR", help="Actor sector (repeatable).")
@click.option("--recipient", multiple=True, metavar="CODE", help="Recipient code (repeatable).")
@click.option("--recipient-sector", multiple=True, metavar="SECTOR", help="Recipient sector (repeatable).")
@click.option("--type", "event_type", multiple=True, metavar="TYPE", help="PLOVER event type (repeatable).")
@click.option("--quad-class", type=click.IntRange(0, 4), multiple=True, help="Quad class 0-4 (repeatable).")
@click.option("--modality", multiple=True, help="Modality (repeatable).")
@click.option("--source-type", multiple=True, help="Attribution source type (repeatable).")
@click.option("--country", multiple=True, metavar="CODE", help="Event location country (repeatable).")
@click.option("--place", multiple=True, help="Event location name (repeatable).")
@click.option("--publisher", multiple=True, help="Article source (repeatable).")
@click.option(
    "--review",
    multiple=True,
    type=click.Choice(["confirmed", "corrected", "rejected", "unreviewed"]),
    help="Analysts' review status (repeatable).",
)
@click.option("--since", metavar="DATE", help="Events on or after this date.")
@click.option("--until", metavar="DATE", help="Events on or before this date.")
@click.option("--text", metavar="WORDS", help="Only events whose sentence contains these words.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events.")
@click.option("--machine", is_flag=True, help="Export the machine's coding, without analysts' corrections.")
@click.option("--include-rejected", is_flag=True, help="Keep events that analysts rejected.")
def export_command(
    export_format, output, since, until, text, limit, machine, include_rejected, db, **multi
) -> None:
    """Export stored events (with analysts' corrections applied) in a standard format.

    docs/EXPORTS.md gives each format's column mapping.

    Example:

    \b
        flashpoint export --db flashpoint.duckdb --format gdelt -o events.tsv
        flashpoint export --db flashpoint.duckdb --format parquet -o events.parquet --actor USA
        flashpoint export --db flashpoint.duckdb --format plover --since 2020-09 > events.jsonl
    """
    from ..store import Store

    if not db.exists():
        raise click.ClickException(
            f"{db}: no such database (create it with `flashpoint ingest ... --db {db}`)"
        )
    if FORMATS[export_format].kind == "parquet" and output is None:
        raise click.UsageError("parquet is binary: give a file with --output (e.g. -o events.parquet)")
    filters: dict[str, Any] = {name: list(values) for name, values in multi.items() if values}
    filters.update({k: v for k, v in (("since", since), ("until", until), ("text", text)) if v})
    if "event_type" in filters:
        filters["type"] = [t.upper() for t in filters.pop("event_type")]
    try:
        with Store(db, read_only=True) as store:
            n = write_export(
                store, export_format, output if output is not None else sys.stdout, filters=filters,
                reviewed=not machine, include_rejected=include_rejected, limit=limit,
            )  # fmt: skip
    except (FlashpointError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    where = f" to {output}" if output else ""
    stderr.print(f"exported {n} events as {export_format}{where}", highlight=False)
