"""Flashpoint: news reports about politics and conflict -> a sourced, queryable record of events.

from flashpoint import Article, code_articles
for record in code_articles([Article(text=text, id="a1", published="2020-09-29")]):
    record.to_dict()  # the output contract
"""

from .coder import Coded, code_articles, code_items
from .errors import ConfigError, EvaluationError, FlashpointError, InputError, StoreError
from .ingest import Article, ReadProblem, article_id, read_inputs
from .nlp import load_pipeline
from .records import ArticleRecord, Event
from .store import Store

__all__ = [
    "Article",
    "ArticleRecord",
    "Coded",
    "ConfigError",
    "EvaluationError",
    "Event",
    "FlashpointError",
    "InputError",
    "ReadProblem",
    "Store",
    "StoreError",
    "article_id",
    "code_articles",
    "code_items",
    "load_pipeline",
    "read_inputs",
]
