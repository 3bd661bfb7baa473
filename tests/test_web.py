"""The dashboard's pages (flashpoint.web) as HTML: tables, figures and the links behind every figure."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

from flashpoint.store import Store
from flashpoint.web import figures
from flashpoint.web.reader import highlight

from .test_api import TOKEN, client, fresh_db, make_client, workbench_db  # noqa: F401 (fixtures)

PAGES = ("/events", "/articles", "/articles/seed", "/timeline", "/map", "/network")


def total_on(page: str) -> int:
    return int(re.search(r'<b id="total">(\d+)</b>', page).group(1))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_offline(client, path):  # noqa: F811
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<link rel="stylesheet" href="/static/app.css">' in page
    # Nothing is loaded from another host: the dashboard works with no internet.
    assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="http://', 'href="local://'))
    assert "<script>" not in page  # no inline script (the CSP forbids it)


def test_root_goes_to_the_events(client):  # noqa: F811
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/events"


def test_events_table_filters_sorts_pages_and_exports(client, workbench_db):  # noqa: F811
    with Store(workbench_db, read_only=True) as store:
        expected = store.count_events(type="ASSAULT")
        top = store.events(limit=1, order="-goldstein")[0]
    page = client.get("/events", params={"type": "ASSAULT"}).text
    assert total_on(page) == expected > 0
    assert page.count('<tr class="quad-') == expected
    assert 'href="/api/export?type=ASSAULT&amp;format=gdelt"' in page
    assert 'class="chip"' in page  # the active filter, removable
    ordered = client.get("/events", params={"order": "-goldstein", "limit": 1}).text
    assert f'data-event="{top["id"]}"' in ordered
    assert 'rel="next"' in ordered
    by_type = client.get("/events", params={"order": "-type"}).text
    assert '<a href="/events?limit=50&amp;order=type" class="sort desc">Event</a>' in by_type


def test_every_figure_links_to_its_events(client):  # noqa: F811
    timeline = client.get("/timeline", params={"interval": "day"}).text
    bars = re.findall(r'<a href="([^"]+)"><rect [^>]*class="bar[^"]*"><title>([^<]+)</title>', timeline)
    assert bars
    for href, title in bars[:6]:
        count = int(re.search(r": (\d+) ", html.unescape(title)).group(1))
        assert total_on(client.get(html.unescape(href)).text) == count
    world = client.get("/map").text
    assert world.count('class="country') > 170  # the shipped basemap
    places = re.findall(r'<a href="([^"]+)"><circle [^>]*class="place"><title>([^<]+)</title>', world)
    assert places
    for href, title in places[:4]:
        count = int(re.search(r": (\d+) events", html.unescape(title)).group(1))
        query = parse_qs(urlparse(html.unescape(href)).query)
        assert "place" in query and total_on(client.get(html.unescape(href)).text) == count
    network = client.get("/network").text
    nodes = re.findall(r'<a href="([^"]+)"><circle [^>]*class="node"', network)
    edges = re.findall(r'<a href="([^"]+)"><path [^>]*class="edge"><title>([^<]+)</title>', network)
    assert len(nodes) >= 2 and edges
    for href, title in edges[:4]:
        count = int(re.search(r": (\d+) events", html.unescape(title)).group(1))
        assert total_on(client.get(html.unescape(href)).text) >= count  # an event may have 2 pairs


def test_figures_keep_the_filters(client):  # noqa: F811
    timeline = client.get("/timeline", params={"actor": "USA"}).text
    hrefs = re.findall(r'<a href="(/events\?[^"]+)"><rect', timeline)
    assert hrefs and all("actor=USA" in html.unescape(h) for h in hrefs)


def test_reader_marks_every_event_and_escapes_markup(client, workbench_db):  # noqa: F811
    with Store(workbench_db, read_only=True) as store:
        events = store.events(article_id="seed", limit=None)
    page = client.get("/articles/seed").text
    for event in events:
        assert f'id="event-{event["id"]}"' in page
        assert f'href="#event-{event["id"]}"' in page  # its trigger in the text
    assert page.count('class="tag mod-') == len(events)
    assert "hl-quote" in page and "hl-speaker" in page and "hl-place" in page
    assert "read-only" in page and 'class="correction"' not in page
    markup = client.get("/articles/markup-article").text
    assert "<script>alert" not in markup
    assert "&lt;script&gt;alert" in re.sub(r"<[^>]+>", "", markup)  # shown as text (highlights cut it)
    assert "<b>Basra</b>" not in markup and "&lt;b&gt;Basra&lt;/b&gt;" in markup


def test_highlight_cuts_overlapping_spans():
    text = "Iraq warned Iran."
    record = {"places": [{"start": 0, "end": 4}], "quotes": [], "times": []}
    events = [{"id": "e1", "trigger": {"start": 5, "end": 11}, "modality": "asserted", "quad_class": 3,
               "actor": [{"start": 0, "end": 4}], "recipient": [{"start": 12, "end": 16}]}]  # fmt: skip
    marked = str(highlight(text, record, events))
    assert '<span class="hl hl-actor hl-place">Iraq</span>' in marked
    assert 'href="#event-e1" data-event="e1">warned</a><sup' in marked
    assert html.unescape(re.sub(r"<sup.*?</sup>|<[^>]+>", "", marked)) == text


def test_a_writable_reader_has_correction_forms(fresh_db):  # noqa: F811
    with make_client(fresh_db, token=TOKEN) as writer:
        page = writer.get("/articles/seed").text
    assert page.count('class="correction"') == page.count('class="event-card') > 0
    assert 'id="token"' in page and TOKEN not in page  # the page never carries the secret


def test_bad_requests_get_a_page_not_a_trace(client):  # noqa: F811
    page = client.get("/events", params={"since": "someday"})
    assert page.status_code == 400 and "is not a date" in page.text and 'role="alert"' in page.text
    missing = client.get("/articles/no-such-article")
    assert missing.status_code == 404 and "no article" in missing.text
    assert client.get("/events", params={"order": "evil"}).status_code == 400
    assert client.get("/timeline", params={"interval": "year"}).status_code == 400


def test_timeline_geometry():
    data = {"interval": "day", "buckets": [
        {"start": "2020-09-01", "end": "2020-09-01", "counts": {0: 0, 1: 2, 2: 0, 3: 0, 4: 2}, "total": 4,
         "goldstein": 0.0},
        {"start": "2020-09-02", "end": "2020-09-02", "counts": dict.fromkeys(range(5), 0), "total": 0,
         "goldstein": None},
    ]}  # fmt: skip
    figure = figures.timeline_figure(data, lambda **kw: str(sorted(kw.items())))
    assert [b["quad"] for b in figure["bars"]] == [4, 1]
    assert figure["bars"][0]["h"] == figure["bars"][1]["h"] > 0  # equal counts, equal heights
    assert len(figure["points"]) == 1 and figure["points"][0]["cy"] == figure["zero_y"]


def test_basemap_is_shipped_and_projected():
    paths = figures.basemap_paths()
    codes = {code for code, _, _ in paths}
    assert len(paths) > 170 and {"IRQ", "USA", "FRA", "NOR", "BRA"} <= codes
    assert all(d.startswith("M") and d.endswith("Z") for _, _, d in paths)


def test_counted_dead_and_arrested_show_on_the_table_and_the_reader(tmp_path):
    from flashpoint import code_articles
    from flashpoint.ingest import Article

    text = "Police arrested 40 rioters in Basra. Three protesters died in police firing."
    article = Article(text=text, id="c")
    db = tmp_path / "sizes.duckdb"
    with Store(db) as store:
        store.add_articles([(article, next(iter(code_articles([article]))))])
    with make_client(db) as test_client:
        table = test_client.get("/events").text
        reader = test_client.get("/articles/c").text
    for page in (table, reader):
        assert "40 arrested" in page and "3 dead" in page
