"""GraphiQL (GET /graphql) in headless Chromium with every request off this machine
blocked: it loads from the app alone, opens with the README's example queries as
tabs and the Authorization hint, and runs a query against the live server.
`make test` builds the bundle (`make graphiql`) and installs chromium first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

from talentgraph.app import create_app
from talentgraph.graphiql import GRAPHIQL_DIST
from talentgraph.settings import ROOT, Settings
from tests.live_server import serving
from tests.test_explorer import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def readme_examples() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return [b.strip() for b in blocks if not b.lstrip().startswith("mutation")]


@pytest.fixture(scope="module")
def base_url(seeded: neo4j.Driver, settings: Settings) -> Iterator[str]:
    if not (GRAPHIQL_DIST / "index.html").is_file():
        pytest.fail("graphiql/dist is not built: run `make graphiql` (make test does)")
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture
def page(base_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A fresh Chromium page, its script errors and the requests it tried off loopback."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test does)")
    errors: list[str] = []
    blocked: list[str] = []

    def only_loopback(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.route("**/*", only_loopback)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, errors, blocked
        browser.close()


def test_graphiql_runs_a_query_with_the_outside_network_blocked(
    base_url: str, page: tuple[Page, list[str], list[str]]
) -> None:
    tab, errors, blocked = page
    tab.goto(f"{base_url}/graphql")
    tabs = tab.locator(".graphiql-tab")
    examples = readme_examples()
    expect(tabs).to_have_count(len(examples), timeout=30_000)
    # The headers editor is open on the hint for the key.
    expect(tab.locator(".graphiql-editor-tool")).to_contain_text("Authorization", timeout=10_000)
    # The second example: where Alibaba's people went (README: ByteDance, 2 moves).
    assert "talentFlows" in examples[1]
    tabs.nth(1).click()
    expect(tab.locator(".graphiql-query-editor")).to_contain_text("talentFlows")
    tab.locator(".graphiql-execute-button").click()
    response = tab.locator(".graphiql-response")
    expect(response).to_contain_text("ByteDance", timeout=30_000)
    expect(response).to_contain_text("Zhou Chang")
    # The explorer plugin lists the root fields from the schema it introspected.
    tab.get_by_role("button", name="Show GraphiQL Explorer").click()
    expect(tab.locator(".graphiql-explorer-root")).to_contain_text("portfolioAlumniHires")
    assert errors == []
    assert blocked == []
