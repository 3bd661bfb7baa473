"""Limits that keep one request from exhausting the server, in one table (cf. datasette's SETTINGS).

`Setting(name, default, help)`: `flashpoint serve --setting NAME VALUE` overrides a default;
docs/PERFORMANCE.md and the tests read the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: int
    help: str


SETTINGS = (
    Setting("default_page_size", 50, "Events (or articles) per page when a request gives no limit"),
    Setting("max_page_size", 500, "The largest page a request may ask for"),
    Setting("max_offset", 1_000_000, "The largest offset a request may ask for"),
    Setting("max_filter_values", 50, "The most values one filter may list (e.g. ?type=A&type=B...)"),
    Setting("max_text_length", 200, "The longest free-text or code value a filter may give"),
    Setting("max_export_rows", 250_000, "The most events one export request writes"),
    Setting("max_timeline_buckets", 400, "The most days/weeks/months one timeline may draw"),
    Setting("max_map_points", 2_000, "The most places one map may draw"),
    Setting("max_dyads", 500, "The most actor-recipient pairs one network may draw"),
    Setting("max_body_bytes", 65_536, "The largest request body (a correction) accepted"),
    Setting("limit_concurrency", 200, "Connections served at once; more get HTTP 503 (uvicorn)"),
)


@dataclass(frozen=True, slots=True)
class Limits:
    default_page_size: int = 50
    max_page_size: int = 500
    max_offset: int = 1_000_000
    max_filter_values: int = 50
    max_text_length: int = 200
    max_export_rows: int = 250_000
    max_timeline_buckets: int = 400
    max_map_points: int = 2_000
    max_dyads: int = 500
    max_body_bytes: int = 65_536
    limit_concurrency: int = 200

    @classmethod
    def with_overrides(cls, overrides: dict[str, int] | None = None) -> Limits:
        """The defaults with some settings changed; ValueError for an unknown name or a value below 1."""
        known = {f.name for f in fields(cls)}
        for name, value in (overrides or {}).items():
            if name not in known:
                raise ValueError(f"unknown setting {name!r}; settings: {', '.join(sorted(known))}")
            if value < 1:
                raise ValueError(f"setting {name} must be at least 1")
        return cls(**(overrides or {}))


assert [s.name for s in SETTINGS] == [f.name for f in fields(Limits)]
assert all(s.default == f.default for s, f in zip(SETTINGS, fields(Limits), strict=True))
