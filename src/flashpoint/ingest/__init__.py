"""Ingest: every source of articles becomes a stream of `Article`s (and `ReadProblem`s)."""

from .article import Article, article_id, parse_published, url_id
from .fetch import Fetcher, make_client
from .readers import DEFAULT_MAX_CHARS, FORMATS, ReadItem, ReadProblem, read_inputs
from .tabular import parse_columns

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "Article",
    "Fetcher",
    "ReadItem",
    "ReadProblem",
    "article_id",
    "make_client",
    "parse_columns",
    "parse_published",
    "read_inputs",
    "url_id",
]
