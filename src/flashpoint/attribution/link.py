"""Which statement an event rests on: the events stage asks here, so "who says so" stays one mechanism."""

from __future__ import annotations

from ..records.model import Attribution, Quote
from ..records.model import Span as TextSpan
from .chains import claim_basis, source_link


def enclosing_quote(quotes: list[Quote], position: int) -> Quote | None:
    """The innermost statement whose content contains the character at `position`."""
    containing = [q for q in quotes if q.content.start <= position < q.content.end]
    return min(containing, key=lambda q: q.content.end - q.content.start) if containing else None


def attribution_for(quote: Quote | None) -> Attribution:
    """The attribution of an event found in `quote`'s content (or in the article's own voice): its
    source, the chain of sources that relay it, and the kind of source it ultimately rests on."""
    if quote is None or quote.speaker is None:
        return Attribution(source=None, source_type="article", cue=None)
    speaker = quote.speaker
    return Attribution(
        source=TextSpan(speaker.text, speaker.start, speaker.end),
        source_type=quote.source_type,
        cue=quote.cue,
        quote=quote.id,
        chain=(source_link(quote), *quote.via),
        basis=claim_basis(quote),
    )
