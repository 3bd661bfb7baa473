"""Modality of an event from the dependency tree: is it asserted, only reported, hedged, denied,
possible, conditional, planned, or background history?

A cue applies to an event when it sits on the trigger or on a clause that governs the trigger (the path
from the trigger up to the root of its sentence), not when it is merely nearby. The path stops where the
event is presupposed rather than qualified: at a relative clause ("militias *that attacked* the base
could strike again") and at a temporal or causal adverbial clause; a definite subject ("*the* attack
could derail talks") is not in the scope of its verb's modals. Negation is narrower: it applies within the
trigger's own clause (and through an infinitive: "does not plan to invade"), or through a governing verb
of denial ("denied that ...").

Cues come from `data/lexicons/modality.yaml`. Besides them, the event's own date (from the times stage)
makes it historical when it lies well before publication and future when it lies after it, and a
question asserts nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

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
# Clause boundaries: negation stops at them (except an infinitive, see above).
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis", "conj"}
# Where a governing word reaches its event: as its complement ("denied *that* ...", "considering
# *sanctions*", "the risk *of* war"), never as its subject ("the attack threatened to derail talks").
COMPLEMENT_DEPS = {"ccomp", "xcomp", "dobj", "pobj", "prep", "pcomp", "attr", "oprd", "acl", "amod",
                   "compound", "nsubjpass", "dative", "advcl", "conj"}  # fmt: skip
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}
# Modifiers of an event noun that qualify it ("the *alleged* attack", "a *planned* strike").
MODIFIER_DEPS = {"amod", "acl", "compound", "advmod"}


@dataclass(frozen=True)
class ModalityLexicon:
    negators: frozenset[str]
    negative_subjects: frozenset[str]
    negating_preps: frozenset[str]
    negating_verbs: frozenset[str]
    truth_predicates: frozenset[str]
    falsity_predicates: frozenset[str]
    conditional_marks: frozenset[str]
    conditional_phrases: tuple[tuple[str, ...], ...]
    inverted_conditional_auxes: frozenset[str]
    interrogative_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_predicates: frozenset[str]
    directive_verbs: frozenset[str]
    future_modals: frozenset[str]
    future_predicates: frozenset[str]
    hedges: frozenset[str]
    hedging_verbs: frozenset[str]
    reported_cues: frozenset[str]
    historical_days: int


@lru_cache(maxsize=1)
def modality_lexicon() -> ModalityLexicon:
    raw = read_yaml("lexicons", "modality.yaml")
    words = {
        k: frozenset(str(w).lower() for w in v)
        for k, v in raw.items()
        if isinstance(v, list) and all(not isinstance(w, list) for w in v)
    }
    phrases = tuple(tuple(str(w).lower() for w in phrase) for phrase in raw["conditional_phrases"])
    return ModalityLexicon(
        **{name: words[name] for name in ModalityLexicon.__dataclass_fields__ if name in words},
        conditional_phrases=phrases,
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
    published (date | None): the article's publication date, against which event_date is judged.
    RETURNS (ModalityCue): the modality and the word that signals it (None for a date or attribution).
    """
    lex = modality_lexicon()
    found: dict[str, Token | None] = {}
    _modifiers_of_trigger(trigger, lex, found)
    own_clause = True  # negation does not reach across a clause boundary
    previous: Token | None = None
    for node in _scope(trigger):
        _cues_on_node(node, previous, own_clause, lex, found)
        if node.dep_ in CLAUSE_DEPS and node.dep_ != "xcomp":
            own_clause = False
        previous = node
    if _in_question(trigger):
        found.setdefault("hypothetical", None)
    if event_date and published:
        if _is_historical(event_date, published, lex.historical_days):
            found.setdefault("historical", None)
        elif _is_future(event_date, published):
            found.setdefault("future", None)
    if attributed:
        found.setdefault("reported", None)
    for modality in PRECEDENCE:
        if modality in found:
            return ModalityCue(modality, found[modality])
    return ModalityCue("asserted", None)


def _scope(trigger: Token) -> list[Token]:
    """The trigger and the nodes that govern it, up to where the event stops being in their scope."""
    path = [trigger]
    node = trigger
    while node.head.i != node.i:
        if node.dep_ in {"relcl", "appos"}:
            break  # background: "militias that attacked the base"
        if node.dep_ == "advcl" and not _is_condition_or_purpose(node):
            break  # "after the army shelled the town, rebels could retaliate"
        if node.dep_ in SUBJECT_DEPS and _is_definite(node):
            break  # "the attack could derail talks": the attack itself is not in doubt
        node = node.head
        path.append(node)
    return path


def _is_condition_or_purpose(clause: Token) -> bool:
    lex = modality_lexicon()
    for child in clause.children:
        if child.dep_ == "mark" and child.lower_ in lex.conditional_marks | lex.interrogative_marks:
            return True
        if child.dep_ == "aux" and child.lower_ == "to":
            return True  # "deployed to attack the city": an aim, not a fact
    return _inverted_condition(clause, lex) is not None or _conditional_phrase(clause, lex) is not None


