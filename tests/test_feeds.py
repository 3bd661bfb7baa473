"""Feeds and fetching: saved RSS/Atom/HTML served by httpx.MockTransport, never the network."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from flashpoint.errors import FetchError
from flashpoint.ingest import Article, Fetcher, ReadProblem, read_inputs, url_id
from flashpoint.ingest.feeds import feed_articles, html_text, looks_like_feed
from flashpoint.ingest.fetch import USER_AGENT, make_client

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS = (FEEDS / "world.rss").read_bytes()
ATOM = (FEEDS / "un.atom").read_bytes()
PAGE = (FEEDS / "basra-protest.html").read_bytes()
FEED_URL = "https://news.example.org/world/rss"
PAGE_URL = "https://news.example.org/world/2020/09/28/basra-protest"


class Server:
    """A MockTransport handler serving saved content, with ETags, and a log of what was asked."""

    def __init__(self, routes: dict[str, list[httpx.Response] | bytes]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get(str(request.url))
        if route is None:
            return httpx.Response(404)
        if isinstance(route, list):
            response = route.pop(0)
            if isinstance(response, Exception):
                raise response
            return response
        etag = f'"{len(route)}"'
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        kind = "application/rss+xml" if route.lstrip().startswith(b"<?xml") else "text/html; charset=utf-8"
        return httpx.Response(200, content=route, headers={"ETag": etag, "Content-Type": kind})


def fetcher_for(server: Server, **options) -> Fetcher:
    client = httpx.Client(transport=httpx.MockTransport(server), headers={"User-Agent": USER_AGENT})
    return Fetcher(client, sleep=lambda _: None, **options)


def articles(items) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def test_rss_entries_become_articles_with_metadata():
    items = list(feed_articles(RSS, where="world.rss", max_chars=100_000))
    found = articles(items)
    assert [a.title for a in found] == [
        "US warns Iraq it may close Baghdad embassy",
        "Police detain protesters in Basra",
    ]
    first = found[0]
    assert first.text.startswith("The United States has warned Iraqi leaders")
    assert "\n\nSecretary of State Mike Pompeo" in first.text  # paragraphs kept apart
    assert first.published == "2020-09-29T14:05:00+00:00"
    assert first.source == "Example Wire: World"
    assert first.url == "https://news.example.org/world/2020/09/29/us-warns-iraq-embassy"
    assert first.id == url_id(first.url)
    assert found[1].text == "Police in Basra detained dozens of protesters on Monday."
    # The entry with no text is reported, not dropped silently.
    (problem,) = [i for i in items if isinstance(i, ReadProblem)]
    assert problem.where == "world.rss#3" and problem.reason == "empty"


def test_atom_entries_use_content_and_fall_back_to_an_id_without_link():
    found = articles(feed_articles(ATOM, where="un.atom", max_chars=100_000))
    assert found[0].text.startswith("Kuwait and Iraq agreed on Thursday")
    assert found[0].published == "2020-10-01T06:00:00+00:00"  # normalised to UTC
    assert found[1].url is None and found[1].id == "feed:tag:agency.example.net,2020:yemen-meeting"
    assert found[1].published == "2020-10-02T10:00:00+00:00"  # no <published>: the update time


def test_malformed_feed_is_a_problem():
    warning, entry = feed_articles(b"<rss><channel><item>", where="bad.rss", max_chars=1000)
    assert warning.reason == "malformed feed" and not warning.skipped
    assert entry.reason == "empty" and entry.where == "bad.rss#1"
    (problem,) = feed_articles(b"just words", where="words.xml", max_chars=1000)
    assert problem.reason == "malformed feed"


@pytest.mark.parametrize(
    ("content", "kind", "expected"),
    [
        (RSS, "", True),
        (ATOM, "", True),
        (PAGE, "", False),
        (b"<html></html>", "application/rss+xml", True),
        (RSS, "text/html", False),
    ],
)
def test_looks_like_feed(content, kind, expected):
    assert looks_like_feed(content, kind) is expected


def test_html_text_keeps_paragraphs_and_line_breaks():
    assert html_text("<p>One <b>bold</b>.</p><p>Two<br>lines.</p>") == "One bold.\n\nTwo\nlines."
    assert html_text("") == ""


def test_feed_and_page_files_are_read_by_suffix(tmp_path):
    (tmp_path / "world.rss").write_bytes(RSS)
    (tmp_path / "page.html").write_bytes(PAGE)
    found = articles(read_inputs([tmp_path]))
    assert [a.origin.rsplit("/", 1)[1] for a in found] == ["page.html", "world.rss#1", "world.rss#2"]
    page = found[0]
    assert page.url == PAGE_URL and page.id == url_id(PAGE_URL)
    assert page.published == "2020-09-28"
    assert "Governor Asaad al-Eidani called for calm" in page.text
    assert "Reader: this happens every year" not in page.text  # comments are not the article
    assert "Copyright 2020" not in page.text


def test_feed_url_is_fetched_politely_and_conditionally():
    server = Server({FEED_URL: RSS})
    fetcher = fetcher_for(server)
    first = articles(read_inputs([FEED_URL], fetcher=fetcher, follow_links=False))
    assert len(first) == 2
    assert server.requests[0].headers["User-Agent"].startswith("flashpoint/")
    # Polled again: the ETag comes back and the unchanged feed costs a 304, yielding nothing.
    again = list(read_inputs([FEED_URL], fetcher=fetcher, follow_links=False))
    assert again == []
    assert "If-None-Match" not in server.requests[0].headers
    assert server.requests[1].headers["If-None-Match"] == f'"{len(RSS)}"'


def test_following_links_codes_the_full_page_once():
    server = Server({FEED_URL: RSS, PAGE_URL: PAGE})
    fetcher = fetcher_for(server)
    found = articles(read_inputs([FEED_URL], fetcher=fetcher))  # feed URLs follow links by default
    basra = next(a for a in found if a.url == PAGE_URL)
    assert "Governor Asaad al-Eidani" in basra.text  # the page's article, not the one-line summary
    assert basra.title == "Police detain protesters in Basra" and basra.source == "Example Wire: World"
    asked = [str(r.url) for r in server.requests]
    assert asked.count(PAGE_URL) == 1
    # An entry whose page is stored is neither fetched again nor replaced by its summary.
    stored = {basra.id}
    again = articles(
        read_inputs([FEED_URL], fetcher=fetcher, is_stored=stored.__contains__, follow_links=True)
    )
    assert PAGE_URL not in [a.url for a in again]
    assert [str(r.url) for r in server.requests].count(PAGE_URL) == 1


def test_a_page_that_cannot_be_fetched_falls_back_to_the_feed_text():
    server = Server({FEED_URL: RSS})  # the linked pages answer 404
    items = list(read_inputs([FEED_URL], fetcher=fetcher_for(server)))
    basra = next(a for a in articles(items) if a.url == PAGE_URL)
    assert basra.text == "Police in Basra detained dozens of protesters on Monday."
    warnings = [p for p in items if isinstance(p, ReadProblem) and not p.skipped]
    assert any("HTTP 404" in p.message for p in warnings)


def test_retries_transient_failures_then_succeeds():
    sleeps: list[float] = []
    server = Server(
        {
            FEED_URL: [
                httpx.ConnectError("connection refused"),
                httpx.Response(503, headers={"Retry-After": "7"}),
                httpx.Response(200, content=RSS),
            ]
        }
    )
    client = httpx.Client(transport=httpx.MockTransport(server))
    fetched = Fetcher(client, retries=3, backoff=1.0, min_interval=0, sleep=sleeps.append).get(FEED_URL)
    assert fetched.content == RSS
    assert sleeps == [1.0, 7.0]  # backoff, then the server's Retry-After


def test_gives_up_after_the_retries_and_says_why():
    server = Server({FEED_URL: [httpx.ReadTimeout("slow")] * 3})
    fetcher = fetcher_for(server, retries=2)
    with pytest.raises(FetchError, match="timed out after 3 tries") as caught:
        fetcher.get(FEED_URL)
    assert caught.value.where == FEED_URL
    (problem,) = read_inputs(
        [FEED_URL], fetcher=fetcher_for(Server({FEED_URL: [httpx.ReadTimeout("x")] * 4}))
    )
    assert problem.reason == "fetch failed" and problem.where == FEED_URL


def test_client_errors_are_not_retried():
    server = Server({})
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher_for(server).get(FEED_URL)
    assert len(server.requests) == 1


def test_requests_to_one_host_are_spaced():
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    server = Server({FEED_URL: RSS, PAGE_URL: PAGE})
    client = httpx.Client(transport=httpx.MockTransport(server))
    fetcher = Fetcher(client, min_interval=2.0, sleep=sleep, clock=lambda: now[0])
    fetcher.get(FEED_URL)
    now[0] += 0.5
    fetcher.get(PAGE_URL)
    assert sleeps == [1.5]


def test_default_client_has_timeouts_and_names_us():
    client = make_client()
    try:
        assert client.timeout.connect == 10.0 and client.timeout.read == 20.0
        assert client.headers["User-Agent"] == USER_AGENT
    finally:
        client.close()
