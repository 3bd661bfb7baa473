"""The JSON API under /api: events, articles, figures' data, exports and corrections.

Every handler is a plain `def`: FastAPI runs it in its thread pool, and the store serialises access to
its one DuckDB connection. Writes (corrections) need the token the server was started with.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from .. import exports
from ..store import ORDERS, Store
from ._filters import article_search, bad_request, event_filters, limits, page, query_string

router = APIRouter(prefix="/api")
Filters = Annotated[dict[str, Any], Depends(event_filters)]
Limit = Annotated[int | None, Query(ge=1, description="Page size (default and maximum: server settings)")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip")]
Order = Annotated[str, Query(description=f"Sort order: {', '.join(ORDERS)}")]


def store_of(request: Request) -> Store:
    return request.app.state.store


def require_token(request: Request) -> None:
    """Writes need the server's token (Authorization: Bearer TOKEN, or X-Flashpoint-Token)."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(
            status_code=403,
            detail="this server is read-only: start it with --token (or FLASHPOINT_TOKEN) to accept "
            "corrections",
        )
    given = request.headers.get("x-flashpoint-token") or ""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        given = credentials.strip()
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status_code=401,
            detail="a correction needs the server's token (header Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )


class CorrectionIn(BaseModel):
    """An analyst's verdict on one event."""

    model_config = ConfigDict(extra="forbid")
    article_id: str = Field(min_length=1, max_length=500)
    event_id: str = Field(min_length=1, max_length=100)
    verdict: Literal["confirm", "reject", "correct"]
    changes: dict[str, Any] | None = Field(
        None,
        description="For verdict 'correct': any of type, mode, cameo, actor, recipient ({code, sector, "
        "name} or a list), modality, location ({name, country_code, lat, lon}), date",
    )
    analyst: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=500)


@router.get("", summary="What this API offers")
def index(request: Request) -> dict[str, Any]:
    return {
        "openapi": str(request.url_for("openapi")),
        "read_only": not request.app.state.token,
        "endpoints": sorted({route.path for route in router.routes}),
        "export_formats": {name: fmt.description for name, fmt in exports.FORMATS.items()},
    }


@router.get("/stats", summary="Rows per table and the date ranges")
def stats(request: Request) -> dict[str, Any]:
    return store_of(request).stats()


@router.get("/facets", summary="The values each filter can take, with event counts")
def facets(request: Request) -> dict[str, Any]:
    return request.app.state.facets()


@router.get("/events", summary="Events matching the filters, a page at a time")
def events(
    request: Request,
    filters: Filters,
    limit: Limit = None,
    offset: Offset = 0,
    order: Order = "event_day",
    machine: Annotated[bool, Query(description="The machine's events, uncorrected")] = False,
) -> dict[str, Any]:
    size, offset = page(request, limit, offset)
    if order not in ORDERS:
        raise bad_request(f"order must be one of {', '.join(ORDERS)}")
    store = store_of(request)
    rows = store.events(**filters, limit=size, offset=offset, order=order)
    total = store.count_events(**filters)
    if not machine:
        rows = store.review_events(rows)
    following = offset + size
    return {
        "total": total,
        "limit": size,
        "offset": offset,
        "order": order,
        "events": rows,
        "next": f"{request.url.path}?{query_string(filters, limit=size, offset=following, order=order)}"
        if following < total
        else None,
    }


@router.get("/articles", summary="Articles by publisher, words, and publication dates")
def articles(
    request: Request,
    search: Annotated[dict[str, Any], Depends(article_search)],
    limit: Limit = None,
    offset: Offset = 0,
) -> dict[str, Any]:
    size, offset = page(request, limit, offset)
    rows, total = store_of(request).find_articles(**search, limit=size, offset=offset)
    return {"total": total, "limit": size, "offset": offset, "articles": rows}


