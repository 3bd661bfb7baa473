"""Small readers of an exported event dict (a contract Event plus article, sentence and review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..store import period


def first(event: Mapping[str, Any], role: str) -> dict[str, Any]:
    """The first actor (or recipient) of an event, or {} when it has none."""
    actors = event.get(role) or []
    return dict(actors[0]) if actors else {}


def label(actor: Mapping[str, Any]) -> str | None:
    """What to call an actor: its canonical name, else the words of the text."""
    return actor.get("name") or actor.get("text")


def days(event: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the event's date, else of the article's publication date."""
    return period(event.get("date")) or period((event.get("article") or {}).get("published"))


def day(event: Mapping[str, Any]) -> dt.date | None:
    found = days(event)
    return found[0] if found else None


def review_status(event: Mapping[str, Any]) -> str | None:
    review = event.get("review")
    if not review or review.get("stale"):
        return None
    return review.get("status")


def corrected_fields(event: Mapping[str, Any]) -> list[str]:
    review = event.get("review")
    if not review or review.get("stale"):
        return []
    return sorted(review.get("changes") or ())
