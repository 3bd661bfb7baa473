"""Modality of an event from the dependency tree: is it asserted, only reported, hedged, denied,
possible, conditional, planned, or background history?

A cue applies to an event when it sits on the trigger or on a clause that governs the trigger (the path
from the trigger to the sentence root), not when it is merely nearby. Negation is narrower: it applies
within the trigger's own clause, or through a governing verb of denial ("denied that ...").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..data import read_yaml

PRECEDENCE = (
    "negated",
    "conditional",
    "hypothetical",
    "future",
    "historical",
    "hedged",
    "reported",
    "asserted",
)
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis", "conj"}


@dataclass(frozen=True)
class ModalityLexicon:
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_predicates: frozenset[str]
    future_modals: frozenset[str]
    future_predicates: frozenset[str]
    hedges: frozenset[str]
    reported_cues: frozenset[str]
    historical_days: int


@lru_cache(maxsize=1)
def modality_lexicon() -> ModalityLexicon:
    raw = read_yaml("lexicons", "modality.yaml")
    words = {k: frozenset(str(w).lower() for w in v) for k, v in raw.items() if isinstance(v, list)}
    return ModalityLexicon(
        negators=words["negators"],
        negating_verbs=words["negating_verbs"],
        conditional_marks=words["conditional_marks"],
        hypothetical_modals=words["hypothetical_modals"],
        hypothetical_predicates=words["hypothetical_predicates"],
        future_modals=words["future_modals"],
        future_predicates=words["future_predicates"],
        hedges=words["hedges"],
        reported_cues=words["reported_cues"],
        historical_days=int(raw["historical_days"]),
    )


@dataclass(frozen=True)
class ModalityCue:
    modality: str
    cue: Token | None

    def describe(self) -> str:
        return f"{self.modality}:{self.cue.text}" if self.cue is not None else self.modality


def event_modality(
    trigger: Token,
    *,
    attributed: bool = False,
    event_date: str | None = None,
    published: dt.date | None = None,
) -> ModalityCue:
    """The modality of the event whose trigger is `trigger`.

    attributed (bool): the event sits in the content of a statement attributed to a source.
    event_date (str | None): the TIMEX3 value of the event's own date expression, if it has one.
    """
    lex = modality_lexicon()
    found: dict[str, Token | None] = {}
    crossed_clause = False  # negation does not reach across a clause boundary
    previous: Token | None = None
    for node in _path_to_root(trigger):
        _cues_on_node(node, previous, not crossed_clause, lex, found)
        crossed_clause = crossed_clause or node.dep_ in CLAUSE_DEPS
        previous = node
    if event_date and published and _is_historical(event_date, published, lex.historical_days):
        found.setdefault("historical", None)
    if attributed:
        found.setdefault("reported", None)
    for modality in PRECEDENCE:
        if modality in found:
            return ModalityCue(modality, found[modality])
    return ModalityCue("asserted", None)


def _path_to_root(trigger: Token) -> list[Token]:
    path = [trigger]
    node = trigger
    while node.head.i != node.i:
        node = node.head
        path.append(node)
    return path


def _cues_on_node(
    node: Token,
    came_from: Token | None,
    own_clause: bool,
    lex: ModalityLexicon,
    found: dict[str, Token | None],
) -> None:
    lemma = node.lemma_.lower()
    for child in node.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
            if own_clause and word in lex.negators | {"no"}:
                found.setdefault("negated", child)
        elif child.dep_ in {"aux", "auxpass"}:
            if word in lex.hypothetical_modals:
                found.setdefault("hypothetical", child)
            elif word in lex.future_modals:
                found.setdefault("future", child)
        elif child.dep_ == "mark" and word in lex.conditional_marks and node.dep_ in {"advcl", "ccomp"}:
            if came_from is not None or node.dep_ == "advcl":
                found.setdefault("conditional", child)
        elif child.dep_ in {"advmod", "npadvmod"}:
            if word in lex.hedges:
                found.setdefault("hedged", child)
            elif word in lex.reported_cues:
                found.setdefault("reported", child)
            elif word in lex.hypothetical_predicates:
                found.setdefault("hypothetical", child)
        elif (
            child.dep_ in {"acomp", "attr"}
            and child.lemma_.lower() in lex.hypothetical_predicates
            and came_from is not None
            and child.i != came_from.i
        ):
            found.setdefault("hypothetical", child)
    if came_from is None:
        return
    # Cues carried by a governing word itself.
    if lemma in lex.negating_verbs and came_from.dep_ in {"ccomp", "xcomp", "dobj", "pobj", "prep"}:
        found.setdefault("negated", node)
    elif lemma in lex.hypothetical_predicates and node.pos_ in {"VERB", "ADJ", "NOUN", "ADV"}:
        found.setdefault("hypothetical", node)
    elif lemma in lex.future_predicates and came_from.dep_ in {"xcomp", "amod", "ccomp", "pobj", "prep"}:
        found.setdefault("future", node)
    elif lemma in lex.hedges and node.pos_ in {"NOUN", "VERB", "ADJ"}:
        found.setdefault("hedged", node)
    elif lemma in lex.reported_cues and node.pos_ == "NOUN":
        found.setdefault("reported", node)


def _is_historical(value: str, published: dt.date, days: int) -> bool:
    """True when the last day a TIMEX3 value covers lies more than `days` before publication."""
    last = _last_day(value)
    return last is not None and (published - last).days > days


def _last_day(value: str) -> dt.date | None:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7 and value[4] == "-":
            year, month = int(value[:4]), int(value[5:7])
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if "-W" in value:
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 7)
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None
