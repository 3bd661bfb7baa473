"""actors: mentions of people, organisations, countries and groups, coded country + sector + name."""

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.extensions import register_extensions
from .coder import find_entities, find_mentions
from .index import EntityIndex
from .mentions import Mention, sentence_numbers

register_extensions()


@Language.component(
    "flashpoint_actors",
    requires=["doc.ents", "token.dep", "token.lemma"],
    assigns=["doc._.entities"],
)
def actors_component(doc: Doc) -> Doc:
    article = doc._.article
    doc._.entities = find_entities(doc, article.published_date if article is not None else None)
    return doc


__all__ = ["EntityIndex", "Mention", "actors_component", "find_entities", "find_mentions", "sentence_numbers"]
