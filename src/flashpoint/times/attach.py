"""Which temporal expression dates an event: the one attached to its trigger or arguments in the parse."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..records.model import Time

_VERBS = {"VERB", "AUX"}
# Dependencies through which a clause's time reaches a verb below it: "agreed on Sunday to withdraw".
_TRANSPARENT = {"xcomp"}


def time_tokens(doc: Doc, time: Time) -> Span | None:
    return doc.char_span(time.start, time.end, alignment_mode="expand")


def _clause_head(token: Token) -> Token:
    """The verb heading the clause `token` is in (through nouns and prepositions; xcomp is transparent)."""
    current = token
    while current.pos_ not in _VERBS and current.head.i != current.i:
        current = current.head
    while current.dep_ in _TRANSPARENT and current.head.i != current.i:
        current = current.head
    return current


def _path_to_clause(token: Token) -> list[Token]:
    """`token`'s ancestors up to and including its clause's verb: the words it modifies."""
    path = []
    current = token
    while current.head.i != current.i:
        current = current.head
        path.append(current)
        if current.pos_ in _VERBS:
            break
    return path


def time_for_tokens(
    doc: Doc, times: Sequence[Time], token_indices: Iterable[int], sentence: Span
) -> Time | None:
    """The temporal expression syntactically attached to an event, or None (then the caller falls back).

    `token_indices` are the doc indices of the event's trigger and argument tokens; `sentence` the
    sentence they are in. An expression qualifies when it modifies one of those tokens (an npadvmod,
    prep-pobj or tmod path: "On Sunday, X told reporters", "the attack on Sunday"), or sits in the same
    clause as one of them; an expression in another clause ("said on Monday that X attacked") does not.
    Direct attachment wins over clause membership, then the nearer expression.
    """
    indices = set(token_indices)
    if not indices:
        return None
    clauses = {_clause_head(doc[i]).i for i in indices}
    best: tuple[int, int, Time] | None = None
    for time in times:
        if time.start < sentence.start_char or time.end > sentence.end_char:
            continue
        span = time_tokens(doc, time)
        if span is None:
            continue
        root = span.root
        path = _path_to_clause(root)
        if any(t.i in indices for t in path):
            rank = 0
        elif _clause_head(root).i in clauses:
            rank = 1
        else:
            continue
        distance = min(min(abs(t.i - i) for i in indices) for t in span)
        if best is None or (rank, distance) < best[:2]:
            best = (rank, distance, time)
    return best[2] if best else None
