"""attribution: who says so. Quotes, reported speech and their speakers, cues and contents."""

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .quotes import attribution_lexicon, find_quotes, quoted_spans

register_extensions()


@Language.component(
    "flashpoint_attribution",
    requires=["doc._.entities", "token.dep", "token.lemma"],
    assigns=["doc._.quotes"],
)
def attribution_component(doc: Doc) -> Doc:
    doc._.quotes = find_quotes(doc)
    return doc


__all__ = ["attribution_component", "attribution_lexicon", "find_quotes", "quoted_spans"]
