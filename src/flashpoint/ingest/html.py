"""HTML pages -> Articles: trafilatura finds the article body and its metadata, htmldate the publication
date.

trafilatura separates the article from navigation, comments and boilerplate (body-text F1 0.96 on the
181-page article-extraction benchmark; `flashpoint eval html`). Its metadata step calls htmldate's
`find_date` with the parameters below: the page's original publication date (not its last update),
from markup and structured data, without the extensive text search, which mostly finds copyright years
and dates of related links.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator

import trafilatura

from .article import Article, article_id, parse_published, url_id
from .items import ReadItem, ReadProblem, check_problem

log = logging.getLogger(__name__)

# htmldate.find_date parameters: see the module docstring.
DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
# When trafilatura finds no article it falls back to whatever text the page has ("Home World"); fewer
# words than this is navigation, not a news report (the shortest of the benchmark's 181 articles has 18).
MIN_ARTICLE_WORDS = 10


def html_article(
    data: bytes | str,
    *,
    where: str,
    url: str | None = None,
    published: str | None = None,
    max_chars: int,
) -> Iterator[ReadItem]:
    """The article in one HTML page (yields a ReadProblem instead when there is none).

    data (bytes | str): the page; bytes are decoded by trafilatura (declared charset, else detected).
    where (str): the file or URL, for messages.
    url (str | None): the page's URL when known; else the page's canonical URL, when it declares one.
    published (str | None): a date to use when the page has none.
    """
    try:
        document = trafilatura.bare_extraction(
            data,
            url=url,
            include_comments=False,
            with_metadata=True,
            # No second opinion from readability and jusText (trafilatura's "fast" mode): on the 181-page
            # benchmark it was a fifth of the reading time and no better (body F1 0.960 with, 0.962 without).
            fast=True,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup; one page only
        log.debug("extracting %s failed", where, exc_info=True)
        yield ReadProblem(where, "unreadable html", f"could not extract the article ({type(exc).__name__})")
        return
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        found = f" (only {text[:60]!r})" if text else ""
        yield ReadProblem(where, "no article", f"no article text found in the page{found}")
        return
    problem = check_problem(text, where=where, max_chars=max_chars)
    if problem is not None:
        yield problem
        return
    page_url = url or document.url or None
    found_date = document.date or None
    try:
        date = parse_published(found_date) if found_date else published
    except ValueError:
        date = published
    yield Article(
        text=text,
        # A page's URL is its identity: a page fetched again with changed text replaces its old version.
        id=url_id(page_url) if page_url else article_id(text),
        title=document.title or None,
        published=date,
        source=document.sitename or document.hostname or None,
        url=page_url,
        language=document.language or None,
        origin=where,
    )


def decompress(data: bytes, *, where: str, limit: int) -> bytes:
    """Gunzip `data`, refusing more than `limit` bytes of output (a small file can unpack to gigabytes)."""
    try:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise gzip.BadGzipFile(f"{where}: not a valid gzip file ({exc})") from None
    if len(out) > limit:
        raise OverflowError(f"unpacks to more than {limit:,} bytes")
    return out
