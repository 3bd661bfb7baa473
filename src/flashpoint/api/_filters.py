"""Event filters from a request's query string: one FastAPI dependency shared by the API and the pages.

Values are checked against the server's limits (how many, how long) and handed to the store as parameters;
nothing a client sends is ever pasted into SQL (the store builds placeholders only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request

from ..store import period
from ._limits import Limits

Values = Annotated[list[str] | None, Query()]

# Filters whose values are codes, compared upper case.
_UPPER = ("actor", "recipient", "actor_sector", "recipient_sector", "type", "country")
_LOWER = ("modality", "source_type", "review")
# The order filters appear in links and forms.
FILTER_NAMES = (
    "since", "until", "actor", "actor_sector", "recipient", "recipient_sector", "type", "quad_class",
    "modality", "source_type", "country", "place", "publisher", "review", "text", "article_id",
)  # fmt: skip


def limits(request: Request) -> Limits:
    return request.app.state.limits


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def _clean(name: str, values: list[str] | None, limit: Limits) -> list[str] | None:
    if not values:
        return None
    cleaned = [v.strip() for v in values if v is not None and v.strip()]
    if not cleaned:
        return None
    if len(cleaned) > limit.max_filter_values:
        raise bad_request(f"{name}: at most {limit.max_filter_values} values")
    for value in cleaned:
        if len(value) > limit.max_text_length:
            raise bad_request(f"{name}: values are at most {limit.max_text_length} characters")
    if name in _UPPER:
        cleaned = [v.upper() for v in cleaned]
    elif name in _LOWER:
        cleaned = [v.lower() for v in cleaned]
    return cleaned


def event_filters(
    request: Request,
    since: Annotated[str | None, Query(description="Events on or after this date (2020-09-27)")] = None,
    until: Annotated[str | None, Query(description="Events on or before this date")] = None,
    actor: Annotated[list[str] | None, Query(description="Actor country/organisation code, e.g. USA")] = None,
    actor_sector: Annotated[list[str] | None, Query(description="Actor sector code, e.g. GOV, MIL")] = None,
    recipient: Annotated[list[str] | None, Query(description="Recipient code")] = None,
    recipient_sector: Annotated[list[str] | None, Query(description="Recipient sector code")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER event type, e.g. ASSAULT")] = None,
    quad_class: Annotated[list[str] | None, Query(description="Quad class 0-4")] = None,
    modality: Annotated[list[str] | None, Query(description="asserted, reported, hedged, ...")] = None,
    source_type: Annotated[list[str] | None, Query(description="Attribution source type")] = None,
    country: Annotated[list[str] | None, Query(description="Event location country (ISO alpha-3)")] = None,
    place: Annotated[list[str] | None, Query(description="Event location name, e.g. Baghdad")] = None,
    publisher: Annotated[list[str] | None, Query(description="Article source (publisher)")] = None,
    review: Annotated[
        list[str] | None, Query(description="confirmed, rejected, corrected or unreviewed")
    ] = None,
    text: Annotated[str | None, Query(description="Words the event's sentence contains")] = None,
    article_id: Annotated[list[str] | None, Query(description="Only events of these articles")] = None,
) -> dict[str, Any]:
    """The filters a request gives, cleaned: empty values dropped, codes upper case, limits checked."""
    limit = limits(request)
    given: dict[str, Any] = {}
    for name, values in (
        ("actor", actor), ("actor_sector", actor_sector), ("recipient", recipient),
        ("recipient_sector", recipient_sector), ("type", type), ("modality", modality),
        ("source_type", source_type), ("country", country), ("place", place), ("publisher", publisher),
        ("review", review), ("article_id", article_id),
    ):  # fmt: skip
        cleaned = _clean(name, values, limit)
        if cleaned:
            given[name] = cleaned
    classes = _clean("quad_class", quad_class, limit)  # strings: a form sends "" for "any"
    if classes:
        if any(q not in ("0", "1", "2", "3", "4") for q in classes):
            raise bad_request("quad_class: 0 to 4")
        given["quad_class"] = sorted({int(q) for q in classes})
    _add_words_and_dates(given, limit, text=text, since=since, until=until)
    review_values = given.get("review") or []
    unknown = [v for v in review_values if v not in ("confirmed", "rejected", "corrected", "unreviewed")]
    if unknown:
        raise bad_request(f"review={unknown[0]!r}: choose confirmed, rejected, corrected or unreviewed")
    return given


def article_search(
    request: Request,
    publisher: Annotated[list[str] | None, Query(description="Article source (publisher)")] = None,
    text: Annotated[str | None, Query(description="Words in the title or text")] = None,
    since: Annotated[str | None, Query(description="Published on or after")] = None,
    until: Annotated[str | None, Query(description="Published on or before")] = None,
) -> dict[str, Any]:
    """The article search a request gives (`Store.find_articles` keywords), cleaned like the filters."""
    limit = limits(request)
    given: dict[str, Any] = {}
    publishers = _clean("publisher", publisher, limit)
    if publishers:
        given["publisher"] = publishers
    _add_words_and_dates(given, limit, text=text, since=since, until=until)
    return given


def _add_words_and_dates(
    given: dict[str, Any], limit: Limits, *, text: str | None, since: str | None, until: str | None
) -> None:
    for name, bound in (("since", since), ("until", until)):
        bound = (bound or "").strip()
        if not bound:
            continue
        if len(bound) > 40 or period(bound) is None:
            raise bad_request(f"{name}={bound[:40]!r} is not a date (e.g. 2020-09-27, 2020-W39, 2020-09)")
        given[name] = bound
    text = (text or "").strip()
    if text:
        if len(text) > limit.max_text_length:
            raise bad_request(f"text: at most {limit.max_text_length} characters")
        given["text"] = text


def page(request: Request, limit: int | None, offset: int) -> tuple[int, int]:
    """(limit, offset) checked against the server's limits; no limit: the default page size."""
    bounds = limits(request)
    if limit is None:
        limit = min(bounds.default_page_size, bounds.max_page_size)
    if not 1 <= limit <= bounds.max_page_size:
        raise bad_request(f"limit must be between 1 and {bounds.max_page_size}")
    if not 0 <= offset <= bounds.max_offset:
        raise bad_request(f"offset must be between 0 and {bounds.max_offset}")
    return limit, offset


def query_string(filters: Mapping[str, Any], **extra: Any) -> str:
    """A query string of filters (repeated keys for lists) plus extra parameters; None values left out."""
    merged = {**filters, **extra}
    pairs = []
    for name in (*FILTER_NAMES, *sorted(set(merged) - set(FILTER_NAMES))):
        value = merged.get(name)
        if value is None or value == [] or value == "":
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((name, str(item)))
    return urlencode(pairs)
