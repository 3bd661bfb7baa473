"""Doc -> ArticleRecord: a pure function over what the stages left on the Doc. No I/O."""

from __future__ import annotations

from spacy.tokens import Doc

from ..attribution.disputes import find_disputes
from ..ingest.article import Article
from ..nlp.extensions import stage_results
from .model import ArticleMeta, ArticleRecord


def article_meta(article: Article) -> ArticleMeta:
    return ArticleMeta(
        id=article.id,
        title=article.title,
        published=article.published,
        source=article.source,
        url=article.url,
    )


def build_record(doc: Doc, article: Article) -> ArticleRecord:
    """Assemble the contract record of one coded article."""
    return ArticleRecord(
        article=article_meta(article),
        events=tuple(stage_results(doc, "events")),
        quotes=tuple(stage_results(doc, "quotes")),
        entities=tuple(stage_results(doc, "entities")),
        places=tuple(stage_results(doc, "places")),
        times=tuple(stage_results(doc, "times")),
        disputes=tuple(find_disputes(doc)),
    )
