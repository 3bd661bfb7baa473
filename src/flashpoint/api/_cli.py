"""`flashpoint serve`: the JSON API and the dashboard over a database."""

from __future__ import annotations

import click

from ..cli import db_option, stderr
from ..errors import FlashpointError
from . import DEFAULT_HOST, DEFAULT_PORT, SETTINGS, TOKEN_ENV, is_loopback, serve


@click.command(name="serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on (loopback only).")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    default=None,
    metavar="SECRET",
    help=f"Accept corrections from clients presenting this token (default: ${TOKEN_ENV}); without one "
    "the server is read-only and opens the database read-only.",
)
@click.option(
    "--setting",
    "settings",
    type=(click.Choice([s.name for s in SETTINGS]), click.IntRange(min=1)),
    multiple=True,
    metavar="NAME VALUE",
    help="Change a request limit (repeatable): " + "; ".join(f"{s.name} ({s.default})" for s in SETTINGS),
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="uvicorn's log level.",
)
def serve_command(db, host, port, token, settings, log_level) -> None:
    """Serve the JSON API (OpenAPI at /api/openapi.json) and the dashboard on 127.0.0.1.

    Without a token the database is opened read-only (other read-only readers may share it; an ingest
    must wait until the server stops). With --token or FLASHPOINT_TOKEN the server can store analysts'
    corrections and holds the database for writing.

    Example:

    \b
        flashpoint serve --db flashpoint.duckdb
        FLASHPOINT_TOKEN=s3cret flashpoint serve --db flashpoint.duckdb --port 8080
    """
    if not db.exists():
        raise click.ClickException(
            f"{db}: no such database (create it with `flashpoint ingest ... --db {db}`)"
        )
    if not is_loopback(host):
        raise click.ClickException(
            f"--host {host} is not a loopback address: the dashboard has no user accounts, so it only "
            "listens on this machine (127.0.0.1); put an authenticating reverse proxy in front to share it"
        )
    mode = "corrections on (token set)" if token else "read-only"
    stderr.print(f"serving {db} on http://{host}:{port}/ ({mode})", highlight=False)
    try:
        serve(db, host=host, port=port, token=token, settings=dict(settings), log_level=log_level)
    except (FlashpointError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