@router.get("/articles/{article_id:path}", summary="One article: text, record, reviewed events, corrections")
def article(request: Request, article_id: str) -> dict[str, Any]:
    store = store_of(request)
    found = store.article(article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    found["events"] = store.reviewed_events(article_id)
    found["corrections"] = store.corrections(article_id=article_id, limit=None)
    return found


@router.get("/timeline", summary="Counts by quad class and mean Goldstein per day, week or month")
def timeline(
    request: Request,
    filters: Filters,
    interval: Annotated[Literal["auto", "day", "week", "month"], Query()] = "auto",
) -> dict[str, Any]:
    found = store_of(request).timeline(
        interval=interval, max_buckets=limits(request).max_timeline_buckets, **filters
    )
    for bucket in found["buckets"]:
        bucket["events"] = f"/api/events?{query_string(filters, since=bucket['start'], until=bucket['end'])}"
    return found


@router.get("/map", summary="Event locations grouped by place, and events per country")
def map_data(request: Request, filters: Filters, limit: Limit = None) -> dict[str, Any]:
    bound = limits(request).max_map_points
    size = min(limit or bound, bound)
    store = store_of(request)
    return {"points": store.map_points(limit=size, **filters), "countries": store.country_counts(**filters)}


@router.get("/dyads", summary="Actor-recipient pairs with cooperation and conflict counts")
def dyads(request: Request, filters: Filters, limit: Limit = None) -> dict[str, Any]:
    bound = limits(request).max_dyads
    size = min(limit or bound, bound)
    return {"dyads": store_of(request).dyads(limit=size, **filters)}


@router.get("/export", summary="Matching events as GDELT, ICEWS, PLOVER, JSON Lines, CSV or Parquet")
def export(
    request: Request,
    filters: Filters,
    format: Annotated[str, Query(description=f"One of {', '.join(exports.FORMATS)}")] = "csv",
    reviewed: Annotated[bool, Query(description="Apply analysts' corrections")] = True,
    include_rejected: Annotated[bool, Query(description="Keep events analysts rejected")] = False,
    limit: Annotated[int | None, Query(ge=1, description="At most this many events")] = None,
):
    if format not in exports.FORMATS:
        raise bad_request(f"format must be one of {', '.join(exports.FORMATS)}")
    fmt = exports.FORMATS[format]
    bound = limits(request).max_export_rows
    options = {
        "filters": filters,
        "reviewed": reviewed,
        "include_rejected": include_rejected,
        "limit": min(limit or bound, bound),
    }
    filename = f"flashpoint-events-{format}{fmt.suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    store = store_of(request)
    if fmt.kind == "parquet":
        path = exports.parquet_file(store, **options)
        return FileResponse(
            path, media_type=fmt.media_type, headers=headers, background=BackgroundTask(path.unlink)
        )
    lines = exports.export_lines(store, format, **options)
    return StreamingResponse(lines, media_type=f"{fmt.media_type}; charset=utf-8", headers=headers)


@router.get("/corrections", summary="Analysts' corrections, newest first")
def corrections(
    request: Request,
    article_id: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> dict[str, Any]:
    size, offset = page(request, limit, offset)
    rows = store_of(request).corrections(article_id=article_id, limit=size, offset=offset)
    return {"limit": size, "offset": offset, "corrections": rows}


@router.post(
    "/corrections",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Confirm, reject or correct an event (needs the token)",
)
def add_correction(request: Request, body: CorrectionIn) -> dict[str, Any]:
    from ._places import complete_location

    changes = dict(body.changes or {})
    if changes.get("location"):
        changes["location"] = complete_location(changes["location"])
    store = store_of(request)
    try:
        stored = store.add_correction(
            body.article_id,
            body.event_id,
            body.verdict,
            changes=changes or None,
            analyst=body.analyst,
            note=body.note,
        )
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc).strip("'\"")) from exc
    event = next(e for e in store.reviewed_events(body.article_id) if e["id"] == body.event_id)
    return {"correction": stored, "event": event}
