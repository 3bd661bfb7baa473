"""PLOVER JSON Lines: one event object per line with the data fields of the PLOVER manual (ch. "Data Fields").

Named fields beyond the manual's (the manual invites them) carry what Flashpoint adds: modality,
attribution, the CAMEO code, the date's words and precision, confidence, the incident and the review.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import version
from typing import Any

from ..ontology import plover_type
from ..records.model import SIZE_FIELDS
from ._codes import country_name
from ._fields import days

CODEBOOK = "plover-base-1.3"


def _entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "code": actor.get("code"),
        "sector": actor.get("sector"),
        "entity_text": actor.get("text"),
        "identifier_text": actor.get("name"),
    }


def _location(place: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    kind = place.get("feature_class")
    resolution = 4 if kind == "P" else 2 if place.get("admin1") else 1 if kind == "A" else None
    return {
        "extracted_place": place.get("text"), "resolved_place": place.get("name"),
        "geonameid": place.get("geonameid"), "lat": place.get("lat"), "lon": place.get("lon"),
        "city": place.get("name") if kind == "P" else None, "district": None,
        "province": place.get("admin1"), "country": country_name(place.get("country_code")),
        "country_code": place.get("country_code"), "feature_class": kind, "feature_code": None,
        "resolution": resolution,
    }  # fmt: skip


def record(event: Mapping[str, Any]) -> dict[str, Any]:
    """One PLOVER event record for an exported event."""
    span = days(event)
    article = event.get("article") or {}
    sentence = event.get("sentence") or {}
    ingested = article.get("ingested_at") or ""
    try:
        quad = plover_type(event["type"]).quad_class
    except KeyError:
        quad = None
    out: dict[str, Any] = {
        "id": f"{event['article_id']}-{event['id']}",
        "has_event": True,
        "date": span[0].isoformat() if span else None,
    }
    if span and span[1] != span[0]:
        out["enddate"] = span[1].isoformat()
    out.update({
        "actor": [_entity(a) for a in event.get("actor") or ()],
        "recipient": [_entity(a) for a in event.get("recipient") or ()],
        "event": [event["type"]],
        "event_loc": _location(event.get("location")),
        "event_text": [(event.get("trigger") or {}).get("text")],
        "quad_code": quad,
        "event_scale": event.get("goldstein"),
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": list(event.get("contexts") or ()),
        "link": event.get("incident_id"),
        # The manual's size fields, where the text counts them.
        **{f: event[f] for f in SIZE_FIELDS if event.get(f) is not None},
        "text_info": {
            "sequence": sentence.get("index"), "start": sentence.get("start"), "end": sentence.get("end"),
        },
        "cite_info": {
            "citation": event["article_id"], "url": article.get("url"), "title": article.get("title"),
            "language": article.get("language"), "publication": article.get("source"),
            "coder": f"flashpoint {version('flashpoint')}", "codebook": CODEBOOK,
        },
        "coder": "flashpoint",
        "coded_date": ingested[:10] or None,
        "coded_time": ingested[11:] or None,
        # Named fields beyond the manual's:
        "cameo": event.get("cameo"),
        "modality": event.get("modality"),
        "attribution": event.get("attribution"),
        "date_text": event.get("date_text"),
        "date_value": event.get("date"),
        "confidence": event.get("confidence"),
        "review": event.get("review"),
    })  # fmt: skip
    return out
