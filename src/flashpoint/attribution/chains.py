"""Attribution chains: which statement a statement is reported inside, and what a source relies on.

"Politico reported that, according to Defense Department sources, the threat was a bluff": the claim rests
on anonymous officials, relayed by a medium. Each Quote gets the statements it is reported inside
(`via`, innermost first); a source that says what it relies on ("Politico reported that it spoke with
three sources") gets the kind of that source (`cites`); and an event's attribution carries the whole chain
and the kind of source the claim ultimately rests on (`basis`).
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..actors.index import EntityIndex
from ..records.model import Quote, SourceLink
from ..records.model import Span as TextSpan
from .speakers import content_source_type
from .statement import Statement, attribution_lexicon

RELAYING_TYPES = {"media", "organization", "official"}


def attribution_chains(
    statements: list[Statement], quotes: list[Quote], entities: EntityIndex
) -> list[Quote]:
    """Fill `via` and `cites` on the quotes built from `statements` (same order)."""
    enclosing = _enclosing(statements)
    cites: dict[int, str] = {}
    lex = attribution_lexicon()
    for index, statement in enumerate(statements):
        outer = enclosing[index]
        if outer is None or statement.cue_head is None:
            continue
        if statement.cue_head.lemma_.lower() not in lex.citing_cues:
            continue
        cited = content_source_type(statement.content.root, entities)
        if cited is not None and _same_source(quotes[index], quotes[outer]):
            cites[outer] = cited  # "Politico reported that it spoke with three sources"
        elif statement.cue is not None and " " in statement.cue.text and quotes[index].source_type:
            cites.setdefault(outer, quotes[index].source_type)  # "reported that, according to X, ..."
    result: list[Quote] = []
    for index, quote in enumerate(quotes):
        via: list[SourceLink] = []
        outer = enclosing[index]
        seen = {index}
        while outer is not None and outer not in seen:
            seen.add(outer)
            via.append(source_link(quotes[outer]))
            outer = enclosing[outer]
        result.append(replace(quote, via=tuple(via), cites=cites.get(index)))
    return result


def source_link(quote: Quote) -> SourceLink:
    speaker = quote.speaker
    return SourceLink(
        quote=quote.id,
        source=TextSpan(speaker.text, speaker.start, speaker.end) if speaker is not None else None,
        source_type=quote.source_type,
        resolved=speaker.resolved if speaker is not None else None,
    )


def claim_basis(quote: Quote) -> str:
    """The kind of source a claim in `quote` ultimately rests on: the innermost source, or what it cites
    when it is a medium or organisation relaying others."""
    if quote.speaker is None:
        return "article"
    if quote.cites and quote.source_type in RELAYING_TYPES:
        return quote.cites
    return quote.source_type


def _enclosing(statements: list[Statement]) -> list[int | None]:
    """For each statement, the index of the innermost other statement whose content holds its cue; a
    cue-less quotation is where the statement it continues is."""
    position = {id(s): i for i, s in enumerate(statements)}
    order = sorted(range(len(statements)), key=lambda i: statements[i].content.start)
    starts = [statements[i].content.start for i in order]
    result: list[int | None] = []
    for index, statement in enumerate(statements):
        anchor = statement.cue or statement.source or statement.content
        best: int | None = None
        best_size = 0
        # Contents starting at or before the anchor, nearest first; a content starting further back than
        # the best one found so far is long enough to end after the anchor can only be larger.
        for k in range(bisect.bisect_right(starts, anchor.start) - 1, -1, -1):
            other = order[k]
            start, end = statements[other].content.start, statements[other].content.end
            if best is not None and anchor.end - start > best_size:
                break
            if other != index and anchor.end <= end and (best is None or end - start < best_size):
                best, best_size = other, end - start
        result.append(best)
    for index, statement in enumerate(statements):
        root = statement.continues
        if root is not None and statement.cue is None and id(root) in position:
            result[index] = result[position[id(root)]]
    return result


def _same_source(inner: Quote, outer: Quote) -> bool:
    a, b = inner.speaker, outer.speaker
    if a is None or b is None:
        return False
    name_a, name_b = a.resolved or a.text, b.resolved or b.text
    return name_a.lower() == name_b.lower() or (
        a.code == b.code and a.sector == b.sector and a.code is not None
    )
