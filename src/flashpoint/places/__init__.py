"""places: toponyms found in the text, resolved offline against GeoNames, and event locations.

`find_places(doc)` returns `records.Place`s with exact character offsets; the `flashpoint_places` spaCy
component stores them on `doc._.places`; `place_for_tokens` picks an event's location among them.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions, stage_results
from ..records.model import Place
from .finder import Mention, find_mentions
from .gazetteer import Candidate, Gazetteer, get_gazetteer, haversine_km, normalize
from .locate import place_for_tokens
from .resolve import resolve_mentions

__all__ = [
    "Gazetteer",
    "find_places",
    "get_gazetteer",
    "haversine_km",
    "normalize",
    "place_for_tokens",
    "places_component",
    "to_place",
]

register_extensions()


def to_place(mention: Mention, candidate: Candidate | None) -> Place:
    """The contract record for a mention and its chosen entry (unresolved: text only)."""
    if candidate is None:
        return Place(
            mention.text, mention.start, mention.end, mention.text, None, None, None, None, None, None
        )
    if candidate.admin1_name:
        admin1 = candidate.admin1_name
    elif candidate.admin1 and candidate.country2:
        # Outside the US the gazetteer has admin1 codes, not names: "IQ.07" is GeoNames' code for Baghdad.
        admin1 = f"{candidate.country2}.{candidate.admin1}"
    else:
        admin1 = None
    return Place(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        name=candidate.name,
        geonameid=candidate.geonameid,
        lat=candidate.lat,
        lon=candidate.lon,
        country_code=candidate.country3,
        feature_class=candidate.feature_class,
        admin1=admin1,
    )


def find_places(doc: Doc, *, demonyms: bool = False, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The toponyms in `doc`, in document order, each resolved to a gazetteer entry where one fits.

    `demonyms=True` also returns country adjectives ("Russian") as mentions of the country, as some
    toponym corpora annotate them; by default they only inform the article's country focus.
    """
    gazetteer = gazetteer or get_gazetteer()
    mentions = find_mentions(doc, gazetteer, demonyms=demonyms)
    actor_countries = [entity.code for entity in stage_results(doc, "entities") if entity.code]
    chosen = resolve_mentions(mentions, gazetteer, actor_countries=actor_countries)
    return place_containers(doc, [to_place(m, chosen.get(id(m))) for m in mentions if m.emit])


CONTAINER_DEPS = frozenset({"poss", "compound", "nmod"})
CONTAINER_PREPS = frozenset({"in", "of", "near", "outside"})


def place_containers(doc: Doc, places: list[Place]) -> list[Place]:
    """An unlisted place named inside a listed one ("Baghdad's Green Zone", "the Green Zone in Baghdad")
    takes the container's country, region and point; its own name and the null id say it is unlisted."""
    by_token: dict[int, Place] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        for token in span or ():
            by_token[token.i] = place
    result = []
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        container = None
        if place.country_code is None and span is not None and len(span):
            root = span.root
            near = [
                c
                for c in root.children
                if c.dep_ in CONTAINER_DEPS and c.i not in range(span.start, span.end)
            ]
            near += [
                obj
                for prep in root.children
                if prep.dep_ == "prep" and prep.lower_ in CONTAINER_PREPS
                for obj in prep.children
                if obj.dep_ == "pobj"
            ]
            container = next(
                (by_token[t.i] for t in near if t.i in by_token and by_token[t.i].country_code), None
            )
        if container is None:
            result.append(place)
        else:
            result.append(
                replace(
                    place,
                    lat=container.lat,
                    lon=container.lon,
                    country_code=container.country_code,
                    admin1=container.admin1,
                )
            )
    return result


@Language.component("flashpoint_places", requires=["doc.ents"], assigns=["doc._.places"])
def places_component(doc: Doc) -> Doc:
    doc._.places = find_places(doc)
    return doc
