"""api: the analysts' workbench server: a JSON API (FastAPI, with its OpenAPI document) and the dashboard.

`create_app(store, token=...)` builds the ASGI app over an open `Store`; `serve(db, ...)` opens the database
and runs it with uvicorn on 127.0.0.1. One process owns the database: DuckDB lets one process open a file
read-write, or any number read-only, never both. So the server opens it read-only unless it was given a
token (then it can store corrections, and holds the file: stop it before `flashpoint ingest`), and every
request goes through the store's one connection.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError
from ..store import Store
from ._limits import SETTINGS, Limits

TOKEN_ENV = "FLASHPOINT_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    # Everything the dashboard loads is served from here; no inline script, no external host.
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
]


class _Guard:
    """ASGI middleware: refuse request bodies over the limit (413) and add security headers."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await JSONResponse({"detail": f"request body over {self.max_body_bytes} bytes"}, status_code=413)(
                scope, receive, send
            )
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise _TooLarge
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            await JSONResponse({"detail": f"request body over {self.max_body_bytes} bytes"}, status_code=413)(
                scope, receive, send
            )


class _TooLarge(Exception):
    pass


def _cached(compute: Callable[[], Any]) -> Callable[[], Any]:
    # The facets change only when articles are ingested, which needs the database this server holds.
    lock = threading.Lock()
    value: list[Any] = []

    def get() -> Any:
        with lock:
            if not value:
                value.append(compute())
            return value[0]

    return get


def create_app(
    store: Store, *, token: str | None = None, limits: Limits | None = None, close_store: bool = False
) -> FastAPI:
    """The workbench app over an open store.

    store (Store): the database; read-only unless `token` is given.
    token (str | None): the secret that corrections must present; None: the server is read-only.
    limits (Limits | None): request limits (see `_limits.SETTINGS`).
    close_store (bool): close the store when the app shuts down.
    """
    if token is not None and not token.strip():
        raise ValueError("the token is empty; give a secret, or none for a read-only server")
    if token and store.read_only:
        raise ValueError("a token allows writes, but the store is open read-only")
    from ..web import mount_dashboard
    from ._routes import router

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if close_store:
            store.close()

    app = FastAPI(
        title="Flashpoint",
        version=version("flashpoint"),
        description="Sourced political events coded from news: query, figures, exports and corrections. "
        "Writes need the server's token (Authorization: Bearer TOKEN).",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load their code from a CDN; the server works offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token
    app.state.limits = limits or Limits()
    app.state.facets = _cached(store.facets)
    app.include_router(router)

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=500)

    mount_dashboard(app)
    app.add_middleware(_Guard, max_body_bytes=app.state.limits.max_body_bytes)
    # The dashboard renders its own error page; the API answers JSON.
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


async def _http_error(request: Request, exc: StarletteHTTPException):
    from ..web import error_page

    if request.url.path.startswith("/api") or request.url.path.startswith("/static"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return error_page(request, exc.status_code, str(exc.detail))


async def _validation_error(request: Request, exc: RequestValidationError):
    from ..web import error_page

    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'body'))}: {e.get('msg')}"
        for e in exc.errors()
    ]
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": exc.errors() and problems}, status_code=422)
    return error_page(request, 422, "; ".join(problems))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_store(db: Path, *, writable: bool) -> Store:
    """Open the database for the server: read-write with a token, else read-only.

    A database that needs a schema upgrade (e.g. made before corrections existed) is upgraded once
    read-write, then reopened read-only.
    """
    if writable:
        return Store(db)
    if not db.exists():
        raise StoreError(f"{db}: no such database (create it with `flashpoint ingest ... --db {db}`)")
    try:
        return Store(db, read_only=True)
    except StoreError as exc:
        if "schema upgrade" not in str(exc):
            raise
    Store(db).close()
    return Store(db, read_only=True)


def serve(
    db: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    settings: dict[str, int] | None = None,
    log_level: str = "info",
) -> None:
    """Open `db` and serve the API and dashboard until interrupted."""
    import uvicorn

    limits = Limits.with_overrides(settings)
    store = open_store(db, writable=bool(token))
    app = create_app(store, token=token, limits=limits, close_store=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        limit_concurrency=limits.limit_concurrency,
        server_header=False,
    )


def token_from_env() -> str | None:
    return os.environ.get(TOKEN_ENV) or None


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "SETTINGS",
    "TOKEN_ENV",
    "Limits",
    "create_app",
    "is_loopback",
    "open_store",
    "serve",
]
