"""Finding toponyms in a parsed Doc.

Three sources, in order of trust: the NER's GPE/LOC/FAC entities; capitalised names the NER missed or
mislabelled that the gazetteer knows well enough (a country, a state, a county, or a town above a
population floor, with guards against ordinary words); and later mentions of a name already found as a
place ("one sense per article"). A name right after a comma that is a state or country ("Paris, Texas",
"Springfield, Mo.") is recorded as the qualifier of the name before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..data import read_lines
from .gazetteer import ALTERNATE, QUALIFIER, Candidate, Gazetteer, normalize

PLACE_LABELS = frozenset({"GPE", "LOC"})
# FAC covers streets, buildings and airports: taken only when the whole name is in the gazetteer.
MAYBE_PLACE_LABELS = frozenset({"FAC"})
DEMONYM_LABELS = frozenset({"NORP"})
STRONG_KINDS = frozenset({"country", "admin1", "admin2", "region", "continent"})
# Lower-case words that may sit inside a place name ("Strait of Hormuz", "Rio de Janeiro").
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "upon", "and"})
MAX_NAME_TOKENS = 6
DETERMINERS = frozenset({"the", "a", "an"})
# A town found by the gazetteer alone (no NER support) must be at least this big.
MIN_GAZETTEER_POPULATION = 15_000


@dataclass(slots=True)
class Mention:
    """A toponym occurrence: character and token offsets, its lookup key and gazetteer candidates."""

    start: int
    end: int
    token_start: int
    token_end: int
    text: str
    key: str
    candidates: tuple[Candidate, ...]
    source: str  # "ner", "gazetteer", "repeat", "qualifier", "demonym"
    qualifier: Mention | None = None
    is_qualifier: bool = False
    emit: bool = True  # False: evidence for the article's focus only (a demonym when they are not wanted)
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _not_toponyms() -> frozenset[str]:
    return frozenset(normalize(line) for line in _lines("not_toponyms.txt"))


@lru_cache(maxsize=1)
def _modifiers() -> dict[str, frozenset[str]]:
    rows = [row.split("\t") for row in _lines("modifiers.tsv")[1:]]
    return {pos: frozenset(w for w, p in rows if p == pos) for pos in ("prefix", "suffix")}


@lru_cache(maxsize=1)
def demonym_table() -> dict[str, str]:
    """Normalised demonym -> ISO2 country code."""
    rows = _lines("demonyms.tsv")[1:]
    return {normalize(demonym): iso2 for demonym, iso2 in (row.split("\t") for row in rows)}


def _lines(name: str) -> list[str]:
    return list(read_lines("gazetteer", name))


def _is_capitalised(token: Token) -> bool:
    return _is_capitalised_text(token.text)


def _is_capitalised_text(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _trim(span: Span) -> Span:
    """Drop leading determiners and punctuation and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in DETERMINERS):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in {"'s", "’s", "'", "’"}
        or (doc[end - 1].is_punct and doc[end - 1].text != ".")
    ):
        end -= 1
    # A trailing "." belongs to an abbreviation ("W.Va.", "D.C."), not to a full word ("Iraq.").
    if end > start and doc[end - 1].text == "." and doc[end - 2 if end - 2 >= start else start].whitespace_:
        end -= 1
    return doc[start:end]


def _parts(span: Span) -> list[Span]:
    """Split an entity at commas and possessives: "Paris, Texas" and "Baghdad's Green Zone" hold two names."""
    doc = span.doc
    parts, start = [], span.start
    for token in span:
        if token.text == "," or token.tag_ == "POS" or token.lower_ in {"'s", "’s"}:
            parts.append(doc[start : token.i])
            start = token.i + 1
    parts.append(doc[start : span.end])
    return [trimmed for part in parts if len(part) and len(trimmed := _trim(part))]


