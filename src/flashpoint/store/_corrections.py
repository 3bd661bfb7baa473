"""Analysts' corrections of coded events: validation, storage, and the reviewed view of an event.

A correction is a verdict on one event: `confirm` (the coder got it right), `reject` (not an event, or not
this one) or `correct` (with changed fields). Corrections live in their own append-only table and never
touch the machine's rows; an event's review is the fold of its corrections in the order they were made:
the last verdict is its status, and the changed fields of every `correct` accumulate (a later change of a
field wins). `reviewed_event` overlays that review on the machine's event and adds a `review` field, so a
reader can always see what the coder said and what the analyst changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..records.model import MODALITIES, PLOVER_TYPES
from ._rows import period

VERDICTS = ("confirm", "reject", "correct")
# verdict -> the status it gives the event
STATUSES = {"confirm": "confirmed", "reject": "rejected", "correct": "corrected"}
# Fields an analyst may correct, in the order the reader shows them.
CORRECTABLE = ("type", "mode", "cameo", "actor", "recipient", "modality", "location", "date")
_CODE = re.compile(r"^[A-Z]{3}$")
_SECTOR = re.compile(r"^[A-Z]{3}([A-Z]{3})?$")
_CAMEO = re.compile(r"^\d{2,4}$")
_MAX_TEXT = 500


@dataclass(frozen=True, slots=True)
class Review:
    """The current review of one event.

    status (str): confirmed, rejected or corrected (from the last verdict).
    changes (dict): the corrected fields, accumulated over every `correct`.
    corrections (int): how many corrections were made.
    analyst (str | None), note (str | None), at (str): of the last correction.
    machine (dict): the event as coded when it was last reviewed.
    content_hash (str): of the article version last reviewed.
    """

    status: str
    changes: dict[str, Any] = field(default_factory=dict)
    corrections: int = 0
    analyst: str | None = None
    note: str | None = None
    at: str | None = None
    machine: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    value = value.strip()
    if len(value) > _MAX_TEXT:
        raise ValueError(f"{what} is longer than {_MAX_TEXT} characters")
    return value or None


def _actors(value: Any, role: str) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    if not 1 <= len(items) <= 10:
        raise ValueError(f"{role}: give one to ten actors")
    out = []
    for item in items:
        if not isinstance(item, Mapping):
            raise ValueError(f"{role}: each actor is an object with code, sector and name")
        code = _text(item.get("code"), f"{role} code")
        sector = _text(item.get("sector"), f"{role} sector")
        code = code.upper() if code else None
        sector = sector.upper() if sector else None
        if code is not None and not _CODE.match(code):
            raise ValueError(f"{role} code {code!r} is not a 3-letter country or actor code (e.g. USA, IGO)")
        if sector is not None and not _SECTOR.match(sector):
            raise ValueError(f"{role} sector {sector!r} is not a PLOVER sector code (e.g. GOV, MIL)")
        name = _text(item.get("name"), f"{role} name")
        text = _text(item.get("text"), f"{role} text") or name
        if code is None and sector is None and name is None:
            raise ValueError(f"{role}: give at least a code, a sector or a name")
        out.append({"text": text, "start": None, "end": None, "code": code, "sector": sector, "name": name})
    return out


def _location(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError("location must be an object with name, country_code, lat, lon")
    name = _text(value.get("name"), "location name")
    country = _text(value.get("country_code"), "location country_code")
    country = country.upper() if country else None
    if country is not None and not _CODE.match(country):
        raise ValueError(f"location country_code {country!r} is not an ISO 3166-1 alpha-3 code")
    lat, lon = value.get("lat"), value.get("lon")
    for coordinate, bound, what in ((lat, 90, "lat"), (lon, 180, "lon")):
        if coordinate is None:
            continue
        if isinstance(coordinate, bool) or not isinstance(coordinate, int | float):
            raise ValueError(f"location {what} must be a number")
        if not -bound <= coordinate <= bound:
            raise ValueError(f"location {what} {coordinate} is out of range")
    if (lat is None) != (lon is None):
        raise ValueError("location: give both lat and lon, or neither")
    if name is None and country is None:
        raise ValueError("location: give at least a name or a country_code")
    geonameid = value.get("geonameid")
    if geonameid is not None and (isinstance(geonameid, bool) or not isinstance(geonameid, int)):
        raise ValueError("location geonameid must be an integer")
    return {
        "text": None, "start": None, "end": None, "name": name or country, "geonameid": geonameid,
        "lat": lat, "lon": lon, "country_code": country, "feature_class": _text(value.get("feature_class"),
        "location feature_class"), "admin1": _text(value.get("admin1"), "location admin1"),
    }  # fmt: skip


def validate_changes(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check and normalise the fields of a `correct` verdict.

    changes (Mapping | None): any of CORRECTABLE: type (PLOVER type), mode, cameo (CAMEO code), actor and
        recipient (an actor object or a list of them: code, sector, name), modality, location (name,
        country_code, lat, lon), date (ISO date, or coarser: 2020-W39, 2020-09, 2020). recipient and
        location may be null (no recipient; no location).
    RETURNS (dict): the normalised changes. Raises ValueError saying what is wrong.
    """
    changes = dict(changes or {})
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise ValueError(f"cannot correct {', '.join(unknown)}; correctable fields: {', '.join(CORRECTABLE)}")
    out: dict[str, Any] = {}
    if "type" in changes:
        value = (_text(changes["type"], "type") or "").upper()
        if value not in PLOVER_TYPES:
            raise ValueError(
                f"type {changes['type']!r} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})"
            )
        out["type"] = value
    if "mode" in changes:
        value = _text(changes["mode"], "mode")
        out["mode"] = value.lower() if value else None
    if "cameo" in changes:
        value = _text(changes["cameo"], "cameo")
        if value is None or not _CAMEO.match(value):
            raise ValueError(f"cameo {changes['cameo']!r} is not a CAMEO code (2 to 4 digits, e.g. 190)")
        out["cameo"] = value
    for role in ("actor", "recipient"):
        if role in changes:
            value = changes[role]
            if value is None or value == []:
                if role == "actor":
                    raise ValueError("an event needs an actor; reject it instead")
                out[role] = []
            else:
                out[role] = _actors(value, role)
    if "modality" in changes:
        value = (_text(changes["modality"], "modality") or "").lower()
        if value not in MODALITIES:
            raise ValueError(f"modality {changes['modality']!r} is not one of {', '.join(MODALITIES)}")
        out["modality"] = value
    if "location" in changes:
        out["location"] = _location(changes["location"])
    if "date" in changes:
        value = _text(changes["date"], "date")
        if value is not None and period(value) is None:
            raise ValueError(f"date {value!r} is not a date (e.g. 2020-09-27, 2020-W39, 2020-09, 2020)")
        out["date"] = value
    return out


