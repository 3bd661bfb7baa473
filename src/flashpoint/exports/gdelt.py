"""GDELT 2.0 event table: the 61 tab-separated columns of the GDELT Event Codebook V2.0, in order, no header.

Flashpoint codes one event per trigger from one article, so the mention counts are 1; it computes no tone
and geocodes only the event (ActionGeo), not each actor. docs/EXPORTS.md gives the mapping column by column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._codes import country_name, fips, is_country, numeric_id
from ._fields import day, first, label

# fmt: off
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
# fmt: on
# GDELT's geographic resolution codes.
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5


def _actor(actor: Mapping[str, Any]) -> list[Any]:
    code, sector = actor.get("code"), actor.get("sector")
    name = label(actor)
    return [
        "".join(x for x in (code, sector) if x) or None,  # Actor1Code: CAMEO actor code, e.g. USAGOV
        name.upper() if name else None,
        code if is_country(code) else None,
        code if code and not is_country(code) else None,  # PLOVER's non-state codes: IGO, UNO, NGO, ...
        None,
        None,
        None,  # ethnic and religion codes: not coded
        sector,
        None,
        None,
    ]


def geo_type(location: Mapping[str, Any]) -> int | None:
    """GDELT's Geo_Type of a contract Place: country, (US) state, or (US/world) city."""
    if not location or location.get("lat") is None:
        return None
    us = location.get("country_code") == "USA"
    if location.get("feature_class") == "P" or (
        location.get("feature_class") is None
        and location.get("name")
        and location.get("name") != location.get("country_code")
    ):
        return US_CITY if us else WORLD_CITY
    if location.get("admin1"):
        return US_STATE if us else WORLD_STATE
    return COUNTRY


def _geo(location: Mapping[str, Any] | None) -> list[Any]:
    if not location:
        return [None] * 8
    country = location.get("country_code")
    code = fips(country)
    # Flashpoint's admin1 is GeoNames' "IQ.07"; GDELT's ADM1Code is the FIPS country code + the division's
    # code ("IZ07"; for US states the postal code: "USCA"), which GeoNames' division codes mostly are.
    admin1 = (location.get("admin1") or "").rpartition(".")[2]
    name = location.get("name")
    country_full = country_name(country)
    full = ", ".join(x for x in (name, country_full) if x) if geo_type(location) != COUNTRY else name
    return [
        geo_type(location), full, code, f"{code}{admin1}" if code and admin1 else code, None,
        location.get("lat"), location.get("lon"), location.get("geonameid"),
    ]  # fmt: skip


def row(event: Mapping[str, Any]) -> list[Any]:
    """One GDELT 2.0 event row (61 values) for an exported event."""
    when = day(event)
    cameo = event.get("cameo") or ""
    quad = event.get("quad_class")
    article = event.get("article") or {}
    sentence = event.get("sentence") or {}
    added = (article.get("ingested_at") or "").replace("-", "").replace(":", "").replace("T", "")[:14]
    return [
        numeric_id(event["article_id"], event["id"]),
        when.strftime("%Y%m%d") if when else None,
        when.strftime("%Y%m") if when else None,
        when.year if when else None,
        round(when.year + (when.timetuple().tm_yday - 1) / 365, 4) if when else None,
        *_actor(first(event, "actor")),
        *_actor(first(event, "recipient")),
        1 if sentence.get("index") == 0 else 0,  # IsRootEvent: coded from the article's lead sentence
        cameo or None, cameo[:3] or None, cameo[:2] or None,
        1 if quad == 0 else quad,  # GDELT counts CAMEO 01-02 (our quad class 0) as verbal cooperation
        event.get("goldstein"),
        1, 1, 1, None,  # one mention, one source, one article; no tone
        *[None] * 8, *[None] * 8,  # actors are not geocoded
        *_geo(event.get("location")),
        added or None,
        article.get("url") or article.get("source") or event["article_id"],
    ]  # fmt: skip
