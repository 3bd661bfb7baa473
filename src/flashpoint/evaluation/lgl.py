"""LGL (Local-Global Lexicon): toponym detection and resolution on 588 local US news articles.

Detection is scored by overlap: a gold toponym is found when a predicted place overlaps it, and a
predicted place is correct when it overlaps any gold toponym (LGL also annotates streets and buildings
without a gazetteer entry; those count for detection). Resolution is scored on the found toponyms that
have a GeoNames entry: the same geonameid, and a predicted point within 161 km (100 miles) of the gold one.

LGL annotates country adjectives ("Russian", "American") as toponyms of the country; the places stage
leaves them out by default, so both readings are reported (keys ending in `_with_demonyms`).

    python -m flashpoint.evaluation.lgl ../shared/data/geo_lgl/lgl.xml [--limit N]
"""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..nlp import load_model, register_extensions
from ..places import find_places, get_gazetteer, haversine_km
from ..records.model import Place

WITHIN_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_lgl(path: Path, *, limit: int | None = None) -> Iterator[GoldArticle]:
    """The articles of lgl.xml with their toponyms (offsets index the article text)."""
    root = ET.parse(path).getroot()
    for count, article in enumerate(root.iter("article")):
        if limit is not None and count >= limit:
            return
        toponyms = []
        for toponym in article.iter("toponym"):
            gaz = toponym.find("gaztag")
            toponyms.append(
                GoldToponym(
                    start=int(toponym.findtext("start", "0")),
                    end=int(toponym.findtext("end", "0")),
                    phrase=toponym.findtext("phrase", ""),
                    geonameid=int(gaz.get("geonameid", "0")) or None if gaz is not None else None,
                    lat=float(gaz.findtext("lat", "nan")) if gaz is not None else None,
                    lon=float(gaz.findtext("lon", "nan")) if gaz is not None else None,
                )
            )
        yield GoldArticle(article.get("docid", str(count)), article.findtext("text", ""), tuple(toponyms))


class _Tally:
    def __init__(self) -> None:
        self.gold = self.found = self.predicted = self.correct_predicted = 0
        self.resolvable = self.exact = self.near = 0

    def add(self, article: GoldArticle, places: list[Place]) -> list[dict[str, Any]]:
        """Count one article; return its resolution errors (for inspection)."""
        errors = []
        self.gold += len(article.toponyms)
        self.predicted += len(places)
        self.correct_predicted += sum(
            any(p.start < g.end and g.start < p.end for g in article.toponyms) for p in places
        )
        for gold in article.toponyms:
            match = next((p for p in places if p.start < gold.end and gold.start < p.end), None)
            if match is None:
                continue
            self.found += 1
            if gold.geonameid is None or gold.lat is None or gold.lon is None:
                continue
            self.resolvable += 1
            exact = match.geonameid == gold.geonameid
            near = (
                match.lat is not None
                and match.lon is not None
                and (haversine_km((match.lat, match.lon), (gold.lat, gold.lon)) <= WITHIN_KM)
            )
            self.exact += exact
            self.near += near
            if not near:
                errors.append({
                    "docid": article.docid, "phrase": gold.phrase, "gold": gold.geonameid,
                    "predicted": match.name, "country": match.country_code, "admin1": match.admin1,
                })  # fmt: skip
        return errors

    def metrics(self, suffix: str = "") -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            f"recall{suffix}": ratio(self.found, self.gold),
            f"precision{suffix}": ratio(self.correct_predicted, self.predicted),
            f"accuracy_exact_id{suffix}": ratio(self.exact, self.resolvable),
            f"accuracy_161km{suffix}": ratio(self.near, self.resolvable),
            f"gold_toponyms{suffix}": self.gold,
            f"found{suffix}": self.found,
            f"predicted{suffix}": self.predicted,
            f"resolvable_found{suffix}": self.resolvable,
        }


def evaluate_lgl(path: Path, *, limit: int | None = None, model: str | None = None,
                 errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    """Detection recall/precision and resolution accuracy (exact id, within 161 km) on LGL.

    `errors`, when given, collects the resolution errors of the default reading.
    """
    register_extensions()
    nlp = load_model(model)
    gazetteer = get_gazetteer()
    articles = list(read_lgl(path, limit=limit))
    plain, with_demonyms = _Tally(), _Tally()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        doc._.article = None
        doc._.entities = None  # the actors stage has not run: the places stage must cope
        found = plain.add(article, find_places(doc, gazetteer=gazetteer))
        if errors is not None:
            errors.extend(found)
        with_demonyms.add(article, find_places(doc, demonyms=True, gazetteer=gazetteer))
    return {"articles": len(articles), **plain.metrics(), **with_demonyms.metrics("_with_demonyms")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="lgl.xml")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=Path, default=None, help="write resolution errors (JSON Lines) here")
    args = parser.parse_args(argv)
    errors: list[dict[str, Any]] = []
    result = evaluate_lgl(args.path, limit=args.limit, errors=errors)
    print(json.dumps(result, indent=2))
    if args.errors:
        args.errors.write_text("".join(json.dumps(e) + "\n" for e in errors), encoding="utf-8")


if __name__ == "__main__":
    main()
