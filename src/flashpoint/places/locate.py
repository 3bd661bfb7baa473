"""Where an event happened: the place syntactically attached to its words, else the first in its sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..data import read_lines
from ..records.model import Place

# How far below a preposition's object a place may sit ("in the capital, Baghdad"; "in the city of Mosul").
MAX_DEPTH = 3
# A noun trigger that is the subject or object of a verb shares the verb's location ("clashes erupted in X").
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
PARTICIPANT_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "npadvmod"})
# A country as subject or object acts ("the United States will not tolerate ..."); it is not a location.
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative"})


DESTINATION_PREPOSITIONS = frozenset({"to", "toward", "towards", "into"})


def _word_list(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in read_lines("gazetteer", name))


@lru_cache(maxsize=1)
def locative_prepositions() -> frozenset[str]:
    return _word_list("locative_prepositions.txt")


@lru_cache(maxsize=1)
def destination_verbs() -> frozenset[str]:
    return _word_list("destination_verbs.txt")


def _token_places(doc: Doc, places: Sequence[Place]) -> dict[int, Place]:
    # Asked once per event with the same places: built once per Doc and list of places.
    cached = doc.user_data.get("flashpoint_token_places")
    if cached is not None and cached[0] is places and cached[1] == len(places):
        return cached[2]
    index: dict[int, Place] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        for token in span or ():
            index.setdefault(token.i, place)
    doc.user_data["flashpoint_token_places"] = (places, len(places), index)
    return index


def _place_below(token: Token, token_places: dict[int, Place], depth: int = 0) -> Place | None:
    """The first place in `token` or among its dependents, breadth-first to MAX_DEPTH."""
    if token.i in token_places:
        return token_places[token.i]
    if depth >= MAX_DEPTH:
        return None
    for child in token.children:
        if child.dep_ in {"compound", "appos", "conj", "pobj", "prep", "nmod", "npadvmod"}:
            found = _place_below(child, token_places, depth + 1)
            if found is not None:
                return found
    return None


def _attached(token: Token, token_places: dict[int, Place]) -> Place | None:
    """A place in a locative prepositional phrase on `token` ("attacked in Baghdad"), or the destination
    of a verb of motion ("traveled to Tehran")."""
    prepositions = locative_prepositions()
    if token.lemma_.lower() in destination_verbs():
        prepositions = prepositions | DESTINATION_PREPOSITIONS
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = _place_below(obj, token_places)
                    if found is not None:
                        return found
    return None


def _attached_in_subtree(token: Token, token_places: dict[int, Place]) -> Place | None:
    for node in token.subtree:
        found = _attached(node, token_places)
        if found is not None:
            return found
    return None


def place_for_tokens(
    doc: Doc, places: Sequence[Place], token_indices: Sequence[int], sentence: Span | None = None
) -> Place | None:
    """The location of an event given its token indices (the trigger first, then its arguments' heads).

    Returns a copy of the chosen Place with `link` set: "trigger" for a locative phrase on the trigger
    (or on the verb a noun trigger is subject/object of), "argument" for one inside an argument's subtree,
    "sentence" for a place in `sentence` that is not one of the event's participants (a locative phrase
    first), "article" for the article's focus (`article_focus`) when the sentence has none; None when the
    article names no resolvable place.
    """
    if not places or not token_indices:
        return None
    token_places = _token_places(doc, places)
    trigger = doc[token_indices[0]]
    found = _attached(trigger, token_places)
    if found is None and trigger.dep_ in NOMINAL_DEPS and trigger.head.i != trigger.i:
        found = _attached(trigger.head, token_places)
    if found is not None:
        return replace(found, link="trigger")
    for i in token_indices[1:]:
        found = _attached_in_subtree(doc[i], token_places)
        if found is not None:
            return replace(found, link="argument")
    sentence = sentence if sentence is not None else trigger.sent
    # A place that is one of the event's participants ("Iran accused ...") is not where it happened.
    participant = set(token_indices)
    for i in token_indices[1:]:
        # The words naming a participant ("Iraq's Foreign Minister ...", "U.S. troops") are not a location.
        for child in doc[i].lefts:
            if child.dep_ in PARTICIPANT_MODIFIER_DEPS:
                participant.update(t.i for t in child.subtree)
    # Prefer a place in a locative phrase anywhere in the sentence ("... in Baghdad"); a place that only
    # modifies a noun ("the U.S. embassy", "Iraq's minister") says whose, not where.
    fallback = None
    for place in places:
        if not (sentence.start_char <= place.start and place.end <= sentence.end_char):
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or any(t.i in participant for t in span):
            continue
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in locative_prepositions():
            return replace(place, link="sentence")
        if fallback is None and root.dep_ not in PARTICIPANT_MODIFIER_DEPS | ACTOR_DEPS:
            fallback = place
    if fallback is not None:
        return replace(fallback, link="sentence")
    focus = article_focus(places)
    return replace(focus, link="article") if focus is not None else None


def article_focus(places: Sequence[Place]) -> Place | None:
    """The place an article is mostly about: the resolved place named most often (the first on a tie).

    It is the last resort for an event whose sentence names no place, and is marked `link="article"`.
    """
    counts: dict[tuple[str | None, int | None, str], int] = {}
    first: dict[tuple[str | None, int | None, str], Place] = {}
    for place in places:
        if place.lat is None or place.lon is None:
            continue
        key = (place.country_code, place.geonameid, place.name)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, place)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[best]
