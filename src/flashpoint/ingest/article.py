"""The Article: what every reader produces and the pipeline consumes."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    id: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime, normalised by `parse_published`
    source: str | None = None
    url: str | None = None
    language: str | None = None
    # Where the article came from ("file.jsonl:12"), for messages; not part of the output.
    origin: str | None = field(default=None, compare=False)

    @property
    def published_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published[:10]) if self.published else None


def article_id(text: str) -> str:
    """A stable id from the text alone, so the same article read twice gets the same id."""
    return "a" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def url_id(url: str) -> str:
    """A stable id from a page's URL (scheme, "www." and a trailing slash or fragment ignored), so a page
    read from a file, a feed entry linking to it and the page fetched again all get the same id."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    key = f"{host}{path}" + (f"?{parts.query}" if parts.query else "")
    return "u" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_published(value: object) -> str | None:
    """Normalise a publication date to ISO; raise ValueError with a readable message if it is not one.

    Accepts ISO dates and datetimes (with or without time zone, a trailing "Z", or a space for "T").
    A datetime keeps its time; a value with a time zone is kept as given.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"publication date must be a string, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise ValueError(
            f"unparseable publication date {value!r} (expected ISO 8601, e.g. 2020-09-29)"
        ) from None
    return parsed.isoformat()
