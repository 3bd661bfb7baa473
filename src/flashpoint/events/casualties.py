"""How many people an event killed, hurt or had arrested: PLOVER's size fields `dead`, `injured` and
`arrested`, read off the parse with the words of data/lexicons/casualties.yaml.

A count belongs to one event, so that summing a field over events counts each person once:

* the event whose own word says what befell its patients: "killed *17 soldiers*", "*two men* were
  arrested", "the killing *of three protesters*", "shot *a journalist* dead" (and any arrest, however
  worded: "*40 rioters* were placed under arrest");
* else the act a predicate of suffering hangs on, when that predicate is no event of its own: "*three
  protesters* died in police firing" gives the firing 3 dead; so does a noun that counts the dead or
  hurt, caused by the act ("the firing caused *3 deaths*") or hanging on it ("*3 deaths* in the
  firing"), and those the act left dead or hurt ("the blast left *12 people* dead").

A count is a number the text gives ("17", "twenty-five", "at least 40": 40), or one for a single person
("*a* policeman", a named person); a plural with no number ("protesters") or a pronoun counts nothing,
and neither does a coordination with any such member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..data import read_yaml
from ..nlp.spans import antecedent
from ..times.normalise import spelled_number
from .lexicon import role_lexicon

# How far above the trigger a predicate of suffering is looked for ("died in *police* firing": the parse
# may hang the act on its modifier).
SUFFERING_DEPTH = 4
_SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class CasualtyLexicon:
    outcome: dict[str, str]  # lemma -> size field
    arrest_codes: frozenset[str]
    lethal_complements: frozenset[str]
    lethal_objects: dict[str, frozenset[str]]  # preposition -> objects that make the act lethal
    count_nouns: dict[str, str]
    causing_verbs: frozenset[str]
    single_determiners: frozenset[str]


@lru_cache(maxsize=1)
def casualty_lexicon() -> CasualtyLexicon:
    raw = read_yaml("lexicons", "casualties.yaml")
    outcome = {lemma: kind for kind, lemmas in raw["outcomes"].items() for lemma in lemmas}
    return CasualtyLexicon(
        outcome,
        frozenset(str(c) for c in raw["arrest_codes"]),
        frozenset(raw["lethal_complements"]),
        {prep: frozenset(objects) for prep, objects in raw["lethal_objects"].items()},
        dict(raw["count_nouns"]),
        frozenset(raw["causing_verbs"]),
        frozenset(raw["single_determiners"]),
    )


@dataclass(frozen=True)
class Suffering:
    """A predicate of suffering an act hangs on: "three protesters *died* in police firing"."""

    predicate: Token
    subjects: tuple[Token, ...]  # the predicate's subjects as written ("who" of "people who died")
    phrase: Token  # the preposition that names the act ("in" police firing): where its doer may be named

    @property
    def sufferers(self) -> tuple[Token, ...]:
        """Who suffered: the subjects, a relative pronoun standing for the noun its clause describes."""
        return tuple(antecedent(s) for s in self.subjects)


def suffering_of(anchor: Token) -> Suffering | None:
    """The predicate of suffering (`suffering_predicates` of the role lexicon) the trigger hangs on through
    one of `outcome_preps`, with no clause of its own in between: "three protesters *died in* police
    firing", "people who *died due to* the firing"."""
    lexicon = role_lexicon()
    below = anchor
    for above in list(anchor.ancestors)[:SUFFERING_DEPTH]:
        if above.lemma_.lower() in lexicon.suffering_predicates:
            if below.dep_ != "prep" or below.lower_ not in lexicon.outcome_preps:
                return None
            return Suffering(above, tuple(c for c in above.children if c.dep_ in _SUBJECTS), below)
        if any(c.dep_ in _SUBJECTS for c in above.children):
            return None  # another clause's act
        below = above
    return None


def event_size(
    anchor: Token, patients: Iterable[Token], cameo: str, trigger_heads: frozenset[int]
) -> dict[str, int]:
    """The size fields of the event triggered at `anchor` whose patients (recipient heads) are `patients`;
    `trigger_heads`: the tokens that trigger an event of their own."""
    lexicon = casualty_lexicon()
    kind = lexicon.outcome.get(anchor.lemma_.lower())
    if any(cameo.startswith(code) for code in lexicon.arrest_codes):
        kind = "arrested"
    elif kind is None and _made_lethal(anchor):
        kind = "dead"
    if kind is not None:
        count = _count(patients)
        return {kind: count} if count is not None else {}
    suffering = suffering_of(anchor)
    if suffering is not None and suffering.predicate.i not in trigger_heads:
        kind = lexicon.outcome.get(suffering.predicate.lemma_.lower())
        count = _count(suffering.sufferers)
        if kind is not None and count is not None:
            return {kind: count}
    return _counted_by_noun(anchor)


