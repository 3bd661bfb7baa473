"""The dashboard's offline basemap: a simplified world GeoJSON built from Natural Earth country outlines.

The shipped file `web/static/world.geojson` comes from Natural Earth's 1:110m Admin 0 countries (public
domain, https://www.naturalearthdata.com/), as the shapefile `naturalearth_lowres.shp` that geopandas 0.14
bundled. It was built with:

    pip download --no-deps -d /tmp/gpd geopandas==0.14.4   # unzip geopandas/datasets/naturalearth_lowres/*
    python -m flashpoint.web.basemap /tmp/gpd/.../naturalearth_lowres.shp \
        src/flashpoint/web/static/world.geojson

Reading needs no GIS library: a polygon shapefile and its dBASE table are simple binary formats, read here
with `struct`. Coordinates are rounded to 0.1 degree and runs of points that collapse onto one are dropped,
which keeps the file small (a world map 1000 pixels wide cannot show more).
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_POLYGON = 5  # the shapefile shape type of (multi)polygons


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBASE III table, every value as stripped text."""
    data = path.read_bytes()
    n_records, header_size, record_size = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    offset = 32
    while data[offset] != 0x0D:  # the header's field descriptors end with a carriage return
        name = data[offset : offset + 11].split(b"\x00")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for index in range(n_records):
        start = header_size + index * record_size + 1  # skip the deletion flag
        record = {}
        for name, size in fields:
            record[name] = data[start : start + size].decode("utf-8", "replace").strip()
            start += size
        records.append(record)
    return records


def read_polygons(path: Path) -> Iterator[list[list[tuple[float, float]]]]:
    """The rings (lists of (lon, lat)) of each record of a polygon shapefile, in file order."""
    data = path.read_bytes()
    offset = 100  # the main file header
    while offset < len(data):
        _, length_words = struct.unpack(">II", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * length_words]
        offset += 8 + 2 * length_words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != _POLYGON:
            yield []
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        points = [struct.unpack("<dd", content[base + 16 * i : base + 16 * (i + 1)]) for i in range(n_points)]
        yield [points[start:end] for start, end in zip(parts, [*parts[1:], n_points], strict=True)]


def _simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 1), round(lat, 1)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def _is_clockwise(ring: list[list[float]]) -> bool:
    # Shapefiles draw outer rings clockwise and holes counter-clockwise (signed area).
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    return area < 0


def build_basemap(shapefile: Path) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of countries: properties `iso_a3` and `name`, simplified rings."""
    records = read_dbf(shapefile.with_suffix(".dbf"))
    features = []
    for record, rings in zip(records, read_polygons(shapefile), strict=True):
        polygons: list[list[list[list[float]]]] = []
        for ring in rings:
            simple = _simplify(ring)
            if len(simple) < 4:  # too small to see at this scale
                continue
            if _is_clockwise(simple) or not polygons:
                polygons.append([simple])
            else:
                polygons[-1].append(simple)
        if not polygons:
            continue
        code = record.get("iso_a3") or ""
        features.append({
            "type": "Feature",
            "properties": {"iso_a3": code if code != "-99" else None, "name": record.get("name")},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })  # fmt: skip
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via geopandas 0.14 "
        "naturalearth_lowres; simplified by flashpoint.web.basemap",
        "features": features,
    }


def main(argv: list[str]) -> None:  # pragma: no cover - a build tool, run by hand
    if len(argv) != 2:
        sys.exit("usage: python -m flashpoint.web.basemap NATURALEARTH.shp OUT.geojson")
    collection = build_basemap(Path(argv[0]))
    Path(argv[1]).write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries to {argv[1]}")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
