"""web: the dashboard's pages, rendered on the server (Jinja2) with a little vanilla JavaScript.

Pages: events (a sortable, filterable, exportable table), articles, the article reader (highlighted text,
each event's record beside it, corrections), a timeline, a map on the shipped basemap, and a dyad network.
Every page reads the same filters from the query string as the API; every figure links to its events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..api._filters import FILTER_NAMES, article_search, event_filters, limits, page, query_string
from ..exports import FORMATS
from ..records.model import MODALITIES, PLOVER_TYPES, SIZE_FIELDS, SOURCE_TYPES
from ..store import ORDERS, Store
from . import figures
from .reader import highlight

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(
    query_string=query_string,
    QUAD_NAMES=figures.QUAD_NAMES,
    QUAD_COLOURS=figures.QUAD_COLOURS,
    PLOVER_TYPES=PLOVER_TYPES,
    MODALITIES=MODALITIES,
    SOURCE_TYPES=SOURCE_TYPES,
    SIZE_FIELDS=SIZE_FIELDS,
    EXPORT_FORMATS=FORMATS,
    REVIEWS=("confirmed", "corrected", "rejected", "unreviewed"),
)
templates.env.filters["zip_self"] = lambda values: [(v, v) for v in values]
router = APIRouter(include_in_schema=False)
Filters = Annotated[dict[str, Any], Depends(event_filters)]

# Columns of the events table: (heading, order key or None).
EVENT_COLUMNS = (
    ("Date", "event_day"), ("Event", "type"), ("Quad", "quad_class"), ("Actor → recipient", None),
    ("Trigger and sentence", None), ("Modality", "modality"), ("Source", None), ("Place", "place"),
    ("Review", None),
)  # fmt: skip


def _store(request: Request) -> Store:
    return request.app.state.store


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("filters", {})
    context.setdefault("facets", request.app.state.facets())
    context.update(read_only=not request.app.state.token, active=name.removesuffix(".html"))
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """The dashboard's page for a bad request or a missing article."""
    response = templates.TemplateResponse(
        request,
        "error.html",
        {
            "status_code": status_code,
            "message": message,
            "active": "",
            "read_only": not request.app.state.token,
        },
        status_code=status_code,
    )
    return response


def _events_link(filters: dict[str, Any]):
    def link(**changes: Any) -> str:
        return "/events?" + query_string(filters, **changes)

    return link


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    filters: Filters,
    limit: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    order: str = "-event_day",
) -> HTMLResponse:
    size, offset = page(request, limit, offset)
    if order not in ORDERS:
        raise HTTPException(status_code=400, detail=f"order must be one of {', '.join(ORDERS)}")
    store = _store(request)
    rows = store.review_events(store.events(**filters, limit=size, offset=offset, order=order))
    total = store.count_events(**filters)
    return _render(
        request, "events.html", filters=filters, events=rows, total=total, limit=size, offset=offset,
        order=order, columns=EVENT_COLUMNS, articles=store.article_meta(r["article_id"] for r in rows),
    )  # fmt: skip


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    search: Annotated[dict[str, Any], Depends(article_search)],
    limit: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    size, offset = page(request, limit, offset)
    rows, total = _store(request).find_articles(**search, limit=size, offset=offset)
    return _render(
        request, "articles.html", articles=rows, total=total, limit=size, offset=offset, search=search
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def reader_page(request: Request, article_id: str) -> HTMLResponse:
    store = _store(request)
    found = store.article(article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    events = store.reviewed_events(article_id)
    quotes = {q["id"]: q for q in found["record"].get("quotes") or ()}
    return _render(
        request, "article.html", article=found, events=events, quotes=quotes,
        text=highlight(found["text"], found["record"], events),
        corrections=store.corrections(article_id=article_id, limit=None),
    )  # fmt: skip


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, filters: Filters, interval: str = "auto") -> HTMLResponse:
    if interval not in ("auto", "day", "week", "month"):
        raise HTTPException(status_code=400, detail="interval must be auto, day, week or month")
    data = _store(request).timeline(
        interval=interval, max_buckets=limits(request).max_timeline_buckets, **filters
    )
    figure = figures.timeline_figure(data, _events_link(filters))
    return _render(request, "timeline.html", filters=filters, figure=figure, data=data, interval=interval)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, filters: Filters) -> HTMLResponse:
    store = _store(request)
    points = store.map_points(limit=limits(request).max_map_points, **filters)
    countries = store.country_counts(**filters)
    figure = figures.map_figure(points, countries, _events_link(filters))
    unplaced = store.count_events(**filters) - sum(countries.values())
    return _render(
        request, "map.html", filters=filters, figure=figure, points=points, unplaced=unplaced,
        countries=sorted(countries.items(), key=lambda kv: -kv[1])[:15],
    )  # fmt: skip


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, filters: Filters, nodes: Annotated[int, Query(ge=2, le=80)] = 40):
    dyads = _store(request).dyads(limit=limits(request).max_dyads, **filters)
    figure = figures.network_figure(dyads, _events_link(filters), max_nodes=nodes)
    return _render(request, "network.html", filters=filters, figure=figure, dyads=dyads[:25], nodes=nodes)


def mount_dashboard(app: FastAPI) -> None:
    """Add the pages and the static files (CSS, JavaScript, basemap) to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")


__all__ = ["FILTER_NAMES", "error_page", "mount_dashboard"]
