"""The shipped actor dictionaries (converted from PETRARCH-2) and a fast longest-match phrase finder.

Tables live in `flashpoint/data/actors/` (built by tools/build_actor_dictionaries.py): countries (names,
demonyms, places), agents (role nouns -> sector), people (dated roles), organizations and media.

Phrases are matched over the lower-case text of Doc tokens with a token trie (nested dicts). Each phrase
is tokenised as the Doc is (spaCy's English tokenizer; abbreviations also in capitals, since "u.s." and
"U.S." tokenise differently), so that "U.S." or "al-Maliki" line up with the Doc's tokens. A trie was
chosen over spaCy's PhraseMatcher because it builds from ~40,000 phrases in a fraction of the time
(PhraseMatcher needs a Doc per phrase, ~1.5 s here), and yields leftmost-longest, non-overlapping matches
directly at about a million tokens a second.

Case is checked after matching on lower-case text: in normally written text a name must have a
capitalised word ("Turkey", not "turkey"), and short or common words only match in capitals ("US", not
the pronoun "us"). Text lower-cased wholesale is matched without the first check.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..data import read_tsv

Kind = Literal["country", "adjective", "place", "agent", "person", "organization", "media"]
KINDS: tuple[Kind, ...] = ("country", "adjective", "place", "agent", "person", "organization", "media")
# When one phrase is in several tables the more specific entry wins ("security council": the UN body,
# not the generic agent).
_PRIORITY: dict[str, int] = {
    "person": 0,
    "organization": 1,
    "media": 2,
    "country": 3,
    "adjective": 4,
    "place": 5,
    "agent": 6,
}
_COUNTRY_KIND: dict[str, Kind] = {"name": "country", "adjective": "adjective", "place": "place"}

# Words that do not make a phrase look like a proper name ("the times" is not "The Times").
_FUNCTION_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "at",
        "to",
        "a",
        "an",
        "al",
        "el",
        "de",
        "da",
        "du",
        "del",
        "van",
        "von",
        "der",
        "bin",
        "ibn",
        "'s",
        "’s",
        "-",
        "'",
        ".",
    }
)
# Titles that may precede a surname ("Prime Minister Maliki", "Mr. Pompeo") without making it someone
# else's full name.
_TITLES = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
        "president",
        "minister",
        "secretary",
        "senator",
        "sen.",
        "rep.",
        "representative",
        "ambassador",
        "gen.",
        "general",
        "lt.",
        "col.",
        "colonel",
        "admiral",
        "adm.",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sheikh",
        "sheik",
        "ayatollah",
        "imam",
        "cleric",
        "chief",
        "commander",
        "envoy",
        "spokesman",
        "governor",
        "mayor",
        "judge",
        "justice",
        "former",
        "late",
        "deputy",
        "vice",
        "acting",
        "crown",
        "grand",
        "supreme",
        "leader",
        "speaker",
        "chairman",
    }
)
_NAME_PARTICLES = frozenset({"al", "el", "-", "bin", "ibn", "bint", "abu", "abd", "de", "da", "van", "von"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SIMPLE_PHRASE = re.compile(r"[a-z]+(?: [a-z]+)*")
_SHOUTY = 1  # a short or common word that names something only in capitals ("US", "AP", "UN")
_PROPER = 2  # a name: in cased text, one of its content words must be capitalised
_SHORT_PERSON = 4  # a surname alone ("Maliki", "al-Maliki"): not when it ends someone else's full name


@dataclass(frozen=True, slots=True)
class DictMatch:
    """A dictionary phrase found in a Doc: token range [start, end) and what it stands for."""

    start: int
    end: int
    kind: Kind
    code: str | None
    sector: str | None
    name: str


@dataclass(frozen=True, slots=True)
class Role:
    """One role period of a person; dates are inclusive, None is open. Neither date: the default role."""

    code: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news organisation (sector JRN)."""

    name: str
    code: str | None
    sector: str = "JRN"


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: Kind
    code: str | None
    sector: str | None
    name: str
    person: str | None = None  # key into the roles table, for people
    flags: int = 0


Rows = Sequence[Mapping[str, str | None]]
TABLES = ("countries", "agents", "people", "organizations", "media")


