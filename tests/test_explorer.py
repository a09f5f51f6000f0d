"""The explorer page (/explore) in a real headless Chromium, against a live server.

Chromium cannot reach Starlette's TestClient, so the app runs under uvicorn in a
thread, on the seed graph. `make test` builds the page (`make explorer`) and
installs Debian's chromium (`make browser`) first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from starlette.testclient import TestClient

from talentgraph.app import EXPLORER_DIST, create_app
from talentgraph.settings import ROOT, Settings
from tests.live_server import serving

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOT = ROOT / "test-artifacts" / "explorer.png"


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    if not (EXPLORER_DIST / "index.html").is_file():
        pytest.fail("explorer/dist is not built: run `make explorer` (make test does)")


@pytest.fixture(scope="module")
def base_url(seeded: neo4j.Driver, settings: Settings) -> Iterator[str]:
    if "anonymous_read" in Settings.model_fields:
        settings = settings.model_copy(update={"anonymous_read": True})
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Browser]:
    # After base_url: the seed loader's asyncio.run cannot run inside Playwright's loop.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test does)")
    with sync_playwright() as p:
        # launch() gives every run a fresh temporary profile.
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """The explorer, at a laptop's width; fails the test on a script error or an
    off-site request (everything must come from the app: no CDN)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    offsite: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((base_url, "data:")) else offsite.append(r.url),
    )
    page.goto(f"{base_url}/explore")
    yield page
    context.close()
    assert errors == []
    assert offsite == []


def graph_names(page: Page) -> list[str]:
    return page.evaluate("window.explorer.cy.nodes().map(n => n.data('name'))")  # type: ignore[no-any-return]


def wait_for_names(page: Page, *names: str) -> None:
    page.wait_for_function(
        """names => names.every(
            name => window.explorer.cy.nodes().some(n => n.data('name') === name))""",
        arg=list(names),
    )


def search_and_pick(page: Page, text: str, entity_id: str) -> None:
    page.get_by_label("Search people, companies, models").fill(text)
    page.keyboard.press("Enter")
    page.locator(f'#results button[data-id="{entity_id}"]').click()


def on_canvas(page: Page, element: str) -> tuple[float, float]:
    """Where a cytoscape element (a JS expression on `cy`) is drawn, in page coordinates."""
    point = page.evaluate(
        f"""() => {{
            const cy = window.explorer.cy;
            const el = {element};
            if (!el || el.empty()) return null;
            const p = el.isEdge() ? el.renderedMidpoint() : el.renderedPosition();
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }}"""
    )
    assert point is not None, f"nothing drawn for {element}"
    return point[0], point[1]


def click_edge(page: Page, kind: str, source: str, target: str) -> str:
    """Clicks an edge where it is drawn, as a user does; returns its id."""
    edge = (
        f"cy.edges().filter(e => e.data('type') === {kind!r}"
        f" && e.source().data('name') === {source!r} && e.target().data('name') === {target!r})"
    )
    page.mouse.click(*on_canvas(page, edge))
    return str(page.evaluate("window.explorer.cy.edges(':selected').map(e => e.id())[0]"))


def test_explore_serves_the_built_page(client: TestClient) -> None:
    page = client.get("/explore")  # redirected to /explore/, which serves index.html
    script = client.get("/explore/explorer.js")
    assert page.status_code == 200
    assert 'id="graph"' in page.text
    # Only relative asset URLs: the bundle is served by the app, never fetched from a CDN.
    assert "http" not in page.text.split("<body>")[0]
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


def test_search_expand_and_read_an_edge_with_its_source(page: Page) -> None:
    search_and_pick(page, "Zhou Chang", "zhou-chang")
    wait_for_names(page, "Zhou Chang", "ByteDance", "Alibaba Cloud")

    # A double click expands a node: Alibaba Cloud's neighbourhood brings in its group.
    page.mouse.dblclick(*on_canvas(page, "cy.$id('alibaba-cloud')"))
    wait_for_names(page, "Alibaba Group")
    expect(page.get_by_role("status")).to_contain_text("Alibaba Cloud:")

    edge_id = click_edge(page, "WORKED_AT", "Zhou Chang", "Alibaba Cloud")
    assert edge_id.startswith("WORKED_AT:zhou-chang:alibaba-cloud")
    details = page.locator("#details")
    expect(details.get_by_role("heading", level=2)).to_have_text("WORKED_AT")
    expect(details.locator(".ends")).to_have_text("Zhou Chang → Alibaba Cloud")
    expect(details).to_contain_text("2024-07")
    source = details.get_by_role("link", name="Alibaba sees AI talent depart")
    expect(source).to_have_attribute("href", re.compile(r"^https://frominsideasia\.com/alibaba-"))
    expect(source).to_have_attribute("target", "_blank")
    expect(page.get_by_role("alert")).to_be_hidden()

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT)


