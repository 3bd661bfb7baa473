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

from ..data import data_path
from .gazetteer import ALTERNATE, QUALIFIER, Candidate, Gazetteer, normalize

PLACE_LABELS = frozenset({"GPE", "LOC"})
# FAC covers streets, buildings and airports: taken only when the whole name is in the gazetteer.
MAYBE_PLACE_LABELS = frozenset({"FAC"})
DEMONYM_LABELS = frozenset({"NORP"})
# Entities that are never places themselves but may be mislabelled ones ("Rapides Parish" as NORP).
OTHER_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
STRONG_KINDS = frozenset({"country", "admin1", "admin2", "region", "continent"})
# Lower-case words that may sit inside a place name ("Strait of Hormuz", "Rio de Janeiro").
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "du", "upon", "and"})
MAX_NAME_TOKENS = 6
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
def demonym_table() -> dict[str, str]:
    """Normalised demonym -> ISO2 country code."""
    rows = _lines("demonyms.tsv")[1:]
    return {normalize(demonym): iso2 for demonym, iso2 in (row.split("\t") for row in rows)}


def _lines(name: str) -> list[str]:
    text = data_path("gazetteer", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _is_capitalised(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _trim(span: Span) -> Span:
    """Drop leading determiners and punctuation and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in {"the", "a"}):
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
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.entity_of[i] = ent

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

    def _longest_known(self, span: Span) -> tuple[Span, str, tuple[Candidate, ...]] | None:
        """The longest capitalised sub-span of `span` the gazetteer knows (for NER places it has no entry for)."""
        doc = self.doc
        for size in range(min(len(span), MAX_NAME_TOKENS), 0, -1):
            for start in range(span.start, span.end - size + 1):
                sub = doc[start : start + size]
                if not (_is_capitalised(sub[0]) and _is_capitalised(sub[-1])):
                    continue
                key, found = self._candidates(sub)
                if found and key not in _not_toponyms():
                    return sub, key, found
        return None

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
        key, found = self._candidates(part)
        if found:
            self._add(part, key, found, "ner")
        elif label in PLACE_LABELS:
            known = self._longest_known(part) if len(part) > 1 else None
            if known:
                self._add(known[0], known[1], known[2], "ner")
            else:
                self._add(part, key, (), "ner")

    def _demonym(self, ent: Span) -> None:
        span = _trim(ent)
        iso2 = demonym_table().get(normalize(span.text)) if len(span) else None
        country = self.gaz.country(iso2)
        if country is not None and self._free(span.start, span.end):
            self._add(span, normalize(span.text), (country,), "demonym", emit=self.demonyms)

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
        token = doc[i]
        if self.taken[i] or not _is_capitalised(token):
            return None
        for end in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
            span = doc[i:end]
            last = doc[end - 1]
            if not self._free(i, end) or not (_is_capitalised(last) or last.text == "."):
                continue
            if any(t.is_space or (not _is_capitalised(t) and t.lower_ not in CONNECTORS and t.text != ".")
                   for t in span):  # fmt: skip
                continue
            # Stay inside one entity or outside all: a name that straddles an entity boundary is not one.
            entities = {id(self.entity_of[j]) for j in range(i, end)}
            if len(entities) > 1:
                continue
            entity = self.entity_of[i]
            if entity is not None and (entity.start != i or entity.end != end):
                if entity.label_ in OTHER_NAME_LABELS:
                    continue
            key, found = self._candidates(span)
            if not found or key in _not_toponyms():
                continue
            found = self._strong(found, min_population=MIN_GAZETTEER_POPULATION)
            if not found:
                continue
            if entity is not None and entity.label_ in OTHER_NAME_LABELS:
                # A whole PERSON/ORG/NORP entity that is a gazetteer name: take it only when the name is a
                # country, state, county or region ("Rapides Parish" tagged NORP), never a town ("Austin").
                found = tuple(c for c in found if c.kind in STRONG_KINDS)
                if not found or (entity.label_ == "NORP" and key in demonym_table()):
                    continue
            if len(span) == 1 and not self._single_token_ok(token, found):
                continue
            return span, key, found
        return None

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
        longest = max(len(m.key.split()) for m in known.values())
        i = 0
        while i < len(doc):
            hit = None
            if not self.taken[i] and _is_capitalised(doc[i]):
                for end in range(min(len(doc), i + longest + 2), i, -1):
                    if not self._free(i, end):
                        continue
                    key = normalize(doc[i:end].text)
                    if key in known and _is_capitalised(doc[end - 1]) or key in known and doc[end - 1].text == ".":
                        hit = (doc[i:end], known[key])
                        break
            if hit is None:
                i += 1
                continue
            span, model = hit
            entity = self.entity_of[span.start]
            # Inside a longer PERSON name ("Alexandria Smith") the word is not the place.
            if entity is not None and entity.label_ == "PERSON" and len(entity) > len(span):
                i = span.end
                continue
            self._add(span, model.key, model.candidates, "repeat")
            i = span.end

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


def find_mentions(doc: Doc, gazetteer: Gazetteer, *, demonyms: bool = False) -> list[Mention]:
    """Every toponym mention in `doc`, in document order."""
    finder = MentionFinder(doc, gazetteer, demonyms=demonyms)
    finder.from_entities()
    finder.from_gazetteer()
    finder.repeats()
    finder.qualifiers()
    return sorted(finder.mentions, key=lambda m: m.start)