class ActorDictionary:
    """Countries, agents, people, organisations and media, with a token-trie phrase matcher."""

    def __init__(
        self,
        *,
        countries: Rows = (),
        agents: Rows = (),
        people: Rows = (),
        organizations: Rows = (),
        media: Rows = (),
    ) -> None:
        with _gc_paused():
            self._load(countries, agents, people, organizations, media)

    def _load(self, countries: Rows, agents: Rows, people: Rows, organizations: Rows, media: Rows) -> None:
        self._countries: dict[str, str] = {}
        self._country_names: dict[str, str] = {}
        self._agents: dict[str, str] = {}
        self._media: dict[str, Outlet] = {}
        self._roles: dict[str, tuple[Role, ...]] = {}
        self._person_key: dict[str, str] = {}
        self._person_name: dict[str, str] = {}
        self._entries: dict[str, _Entry] = {}
        self._load_countries(countries)
        self._load_people(people)
        for row in organizations:
            entry = _Entry("organization", row["code"], row["sector"], str(row["name"]))
            self._add(_key(row["phrase"]), entry)
        for row in media:
            key, outlet = _key(row["phrase"]), Outlet(str(row["name"]), row["code"])
            self._media.setdefault(key, outlet)
            self._add(key, _Entry("media", outlet.code, "JRN", outlet.name))
        for row in agents:
            key, sector = _key(row["phrase"]), str(row["sector"])
            self._agents.setdefault(key, sector)
            self._add(key, _Entry("agent", None, sector, key))
        self._trie: dict[str, Any] = {}
        self._build_trie()

    @classmethod
    def load(cls) -> ActorDictionary:
        """The dictionaries shipped with Flashpoint."""
        # read_tsv caches its rows for the process; these ~50,000 rows are needed only while loading.
        read = getattr(read_tsv, "__wrapped__", read_tsv)
        with _gc_paused():
            tables = {name: read("actors", f"{name}.tsv") for name in TABLES}
            return cls(**tables)

    # -- loading ---------------------------------------------------------------------------------------

    def _load_countries(self, rows: Rows) -> None:
        for row in rows:
            code, kind = str(row["code"]), str(row["kind"])
            if kind == "name" and code not in self._country_names:
                self._country_names[code] = _title(str(row["phrase"]))  # the first name row is canonical
        for row in rows:
            key, code, kind = _key(row["phrase"]), str(row["code"]), str(row["kind"])
            self._countries.setdefault(key, code)
            name = _title(key) if kind == "place" else self._country_names.get(code, code)
            self._add(key, _Entry(_COUNTRY_KIND[kind], code, None, name))

    def _load_people(self, rows: Rows) -> None:
        roles: dict[str, list[Role]] = {}
        last_name = None
        key = ""
        for row in rows:
            name = str(row["name"])
            if name != last_name:  # rows of one person are consecutive; aliases repeat on each
                last_name, key = name, normalize(name)
                if key not in roles:
                    roles[key] = []
                    self._person_name[key] = name
                    for phrase in (key, *(row["aliases"] or "").split("|")):
                        alias = _key(phrase)
                        if alias:
                            self._person_key.setdefault(alias, key)
                            self._add(alias, _Entry("person", None, None, name, person=key))
            roles[key].append(Role(str(row["code"]), row["sector"], _date(row["start"]), _date(row["end"])))
        self._roles = {key: tuple(value) for key, value in roles.items()}

    def _add(self, key: str, entry: _Entry) -> None:
        current = self._entries.get(key)
        if key and (current is None or _PRIORITY[entry.kind] < _PRIORITY[current.kind]):
            self._entries[key] = entry

    def _build_trie(self) -> None:
        tokenizer, special = _tokenizer(), _special_words()
        for phrase, entry in self._entries.items():
            words = phrase.split()
            forms: set[tuple[str, ...]]
            if _SIMPLE_PHRASE.fullmatch(phrase) and not special.intersection(words):
                forms = {tuple(words)}  # what the tokenizer would give, without asking it
            else:
                forms = {
                    tuple(t.lower_.translate(_APOSTROPHES) for t in tokenizer(text))
                    for text in _written_forms(phrase)
                }
            flags = _flags(phrase, entry)
            final = _Entry(entry.kind, entry.code, entry.sector, entry.name, entry.person, flags)
            for tokens in forms:
                node = self._trie
                for token in tokens:
                    node = node.setdefault(token, {})
                current = node.get("")  # "" never is a token text, so it marks the end of a phrase
                if current is None or _PRIORITY[final.kind] < _PRIORITY[current.kind]:
                    node[""] = final

    # -- matching --------------------------------------------------------------------------------------

    def match(self, doc: Doc, *, on: dt.date | None = None) -> list[DictMatch]:
        """Leftmost-longest, non-overlapping dictionary matches in `doc`, in document order.

        People are coded with their role on `on` (the publication date), else their latest role.
        """
        words = [t.lower_ for t in doc]
        if any("’" in w or "‘" in w for w in words):
            words = [w.translate(_APOSTROPHES) for w in words]
        cased = _is_cased(doc.text, n=len(words))
        found: list[DictMatch] = []
        last_end = 0
        n = len(words)
        trie = self._trie
        i = 0
        while i < n:
            node = trie.get(words[i])
            if node is None:
                i += 1
                continue
            candidates: list[tuple[int, _Entry]] = []
            j = i + 1
            while True:
                entry = node.get("")
                if entry is not None:
                    candidates.append((j, entry))
                if j >= n:
                    break
                node = node.get(words[j])
                if node is None:
                    break
                j += 1
            chosen = None
            for end, entry in reversed(candidates):  # longest first
                if self._accept(doc, i, end, entry, cased, last_end):
                    chosen = (end, entry)
                    break
            if chosen is None:
                i += 1
                continue
            end, entry = chosen
            code, sector = entry.code, entry.sector
            if entry.person is not None:
                role = self._role(entry.person, on)
                code, sector = (role.code, role.sector) if role else (None, None)
            found.append(DictMatch(i, end, entry.kind, code, sector, entry.name))
            last_end = i = end
        return found

    @staticmethod
    def _accept(doc: Doc, start: int, end: int, entry: _Entry, cased: bool, last_end: int) -> bool:
        """Case and context checks that keep common words and other people's names out."""
        flags = entry.flags
        if flags & _SHOUTY:
            return cased and doc[start].text.isupper()
        if (
            flags & _PROPER
            and cased
            and not any(
                t.lower_ not in _FUNCTION_WORDS and any(c.isupper() for c in t.text) for t in doc[start:end]
            )
        ):
            return False
        if flags & _SHORT_PERSON:
            # "Fuad Hussein" is not Saddam Hussein: a capitalised word just before a bare surname (or
            # before its "al-") is most likely a first name, unless it is a title ("Prime Minister Maliki").
            before = start - 1
            while before >= last_end and doc[before].lower_ in _NAME_PARTICLES:
                before -= 1
            if before >= last_end:
                token = doc[before]
                if token.is_title and token.is_alpha and token.lower_ not in _TITLES:
                    return bool(token.is_sent_start)
        return True

    # -- lookups ---------------------------------------------------------------------------------------

    def lookup(self, phrase: str) -> DictMatch | None:
        """What a phrase stands for (as a match of length 0 at 0), or None; people get their latest role."""
        key = normalize(phrase)
        entry = self._entries.get(key) or self._entries.get(key.removeprefix("the "))
        if entry is None:
            return None
        code, sector = entry.code, entry.sector
        if entry.person is not None:
            role = self._role(entry.person, None)
            code, sector = (role.code, role.sector) if role else (None, None)
        return DictMatch(0, 0, entry.kind, code, sector, entry.name)

    def country_code(self, phrase: str) -> str | None:
        """ISO alpha-3 code of a country name, demonym or place ("Iraqi" -> IRQ, "Baghdad" -> IRQ)."""
        key = normalize(phrase)
        return self._countries.get(key) or self._countries.get(key.removeprefix("the "))

    def country_name(self, code: str) -> str | None:
        """Canonical English name of a country code ("IRQ" -> "Iraq")."""
        return self._country_names.get(code)

    def sector_of(self, role_noun: str) -> str | None:
        """PLOVER sector of a role noun or its lemma ("minister" -> GOV, "militias" -> UAF)."""
        return self._agents.get(normalize(role_noun))

    def media(self, phrase: str) -> Outlet | None:
        """The news organisation a phrase names ("Politico" -> Politico, USA)."""
        key = normalize(phrase)
        return self._media.get(key) or self._media.get(key.removeprefix("the "))

    def person_role(self, name_or_alias: str, on: dt.date | None = None) -> tuple[str, str | None] | None:
        """(code, sector) of a person on a date (their latest role if `on` is None), or None if unknown."""
        key = self._person_of(name_or_alias)
        if key is None:
            return None
        role = self._role(key, on)
        return (role.code, role.sector) if role else None

    def person_roles(self, name_or_alias: str) -> tuple[Role, ...]:
        """All role periods of a person, as listed."""
        key = self._person_of(name_or_alias)
        return self._roles.get(key, ()) if key else ()

    def person_name(self, name_or_alias: str) -> str | None:
        """Canonical name of a person ("maliki" -> "Nuri al-Maliki")."""
        key = self._person_of(name_or_alias)
        return self._person_name.get(key) if key else None

    def _person_of(self, text: str) -> str | None:
        key = normalize(text).removeprefix("the ")
        if key in self._person_key:
            return self._person_key[key]
        # "Secretary of State Mike Pompeo": the longest listed tail; a one-word tail only after a title
        # ("President Kadhimi"), since after a first name ("Jawad Maliki") it is someone else's surname.
        words = key.split()
        for k in range(1, len(words)):
            if k == len(words) - 1 and words[k - 1] not in _TITLES:
                break
            found = self._person_key.get(" ".join(words[k:]))
            if found:
                return found
        return None

    def _role(self, key: str, on: dt.date | None) -> Role | None:
        """PETRARCH semantics: a dated role covering the day, else the default role. With no day, the
        role today, else the one that ended last."""
        roles = self._roles.get(key, ())
        day = on or dt.date.today()
        dated = [r for r in roles if (r.start or r.end) and r.covers(day)]
        if dated:
            return max(dated, key=lambda r: r.start or dt.date.min)
        default = next((r for r in roles if not (r.start or r.end)), None)
        if default is not None or on is not None:
            return default
        return max(roles, key=lambda r: r.end or dt.date.min, default=None)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and normalize(phrase) in self._entries