def _is_definite(node: Token) -> bool:
    return node.pos_ == "PROPN" or any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) for c in node.children
    )


def _modifiers_of_trigger(trigger: Token, lex: ModalityLexicon, found: dict[str, Token | None]) -> None:
    """ "the alleged attack", "a potential strike", "a planned offensive", "the elections scheduled for
    November": words modifying an event noun that qualify it."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return
    for child in trigger.children:
        if child.dep_ not in MODIFIER_DEPS:
            continue
        words = {child.lower_, child.lemma_.lower()}
        if words & lex.hedges:
            found.setdefault("hedged", child)
        elif words & lex.hypothetical_predicates:
            found.setdefault("hypothetical", child)
        elif words & lex.future_predicates:
            found.setdefault("future", child)


def _cues_on_node(
    node: Token,
    came_from: Token | None,
    own_clause: bool,
    lex: ModalityLexicon,
    found: dict[str, Token | None],
) -> None:
    lemma = node.lemma_.lower()
    for child in node.children:
        if came_from is not None and child.i == came_from.i:
            continue
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
            if own_clause and _negation_reaches(node, came_from) and word in lex.negators | {"no"}:
                found.setdefault("negated", child)
        elif child.dep_ in SUBJECT_DEPS and came_from is None and _is_negative(child, lex):
            found.setdefault("negated", child)  # "No civilians were killed", "nobody fled"
        elif child.dep_ in {"aux", "auxpass"}:
            if word in lex.hypothetical_modals:
                found.setdefault("hypothetical", child)
            elif word in lex.future_modals:
                found.setdefault("future", child)
        elif child.dep_ == "mark" and node.dep_ in {"advcl", "ccomp", "csubj"}:
            if word in lex.conditional_marks and node.dep_ == "advcl":
                found.setdefault("conditional", child)
            elif word in lex.interrogative_marks and node.dep_ in {"ccomp", "csubj"}:
                found.setdefault("hypothetical", child)  # "asked whether the drones attacked"
        elif child.dep_ in {"advmod", "npadvmod"}:
            if word in lex.hedges:
                found.setdefault("hedged", child)
            elif word in lex.reported_cues:
                found.setdefault("reported", child)
            elif word in lex.hypothetical_predicates:
                found.setdefault("hypothetical", child)
        elif child.dep_ in {"acomp", "attr"} and came_from is not None:
            predicate = child.lemma_.lower()
            if predicate in lex.hypothetical_predicates:
                found.setdefault("hypothetical", child)  # "it is possible that X"
            elif predicate in lex.falsity_predicates or (
                predicate in lex.truth_predicates and any(c.dep_ == "neg" for c in node.children)
            ):
                found.setdefault("negated", child)  # "it is not true that X"
    if node.dep_ == "advcl":
        cue = _inverted_condition(node, lex) or _conditional_phrase(node, lex)
        if cue is not None:
            found.setdefault("conditional", cue)
    elif node.dep_ in {"acl", "relcl", "ccomp", "conj"}:
        cue = _conditional_phrase(node, lex)
        if cue is not None:
            found.setdefault("conditional", cue)  # "in the event that talks fail" (parsed as a relative)
    if came_from is None:
        return
    if came_from.dep_ in SUBJECT_DEPS - {"nsubjpass"}:
        return  # a governing word does not qualify its own subject
    if node.lower_ in lex.negating_preps and own_clause:
        found.setdefault("negated", node)  # "without firing a shot"
    if came_from.dep_ not in COMPLEMENT_DEPS:
        return
    # Cues carried by a governing word itself.
    if lemma in lex.negating_verbs and came_from.dep_ in {"ccomp", "xcomp", "dobj", "pobj", "prep", "pcomp"}:
        if not any(c.dep_ == "neg" for c in node.children):  # "did not deny that ...": no denial
            found.setdefault("negated", node)
    elif node.lower_ in lex.conditional_marks and came_from.dep_ in {"ccomp", "pcomp"}:
        found.setdefault("conditional", node)  # "provided (that) the government releases ..."
    elif lemma in lex.hypothetical_predicates and node.pos_ in {"VERB", "ADJ", "NOUN", "ADV"}:
        found.setdefault("hypothetical", node)
    elif lemma in lex.directive_verbs and node.pos_ == "VERB" and _directed(came_from):
        found.setdefault("hypothetical", node)  # "urged the militia to release the hostages"
    elif (lemma in lex.future_predicates or node.lower_ in lex.future_predicates) and came_from.dep_ in {
        "xcomp",
        "amod",
        "ccomp",
        "pobj",
        "prep",
        "acl",
    }:
        found.setdefault("future", node)
    elif node.lower_ == "going" and came_from.dep_ == "xcomp":
        found.setdefault("future", node)  # "are going to negotiate"
    elif lemma in lex.hedging_verbs and node.pos_ == "VERB" and came_from.dep_ in {"ccomp", "xcomp"}:
        found.setdefault("hedged", node)  # "analysts believe the general ordered the strike"
    elif lemma in lex.hedges and node.pos_ in {"NOUN", "VERB", "ADJ"}:
        found.setdefault("hedged", node)
    elif lemma in lex.reported_cues and node.pos_ == "NOUN":
        found.setdefault("reported", node)


def _negation_reaches(node: Token, came_from: Token | None) -> bool:
    """A negated verb negates itself, its clause's infinitives and its core arguments ("did not launch an
    attack"), not an adjunct phrase ("were not hurt in the attack")."""
    return came_from is None or came_from.dep_ in {
        "xcomp",
        "dobj",
        "nsubjpass",
        "attr",
        "oprd",
        "conj",
        "aux",
    }


