"""Disputes: one claim in an article contradicting another about the same event.

Two shapes, read from the tree with the words of `attribution_disputes.yaml`:

- doubt: a predicate of doubt said of a noun that names an event or a claim ("the threat to pull out of
  Baghdad was more of a bluff", "the reports are false");
- denial: a statement cued by a verb of denial ("Iran denied that it attacked the tanker", "the ministry
  dismissed the reports").

The disputed claim is what the rest of the article coded as that event: events of the same PLOVER type
outside the disputing statement (for an event noun), or the statements cued as that kind of claim (for a
claim noun) and the events coded inside them. A doubt or denial with no counterpart in the article is not
a dispute between claims and is not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..data import read_yaml
from ..events.lexicon import load_event_lexicon, noun_keys
from ..nlp.extensions import stage_results
from ..nlp.spans import span_of, subtree_span, trim_span
from ..ontology import cameo
from ..records.model import Dispute, Event, Quote

COPULA_DEPS = {"attr", "acomp", "oprd"}


@dataclass(frozen=True)
class DisputeLexicon:
    doubt_words: frozenset[str]
    denial_verbs: frozenset[str]
    claim_nouns: dict[str, frozenset[str]]
    disputable_modalities: frozenset[str]


@lru_cache(maxsize=1)
def dispute_lexicon() -> DisputeLexicon:
    raw = read_yaml("lexicons", "attribution_disputes.yaml")
    return DisputeLexicon(
        doubt_words=frozenset(raw["doubt_words"]),
        denial_verbs=frozenset(raw["denial_verbs"]),
        claim_nouns={noun: frozenset(cues) for noun, cues in raw["claim_nouns"].items()},
        disputable_modalities=frozenset(raw["disputable_modalities"]),
    )


def find_disputes(doc: Doc) -> list[Dispute]:
    """Disputes between the claims the attribution and events stages found in `doc`."""
    lex = dispute_lexicon()
    quotes: list[Quote] = stage_results(doc, "quotes")
    events: list[Event] = stage_results(doc, "events")
    disputes: list[Dispute] = []
    seen: set[tuple[int, int]] = set()
    for token in doc:
        found = _doubt(token, lex) or _denial(token, quotes, lex)
        if found is None:
            continue
        kind, cue, target = found
        key = (target.start_char, target.end_char)
        if key in seen:
            continue
        by = _innermost(quotes, cue.idx)
        event_ids, quote_ids = _disputed(doc, target, by, quotes, events, lex)
        if not event_ids and not quote_ids:
            continue
        seen.add(key)
        disputes.append(
            Dispute(
                id=f"d{len(disputes) + 1}",
                kind=kind,
                cue=span_of(cue),
                target=span_of(target),
                disputed_by=by.id if by is not None else None,
                events=tuple(event_ids),
                quotes=tuple(quote_ids),
            )
        )
    return disputes


def _doubt(token: Token, lex: DisputeLexicon) -> tuple[str, Token, Span] | None:
    """ "X was (more of) a bluff", "X is false", "a bluff": the doubt word and the X it is said of."""
    if token.lemma_.lower() not in lex.doubt_words and token.lower_ not in lex.doubt_words:
        return None
    node = token
    if node.dep_ == "pobj" and node.head.dep_ == "prep":  # "more of a bluff"
        node = node.head.head
    if node.dep_ in COPULA_DEPS or (node.dep_ == "amod" and node.head.dep_ in COPULA_DEPS):
        predicate = node if node.dep_ in COPULA_DEPS else node.head
        subject = next((c for c in predicate.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return "doubt", token, trim_span(subtree_span(subject))
    if token.dep_ == "amod" and token.head.pos_ in {"NOUN", "PROPN"}:  # "false reports", "an empty threat"
        return "doubt", token, trim_span(subtree_span(token.head))
    return None


def _denial(token: Token, quotes: list[Quote], lex: DisputeLexicon) -> tuple[str, Token, Span] | None:
    """A statement cued by a verb of denial: what it denies is its clause or its object."""
    if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in lex.denial_verbs:
        return None
    for child in token.children:
        if child.dep_ in {"ccomp", "dobj", "xcomp"}:
            return "denial", token, trim_span(subtree_span(child))
    return None


def _innermost(quotes: list[Quote], position: int) -> Quote | None:
    containing = [q for q in quotes if q.content.start <= position < q.content.end]
    containing += [q for q in quotes if q.cue is not None and q.cue.start <= position < q.cue.end]
    return min(containing, key=lambda q: q.content.end - q.content.start) if containing else None


def _disputed(
    doc: Doc,
    target: Span,
    by: Quote | None,
    quotes: list[Quote],
    events: list[Event],
    lex: DisputeLexicon,
) -> tuple[list[str], list[str]]:
    """(event ids, quote ids) of the claims the target names, outside the disputing statement."""
    outside = _outside(by, target)
    head = target.root
    claim_cues = lex.claim_nouns.get(head.lemma_.lower())
    if claim_cues is not None:
        cue_lemmas = {q.id: _cue_lemma(doc, q) for q in quotes}
        claimed = [q for q in quotes if cue_lemmas[q.id] in claim_cues and outside(q.content.start)]
        if by is not None:
            claimed = [q for q in claimed if q.id != by.id]
        inside = [
            e.id
            for e in events
            if any(q.content.start <= e.trigger.start < q.content.end for q in claimed)
            and e.modality in lex.disputable_modalities
        ]
        return inside, [q.id for q in claimed]
    types = _event_types(target)
    candidates = [
        e
        for e in events
        if e.type in types
        and outside(e.trigger.start)
        and not (target.start_char <= e.trigger.start < target.end_char)
        and e.modality in lex.disputable_modalities
    ]
    disputed = _same_event(doc, target, candidates)
    carrying = {
        q.id for e in disputed for q in quotes if e.attribution is not None and e.attribution.quote == q.id
    }
    return [e.id for e in disputed], sorted(carrying, key=lambda q: int(q[1:]))


def _same_event(doc: Doc, target: Span, candidates: list[Event]) -> list[Event]:
    """The candidates the target describes: those whose sentence shares the most content words with the
    target's own words ("the threat to pull out of *Baghdad*" and "the embassy in *Baghdad* would close");
    when the target says nothing that tells them apart ("the threat"), the nearest one before it."""
    words = {t.lemma_.lower() for t in target if _content_word(t) and t.i != target.root.i}
    scored: list[tuple[int, Event]] = []
    for event in candidates:
        sentence = doc.char_span(event.sentence.start, event.sentence.end, alignment_mode="expand")
        shared = len(words & {t.lemma_.lower() for t in sentence or () if _content_word(t)})
        scored.append((shared, event))
    best = max((score for score, _ in scored), default=0)
    if best > 0:
        return [event for score, event in scored if score == best]
    before = [e for e in candidates if e.trigger.start < target.start_char]
    return before[-1:]


def _content_word(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"} and not token.is_stop


def _outside(by: Quote | None, target: Span):
    """A predicate: is a character position outside the disputing statement (and the target)?"""
    start, end = (
        (by.content.start, by.content.end) if by is not None else (target.start_char, target.end_char)
    )

    def check(position: int) -> bool:
        return not (start <= position < end)

    return check


def _event_types(target: Span) -> set[str]:
    """PLOVER types the target names: its head noun ("the threat ..."), or the events inside it ("that it
    attacked the tanker")."""
    lexicon = load_event_lexicon()
    types: set[str] = set()
    for token in target:
        if token.pos_ not in {"NOUN", "PROPN"} and token.i != target.root.i:
            continue
        for key in sorted(noun_keys(token), key=lambda k: -len(k.split())):
            entry = lexicon.match_noun(key.split())
            if entry is not None:
                types |= _plover_of(entry.cameo)
                break
    for token in target:
        if token.pos_ == "VERB":
            entry = lexicon.match_verb(token.lemma_.lower())
            if entry is not None:
                types |= _plover_of(entry.cameo)
    return types


def _plover_of(code: str) -> set[str]:
    """The PLOVER type of a lexicon entry's CAMEO code, as a set (empty: none, or not a CAMEO code)."""
    try:
        plover = cameo(code).plover_type
    except KeyError:
        return set()
    return {plover} if plover else set()


def _cue_lemma(doc: Doc, quote: Quote) -> str | None:
    if quote.cue is None:
        return None
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return span.root.lemma_.lower() if span is not None else None


__all__ = ["DisputeLexicon", "dispute_lexicon", "find_disputes"]