@cache
def load_actor_dictionary() -> ActorDictionary:
    """The shipped actor dictionary, loaded once per process."""
    return ActorDictionary.load()


# -- helpers ---------------------------------------------------------------------------------------------


def _key(text: str | None) -> str:
    """Table phrases are lower case with single spaces already (the build tool writes them so)."""
    text = text or ""
    if text.islower() and "  " not in text and "’" not in text and not text.endswith("'s"):
        return text.strip()
    return normalize(text)


def normalize(text: str) -> str:
    """Lower case, one space between words, straight apostrophes, no possessive 's."""
    text = " ".join(text.translate(_APOSTROPHES).lower().split())
    return text.removesuffix("'s").rstrip()


_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z]")


def _is_cased(text: str, n: int) -> bool:
    """Normally written text, as opposed to text lower-cased wholesale (where case says nothing about
    names). Capitalised words are ~10% of news text; a lower-cased article keeps a stray few."""
    return len(_CAPITALISED.findall(text)) * 50 >= n


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building ~150,000 small objects triggers the cyclic GC over and over; it halves the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _tokenizer() -> Any:
    """spaCy's English tokenizer (the one the models use), without loading a model."""
    from spacy.lang.en import English

    return English().tokenizer


@cache
def _special_words() -> frozenset[str]:
    """Lower-case words the tokenizer splits although they are plain letters ("cannot", "gonna")."""
    return frozenset(key.lower() for key in _tokenizer().rules if key.isalpha())


