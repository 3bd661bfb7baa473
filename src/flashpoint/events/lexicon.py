"""The event-trigger lexicon: verbs and nouns that signal an event, with their CAMEO codes.

Read once from `data/lexicons/event_verbs.tsv` (PETRARCH-2's verb dictionary plus Flashpoint's curated
rows; see `tools/build_event_lexicon.py`) and `data/lexicons/event_nouns.tsv`.

A verb row is a lemma, an optional particle ("pull out"), and at most one complement: a preposition with
an optional object ("travel to", "call on"), or a direct object ("launch rocket"). Objects are noun
lemmas, possibly multiword ("humanitarian aid"): callers pass every key of an object noun phrase that
`noun_keys` gives (head lemma and modifier + head phrases). The most specific matching row wins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from ..data import read_tsv, read_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

# Nouns whose final -s is not a plural (or whose plural is its own sense).
_INVARIANT = frozenset({
    "news", "series", "species", "means", "headquarters", "arms", "politics", "economics", "physics",
    "ethics", "aids", "whereabouts", "premises", "crossroads", "barracks",
})  # fmt: skip
# Modifiers that make a noun phrase key (an airstrike is "air strike"; "humanitarian aid").
_KEY_DEPS = frozenset({"compound", "amod", "nmod"})
# A curated row with this code says the verb in that use is not an event (it blocks a PETRARCH code).
NULL_CODE = "---"
# Sources in order of trust when two rows are equally specific.
_SOURCE_RANK = {"flashpoint": 1, "petrarch2": 0}
# Entries kept by the per-word caches below: a working set, not a long run's whole vocabulary (at 65,536
# they held ~22 MB more at 10,000 articles than at 1,000; at 8,192 the same CPU, measured 2026-11-26).
_WORD_CACHE = 1 << 13


@lru_cache(maxsize=_WORD_CACHE)
def noun_lemma(word: str) -> str:
    """A light, deterministic singular for each word of a noun phrase ("rockets" -> "rocket").

    Used on both sides of every lookup, so table keys and parse keys agree whatever the tagger did.
    Cached: the same few thousand words come back in every article.
    """
    return " ".join(_singular(w) for w in hyphens_apart(word.lower()).split())


def hyphens_apart(text: str) -> str:
    """A hyphen as a word of its own, as spaCy's tokenizer splits "cease-fire" into "cease - fire": so a
    hyphenated row ("cease-fire", "counter-attack") matches the parse."""
    return " ".join(text.replace("-", " - ").split()) if "-" in text else text


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _INVARIANT or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous", "gas")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    return word[:-1]


def noun_keys(token: Token) -> tuple[str, ...]:
    """Lookup keys of the noun phrase headed by `token`: "strike", "air strike", "us air strike"..."""
    head = noun_lemma(token.lemma_ or token.text)
    keys = [head]
    words = [head]
    for child in reversed(list(token.lefts)):  # contiguous modifiers, nearest first
        hyphen = child.text == "-"  # "cease - fire": the parse hangs the hyphen on the head, any label
        if child.i != token.i - len(words) or (child.dep_ not in _KEY_DEPS and not hyphen):
            break
        words.insert(0, noun_lemma(child.lemma_ or child.text))
        if not hyphen:
            keys.append(" ".join(words))
    if token.text.lower() != token.lemma_.lower():
        keys.append(noun_lemma(token.text))  # "talks", "news": the surface form as well
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    particle: str | None
    prep: str | None
    object: str | None
    cameo: str
    source: str

    @property
    def rule(self) -> str:
        """The row as a phrase, for provenance: "travel to", "launch rocket", "pull out"."""
        return " ".join(w for w in (self.lemma, self.particle, self.prep, self.object) if w)

    @property
    def specificity(self) -> tuple[int, int]:
        """(constraints, object words): an object counts 2, a particle or preposition 1."""
        words = len(self.object.split()) if self.object else 0
        return (2 * (self.object is not None) + (self.prep is not None) + (self.particle is not None), words)

    def matches(
        self,
        particle: str | None,
        pps: frozenset[tuple[str, str]],
        preps: frozenset[str],
        objects: frozenset[str],
    ) -> bool:
        # spaCy labels "on" in "call on" or "out" in "pull out of" prt or prep by context: accept either.
        if self.particle != particle and not (particle is None and self.particle in preps):
            return False
        if self.prep is not None and self.object is not None:
            return (self.prep, self.object) in pps
        if self.prep is not None:
            return self.prep in preps or self.prep == particle
        return self.object is None or self.object in objects


@dataclass(frozen=True, slots=True)
class NounEntry:
    lemma: str
    prep: str | None
    cameo: str
    source: str

    @property
    def rule(self) -> str:
        return " ".join(w for w in (self.lemma, self.prep) if w)


class EventLexicon:
    """Verb and noun triggers indexed by lemma."""

    def __init__(self, verbs: Iterable[VerbEntry], nouns: Iterable[NounEntry]) -> None:
        self._verbs: dict[str, list[VerbEntry]] = defaultdict(list)
        for entry in verbs:
            self._verbs[entry.lemma].append(entry)
        self._nouns: dict[str, list[NounEntry]] = defaultdict(list)
        for noun in nouns:
            self._nouns[noun.lemma].append(noun)

    # ----------------------------------------------------------------------------------------- verbs

    def has_verb(self, lemma: str) -> bool:
        return lemma.lower() in self._verbs

    def verb_codes(self, lemma: str, particle: str | None = None) -> list[VerbEntry]:
        """Every row for a verb (with exactly this particle), bare row first."""
        rows = [e for e in self._verbs.get(lemma.lower(), ()) if e.particle == _norm(particle)]
        return sorted(rows, key=lambda e: e.specificity)

    def particles(self, lemma: str) -> frozenset[str]:
        """The particles the lexicon knows for a verb ("pull" -> {"out", "back", ...})."""
        return frozenset(e.particle for e in self._verbs.get(lemma.lower(), ()) if e.particle)

    def match_verb(
        self,
        lemma: str,
        particle: str | None = None,
        pps: Iterable[tuple[str, str]] = (),
        objects: Iterable[str] = (),
    ) -> VerbEntry | None:
        """The most specific row for a verb in context; None when no row fits or the best is a null row.

        `pps` are (preposition, object key) pairs of the verb's prepositional phrases; `objects` the keys
        of its direct object(s). Keys are normalised with `noun_lemma`. The returned row carries the code
        (`.cameo`) and says which pattern produced it.
        """
        particle = _norm(particle)
        pp_set = frozenset((p.lower(), key) for p, o in pps for key in _suffixes(o))
        preps = frozenset(p for p, _ in pp_set)
        obj_set = frozenset(key for o in objects for key in _suffixes(o))
        candidates = [
            e for e in self._verbs.get(lemma.lower(), ()) if e.matches(particle, pp_set, preps, obj_set)
        ]
        if not candidates:
            return None
        best = max(candidates, key=lambda e: (e.specificity, _SOURCE_RANK.get(e.source, 0)))
        return None if best.cameo == NULL_CODE else best

    def code_verb(
        self,
        lemma: str,
        particle: str | None = None,
        objects: Iterable[str] = (),
        preps: Iterable[tuple[str, str]] = (),
    ) -> tuple[str, str] | None:
        """(CAMEO code, rule) for a verb in context; see `match_verb`."""
        entry = self.match_verb(lemma, particle, preps, objects)
        return (entry.cameo, entry.rule) if entry else None

    # ----------------------------------------------------------------------------------------- nouns

    def noun_entry(self, lemma: str, prep: str | None = None) -> NounEntry | None:
        """The row for a (possibly multiword) noun; a row with a preposition needs that preposition."""
        rows = self._nouns.get(noun_lemma(lemma), ())
        prep = _norm(prep)
        specific = [r for r in rows if r.prep is not None and r.prep == prep]
        general = [r for r in rows if r.prep is None]
        ranked = sorted(specific or general, key=lambda r: -_SOURCE_RANK.get(r.source, 0))
        return ranked[0] if ranked else None

    def noun_code(self, lemma: str, prep: str | None = None) -> str | None:
        entry = self.noun_entry(lemma, prep)
        return entry.cameo if entry else None

    def may_head_noun(self, words: Iterable[str]) -> bool:
        """Whether a noun phrase headed by one of `words` (the head's lemma or surface form) may have a row:
        every key `match_noun` looks up ends with the head, normalised as `noun_keys`, `_suffixes` and
        `noun_entry` each normalise it. A cheap test before the phrase's keys are read off the parse."""
        last = self._noun_last_words
        if last is None:
            return True
        for word in words:
            key = noun_lemma(noun_lemma(noun_lemma(word))).split()
            if not key or key[-1] in last:
                return True
        return False

    @cached_property
    def _noun_last_words(self) -> frozenset[str] | None:
        """The last word of every noun row's key (None if a key has no word: then no test is made)."""
        words = [key.split() for key in self._nouns]
        return None if any(not w for w in words) else frozenset(w[-1] for w in words)

    def may_match_noun(self, keys: Iterable[str]) -> bool:
        """Whether any of a phrase's keys (see `noun_keys`) has a row, whatever its prepositions: a cheap
        test that spares reading the context of the many nouns no row can match."""
        nouns = self._nouns
        return any(nouns.get(noun_lemma(k)) for key in keys for k in _suffixes(" ".join(key.split())))

    def match_noun(self, lemmas: Sequence[str], preps: Iterable[str] = ()) -> NounEntry | None:
        """The longest trigger ending the phrase (modifiers + head): "us air strike" -> "air strike".

        `preps` are the prepositions attached to the noun; a row with a preposition needs one of them.
        """
        prep_list = [p.lower() for p in preps]
        for key in _suffixes(" ".join(lemmas)):
            entry = next(filter(None, (self.noun_entry(key, p) for p in prep_list)), None)
            entry = entry or self.noun_entry(key)
            if entry:
                return entry
        return None

    def code_noun(self, phrase: str, preps: Iterable[str] = ()) -> tuple[str, str] | None:
        """(CAMEO code, rule) for a noun phrase ("air strike", "closure"); see `match_noun`."""
        entry = self.match_noun(phrase.split(), preps)
        return (entry.cameo, entry.rule) if entry else None


@lru_cache(maxsize=_WORD_CACHE)
def _suffixes(phrase: str) -> tuple[str, ...]:
    """Keys of a noun phrase, longest first: "katyusha rocket" -> ("katyusha rocket", "rocket")."""
    words = noun_lemma(phrase).split()
    return tuple(" ".join(words[i:]) for i in range(len(words)))


def _norm(word: str | None) -> str | None:
    return word.lower().strip() or None if word else None


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    """The shipped lexicon, read once per process."""
    verbs = (
        VerbEntry(
            lemma=row["lemma"] or "",
            particle=row["particle"],
            prep=row["prep"],
            object=hyphens_apart(row["object"]) if row["object"] else None,
            cameo=row["cameo"] or "",
            source=row["source"] or "",
        )
        for row in read_tsv("lexicons", "event_verbs.tsv")
    )
    nouns = (
        NounEntry(
            lemma=hyphens_apart(row["lemma"] or ""),
            prep=row["prep"],
            cameo=row["cameo"] or "",
            source=row["source"] or "",
        )
        for row in read_tsv("lexicons", "event_nouns.tsv")
    )
    return EventLexicon(verbs, nouns)


@dataclass(frozen=True)
class RoleLexicon:
    recipient_preps: frozenset[str]
    actor_preps: frozenset[str]
    light_verbs: frozenset[str]
    self_standing_nouns: frozenset[str]
    state_metonymy_types: frozenset[str]
    complement_recipient_types: frozenset[str]
    object_control_verbs: frozenset[str]
    instrument_nouns: frozenset[str]
    joint_types: frozenset[str]
    reciprocal_codes: frozenset[str]
    symmetric_predicates: frozenset[str]
    symmetric_types: frozenset[str]
    place_preps: frozenset[str]
    responsibility_adjectives: frozenset[str]
    suffering_predicates: frozenset[str]
    partitive_nouns: frozenset[str]
    outcome_preps: frozenset[str]


@lru_cache(maxsize=1)
def role_lexicon() -> RoleLexicon:
    raw = read_yaml("lexicons", "event_roles.yaml")
    return RoleLexicon(**{key: frozenset(values) for key, values in raw.items()})
