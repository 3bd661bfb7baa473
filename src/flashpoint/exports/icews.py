"""ICEWS-style event table: the 20 named, tab-separated columns of the ICEWS coded event data (Dataverse).

ICEWS names sectors in words ("Government"); Flashpoint writes PLOVER sector codes (GOV) there, and the
event's coded place in City / Province / Country. docs/EXPORTS.md gives the mapping column by column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._codes import cameo_name, country_name, numeric_id
from ._fields import day, first, label

COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
    "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip


def _actor(actor: Mapping[str, Any]) -> list[Any]:
    return [label(actor), actor.get("sector"), country_name(actor.get("code"))]


def row(event: Mapping[str, Any]) -> list[Any]:
    """One ICEWS row (20 values) for an exported event."""
    when = day(event)
    location = event.get("location") or {}
    article = event.get("article") or {}
    sentence = event.get("sentence") or {}
    is_city = location.get("feature_class") == "P"
    index = sentence.get("index")
    return [
        numeric_id(event["article_id"], event["id"]),
        when.isoformat() if when else None,
        *_actor(first(event, "actor")),
        cameo_name(event.get("cameo")),
        event.get("cameo"),
        event.get("goldstein"),
        *_actor(first(event, "recipient")),
        event["article_id"],
        index + 1 if index is not None else None,  # ICEWS numbers sentences from 1
        article.get("source"),
        location.get("name") if is_city else None,
        None,  # district (admin 2): not coded
        location.get("admin1"),
        country_name(location.get("country_code")),
        location.get("lat"),
        location.get("lon"),
    ]