def _flags(phrase: str, entry: _Entry) -> int:
    if entry.kind == "agent":
        return 0
    flags = _PROPER
    if " " not in phrase and phrase.isalpha() and (len(phrase) <= 3 or phrase in STOP_WORDS):
        flags |= _SHOUTY
    if entry.kind == "person":
        content = [w for w in phrase.replace("-", " ").split() if w not in _FUNCTION_WORDS]
        if len(content) == 1:
            flags |= _SHORT_PERSON
    return flags


def _written_forms(phrase: str) -> set[str]:
    """How a lower-case phrase may be written: 'st. louis', 'St. Louis'; 'u.s.', 'U.s.', 'U.S.'.

    Only abbreviations ("U.S.", "St.") tokenise differently by case, so other phrases have one form.
    """
    if "." not in phrase:
        return {phrase}
    capitalised = " ".join(word[:1].upper() + word[1:] for word in phrase.split())
    dotted_upper = " ".join(word.upper() if "." in word else word for word in capitalised.split())
    return {phrase, capitalised, dotted_upper}


def _title(phrase: str) -> str:
    """Display form of a lower-case place or country name: 'bosnia and herzegovina' -> 'Bosnia and ...'."""
    words = phrase.split()
    return " ".join(
        w if (w in {"and", "of", "the", "de", "da", "al", "el"} and i) else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
