"""records: the output contract as frozen dataclasses, and the Doc -> record assembly."""

from .build import article_meta, build_record
from .model import (
    MODALITIES,
    PLOVER_TYPES,
    QUOTE_KINDS,
    SOURCE_TYPES,
    Acled,
    Actor,
    ArticleMeta,
    ArticleRecord,
    Attribution,
    Entity,
    Event,
    Place,
    Quote,
    SentenceRef,
    Span,
    Speaker,
    Time,
)

__all__ = [
    "MODALITIES",
    "PLOVER_TYPES",
    "QUOTE_KINDS",
    "SOURCE_TYPES",
    "Acled",
    "Actor",
    "ArticleMeta",
    "ArticleRecord",
    "Attribution",
    "Entity",
    "Event",
    "Place",
    "Quote",
    "SentenceRef",
    "Span",
    "Speaker",
    "Time",
    "article_meta",
    "build_record",
]
