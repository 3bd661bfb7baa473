"""`flashpoint incidents` and `flashpoint watch`: thin commands over monitor/ (registered in cli.py)."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import click
from rich.console import Console

from ..cli import _fail, _published_or_fail, db_option, format_option, stderr
from ..errors import FlashpointError

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(value: str | None) -> float | None:
    """Seconds between runs from '90s', '15m', '1h' or '1d'; None for no schedule."""
    if value is None:
        return None
    match = _EVERY.match(value)
    if not match or float(match[1]) <= 0:
        raise click.BadParameter(f"{value!r} is not an interval (e.g. 30m, 1h, 1d)", param_hint="--every")
    return float(match[1]) * _SECONDS[match[2]]


def _existing(db: Path) -> Path:
    if not db.exists():
        raise click.ClickException(
            f"{db}: no such database (create it with `flashpoint ingest ... --db {db}`)"
        )
    return db


@click.command()
@db_option
@format_option(
    ["table", "jsonl"],
    "table: a readable list; jsonl: one incident per line, as docs/output-contract.md describes.",
)
@click.option("--since", metavar="DATE", help="Incidents whose days reach this date or later.")
@click.option("--until", metavar="DATE", help="Incidents whose days start on or before this date.")
@click.option(
    "--min-corroboration", type=int, default=0, show_default=True, help="At least this many publishers."
)
@click.option("--limit", type=int, default=None, help="At most this many incidents.")
def incidents(db, output_format, since, until, min_corroboration, limit) -> None:
    """List incidents: events from different reports of one happening, merged, with their corroboration.

    Example:

    \b
        flashpoint incidents --db flashpoint.duckdb --min-corroboration 2
        flashpoint incidents --db flashpoint.duckdb --format jsonl > incidents.jsonl
    """
    from ..store import Store, period
    from ..store import _incidents as sql
    from .report import incident_record

    bounds = {}
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            found = period(_published_or_fail(value))
            bounds[name] = found[0] if name == "since" else found[1]  # type: ignore[index]
    try:
        with Store(_existing(db), read_only=True) as store:
            rows = sql.incidents(store, min_corroboration=min_corroboration, limit=limit, **bounds)
    except FlashpointError as exc:
        raise _fail(exc) from exc
    records = [incident_record(row) for row in rows]
    if output_format == "jsonl":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    _print_incidents(records)
    stderr.print(f"{len(records)} incidents", highlight=False)


def _print_incidents(records) -> None:
    from rich.table import Table

    table = Table(expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("incident", overflow="fold", ratio=3)
    table.add_column("where", overflow="fold", ratio=1)
    table.add_column("reports", overflow="fold", ratio=2)
    for r in records:
        actor = " ".join(sorted({a.get("code") or "?" for a in r["actor"]})) or "?"
        recipient = " ".join(sorted({a.get("code") or "?" for a in r["recipient"]})) or "-"
        modalities = ", ".join(f"{k} {v}" for k, v in r["modalities"].items())
        table.add_row(
            r["id"],
            r["date"] or r["first_reported"] or "-",
            f"{r['type']} {r['cameo']} {actor} → {recipient}",
            (r["location"] or {}).get("name") or "-",
            f"{r['corroboration']} publisher(s), {r['n_events']} event(s); {modalities}",
        )
    Console().print(table)


@click.command()
@db_option
@click.option(
    "--method",
    "methods",
    type=click.Choice(["rules", "cusum"]),
    multiple=True,
    help="Detection method (repeatable; default: both).",
)
@click.option(
    "--since", metavar="DATE", help="Alerts of every week from this date (default: the latest week)."
)
@format_option(
    ["text", "jsonl"], "text: alerts with their incidents and sentences; jsonl: one alert per line."
)
@click.option("--every", metavar="INTERVAL", help="Run again at this interval (e.g. 1h, 30m) until stopped.")
@click.option("--times", type=int, default=None, help="With --every: stop after this many runs.")
def watch(db, methods, since, output_format, every, times) -> None:
    """Print current escalation alerts per dyad, with the incidents and sentences that drove them.

    Example:

    \b
        flashpoint watch --db flashpoint.duckdb
        flashpoint watch --db flashpoint.duckdb --since 2016-01-01 --method rules
        flashpoint watch --db flashpoint.duckdb --every 1h
    """
    from ..store import Store, period
    from .report import current_alerts

    interval = parse_every(every)
    start = period(_published_or_fail(since))[0] if since else None  # type: ignore[index]
    runs = 0
    while True:
        try:
            with Store(_existing(db), read_only=True) as store:
                alerts = current_alerts(store, since=start, methods=methods or ("rules", "cusum"))
        except FlashpointError as exc:
            if interval is None:
                raise _fail(exc) from exc
            stderr.print(f"[yellow]skipped a run[/]: {exc}", highlight=False)  # e.g. an ingest holds the file
            alerts = None
        if alerts is not None:
            _print_alerts(alerts, output_format)
        runs += 1
        if interval is None or (times is not None and runs >= times):
            return
        time.sleep(interval)


def _print_alerts(alerts, output_format: str) -> None:
    if output_format == "jsonl":
        for alert in alerts:
            sys.stdout.write(json.dumps(alert, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    out = Console(soft_wrap=True, highlight=False)
    if not alerts:
        out.print("no alerts")
    for alert in alerts:
        dyad = f"{alert['actor'] or '?'} → {alert['recipient'] or '?'}"
        out.print(f"[bold]{alert['week']}[/] {alert['method']}: {dyad}: {alert['reason']}")
        for incident in alert["incidents"]:
            out.print(
                f"  {incident['id']} {incident['type']} {incident['date'] or ''} "
                f"({incident['corroboration']} publisher(s))"
            )
            for sentence in incident["sentences"][:3]:
                text = " ".join((sentence["text"] or "").split())
                out.print(f"    “{text[:160]}” {sentence['link']}")
