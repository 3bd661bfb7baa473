"""Pure helpers of the store: content hashes, date periods, and flattening a record dict into table rows."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..ingest.article import Article

# Column order of the rows built below; the appenders insert by these names.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "title", "published", "published_raw", "source", "url", "language", "text", "content_hash",
        "n_events", "record", "ingested_at",
    ),
    "events": (
        "article_id", "event_id", "position", "type", "mode", "contexts", "cameo", "quad_class", "goldstein",
        "acled_event_type", "acled_sub_event_type", "trigger_text", "trigger_start", "trigger_end",
        "sentence_index", "sentence_start", "sentence_end", "sentence_text", "place_name", "geonameid", "lat",
        "lon", "place_country", "admin1", "location_link", "date", "event_day", "date_text", "modality",
        "attribution_source_text", "attribution_source_type", "attribution_cue_text", "confidence",
        "provenance", "actor_codes", "recipient_codes", "dead", "injured", "arrested",
    ),
    "event_actors": (
        "article_id", "event_id", "role", "position", "text", "start", "end", "code", "sector", "name",
        "backer",
    ),
    "quotes": (
        "article_id", "quote_id", "position", "kind", "speaker_text", "speaker_start", "speaker_end",
        "speaker_resolved", "speaker_code", "speaker_sector", "cue_text", "cue_start", "cue_end",
        "content_text", "content_start", "content_end", "source_type",
    ),
    "entities": (
        "article_id", "position", "text", "start", "end", "label", "code", "sector", "name", "backer",
        "chain",
    ),
    "places": (
        "article_id", "position", "text", "start", "end", "name", "geonameid", "lat", "lon", "country_code",
        "feature_class", "admin1", "link",
    ),
    "times": ("article_id", "position", "text", "start", "end", "value", "precision"),
    "problems": ("where", "reason", "message", "skipped", "seen_at"),
}  # fmt: skip
# Tables holding an article's rows, children first: a replacement deletes in this order.
ARTICLE_TABLES = ("event_actors", "events", "quotes", "entities", "places", "times", "articles")

Row = tuple[Any, ...]


def content_hash(article: Article) -> str:
    """The sha256 of an article's text and metadata: what decides whether a stored copy is still current.

    article (Article): the article as read.
    RETURNS (str): hex digest; equal for equal text, id, title, published, source, url and language.
    """
    meta = {
        "id": article.id, "title": article.title, "published": article.published, "source": article.source,
        "url": article.url, "language": article.language,
    }  # fmt: skip
    digest = hashlib.sha256()
    # surrogatepass: JSON input can carry lone surrogates ("\ud800"); they must hash, not crash.
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=True).encode("ascii"))
    return digest.hexdigest()


# TIMEX3 values, from finest to coarsest. Seasons follow the northern-hemisphere meteorological ones.
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(\d))?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_PART_MONTHS = {
    "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
    "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14),
}  # fmt: skip


def period(value: str | dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date value covers (2020-W39: Monday to Sunday; 2020-09: the month).

    value (str | date | None): an ISO date or datetime, or a TIMEX3 week, month, quarter, season, year
        or decade.
    RETURNS (tuple[date, date] | None): the inclusive range, or None when the value is not a date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    return _parse_period(value.strip())


@functools.lru_cache(maxsize=4096)  # a corpus repeats the same few hundred dates; parsing showed in profiles
def _parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    try:
        if m := _DAY.match(text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.match(text):
            if m[3]:
                day = dt.date.fromisocalendar(int(m[1]), int(m[2]), int(m[3]))
                return day, day
            year, week = int(m[1]), int(m[2])
            return dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)
        if m := _MONTH.match(text):
            return _months(int(m[1]), int(m[2]), int(m[2]))
        if m := _PART.match(text):
            first, last = _PART_MONTHS[m[2]]
            return _months(int(m[1]), first, last)
        if m := _YEAR.match(text):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
        if m := _DECADE.match(text):
            start = int(m[1]) * 10
            return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
    except ValueError:  # 2020-13, 2020-W54, 2020-02-30: shaped like a date but not one
        return None
    return None


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    # `last` may run past December (winter: December to February of the next year).
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def first_day(value: str | None) -> dt.date | None:
    found = period(value)
    return found[0] if found else None


# A lone surrogate ("\\ud800" in JSON input) cannot be stored: DuckDB holds UTF-8 only.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_utf8(text: str) -> bool:
    return text.isascii() or _SURROGATE.search(text) is None


def _no_surrogates(value: Any) -> Any:
    # One U+FFFD for each lone surrogate: one code point for one, so every character offset still holds.
    if isinstance(value, str):
        return value if _is_utf8(value) else _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list | tuple):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_surrogates(v) for k, v in value.items()}
    return value


def record_json(article_id: str, record: Mapping[str, Any]) -> tuple[str, bool]:
    """The stored JSON of a record dict, and whether the record holds lone surrogates.

    RETURNS (tuple[str, bool]): the JSON (lossless: surrogates are escaped), and True if it had to escape.
    Raises ValueError naming the article when the record is not JSON (e.g. a NaN confidence).
    """
    try:
        encoded = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        if _is_utf8(encoded):
            return encoded, False
        return json.dumps(record, allow_nan=False, separators=(",", ":")), True
    except (TypeError, ValueError) as exc:
        raise ValueError(f"article {article_id!r}: its record cannot be stored as JSON ({exc})") from exc


def _span(obj: Mapping[str, Any] | None) -> tuple[Any, Any, Any]:
    if not obj:
        return None, None, None
    return obj.get("text"), obj.get("start"), obj.get("end")


def add_article_rows(
    rows: dict[str, list[Row]],
    article: Article,
    record: Mapping[str, Any],
    *,
    digest: str,
    ingested_at: dt.datetime,
) -> None:
    """Append one article's rows (every table in ARTICLE_TABLES) to `rows`.

    rows (dict[str, list[Row]]): per table, rows in COLUMNS order; extended in place.
    article (Article): the article as read (text and metadata).
    record (Mapping): its ArticleRecord.to_dict().
    digest (str): its content_hash().
    ingested_at (datetime): when it was stored (UTC, naive).
    """
    stored, escaped = record_json(article.id, record)
    meta = [article.id, article.title, article.published, article.source, article.url, article.language]
    text = article.text
    if escaped or not all(_is_utf8(v) for v in (text, *meta) if v is not None):
        record, meta, text = _no_surrogates(record), _no_surrogates(meta), _no_surrogates(text)
    aid, title, published_raw, source, url, language = meta
    published = first_day(published_raw)
    events = record.get("events") or ()
    rows["articles"].append((
        aid, title, published, published_raw, source, url, language, text, digest, len(events), stored,
        ingested_at,
    ))  # fmt: skip

    event_rows, actor_rows = rows["events"], rows["event_actors"]
    for position, event in enumerate(events):
        eid = event["id"]
        acled = event.get("acled") or {}
        trigger = event.get("trigger") or {}
        sentence = event.get("sentence") or {}
        location = event.get("location") or {}
        attribution = event.get("attribution") or {}
        s_start, s_end = sentence.get("start"), sentence.get("end")
        sentence_text = text[s_start:s_end] if s_start is not None and s_end is not None else None
        date = event.get("date")
        codes: dict[str, list[str]] = {}
        for role in ("actor", "recipient"):
            codes[role] = []
            for index, actor in enumerate(event.get(role) or ()):
                code = actor.get("code")
                if code is not None:
                    codes[role].append(code)
                actor_rows.append((
                    aid, eid, role, index, actor.get("text"), actor.get("start"), actor.get("end"), code,
                    actor.get("sector"), actor.get("name"), actor.get("backer"),
                ))  # fmt: skip
        event_rows.append((
            aid, eid, position, event["type"], event.get("mode"), list(event.get("contexts") or ()),
            event.get("cameo"), event.get("quad_class"), event.get("goldstein"), acled.get("event_type"),
            acled.get("sub_event_type"), *_span(trigger), sentence.get("index"), s_start, s_end,
            sentence_text, location.get("name"), location.get("geonameid"), location.get("lat"),
            location.get("lon"), location.get("country_code"), location.get("admin1"), location.get("link"),
            date, first_day(date) or published, event.get("date_text"), event.get("modality"),
            (attribution.get("source") or {}).get("text"), attribution.get("source_type"),
            (attribution.get("cue") or {}).get("text"), event.get("confidence"), event.get("provenance"),
            codes["actor"], codes["recipient"], event.get("dead"), event.get("injured"),
            event.get("arrested"),
        ))  # fmt: skip

    for position, quote in enumerate(record.get("quotes") or ()):
        speaker = quote.get("speaker") or {}
        rows["quotes"].append((
            aid, quote.get("id"), position, quote.get("kind"), *_span(speaker), speaker.get("resolved"),
            speaker.get("code"), speaker.get("sector"), *_span(quote.get("cue")),
            *_span(quote.get("content")), quote.get("source_type"),
        ))  # fmt: skip
    for position, entity in enumerate(record.get("entities") or ()):
        rows["entities"].append((
            aid, position, *_span(entity), entity.get("label"), entity.get("code"), entity.get("sector"),
            entity.get("name"), entity.get("backer"), entity.get("chain"),
        ))  # fmt: skip
    for position, place in enumerate(record.get("places") or ()):
        rows["places"].append((
            aid, position, *_span(place), place.get("name"), place.get("geonameid"), place.get("lat"),
            place.get("lon"), place.get("country_code"), place.get("feature_class"), place.get("admin1"),
            place.get("link"),
        ))  # fmt: skip
    for position, time in enumerate(record.get("times") or ()):
        rows["times"].append((aid, position, *_span(time), time.get("value"), time.get("precision")))
