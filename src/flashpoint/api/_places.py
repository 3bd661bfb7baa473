"""Completing a corrected location: a country given without coordinates gets the country's point.

An analyst who corrects "where" usually knows the country and a place name, rarely its coordinates; the
country's representative point (the gazetteer's own table, data/gazetteer/country_points.tsv) puts the event
on the map at the resolution the analyst gave, as the coder does for a country-level place.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from ..data import read_tsv
from ..exports._codes import iso2


@cache
def _country_points() -> dict[str, tuple[float, float]]:
    return {
        row["iso2"]: (float(row["lat"]), float(row["lon"]))
        for row in read_tsv("gazetteer", "country_points.tsv")
        if row["iso2"] and row["lat"] and row["lon"]
    }


def complete_location(location: Any) -> Any:
    """The location with the country's point filled in when it names a country but no coordinates."""
    if not isinstance(location, Mapping):
        return location  # validate_changes explains what is wrong
    out = dict(location)
    country = out.get("country_code")
    if out.get("lat") is None and out.get("lon") is None and isinstance(country, str):
        point = _country_points().get(iso2(country.strip().upper()) or "")
        if point is not None:
            out["lat"], out["lon"] = point
            out.setdefault("feature_class", "A" if not out.get("name") else None)
    return out
