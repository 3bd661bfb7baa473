"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright for Python).

`flashpoint serve` runs in its own process on loopback over a copy of the workbench fixture database; the
browser loads each page, applies a filter, opens an article, submits corrections, and checks that the map
and the timeline render. Screenshots go to a temporary folder, or to $FLASHPOINT_SCREENSHOTS.

The README's screenshots come from the same code on a real corpus:

    python -m tests.test_browser --db big.duckdb --article polnear-... --out docs/screenshots
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_api import TOKEN, workbench_db  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip
PAGES = {
    "events": "/events",
    "timeline": "/timeline",
    "map": "/map",
    "network": "/network",
    "articles": "/articles",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, token: str | None) -> tuple[subprocess.Popen, str]:
    """`flashpoint serve` in its own process; returns it and its base URL once it answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "FLASHPOINT_TOKEN"}
    if token:
        env["FLASHPOINT_TOKEN"] = token
    command = [
        str(Path(sys.executable).with_name("flashpoint")), "serve", "--db", str(db), "--port", str(port),
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"flashpoint serve exited: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("flashpoint serve did not start within 60 s")


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium (make test does)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def capture(base: str, article_id: str, out: Path, page, query: str = "") -> list[Path]:
    """Screenshots of every page (and the reader of one article) into `out`; `query` filters the figures."""
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    for name, path in [*PAGES.items(), ("reader", f"/articles/{article_id}")]:
        filtered = query and name in ("events", "timeline", "map", "network")
        page.goto(base + path + (f"?{query}" if filtered else ""))
        page.wait_for_load_state("networkidle")
        target = out / f"{name}.png"
        page.screenshot(path=str(target))
        shots.append(target)
    return shots


@pytest.fixture(scope="module")
def server(workbench_db, tmp_path_factory) -> Iterator[str]:  # noqa: F811
    db = tmp_path_factory.mktemp("browser") / "served.duckdb"
    shutil.copyfile(workbench_db, db)
    process, base = start_server(db, TOKEN)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser_page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.errors = []  # console errors and uncaught exceptions, e.g. a blocked script
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        try:
            yield page
        finally:
            browser.close()


def test_every_page_loads_without_errors(server, browser_page, tmp_path):
    out = Path(os.environ.get("FLASHPOINT_SCREENSHOTS") or tmp_path)
    shots = capture(server, "seed", out, browser_page)
    assert all(p.stat().st_size > 10_000 for p in shots)
    assert browser_page.errors == []


def test_filter_the_events_table(server, browser_page):
    page = browser_page
    page.goto(server + "/events")
    assert page.locator("table#events tbody tr").count() > 0
    page.select_option("select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    assert "quad_class=" not in page.url  # empty filters are left out of the link
    types = page.locator("table#events tbody tr td:nth-child(2) b").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    total = int(page.inner_text("#total"))
    expected = page.request.get(server + "/api/events?type=ASSAULT&limit=1").json()["total"]
    assert total == expected == len(types)
    page.click("a.chip")  # remove the filter again
    page.wait_for_url(lambda url: "type=" not in url)
    assert int(page.inner_text("#total")) > total


def test_open_an_article_and_correct_its_events(server, browser_page):
    page = browser_page
    page.goto(server + "/events?article_id=seed&order=event_day")
    page.locator("td.sentence a").first.click()
    page.wait_for_url(re.compile(r"/articles/seed#event-"))
    card = page.locator(".event-card:target")
    assert card.count() == 1 and page.locator("#article-text a.hl-trigger").count() > 0
    event_id = card.get_attribute("data-event")

    # A wrong token is refused, and the page says why.
    page.fill("#token", "not-the-token")
    card.locator("button.confirm").click()
    page.wait_for_selector(f"#event-{event_id} .status.error")
    assert "401" in card.locator(".status").inner_text()
    refused = [e for e in page.errors if "401" in e]
    assert refused and page.errors == refused  # the browser logs the refused request, nothing else
    page.errors.clear()

    # Correct its type with the right token: the page reloads and shows the event as corrected.
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    current = card.locator("h3").inner_text().split()[1].split("/")[0]
    new_type = "PROTEST" if current != "PROTEST" else "AID"
    card.locator("summary").click()
    card.locator("select[name=type]").select_option(new_type)
    with page.expect_navigation():
        card.locator("button.correct").click()
    card = page.locator(f"#event-{event_id}")
    assert card.locator(".badge").inner_text() == "corrected"
    assert new_type in card.locator("h3").inner_text()
    assert current in card.locator(".machine").inner_text()

    # Reject another: the token was kept for the session.
    other = page.locator(".event-card").nth(1)
    other_id = other.get_attribute("data-event")
    with page.expect_navigation():
        other.locator("button.reject").click()
    assert page.locator(f"#event-{other_id} .badge").inner_text() == "rejected"
    stored = page.request.get(server + "/api/corrections?article_id=seed").json()["corrections"]
    assert [(c["event_id"], c["verdict"]) for c in stored[:2]] == [
        (other_id, "reject"),
        (event_id, "correct"),
    ]
    assert browser_page.errors == [] or all("401" in e for e in browser_page.errors)


def test_timeline_renders_and_links_to_its_events(server, browser_page):
    page = browser_page
    page.goto(server + "/timeline?interval=day")
    bars = page.locator("svg#timeline rect.bar")
    assert bars.count() > 0
    box = bars.first.bounding_box()
    assert box and box["height"] > 0 and box["width"] > 0
    assert page.locator("svg#timeline circle").count() > 0  # the Goldstein line's points
    title = bars.first.locator("title").text_content()
    count = int(re.search(r": (\d+) ", title).group(1))
    bars.first.click()
    page.wait_for_url(re.compile(r"/events\?.*since="))
    assert int(page.inner_text("#total")) == count


def test_map_and_network_render(server, browser_page):
    page = browser_page
    page.goto(server + "/map")
    assert page.locator("svg#map path.country").count() > 170
    box = page.locator("svg#map").bounding_box()
    assert box and box["width"] > 800 and box["height"] > 300
    places = page.locator("svg#map circle.place")
    assert places.count() > 0 and places.first.bounding_box()["width"] > 0
    page.goto(server + "/network")
    assert page.locator("svg#network circle.node").count() >= 2
    assert page.locator("svg#network path.edge").count() >= 1


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - makes the README's screenshots
    parser = argparse.ArgumentParser(description="Screenshots of every dashboard page")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--article", required=True, help="the article the reader shows")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--query", default="", help="filters for the figures, e.g. since=2016-01-01")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    process, base = start_server(args.db, None)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for shot in capture(base, args.article, args.out, page, args.query):
                print(shot)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":  # pragma: no cover
    main()