def _is_negative(subject: Token, lex: ModalityLexicon) -> bool:
    words = subject.lower_
    if words in lex.negative_subjects:
        return True
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    if determiner is not None and determiner.lower_ in lex.negative_subjects:
        return True
    return subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children)


def _directed(came_from: Token) -> bool:
    """What a directive verb asks for: its infinitive, clause or object ("demanded the release"), or the
    object of "for"/"on" ("called for a ceasefire")."""
    if came_from.dep_ in {"xcomp", "ccomp", "dobj"}:
        return True
    return came_from.dep_ == "prep" and came_from.lower_ in {"for", "on"}


def _inverted_condition(clause: Token, lex: ModalityLexicon) -> Token | None:
    """ "Should the regime refuse ...", "Had the army invaded ...": an auxiliary opening the clause before
    its subject."""
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return None
    for child in clause.children:
        if (
            child.dep_ in {"aux", "auxpass"}
            and child.i < subject.i
            and child.lower_ in lex.inverted_conditional_auxes
            and child.i == clause.left_edge.i
        ):
            return child
    return None


def _conditional_phrase(clause: Token, lex: ModalityLexicon) -> Token | None:
    """ "in case the rebels seize the dam", "as long as both armies withdraw": a multiword subordinator
    ending where the clause begins."""
    doc = clause.doc
    edge = clause.left_edge.i
    # The words before the clause's edge, read once for every phrase (each Token read builds an object).
    first = max(edge - max((len(p) for p in lex.conditional_phrases), default=0), 0)
    words = [t.lower_ for t in doc[first : edge + 1]]
    for phrase in lex.conditional_phrases:
        size = len(phrase)
        for end in (edge, edge - 1):  # the phrase may end with the clause's own first word ("that", "as")
            start = end - size + 1
            if start < 0:
                continue
            if tuple(words[start - first : end + 1 - first]) == phrase:
                return doc[start]
    return None


def _in_question(trigger: Token) -> bool:
    """A direct question ("Did the army attack the village?") asserts nothing about its event."""
    sentence = trigger.sent
    last = next((t for t in reversed(sentence) if not t.is_space and not t.is_quote), None)
    if last is None or last.text != "?":
        return False
    # Only the clause the question mark closes: not an event in a statement that merely quotes one.
    return (
        last.head.i == trigger.i
        or any(a.i == last.head.i for a in trigger.ancestors)
        or (trigger.sent.root.i == last.head.i)
    )


def _is_historical(value: str, published: dt.date, days: int) -> bool:
    """True when the last day a TIMEX3 value covers lies more than `days` before publication."""
    last = _last_day(value)
    return last is not None and (published - last).days > days


def _is_future(value: str, published: dt.date) -> bool:
    """True when the first day a TIMEX3 value covers lies after publication ("next week")."""
    first = _first_day(value)
    return first is not None and first > published


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


def _first_day(value: str) -> dt.date | None:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7 and value[4] == "-":
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        if "-W" in value:
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def token_modality(doc: Doc, token: Token, published: dt.date | None) -> ModalityCue:
    """The modality the events stage would give an event at `token`: its statement from the attribution
    stage, its date from the times stage (as `events.coder._build_event` reads them)."""
    from ..attribution.link import enclosing_quote
    from ..nlp.extensions import stage_results
    from ..times import time_for_tokens

    quote = enclosing_quote(stage_results(doc, "quotes"), token.idx)
    times = stage_results(doc, "times")
    when = time_for_tokens(doc, times, [token.i], token.sent)
    if when is None and quote is not None and quote.cue is not None:
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if cue is not None:
            when = time_for_tokens(doc, times, [t.i for t in cue], cue.sent)
    return event_modality(
        token,
        attributed=quote is not None and quote.speaker is not None,
        event_date=when.value if when is not None else None,
        published=published,
    )
