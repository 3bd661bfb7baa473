"""The monitor's settings, read once from data/monitor/monitor.yaml."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from ..data import read_yaml


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    min_jaccard: float
    min_containment: float
    min_shingles_for_containment: int


@dataclass(frozen=True, slots=True)
class TermSettings:
    prior_documents: int
    words_per_document: int


@dataclass(frozen=True, slots=True)
class StorySettings:
    entity_labels: tuple[str, ...]
    lead_lines: int
    date_weight: int
    window_days: int
    neighbours: int
    threshold: float
    max_cut: float
    max_candidates: int


@dataclass(frozen=True, slots=True)
class IncidentSettings:
    excluded_modalities: tuple[str, ...]
    date_window_days: int
    max_distance_km: float
    compatible_types: tuple[tuple[str, ...], ...]
    sentence_weight: float
    article_weight: float
    threshold: float
    max_candidates_per_type: int | None  # None: no limit

    def types_like(self, event_type: str) -> frozenset[str]:
        """The event types that can name the same happening as `event_type` (itself included)."""
        found = {event_type}
        for group in self.compatible_types:
            if event_type in group:
                found.update(group)
        return frozenset(found)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    min_count: int
    ratio_4_weeks: float
    min_increase: float
    sd_52_weeks: float
    min_history_weeks: int


@dataclass(frozen=True, slots=True)
class CusumSettings:
    baseline_weeks: int
    gap_weeks: int
    min_baseline: float
    shift: float
    threshold: float
    min_count: int


@dataclass(frozen=True, slots=True)
class AlertSettings:
    quad_classes: tuple[int, ...]
    rules: RuleSettings
    cusum: CusumSettings


def _build(cls: type, raw: dict[str, Any], where: str) -> Any:
    names = {f.name for f in fields(cls)}
    if set(raw) != names:
        raise ValueError(
            f"data/monitor/monitor.yaml {where}: expected keys {sorted(names)}, got {sorted(raw)}"
        )
    return cls(**{k: tuple(map(tuple, v)) if k == "compatible_types" else
                  tuple(v) if isinstance(v, list) else v for k, v in raw.items()})  # fmt: skip


@cache
def duplicate_settings() -> DuplicateSettings:
    return _build(DuplicateSettings, read_yaml("monitor", "monitor.yaml")["duplicates"], "duplicates")


@cache
def term_settings() -> TermSettings:
    return _build(TermSettings, read_yaml("monitor", "monitor.yaml")["terms"], "terms")


@cache
def story_settings() -> StorySettings:
    return _build(StorySettings, read_yaml("monitor", "monitor.yaml")["stories"], "stories")


@cache
def incident_settings() -> IncidentSettings:
    return _build(IncidentSettings, read_yaml("monitor", "monitor.yaml")["incidents"], "incidents")


@cache
def alert_settings() -> AlertSettings:
    raw = read_yaml("monitor", "monitor.yaml")["alerts"]
    return AlertSettings(
        quad_classes=tuple(raw["quad_classes"]),
        rules=_build(RuleSettings, raw["rules"], "alerts/rules"),
        cusum=_build(CusumSettings, raw["cusum"], "alerts/cusum"),
    )