def test_keyboard_only(page: Page) -> None:
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("周畅")  # the Chinese name finds him too
    page.keyboard.press("Enter")
    result = page.locator('#results button[data-id="zhou-chang"]')
    expect(result).to_be_visible()
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")
    expect(result).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_names(page, "ByteDance")

    # The details panel lists the drawn edges as buttons: open one from the keyboard.
    edge = page.locator("#details .connections button", has_text="WORKED_AT 2017")
    edge.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#details h2")).to_have_text("WORKED_AT")

    # Then its far end (his 2017 spell is on DAMO Academy's M6 team), and expand it.
    page.locator("#details .ends button", has_text="DAMO Academy").focus()
    page.keyboard.press("Enter")
    expand = page.get_by_role("button", name="Expand neighbourhood")
    expect(expand).to_be_visible()
    before = len(graph_names(page))
    expand.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("n => window.explorer.cy.nodes().length > n", arg=before)
    assert "Alibaba Group" in graph_names(page)


def test_as_of_redraws_the_graph_as_it_stood(page: Page) -> None:
    search_and_pick(page, "Zhou Chang", "zhou-chang")
    wait_for_names(page, "ByteDance", "Alibaba Cloud")
    page.get_by_label("As of").fill("2020-06-01")
    page.wait_for_function(
        "() => !window.explorer.cy.nodes().some(n => n.data('name') === 'ByteDance')"
    )
    assert "Alibaba Cloud" in graph_names(page)
    expect(page.get_by_role("status")).to_contain_text("as of 2020-06-01")


def run_traversal(page: Page, title: str, **fields: str) -> None:
    page.get_by_label("Question").select_option(label=title)
    for name, value in fields.items():
        page.locator(f"#arg-{name}").fill(value)
    page.locator("#traversal-form").get_by_role("button", name="Run").click()


def test_the_users_example_says_no_results_clearly(page: Page) -> None:
    # The form opens on the user's own question, already filled in.
    expect(page.get_by_label("Question")).to_have_value("portfolioAlumniHires")
    expect(page.locator("#arg-investor")).to_have_value("alibaba-group")
    page.locator("#traversal-form").get_by_role("button", name="Run").click()
    expect(page.locator("#traversal-result")).to_contain_text("No results")
    expect(page.get_by_role("alert")).to_be_hidden()


def test_talent_flows_are_drawn(page: Page) -> None:
    run_traversal(page, "Talent flows", **{"from": "alibaba-group"})
    expect(page.locator("#traversal-result")).to_contain_text("Zhou Chang")
    wait_for_names(page, "Zhou Chang", "Yang Hongxia", "ByteDance")
    flow = click_edge(page, "Talent flow", "Alibaba Group", "ByteDance")
    assert flow.startswith("flow:")
    expect(page.locator("#details")).to_contain_text("Zhou Chang")


@pytest.mark.parametrize(
    ("title", "fields"),
    [
        ("Departures", {"company": "alibaba-group"}),
        ("Portfolio", {"investor": "alibaba-group"}),
        ("Co-investors", {"company": "alibaba-group"}),
        ("Connections", {"from": "zhou-chang", "to": "yang-hongxia"}),
    ],
)
def test_every_traversal_runs_and_draws(page: Page, title: str, fields: dict[str, str]) -> None:
    run_traversal(page, title, **fields)
    expect(page.get_by_role("status")).to_contain_text(f"{title}:")
    expect(page.get_by_role("alert")).to_be_hidden()
    assert len(graph_names(page)) > 1


def test_an_api_error_is_shown(page: Page) -> None:
    run_traversal(page, "Departures", company="no-such-company")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("NOT_FOUND")
    expect(alert).to_contain_text("no-such-company")