class MentionFinder:
    """Finds toponym mentions in one Doc (use `find_mentions`)."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, *, demonyms: bool = False) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.demonyms = demonyms
        self.mentions: list[Mention] = []
        self.taken = [False] * len(doc)  # tokens inside a mention
        self.entity_of: list[Span | None] = [None] * len(doc)
        # Words of the people named in the article: "Trapani said" is the person, not the Sicilian town.
        self.person_words: set[str] = set()
        # Each token's text, read once: the name scans below try every start and length.
        self.texts = [t.text for t in doc]
        self.lower = [t.lower_ for t in doc]
        self.trailing = [t.whitespace_ for t in doc]
        self.capitalised = [_is_capitalised_text(text) for text in self.texts]
        # Tokens that can be part of a name: capitalised words, connectors ("of", "de") and the "." of an
        # abbreviation.
        self.name_word = [
            not t.is_space and (cap or low in CONNECTORS or text == ".")
            for t, cap, low, text in zip(doc, self.capitalised, self.lower, self.texts, strict=True)
        ]
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.entity_of[i] = ent
            if ent.label_ == "PERSON" and len(ent) > 1:
                self.person_words.update(normalize(t.text) for t in ent if _is_capitalised(t))

    # ------------------------------------------------------------------------------------------- helpers

    def _candidates(self, span: Span, *, qualifier: bool = False) -> tuple[str, tuple[Candidate, ...]]:
        key = normalize(span.text)
        found = self.gaz.lookup_key(key) if key else ()
        if not qualifier:
            found = tuple(c for c in found if c.usage != QUALIFIER)
        return key, found

    def _add(self, span: Span, key: str, candidates: tuple[Candidate, ...], source: str, **kw) -> Mention:
        mention = Mention(
            span.start_char, span.end_char, span.start, span.end, span.text, key, candidates, source, **kw
        )
        self.mentions.append(mention)
        for i in range(span.start, span.end):
            self.taken[i] = True
        return mention

    def _free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def _strong(self, candidates: tuple[Candidate, ...], *, min_population: int) -> tuple[Candidate, ...]:
        """The candidates good enough for a name found without the NER's help."""
        return tuple(
            c
            for c in candidates
            if c.usage != ALTERNATE
            and (c.kind in STRONG_KINDS or (c.kind == "city" and c.population >= min_population))
        )

    def _without_modifiers(self, span: Span) -> tuple[Span, str, tuple[Candidate, ...]] | None:
        """The name inside "northern Iraq" or "the Baghdad area", when the whole is not in the gazetteer."""
        modifiers = _modifiers()
        start, end = span.start, span.end
        while end - start > 1 and span.doc[start].lower_ in modifiers["prefix"]:
            start += 1
        while end - start > 1 and span.doc[end - 1].lower_ in modifiers["suffix"]:
            end -= 1
        if (start, end) == (span.start, span.end):
            return None
        sub = span.doc[start:end]
        key, found = self._candidates(sub)
        # What is left is a bare name without the NER's word for it: it must stand on its own ("Iraq" in
        # "northern Iraq"), not be a hamlet that happens to share a word ("Bank" in "East Bank").
        if not self._strong(found, min_population=MIN_GAZETTEER_POPULATION) or key in _not_toponyms():
            return None
        return sub, key, tuple(c for c in found if c.usage != ALTERNATE)

    # ------------------------------------------------------------------------------------------- sources

    def from_entities(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ in PLACE_LABELS or ent.label_ in MAYBE_PLACE_LABELS:
                for part in _parts(ent):
                    self._entity_part(part, ent.label_)
            elif ent.label_ in DEMONYM_LABELS:
                self._demonym(ent)

    def _entity_part(self, part: Span, label: str) -> None:
        if not any(_is_capitalised(t) for t in part) or not self._free(part.start, part.end):
            return
        key = normalize(part.text)
        if key in demonym_table():
            # The NER sometimes tags an adjective ("Sri Lankan") as a place: it is a demonym.
            self._demonym(part)
            return
        # The NER's support lets an abbreviation that is otherwise only a qualifier stand alone ("Ind.").
        key, found = self._candidates(part, qualifier=label in PLACE_LABELS)
        if found:
            self._add(part, key, found, "ner")
        elif label in PLACE_LABELS:
            inner = self._without_modifiers(part)
            if inner:
                self._add(inner[0], inner[1], inner[2], "ner")
            else:
                self._add(part, key, (), "ner")

    def _demonym(self, ent: Span) -> None:
        span = _trim(ent)
        iso2 = demonym_table().get(normalize(span.text)) if len(span) else None
        country = self.gaz.country(iso2)
        if country is not None and self._free(span.start, span.end):
            names_place = self.demonyms or _modifies_place_noun(span)
            self._add(span, normalize(span.text), (country,), "demonym", emit=names_place)

    def from_gazetteer(self) -> None:
        """Capitalised names outside the NER's places that the gazetteer knows well."""
        doc = self.doc
        i = 0
        while i < len(doc):
            match = self._match_at(i)
            if match is None:
                i += 1
                continue
            span, key, found = match
            self._add(span, key, found, "gazetteer")
            i = span.end

    def _match_at(self, i: int) -> tuple[Span, str, tuple[Candidate, ...]] | None:
        doc = self.doc
        if self.taken[i] or not self.capitalised[i] or self.lower[i] in DETERMINERS:
            return None
        for end in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
            if not self._free(i, end) or not self._name_like_at(i, end):
                continue
            span = doc[i:end]
            # Stay inside one entity or outside all: a name that straddles an entity boundary is not one.
            entity = self.entity_of[i]
            if any(self.entity_of[j] is not entity for j in range(i, end)):
                continue
            key, found = self._candidates(span)
            if not found or key in _not_toponyms() or key in self.person_words:
                continue
            # The name is taken when one of its senses is strong enough on its own; all its main-name senses
            # then compete in resolution ("Paris" found this way may still be Paris, Illinois).
            strong = self._strong(found, min_population=MIN_GAZETTEER_POPULATION)
            if entity is not None and entity.label_ in {"PERSON", "NORP"}:
                # Inside a person's name or a group only a country, state, county or region counts ("Anderson
                # County" tagged PERSON, "Rapides Parish" tagged NORP), never a town ("Austin", "Jackson").
                whole = (entity.start, entity.end) == (i, end)
                strong = found = tuple(c for c in strong if c.kind in STRONG_KINDS)
                if (not whole and len(span) == 1) or key in demonym_table():
                    continue
            if not strong:
                continue
            if len(span) == 1 and not self._single_token_ok(doc[i], strong):
                continue
            return span, key, tuple(c for c in found if c.usage != ALTERNATE)
        return None

    def _name_like_at(self, start: int, end: int) -> bool:
        """Tokens start..end-1 are capitalised words, maybe joined by "of", "de" ..., ending in a
        capitalised word or abbreviation."""
        if not all(self.name_word[start:end]):
            return False
        if self.texts[end - 1] == ".":
            # Only as the end of an abbreviation ("W.Va" + "."), never a sentence's full stop.
            return end - start > 1 and "." in self.texts[end - 2] and not self.trailing[end - 2]
        return self.capitalised[end - 1]

    def _single_token_ok(self, token: Token, found: tuple[Candidate, ...]) -> bool:
        # One capitalised word is a weak signal: it must be tagged a proper noun, and at the start of a
        # sentence (where every word is capitalised) only a country/state-level name counts.
        if token.pos_ != "PROPN" and not token.is_upper:
            return False
        if token.is_sent_start:
            return any(c.kind in STRONG_KINDS for c in found)
        return True

    def repeats(self) -> None:
        """Other occurrences of a name already taken as a place, wherever the NER put them."""
        known = {m.key: m for m in self.mentions if m.candidates and m.source in {"ner", "gazetteer"}}
        if not known:
            return
        doc = self.doc
        longest = max(len(key.split()) for key in known) + 2  # "W.Va." is two tokens, one word
        i = 0
        while i < len(doc):
            hit = None
            if not self.taken[i] and self.capitalised[i] and self.lower[i] not in DETERMINERS:
                for end in range(min(len(doc), i + longest), i, -1):
                    if self._free(i, end) and self._name_like_at(i, end):
                        span = doc[i:end]
                        if normalize(span.text) in known:
                            hit = span
                            break
            if hit is None:
                i += 1
                continue
            entity = self.entity_of[hit.start]
            # Inside a longer PERSON name ("Alexandria Smith") the word is not the place.
            if not (entity is not None and entity.label_ == "PERSON" and len(entity) > len(hit)):
                model = known[normalize(hit.text)]
                self._add(hit, model.key, model.candidates, "repeat")
            i = hit.end

    def qualifiers(self) -> None:
        """Link "Paris, Texas" / "Springfield, Mo." / "Austin, TX": the second name qualifies the first."""
        doc = self.doc
        by_start = {m.token_start: m for m in self.mentions}
        for mention in sorted(self.mentions, key=lambda m: m.token_start):
            comma = mention.token_end
            if comma + 1 >= len(doc) or doc[comma].text != ",":
                continue
            following = by_start.get(comma + 1)
            if following is None:
                following = self._qualifier_at(comma + 1)
            if following is None or following is mention:
                continue
            if any(c.kind in {"admin1", "country"} for c in following.candidates):
                mention.qualifier = following
                following.is_qualifier = True

    def _qualifier_at(self, i: int) -> Mention | None:
        doc = self.doc
        for end in range(min(len(doc), i + 3), i, -1):
            span = doc[i:end]
            if not self._free(i, end) or not _is_capitalised(span[0]):
                continue
            key, found = self._candidates(span, qualifier=True)
            found = tuple(c for c in found if c.kind in {"admin1", "country"} and c.usage != ALTERNATE)
            if found:
                return self._add(span, key, found, "qualifier")
        return None


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("place_nouns.txt"))


def _modifies_place_noun(span: Span) -> bool:
    """ "the Syrian border", "Iraqi territory": a country adjective on a geographic noun names a place."""
    head = span.root.head
    return span.root.dep_ in {"amod", "compound", "nmod"} and head.lemma_.lower() in place_nouns()


def find_mentions(doc: Doc, gazetteer: Gazetteer, *, demonyms: bool = False) -> list[Mention]:
    """Every toponym mention in `doc`, in document order."""
    finder = MentionFinder(doc, gazetteer, demonyms=demonyms)
    finder.from_entities()
    finder.from_gazetteer()
    finder.repeats()
    finder.qualifiers()
    return sorted(finder.mentions, key=lambda m: m.start)