def _made_lethal(anchor: Token) -> bool:
    """ "shot *dead*", "beaten *to death*": a complement that says the act killed its patients."""
    lexicon = casualty_lexicon()
    for child in anchor.children:
        if child.dep_ in {"advmod", "oprd", "acomp", "xcomp"} and child.lower_ in lexicon.lethal_complements:
            return True
        lethal = lexicon.lethal_objects.get(child.lower_, ()) if child.dep_ == "prep" else ()
        if any(o.dep_ == "pobj" and o.lemma_.lower() in lethal for o in child.children):
            return True
    return False


def _state_of(verb: Token) -> str | None:
    """The size field a verb's resulting-state complement names: "left 12 people *dead*" (dead), "left
    three soldiers *injured*" (injured)."""
    lexicon = casualty_lexicon()
    for child in verb.children:
        if child.dep_ not in {"oprd", "acomp", "advcl", "xcomp", "ccomp"}:
            continue
        if child.lower_ in lexicon.lethal_complements:
            return "dead"
        kind = lexicon.outcome.get(child.lemma_.lower())
        if kind in {"dead", "injured"} and child.tag_ in {"VBN", "JJ"}:
            return kind
    return None


def _counted_by_noun(anchor: Token) -> dict[str, int]:
    """ "12 deaths in the police firing", "77 deaths due to police firing": a counting noun the act hangs
    on by an outcome preposition; "the firing caused 12 deaths": one the act causes; "the blast left 12
    people dead": those it left in that state."""
    lexicon = casualty_lexicon()
    if anchor.dep_ == "nsubj" and anchor.head.lemma_.lower() in lexicon.causing_verbs:
        verb = anchor.head
        for caused in (c for c in verb.children if c.dep_ == "dobj"):
            kind, count = lexicon.count_nouns.get(caused.lemma_.lower()), _number(caused)
            if kind is not None and count is not None:
                return {kind: count}
            # "the blast left 12 people dead", "left three soldiers injured": the state they were left in
            state = _state_of(verb)
            count = _count([caused]) if state is not None else None
            if count is not None:
                return {state: count}
    preposition = anchor.head if anchor.dep_ == "pobj" else None
    if preposition is None or preposition.dep_ != "prep":
        return {}
    if preposition.lower_ not in role_lexicon().outcome_preps:
        return {}
    noun = preposition.head
    if noun.lemma_.lower() == "due" and noun.head is not noun:  # "due to": the preposition's head
        noun = noun.head
    kind = lexicon.count_nouns.get(noun.lemma_.lower())
    count = _number(noun)
    return {kind: count} if kind is not None and count is not None else {}


def _count(heads: Iterable[Token]) -> int | None:
    """How many people the phrases headed by `heads` (and their conjuncts) name, or None if any is
    uncounted."""
    members = {t.i: t for head in heads for t in (head, *head.conjuncts)}
    if not members:
        return None
    total = 0
    for token in members.values():
        count = _head_count(token)
        if count is None:
            return None
        total += count
    return total


def _head_count(token: Token) -> int | None:
    if token.pos_ == "PRON":
        return None
    if token.pos_ == "NUM" or token.like_num:  # "killed three", "three of the protesters"
        return _number_words(token)
    number = _number(token)
    if number is not None:
        return number
    single = any(c.dep_ in {"det", "nummod"} and c.lower_ in casualty_lexicon().single_determiners
                 for c in token.children)  # fmt: skip
    if token.tag_ in {"NN", "NNP"} and (single or token.ent_type_ == "PERSON"):
        return 1
    return None


def _number(noun: Token) -> int | None:
    """The number a noun's numeric modifier gives: "17 soldiers", "at least 40 people", "two hundred"."""
    for child in noun.children:
        if child.dep_ == "nummod":
            return _number_words(child)
    return None


def _number_words(token: Token) -> int | None:
    """The number spelled by a number token with the number words hanging on it ("two hundred"), not its
    hedges ("at least", "about")."""
    words = sorted([token, *(c for c in token.children if c.dep_ in {"compound", "nummod", "quantmod"}
                             and (c.like_num or c.pos_ == "NUM"))], key=lambda t: t.i)  # fmt: skip
    return spelled_number([w.text for w in words])


__all__ = ["Suffering", "casualty_lexicon", "event_size", "suffering_of"]
