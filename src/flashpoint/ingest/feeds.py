"""RSS and Atom feeds -> Articles, one per entry (feedparser reads every common dialect).

An entry's text is its full content when the feed carries it, else its summary. With `follow_links`, the
page an entry links to is fetched and its article (trafilatura) replaces a shorter feed text; entries
already stored are not fetched again, so polling a feed costs one conditional GET per poll plus one
request per new entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import feedparser
import lxml.html

from ..errors import FetchError
from .article import Article, article_id, url_id
from .fetch import Fetcher, is_url
from .html import html_article
from .items import ReadItem, ReadProblem, check_problem

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".rdf"})
_FEED_TYPES = ("rss", "atom", "rdf", "xml")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    """Whether a response is a feed (by media type, else by its first element) rather than a page."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if any(word in kind for word in _FEED_TYPES):
        return True
    if "html" in kind:
        return False
    head = content[:1024].lstrip().lower()
    head = re.sub(rb"^<\?xml[^>]*>\s*", b"", head)
    head = re.sub(rb"^(<!--.*?-->\s*)+", b"", head, flags=re.S)
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def feed_articles(
    data: bytes,
    *,
    where: str,
    max_chars: int,
    published: str | None = None,
    fetcher: Fetcher | None = None,
    follow_links: bool = False,
    is_stored: Callable[[str], bool] | None = None,
) -> Iterator[ReadItem]:
    """The entries of one feed document as Articles (and ReadProblems for entries that have no text).

    data (bytes): the feed as fetched or read (bytes: feedparser must never be handed a URL to fetch).
    where (str): the feed's file or URL, for messages; an entry is `where#N`.
    follow_links (bool): fetch each new entry's linked page with `fetcher` and code its article.
    is_stored (Callable[[str], bool] | None): whether an article id is already stored; such entries are
        not fetched again.
    """
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            yield ReadProblem(where, "malformed feed", f"not a readable RSS/Atom feed ({reason})")
        elif not parsed.get("version"):
            yield ReadProblem(where, "malformed feed", "not an RSS/Atom feed")
        return
    if parsed.get("bozo"):
        yield ReadProblem(
            where,
            "malformed feed",
            f"not well-formed ({parsed.get('bozo_exception')}); read what could be read",
            skipped=False,
        )
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield from _entry_article(
            entry,
            where=f"{where}#{number}",
            source=source,
            max_chars=max_chars,
            published=published,
            fetcher=fetcher if follow_links else None,
            is_stored=is_stored,
        )


def _entry_article(
    entry: Any,
    *,
    where: str,
    source: str | None,
    max_chars: int,
    published: str | None,
    fetcher: Fetcher | None,
    is_stored: Callable[[str], bool] | None,
) -> Iterator[ReadItem]:
    # feedparser falls back to the entry id for a missing link; only a web address is a link.
    link = entry.get("link") if is_url(entry.get("link") or "") else None
    text = _entry_text(entry)
    ident = url_id(link) if link else (f"feed:{entry['id']}" if entry.get("id") else None)
    date = _entry_date(entry) or published
    if ident is not None and is_stored is not None and is_stored(ident):
        # Stored before (perhaps from its page, which says more than the feed); a poll must not fetch
        # it again, nor replace it with the feed's summary.
        return
    if fetcher is not None and link:
        try:
            page = fetcher.get(link, conditional=False)
        except FetchError as exc:
            yield ReadProblem(where, exc.reason, f"{exc}; coded from the feed's own text", skipped=False)
        else:
            for item in html_article(page.content, where=link, url=link, published=date, max_chars=max_chars):
                # The page's article wins when it says more than the feed (the usual case: a summary).
                if isinstance(item, Article) and len(item.text) > len(text):
                    yield Article(
                        text=item.text,
                        id=url_id(link),
                        title=entry.get("title") or item.title,
                        published=date or item.published,
                        source=source or item.source,
                        url=link,
                        language=item.language,
                        origin=where,
                    )
                    return
    problem = check_problem(text, where=where, max_chars=max_chars)
    if problem is not None:
        yield problem
        return
    yield Article(
        text=text,
        id=ident or article_id(text),
        title=entry.get("title") or None,
        published=date,
        source=source,
        url=link,
        language=entry.get("language") or None,
        origin=where,
    )


def _entry_text(entry: Any) -> str:
    """The longest text the entry carries: its full content, else its summary (HTML made plain)."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or ()]
    summary = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", summary.get("type") or "text/html"))
    texts = [html_text(value) if "html" in kind else value.strip() for value, kind in candidates]
    return max(texts, key=len, default="")


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment, with a blank line between blocks and a newline for <br>."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError or ValueError on junk; treat it as text
        return fragment.strip()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    text = _SPACES.sub(" ", root.text_content())
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) time as ISO 8601 in UTC; feedparser gives it as UTC."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC).isoformat()
            except (TypeError, ValueError):
                continue
    return None