# -- storage --------------------------------------------------------------------------------------------


def add_correction(
    conn: duckdb.DuckDBPyConnection,
    *,
    article_id: str,
    event_id: str,
    verdict: str,
    changes: Mapping[str, Any] | None,
    analyst: str | None,
    note: str | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Record one verdict on a stored event (the caller holds the store's lock and a transaction).

    RETURNS (dict): the stored correction, as `corrections()` lists it. Raises ValueError for an unknown
    verdict, invalid changes, a `correct` without changes, or an event that is not stored.
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    normalised = validate_changes(changes)
    if verdict == "correct" and not normalised:
        raise ValueError("a correction needs at least one changed field")
    if verdict != "correct" and normalised:
        raise ValueError(f"a {verdict} verdict takes no changed fields; use verdict 'correct'")
    found = conn.execute(
        "SELECT content_hash, record->'$.events' FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if found is None:
        raise LookupError(f"no article {article_id!r}")
    events = [e for e in json.loads(found[1] or "[]") if e.get("id") == event_id]
    if not events:
        raise LookupError(f"article {article_id!r} has no event {event_id!r}")
    row = conn.execute(
        "INSERT INTO corrections (article_id, event_id, verdict, changes, machine, content_hash, analyst, "
        "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            article_id, event_id, verdict, json.dumps(normalised, ensure_ascii=False),
            json.dumps(events[0], ensure_ascii=False), found[0], _text(analyst, "analyst"),
            _text(note, "note"), now,
        ],
    ).fetchone()  # fmt: skip
    assert row is not None
    return {
        "id": row[0], "article_id": article_id, "event_id": event_id, "verdict": verdict,
        "changes": normalised, "analyst": _text(analyst, "analyst"), "note": _text(note, "note"),
        "created_at": now.isoformat() + "Z",
    }  # fmt: skip


_SELECT = (
    "SELECT id, article_id, event_id, verdict, changes, machine, content_hash, analyst, note, created_at "
    "FROM corrections"
)


def list_corrections(
    conn: duckdb.DuckDBPyConnection, *, article_id: str | None, limit: int | None, offset: int
) -> list[dict[str, Any]]:
    """Corrections, newest first (optionally of one article)."""
    where, params = ("WHERE article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows = conn.execute(
        f"{_SELECT} {where} ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return [
        {
            "id": cid,
            "article_id": aid,
            "event_id": eid,
            "verdict": verdict,
            "changes": json.loads(changes),
            "analyst": analyst,
            "note": note,
            "created_at": created.isoformat() + "Z",
        }
        for cid, aid, eid, verdict, changes, _machine, _hash, analyst, note, created in rows
    ]


def load_reviews(
    conn: duckdb.DuckDBPyConnection, article_ids: Iterable[str] | None = None
) -> dict[tuple[str, str], Review]:
    """The current review of every corrected event (of these articles, or of all)."""
    if article_ids is None:
        rows = conn.execute(f"{_SELECT} ORDER BY id").fetchall()
    else:
        wanted = sorted(set(article_ids))
        if not wanted:
            return {}
        rows = conn.execute(
            f"{_SELECT} WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id", [wanted]
        ).fetchall()
    reviews: dict[tuple[str, str], Review] = {}
    for _cid, aid, eid, verdict, changes, machine, digest, analyst, note, created in rows:
        previous = reviews.get((aid, eid))
        merged = {**(previous.changes if previous else {}), **json.loads(changes)}
        reviews[(aid, eid)] = Review(
            status=STATUSES[verdict],
            changes=merged,
            corrections=(previous.corrections if previous else 0) + 1,
            analyst=analyst,
            note=note,
            at=created.isoformat() + "Z",
            machine=json.loads(machine),
            content_hash=digest,
        )
    return reviews


# -- the reviewed event -----------------------------------------------------------------------------------


def _retyped(event: dict[str, Any], changes: Mapping[str, Any]) -> None:
    # A new type (or mode, or code) makes the machine's CAMEO code, quad class, Goldstein score and ACLED
    # type wrong: take them from the ontology, as the coder would have for this type.
    from ..ontology import acled_for, cameo, default_cameo_for, plover_modes

    plover_type = event["type"]
    if "type" in changes and "mode" not in changes and event.get("mode") not in plover_modes(plover_type):
        event["mode"] = None
    if "cameo" not in changes:
        event["cameo"] = default_cameo_for(plover_type, event.get("mode"))
    entry = cameo(event["cameo"])
    event["quad_class"], event["goldstein"] = entry.quad_class, entry.goldstein
    acled = acled_for(plover_type, event.get("mode"), event["cameo"])
    event["acled"] = acled.to_dict() if acled is not None else None


def is_stale(event: Mapping[str, Any], review: Review, content_hash: str | None) -> bool:
    """Whether a review was made on another version of the article and no longer fits this event."""
    if content_hash is None or review.content_hash == content_hash:
        return False
    return (review.machine.get("trigger") or {}) != (event.get("trigger") or {})


def reviewed_event(
    event: Mapping[str, Any], review: Review | None, content_hash: str | None = None
) -> dict[str, Any]:
    """The event as the analyst reviewed it, with a `review` field; the machine's event if unreviewed.

    event (Mapping): the machine's contract Event (plus e.g. article_id).
    review (Review | None): its review.
    content_hash (str | None): the stored article's content hash; a review of another version whose
        trigger differs is marked stale and not applied.
    RETURNS (dict): a new dict. `review` is {status, changes, machine (the machine's values of the changed
    fields), corrections, analyst, note, at, stale}, or absent when the event has no review.
    """
    out = dict(event)
    if review is None:
        return out
    stale = is_stale(event, review, content_hash)
    info: dict[str, Any] = {
        "status": review.status, "changes": review.changes,
        "machine": {key: event.get(key) for key in review.changes}, "corrections": review.corrections,
        "analyst": review.analyst, "note": review.note, "at": review.at, "stale": stale,
    }  # fmt: skip
    if not stale:
        out.update(review.changes)
        if "date" in review.changes:
            out["date_text"] = None  # the machine's words no longer back the date
        if {"type", "mode", "cameo"} & review.changes.keys():
            _retyped(out, review.changes)
    out["review"] = info
    return out
