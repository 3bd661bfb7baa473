"""times: temporal expressions normalised to TIMEX3 values (the `flashpoint_times` stage).

Public API:
    find_times(doc, published) -> list[Time]       every dated expression, in document order
    time_for_tokens(doc, times, token_indices, sentence) -> Time | None
                                                    the expression that dates an event
    normalise(text, anchor, tense, reference) -> Normalised | None
                                                    one expression's value, a pure function
    value_bounds(value) -> (first day, last day) | None
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .attach import time_for_tokens
from .finder import candidate_spans, clause_tense, find_times
from .normalise import Normalised, Tense, normalise
from .values import precision_of, value_bounds

register_extensions()

__all__ = [
    "Normalised",
    "Tense",
    "candidate_spans",
    "clause_tense",
    "find_times",
    "normalise",
    "precision_of",
    "time_for_tokens",
    "times_component",
    "value_bounds",
]


@Language.component("flashpoint_times", requires=["doc.ents", "token.dep"], assigns=["doc._.times"])
def times_component(doc: Doc) -> Doc:
    """Set `doc._.times` from the text, anchored on the article's publication date (if any)."""
    article = doc._.article
    published = article.published_date if article is not None else None
    doc._.times = find_times(doc, published)
    return doc
