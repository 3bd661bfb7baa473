"""The event ontology: CAMEO codes, PLOVER types/modes/contexts, sector codes and the ACLED mapping.

Everything is read from the shipped tables in `data/ontology/` (built by `tools/build_ontology.py`) once
per process. CAMEO codes are strings ("042", "1711"); PLOVER types are upper case ("ASSAULT").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .data import read_tsv, read_yaml
from .records.model import Acled

ANY = "*"


@dataclass(frozen=True, slots=True)
class CameoEntry:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_contexts: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class PloverMode:
    name: str
    description: str
    score: float | None


@dataclass(frozen=True, slots=True)
class PloverType:
    name: str
    description: str
    quad_class: int
    requires_recipient: bool
    score: float | None
    default_cameo: str
    modes: tuple[PloverMode, ...]


@dataclass(frozen=True, slots=True)
class _AcledRule:
    plover_type: str
    plover_mode: str
    cameo_prefix: str
    acled: Acled

    def matches(self, plover_type: str, mode: str | None, cameo: str | None) -> bool:
        return (
            self.plover_type in (ANY, plover_type)
            and self.plover_mode in (ANY, mode)
            and (self.cameo_prefix == ANY or (cameo or "").startswith(self.cameo_prefix))
        )

    def rank(self) -> tuple[int, int, int]:
        # A named mode beats any CAMEO prefix: an event typed by mode with a generic code ("190",
        # mode aerial) is an air strike, not the 19x default.
        prefix = 0 if self.cameo_prefix == ANY else len(self.cameo_prefix)
        return (self.plover_mode != ANY, prefix, self.plover_type != ANY)


# ---------------------------------------------------------------------------------------------- CAMEO


@lru_cache(maxsize=1)
def _cameo_table() -> Mapping[str, CameoEntry]:
    table = {}
    for row in read_tsv("ontology", "cameo.tsv"):
        code = row["code"] or ""
        table[code] = CameoEntry(
            code=code,
            name=row["name"] or "",
            goldstein=float(row["goldstein"] or 0.0),
            quad_class=int(row["quad_class"] or 0),
            plover_type=row["plover_type"],
            plover_mode=row["plover_mode"],
            plover_contexts=tuple(c for c in (row["plover_contexts"] or "").split(",") if c),
        )
    return MappingProxyType(table)


def cameo_codes() -> tuple[str, ...]:
    """Every CAMEO code in the table (2-4 digits), in codebook order."""
    return tuple(_cameo_table())


def is_cameo(code: str) -> bool:
    return code in _cameo_table()


@lru_cache(maxsize=1024)
def cameo(code: str) -> CameoEntry:
    """The entry for a CAMEO code; an unknown 3-4 digit code falls back to its nearest parent.

    Raises KeyError when not even the 2-digit root is a CAMEO code.
    """
    table = _cameo_table()
    code = code.strip()
    for length in range(len(code), 1, -1):
        if code[:length] in table and code[:length].isdigit():
            return table[code[:length]]
    raise KeyError(f"not a CAMEO code: {code!r}")


# --------------------------------------------------------------------------------------------- PLOVER


@lru_cache(maxsize=1)
def _plover() -> dict[str, Any]:
    return read_yaml("ontology", "plover.yaml")


@lru_cache(maxsize=1)
def _plover_types() -> Mapping[str, PloverType]:
    types = {}
    for item in _plover()["types"]:
        modes = tuple(PloverMode(m["name"], m["description"], m.get("score")) for m in item["modes"])
        types[item["name"]] = PloverType(
            name=item["name"],
            description=item["description"],
            quad_class=int(item["quad_class"]),
            requires_recipient=bool(item["requires_recipient"]),
            score=item.get("score"),
            default_cameo=str(item["default_cameo"]),
            modes=modes,
        )
    return MappingProxyType(types)


def plover_types() -> tuple[str, ...]:
    """The 16 PLOVER event types, in the manual's order."""
    return tuple(_plover_types())


def plover_type(name: str) -> PloverType:
    """Everything the manual says about one PLOVER type; KeyError for an unknown name."""
    return _plover_types()[name.upper()]


def plover_modes(plover_type: str) -> tuple[str, ...]:
    """The manual's mode names for a PLOVER type (empty for types without modes)."""
    return tuple(m.name for m in _plover_types()[plover_type.upper()].modes)


@lru_cache(maxsize=1)
def plover_contexts() -> tuple[str, ...]:
    return tuple(c["name"] for c in _plover()["contexts"])


@lru_cache(maxsize=1)
def sectors() -> Mapping[str, str]:
    """PLOVER sector codes (GOV, MIL, REB, ...) -> short description."""
    return MappingProxyType({s["code"]: s["description"] for s in _plover()["sectors"]})


@lru_cache(maxsize=1)
def international_actors() -> Mapping[str, str]:
    """PLOVER's international non-state actor codes (IGO, UNO, EUR, NGO, ...) -> name."""
    return MappingProxyType({a["code"]: a["name"] for a in _plover()["international_actors"]})


@lru_cache(maxsize=64)
def default_cameo_for(plover_type: str, mode: str | None = None) -> str:
    """The CAMEO code for an event known only by its PLOVER type (and perhaps mode).

    Without a mode this is the type's curated `default_cameo` in plover.yaml: the "x0" code of the CAMEO
    cue category it mostly comes from (ASSAULT -> 190, REQUEST -> 100, RETREAT -> 084). With a mode, the
    most general CAMEO code mapped to that type and mode, when there is one (ASSAULT/aerial -> 195).
    """
    entry = _plover_types()[plover_type.upper()]
    if mode:
        for code in sorted(_cameo_table(), key=lambda c: (len(c), c)):
            row = _cameo_table()[code]
            if len(code) > 2 and row.plover_type == entry.name and row.plover_mode == mode:
                return code
    return entry.default_cameo


# ---------------------------------------------------------------------------------------------- ACLED


@lru_cache(maxsize=1)
def _acled_rules() -> tuple[_AcledRule, ...]:
    return tuple(
        _AcledRule(
            plover_type=row["plover_type"] or ANY,
            plover_mode=row["plover_mode"] or ANY,
            cameo_prefix=row["cameo_prefix"] or ANY,
            acled=Acled(event_type=row["event_type"] or "", sub_event_type=row["sub_event_type"]),
        )
        for row in read_tsv("ontology", "acled.tsv")
    )


def acled_for(plover_type: str | None, mode: str | None = None, cameo: str | None = None) -> Acled | None:
    """ACLED's event type and sub-event type for a PLOVER event, or None if ACLED would not record it."""
    if not plover_type:
        return None  # CAMEO 01x statements have no PLOVER type and no ACLED counterpart
    candidates = [r for r in _acled_rules() if r.matches(plover_type.upper(), mode, cameo)]
    if not candidates:
        return None
    return max(candidates, key=_AcledRule.rank).acled


@lru_cache(maxsize=1)
def acled_types() -> Mapping[str, tuple[str, ...]]:
    """ACLED event type -> its sub-event types."""
    types: dict[str, list[str]] = {}
    for row in read_tsv("ontology", "acled_types.tsv"):
        types.setdefault(row["event_type"] or "", []).append(row["sub_event_type"] or "")
    return MappingProxyType({k: tuple(v) for k, v in types.items()})
