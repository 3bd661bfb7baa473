"""attribution: who says so. Statements (direct, indirect, mixed, "according to"), their cues, contents and
speakers resolved to named actors; source types and attribution chains; disputes between claims."""

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .cues import is_cue
from .disputes import find_disputes
from .quotes import find_quotes, find_statements, quoted_spans
from .statement import attribution_lexicon

register_extensions()


@Language.component(
    "flashpoint_attribution",
    requires=["doc._.entities", "token.dep", "token.lemma"],
    assigns=["doc._.quotes"],
)
def attribution_component(doc: Doc) -> Doc:
    doc._.quotes = find_quotes(doc)
    return doc


__all__ = [
    "attribution_component",
    "attribution_lexicon",
    "find_disputes",
    "find_quotes",
    "find_statements",
    "is_cue",
    "quoted_spans",
]
