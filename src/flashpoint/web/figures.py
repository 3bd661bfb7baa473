"""The dashboard's figures as SVG geometry: a timeline, a map on the shipped basemap, and a dyad network.

Pure functions from the store's aggregates to shapes (coordinates, colours, titles and the link to the
events behind each shape); the templates only draw them. No charting library: the server sends plain SVG,
so the figures work with no internet and no JavaScript.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parent / "static"
QUAD_NAMES = {
    0: "neutral (statement, appeal)",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {0: "#9aa5b1", 1: "#7fc8a9", 2: "#2e8b57", 3: "#f0a04b", 4: "#c0392b"}
COOPERATION, CONFLICT, MIXED, NEUTRAL = "#2e8b57", "#c0392b", "#d68910", "#8795a1"

Link = Callable[..., str]  # link(**filters) -> the events page's URL for those filters


def _nice_ticks(maximum: float, count: int = 5) -> list[int]:
    if maximum <= 0:
        return [0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [int(i * step) for i in range(int(maximum // step) + 2) if i * step <= maximum * 1.0001 + step]


# -- timeline ---------------------------------------------------------------------------------------------


def timeline_figure(data: Mapping[str, Any], link: Link, *, width: int = 1000, height: int = 360) -> dict:
    """Stacked bars of events per quad class and a line of the mean Goldstein score, per bucket."""
    left, right, top, bottom = 56, 56, 30, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    buckets = data.get("buckets") or []
    figure: dict[str, Any] = {"width": width, "height": height, "bars": [], "points": [], "lines": []}
    figure.update(
        left=left, right=width - right, top=top, bottom=height - bottom, interval=data.get("interval")
    )
    if not buckets:
        return figure
    peak = max(b["total"] for b in buckets) or 1
    ticks = _nice_ticks(peak)
    scale_max = max(ticks[-1], peak)
    band = plot_w / len(buckets)
    gap = min(2.0, band * 0.15)

    def y_count(value: float) -> float:
        return top + plot_h - value / scale_max * plot_h

    def y_goldstein(value: float) -> float:
        return top + plot_h / 2 - value / 10 * (plot_h / 2)

    segment: list[str] = []
    for index, bucket in enumerate(buckets):
        x = left + index * band
        base = 0
        span = f"{bucket['start']}" + (f" to {bucket['end']}" if bucket["end"] != bucket["start"] else "")
        for quad in (4, 3, 2, 1, 0):  # conflict at the bottom, where it is easiest to compare
            count = bucket["counts"].get(quad, 0)
            if not count:
                continue
            y0, y1 = y_count(base), y_count(base + count)
            figure["bars"].append({
                "x": round(x + gap / 2, 2), "y": round(y1, 2), "w": round(max(band - gap, 0.8), 2),
                "h": round(y0 - y1, 2), "fill": QUAD_COLOURS[quad], "quad": quad,
                "title": f"{span}: {count} {QUAD_NAMES[quad]} events",
                "href": link(since=bucket["start"], until=bucket["end"], quad_class=[quad]),
            })  # fmt: skip
            base += count
        if bucket["goldstein"] is None:
            if segment:
                figure["lines"].append(" ".join(segment))
            segment = []
            continue
        cx, cy = x + band / 2, y_goldstein(bucket["goldstein"])
        segment.append(f"{cx:.1f},{cy:.1f}")
        figure["points"].append({
            "cx": round(cx, 2), "cy": round(cy, 2), "href": link(since=bucket["start"], until=bucket["end"]),
            "title": f"{span}: mean Goldstein {bucket['goldstein']:+.2f} over {bucket['total']} events",
        })  # fmt: skip
    if segment:
        figure["lines"].append(" ".join(segment))
    figure["y_ticks"] = [{"y": round(y_count(t), 1), "label": str(t)} for t in ticks if t <= scale_max]
    figure["g_ticks"] = [{"y": round(y_goldstein(g), 1), "label": f"{g:+d}"} for g in (-10, -5, 0, 5, 10)]
    every = max(1, math.ceil(len(buckets) / 10))
    figure["x_ticks"] = [
        {"x": round(left + (i + 0.5) * band, 1), "label": b["start"]}
        for i, b in enumerate(buckets)
        if i % every == 0
    ]
    figure["zero_y"] = round(y_goldstein(0), 1)
    return figure


# -- map --------------------------------------------------------------------------------------------------

LAT_TOP, LAT_BOTTOM = 84.0, -58.0  # crop the poles: no news happens there at this scale


def _project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    lat = max(min(lat, LAT_TOP), LAT_BOTTOM)
    return (lon + 180) / 360 * width, (LAT_TOP - lat) / (LAT_TOP - LAT_BOTTOM) * height


@cache
def _basemap() -> dict[str, Any]:
    return json.loads((STATIC / "world.geojson").read_text(encoding="utf-8"))


@cache
def basemap_paths(width: int = 1000) -> tuple[tuple[str | None, str, str], ...]:
    """(ISO alpha-3, name, SVG path data) of every country of the shipped basemap, equirectangular."""
    height = map_height(width)
    out = []
    for feature in _basemap()["features"]:
        parts = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points = [_project(lon, lat, width, height) for lon, lat in ring]
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        props = feature["properties"]
        out.append((props.get("iso_a3"), props.get("name") or "", "".join(parts)))
    return tuple(out)


def map_height(width: int) -> int:
    return round(width * (LAT_TOP - LAT_BOTTOM) / 360)


def _shade(count: int, peak: int) -> str:
    if not count:
        return "#eef1f4"
    level = math.ceil(5 * math.log1p(count) / math.log1p(max(peak, 1)))
    return ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#eb7f54")[min(max(level, 1), 5) - 1]


def _tone(cooperation: int, conflict: int) -> str:
    if not cooperation and not conflict:
        return NEUTRAL
    share = conflict / (cooperation + conflict)
    return CONFLICT if share > 0.6 else COOPERATION if share < 0.4 else MIXED


def map_figure(
    points: Sequence[Mapping[str, Any]], countries: Mapping[str, int], link: Link, *, width: int = 1000
) -> dict:
    """Countries shaded by how many events happened there, and a circle per place sized by its events."""
    height = map_height(width)
    peak_country = max(countries.values(), default=0)
    shapes = [
        {
            "d": d,
            "fill": _shade(countries.get(code or "", 0), peak_country),
            "code": code,
            "title": f"{name}: {countries.get(code or '', 0)} events",
            "href": link(country=[code]) if code and countries.get(code) else None,
        }
        for code, name, d in basemap_paths(width)
    ]
    peak = max((p["events"] for p in points), default=1)
    circles = []
    for point in sorted(points, key=lambda p: -p["events"]):
        x, y = _project(point["lon"], point["lat"], width, height)
        place = point["place"] or "(unnamed)"
        circles.append({
            "cx": round(x, 1), "cy": round(y, 1), "r": round(2.5 + 11 * math.sqrt(point["events"] / peak), 1),
            "fill": _tone(point["cooperation"], point["conflict"]),
            "title": f"{place} ({point['country'] or '?'}): {point['events']} events, {point['conflict']} "
            f"conflict, {point['cooperation']} cooperation",
            "href": link(place=[point["place"]], country=[point["country"]] if point["country"] else None),
        })  # fmt: skip
    return {"width": width, "height": height, "countries": shapes, "circles": circles}


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    length = math.hypot(tx - x, ty - y) or 1
    return x + (tx - x) / length * distance, y + (ty - y) / length * distance


# -- dyad network -----------------------------------------------------------------------------------------


def network_figure(
    dyads: Sequence[Mapping[str, Any]],
    link: Link,
    *,
    max_nodes: int = 40,
    max_edges: int = 160,
    width: int = 1000,
    height: int = 700,
) -> dict:
    """Actors as nodes on a circle, directed edges coloured by cooperation (green) or conflict (red)."""
    totals: dict[str, int] = {}
    for dyad in dyads:
        if dyad["actor"] == dyad["recipient"]:
            continue
        for code in (dyad["actor"], dyad["recipient"]):
            totals[code] = totals.get(code, 0) + dyad["events"]
    chosen = sorted(sorted(totals, key=lambda c: (-totals[c], c))[:max_nodes])
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 70
    peak = max(totals.values(), default=1)
    nodes: dict[str, dict[str, Any]] = {}
    for index, code in enumerate(chosen):
        angle = 2 * math.pi * index / max(len(chosen), 1) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        label_x, label_y = cx + (radius + 28) * math.cos(angle), cy + (radius + 28) * math.sin(angle)
        nodes[code] = {
            "code": code, "x": round(x, 1), "y": round(y, 1), "events": totals[code],
            "r": round(5 + 13 * math.sqrt(totals[code] / peak), 1),
            "lx": round(label_x, 1), "ly": round(label_y, 1),
            "anchor": "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle",
            "href": link(actor=[code]), "title": f"{code}: {totals[code]} events as actor or recipient",
        }  # fmt: skip
    edges = []
    kept = [
        d for d in dyads if d["actor"] in nodes and d["recipient"] in nodes and d["actor"] != d["recipient"]
    ]
    kept = sorted(kept, key=lambda d: -d["events"])[:max_edges]
    peak_edge = max((d["events"] for d in kept), default=1)
    for dyad in reversed(kept):  # the largest drawn last, on top
        a, b = nodes[dyad["actor"]], nodes[dyad["recipient"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        # Bend each edge to its left, so A->B and B->A are two curves, not one line; start and end it at
        # the nodes' rims, so the arrowhead shows.
        mx, my = (a["x"] + b["x"]) / 2 - dy * 0.12, (a["y"] + b["y"]) / 2 + dx * 0.12
        x0, y0 = _towards(a["x"], a["y"], mx, my, a["r"] + 1)
        x1, y1 = _towards(b["x"], b["y"], mx, my, b["r"] + 2)
        colour = _tone(dyad["cooperation"], dyad["conflict"])
        marker = {CONFLICT: "conflict", COOPERATION: "cooperation", MIXED: "mixed"}.get(colour, "neutral")
        edges.append({
            "d": f"M{x0:.1f} {y0:.1f} Q{mx:.1f} {my:.1f} {x1:.1f} {y1:.1f}", "stroke": colour,
            "marker": marker,
            "width": round(1 + 5 * math.log1p(dyad["events"]) / math.log1p(peak_edge), 2),
            "href": link(actor=[dyad["actor"]], recipient=[dyad["recipient"]]),
            "title": f"{dyad['actor']} → {dyad['recipient']}: {dyad['events']} events, {dyad['conflict']} "
            f"conflict, {dyad['cooperation']} cooperation, mean Goldstein "
            + (f"{dyad['goldstein']:+.2f}" if dyad["goldstein"] is not None else "n/a"),
        })  # fmt: skip
    return {"width": width, "height": height, "nodes": list(nodes.values()), "edges": edges}
