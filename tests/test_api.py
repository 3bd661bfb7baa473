"""The workbench's JSON API (flashpoint.api) over a small database coded from the bundled examples.

Also the fixture the other workbench tests share (test_web, test_export, test_corrections, test_browser):
`workbench_db`, the examples plus one article with markup in its text, coded by the real pipeline once.
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashpoint.api import Limits, create_app, is_loopback, open_store
from flashpoint.ingest.article import Article
from flashpoint.store import Store

from .conftest import EXAMPLES

with warnings.catch_warnings():  # starlette's TestClient warns that it will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-5f1c"
# An article whose text and title carry markup: pages must show it as text, never run it.
MARKUP_ARTICLE = Article(
    text="Protesters in Basra chanted <script>alert('x')</script> and attacked the governor's office on "
    "Monday. Police arrested twenty people in Basra.",
    id="markup-article",
    title="<b>Basra</b> protest",
    published="2020-10-13",
    source="Test Wire",
)


def fixture_articles() -> list[Article]:
    """The bundled examples (the seed article and examples/articles.jsonl), plus MARKUP_ARTICLE."""
    articles = [
        Article(
            text=(EXAMPLES / "seed-article.txt").read_text(encoding="utf-8"),
            id="seed",
            title="US threatens to close its Baghdad embassy",
            published="2020-09-29",
            source="Seed Wire",
        )
    ]
    for line in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if (item.get("text") or "").strip() and item.get("id") != "example-bad-date":
            articles.append(
                Article(**{k: item.get(k) for k in ("text", "id", "title", "published", "source")})
            )
    return [*articles, MARKUP_ARTICLE]


def build_workbench_db(path: Path) -> Path:
    from flashpoint import code_articles

    articles = fixture_articles()
    records = {record.article.id: record for record in code_articles(articles)}
    with Store(path) as store:
        store.add_articles((a, records[a.id]) for a in articles if a.id in records)
    return path


@pytest.fixture(scope="session")
def workbench_db(tmp_path_factory) -> Path:
    """A database coded from the examples (read it; copy it with `fresh_db` to write)."""
    return build_workbench_db(tmp_path_factory.mktemp("workbench") / "workbench.duckdb")


@pytest.fixture
def fresh_db(workbench_db, tmp_path) -> Path:
    """A private copy of the workbench database, for tests that write."""
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(workbench_db, target)
    return target


def make_client(db: Path, *, token: str | None = None, limits: Limits | None = None) -> TestClient:
    store = Store(db) if token else Store(db, read_only=True)
    return TestClient(create_app(store, token=token, limits=limits, close_store=True))


@pytest.fixture
def client(workbench_db) -> Iterator[TestClient]:
    """A read-only server (no token) over the shared database."""
    with make_client(workbench_db) as test_client:
        yield test_client


@pytest.fixture
def writer(fresh_db) -> Iterator[TestClient]:
    """A server that accepts corrections with TOKEN, over a private copy."""
    with make_client(fresh_db, token=TOKEN) as test_client:
        yield test_client


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def some_event(client: TestClient, **params) -> dict:
    found = client.get("/api/events", params={"limit": 1, **params}).json()["events"]
    assert found, f"the fixture has no event matching {params}"
    return found[0]


# -- reading --------------------------------------------------------------------------------------------


def test_openapi_document_describes_the_api(client):
    document = client.get("/api/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/api/events",
        "/api/timeline",
        "/api/map",
        "/api/dyads",
        "/api/export",
        "/api/corrections",
    } <= paths
    parameters = {p["name"] for p in document["paths"]["/api/events"]["get"]["parameters"]}
    wanted = {
        "since", "until", "actor", "actor_sector", "recipient", "recipient_sector", "type", "quad_class",
        "modality", "source_type", "country", "place", "publisher", "text", "limit", "offset",
    }  # fmt: skip
    assert wanted <= parameters
    assert "post" in document["paths"]["/api/corrections"]
    assert client.get("/docs").status_code == 404  # Swagger UI would need a CDN


def test_every_filter_gives_what_the_store_gives(client, workbench_db):
    with Store(workbench_db, read_only=True) as store:
        first = store.events(limit=1, order="-goldstein")[0]
        cases = [
            {"type": first["type"]},
            {"quad_class": first["quad_class"]},
            {"modality": first["modality"]},
            {"actor": (first["actor"][0] or {}).get("code") or "USA"},
            {"actor_sector": "GOV"},
            {"recipient": "USA"},
            {"recipient_sector": "GOV"},
            {"source_type": "official"},
            {"country": "IRQ"},
            {"place": "Basrah"},
            {"publisher": "Seed Wire"},
            {"since": "2020-10-01", "until": "2020-10-31"},
            {"text": "embassy"},
            {"article_id": "seed"},
        ]
        for params in cases:
            expected = store.count_events(**{k: v for k, v in params.items()})
            response = client.get("/api/events", params=params)
            assert response.status_code == 200, (params, response.text)
            assert response.json()["total"] == expected, params
        assert store.count_events(publisher="Seed Wire") == store.count_events(article_id="seed") > 0


def test_filters_are_case_insensitive_codes_and_repeatable(client):
    upper = client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    assert client.get("/api/events", params={"type": "assault"}).json()["total"] == upper > 0
    both = client.get("/api/events", params=[("type", "ASSAULT"), ("type", "THREATEN")]).json()["total"]
    threaten = client.get("/api/events", params={"type": "THREATEN"}).json()["total"]
    assert both == upper + threaten


def test_pagination_walks_every_event_once(client):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    seen, url = [], "/api/events?limit=7"
    while url:
        page = client.get(url).json()
        seen += [(e["article_id"], e["id"]) for e in page["events"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == total


def test_article_carries_text_record_events_and_corrections(client):
    article = client.get("/api/articles/seed").json()
    assert article["text"].startswith("U.S. Secretary of State")
    assert len(article["events"]) == len(article["record"]["events"]) > 0
    assert article["corrections"] == []
    assert client.get("/api/articles/no-such-article").status_code == 404


def test_figures_count_the_same_events(client, workbench_db):
    timeline = client.get("/api/timeline").json()
    dated = sum(b["total"] for b in timeline["buckets"]) + sum(
        timeline["outside"].get(k, 0) for k in ("before", "after")
    )
    with Store(workbench_db, read_only=True) as store:
        assert dated == store.count_events()  # every fixture event has a day (its own or the article's)
        bucket = next(b for b in timeline["buckets"] if b["total"])
        behind = client.get(bucket["events"]).json()
        assert behind["total"] == bucket["total"]
        assert sum(store.country_counts().values()) == sum(
            client.get("/api/map").json()["countries"].values()
        )
    dyads = client.get("/api/dyads").json()["dyads"]
    top = dyads[0]
    pair = client.get("/api/events", params={"actor": top["actor"], "recipient": top["recipient"]}).json()
    assert pair["total"] >= top["events"] > 0 or pair["total"] == top["events"]


def test_articles_search(client):
    found = client.get("/api/articles", params={"publisher": "Test Wire"}).json()
    assert [a["id"] for a in found["articles"]] == ["markup-article"]
    assert client.get("/api/articles", params={"text": "Pompeo"}).json()["total"] == 1


def test_article_search_is_checked_the_same_by_api_and_page(client):
    # One dependency cleans the search for both: a bad date or too long a value is a 400 on each.
    for path in ("/api/articles", "/articles"):
        assert client.get(path, params={"since": "not a date"}).status_code == 400
        assert client.get(path, params={"text": "x" * 5000}).status_code == 400
        assert client.get(path, params={"publisher": " Test Wire ", "since": "2000"}).status_code == 200


# -- limits and hostile input ---------------------------------------------------------------------------


def test_limits_hold(workbench_db):
    limits = Limits(max_page_size=5, max_filter_values=3, max_text_length=20, max_export_rows=4,
                    max_timeline_buckets=3, max_map_points=2, max_dyads=2, max_body_bytes=300)  # fmt: skip
    with make_client(workbench_db, limits=limits) as client:
        assert client.get("/api/events", params={"limit": 6}).status_code == 400
        assert len(client.get("/api/events").json()["events"]) <= 5
        assert client.get("/api/events", params={"offset": 2_000_000}).status_code == 400
        assert client.get("/api/events", params=[("type", t) for t in "ABCD"]).status_code == 400
        assert client.get("/api/events", params={"text": "x" * 21}).status_code == 400
        assert client.get("/api/events", params={"quad_class": 9}).status_code == 400
        export = client.get("/api/export", params={"format": "jsonl", "limit": 100})
        assert export.status_code == 200 and len(export.text.splitlines()) == 4
        assert len(client.get("/api/timeline", params={"interval": "day"}).json()["buckets"]) <= 3
        assert len(client.get("/api/map").json()["points"]) <= 2
        assert len(client.get("/api/dyads").json()["dyads"]) <= 2
        big = client.post(
            "/api/corrections", content=b"{" + b" " * 400 + b"}", headers={"content-type": "application/json"}
        )
        assert big.status_code == 413


HOSTILE = [
    "USA' OR '1'='1",
    "'; DROP TABLE events; --",
    '") OR 1=1 --',
    "%",
    "_",
    "\\",
    "$1",
    "?",
    "∅ ünïcödé 😀",
    "a" * 200,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_only_ever_parameters(client, workbench_db, value):
    with Store(workbench_db, read_only=True) as store:
        before = store.stats()["counts"]
    for name in ("actor", "recipient", "type", "modality", "country", "place", "publisher", "text",
                 "actor_sector", "source_type", "article_id"):  # fmt: skip
        response = client.get("/api/events", params={name: value})
        assert response.status_code == 200, (name, value, response.text)
        assert response.json()["total"] == 0, (name, value)
    for path in ("/api/timeline", "/api/map", "/api/dyads", "/events", "/timeline", "/map", "/network"):
        assert client.get(path, params={"actor": value, "text": value}).status_code == 200, path
    assert client.get("/api/events", params={"order": value}).status_code == 400
    assert client.get("/api/events", params={"since": value}).status_code == 400
    assert client.get("/api/articles", params={"text": value}).json()["total"] == 0
    with Store(workbench_db, read_only=True) as store:
        assert store.stats()["counts"] == before


def test_review_filter_accepts_only_statuses(client):
    assert client.get("/api/events", params={"review": "unreviewed"}).status_code == 200
    assert client.get("/api/events", params={"review": "maybe"}).status_code == 400


# -- writes need the token ------------------------------------------------------------------------------


def test_a_server_without_token_is_read_only(client):
    event = some_event(client)
    body = {"article_id": event["article_id"], "event_id": event["id"], "verdict": "confirm"}
    response = client.post("/api/corrections", json=body, headers=auth())
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.get("/api/index").status_code == 404
    assert client.get("/api").json()["read_only"] is True


def test_writes_need_the_right_token(writer):
    event = some_event(writer)
    body = {"article_id": event["article_id"], "event_id": event["id"], "verdict": "reject"}
    assert writer.post("/api/corrections", json=body).status_code == 401
    assert writer.post("/api/corrections", json=body, headers=auth("wrong")).status_code == 401
    assert (
        writer.post("/api/corrections", json=body, headers={"Authorization": "Basic " + TOKEN}).status_code
        == 401
    )
    assert writer.get("/api/corrections").json()["corrections"] == []
    stored = writer.post("/api/corrections", json=body, headers=auth())
    assert stored.status_code == 201, stored.text
    assert stored.json()["event"]["review"]["status"] == "rejected"
    also = writer.post("/api/corrections", json={**body, "verdict": "confirm"},
                       headers={"X-Flashpoint-Token": TOKEN})  # fmt: skip
    assert also.status_code == 201
    assert [c["verdict"] for c in writer.get("/api/corrections").json()["corrections"]] == [
        "confirm",
        "reject",
    ]


def test_bad_corrections_are_refused_with_a_reason(writer):
    event = some_event(writer)
    base = {"article_id": event["article_id"], "event_id": event["id"]}
    cases = [
        ({**base, "verdict": "correct"}, 400, "at least one"),
        ({**base, "verdict": "correct", "changes": {"type": "BOMB"}}, 400, "PLOVER"),
        ({**base, "verdict": "correct", "changes": {"colour": "red"}}, 400, "cannot correct"),
        ({**base, "verdict": "correct", "changes": {"date": "soon"}}, 400, "not a date"),
        ({**base, "verdict": "maybe"}, 422, ""),
        ({**base, "verdict": "confirm", "extra": 1}, 422, ""),
        ({**base, "event_id": "e999", "verdict": "confirm"}, 404, "no event"),
    ]
    for body, status, words in cases:
        response = writer.post("/api/corrections", json=body, headers=auth())
        assert response.status_code == status, (body, response.text)
        assert words in json.dumps(response.json()["detail"])
    assert writer.get("/api/corrections").json()["corrections"] == []


def test_a_corrected_location_gets_its_country_point(writer):
    event = some_event(writer)
    body = {"article_id": event["article_id"], "event_id": event["id"], "verdict": "correct",
            "changes": {"location": {"name": "Mosul", "country_code": "irq"}}}  # fmt: skip
    stored = writer.post("/api/corrections", json=body, headers=auth()).json()
    location = stored["event"]["location"]
    assert location["country_code"] == "IRQ" and location["name"] == "Mosul"
    assert 29 < location["lat"] < 38 and 38 < location["lon"] < 49


def test_security_headers_and_loopback(client):
    headers = client.get("/events").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_serve_refuses_a_public_address(tmp_path, workbench_db):
    from click.testing import CliRunner

    from flashpoint.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(workbench_db), "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "loopback" in result.output
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such database" in missing.output


def test_read_only_serving_upgrades_an_old_schema_once(tmp_path):
    import duckdb

    from flashpoint.store import MIGRATIONS

    path = tmp_path / "old.duckdb"
    with Store(path):
        pass
    conn = duckdb.connect(str(path))  # make it look like a database from before the corrections table
    conn.execute("DROP TABLE corrections")
    conn.execute("DROP SEQUENCE corrections_id")
    conn.execute("DELETE FROM _migrations WHERE name = 'm010_corrections'")
    conn.close()
    with open_store(path, writable=False) as store:
        assert store.read_only and "m010_corrections" in store.applied_migrations()
        assert len(store.applied_migrations()) == len(MIGRATIONS)
