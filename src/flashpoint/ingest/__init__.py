"""Ingest: every source of articles becomes a stream of `Article`s (and `ReadProblem`s)."""

from .article import Article, article_id, parse_published
from .readers import DEFAULT_MAX_CHARS, ReadItem, ReadProblem, read_inputs

__all__ = [
    "DEFAULT_MAX_CHARS",
    "Article",
    "ReadItem",
    "ReadProblem",
    "article_id",
    "parse_published",
    "read_inputs",
]
