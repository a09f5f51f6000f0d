"""The explorer and the change log, in a real headless Chromium: the history panel of the
selected node and edge, and facts written while the page is open drawn without a reload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests import test_explorer
from tests.graphql import graph_fixture
from tests.live_server import serving
from tests.test_explorer import built  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

# The module-scoped Chromium of tests/test_explorer.py, under its name here.
browser = test_explorer.browser

WRITE_KEY, WRITER = new_key("explorer-curator", [Scope.READ, Scope.WRITE])

graph = graph_fixture("""
sources:
  - {id: src-live, title: Live source, publisher: Test, url: "https://example.com/live"}
people:
  - {id: live-person, name: Live Person, sources: [src-live]}
companies:
  - {id: live-co, name: Live Co, kind: STARTUP, sources: [src-live]}
  - {id: live-lab, name: Live Lab, kind: LAB, sources: [src-live]}
facts:
  - {rel: WORKED_AT, from: live-person, to: live-co, role: engineer, start: 2020, sources: [src-live]}
""")


@pytest.fixture(scope="module")
def base_url(graph: neo4j.Driver, settings: Settings) -> Iterator[str]:
    settings = settings.model_copy(update={"api_keys": [WRITER], "anonymous_read": True})
    with serving(create_app(settings)) as url:
        yield url


def mutate(base_url: str, query: str, **variables: Any) -> dict[str, Any]:
    answer = httpx2.post(f"{base_url}/graphql", json={"query": query, "variables": variables},
                         headers={"authorization": f"Bearer {WRITE_KEY}"}, timeout=30)  # fmt: skip
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    return body


RENAME = """mutation($name: String!) {
  upsertPerson(input: {id: "live-person", name: $name, sources: ["src-live"]}) { changed } }"""
PROMOTE = """mutation { recordEmployment(input: {person: "live-person", employer: "live-co",
  role: "lead engineer", start: "2020", sources: ["src-live"]}) { changed } }"""
JOIN = """mutation { recordEmployment(input: {person: "live-person", employer: "live-lab",
  role: "researcher", start: "2024-03", sources: ["src-live"]}) { changed employment { id } } }"""


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/explore/?view=graph&id=live-person")
    page.wait_for_function("window.explorer && window.explorer.cy.nodes().length >= 2")
    yield page
    context.close()
    assert errors == []


def test_the_history_panel_of_a_node_and_of_an_edge(
    page: Page, base_url: str, graph: neo4j.Driver
) -> None:
    mutate(base_url, RENAME, name="Live Person Renamed")
    mutate(base_url, PROMOTE)
    # `void`: emit() answers the element, and Playwright would copy all of Cytoscape's graph
    # out of the page to return it (tens of seconds; it crashed Chromium once in CI).
    page.evaluate("void window.explorer.cy.getElementById('live-person').emit('tap')")
    history = page.locator("#details section.history")
    first = history.locator("ol.revisions > li").first
    expect(first).to_contain_text("upsertPerson")
    expect(first).to_contain_text("by explorer-curator")
    expect(first.locator("table.diff td.before")).to_contain_text("Live Person")
    expect(first.locator("table.diff td.after")).to_contain_text("Live Person Renamed")
    expect(first).to_contain_text("Live source")
    # The edge: the employment the graph was loaded with, promoted since.
    page.evaluate("void window.explorer.cy.edges('[type = \"WORKED_AT\"]')[0].emit('tap')")
    expect(page.locator("#details h2")).to_have_text("WORKED_AT")
    edge_change = page.locator("#details section.history ol.revisions > li").first
    expect(edge_change).to_contain_text("recordEmployment")
    expect(edge_change.locator("table.diff td.after")).to_contain_text("lead engineer")


def test_facts_written_while_the_page_is_open_are_drawn_without_a_reload(
    page: Page, base_url: str
) -> None:
    edges = page.evaluate("window.explorer.cy.edges().length")
    page.wait_for_timeout(500)  # the page's subscription is open
    mutate(base_url, JOIN)
    mutate(base_url, RENAME, name="Live Person Again")
    page.wait_for_function(f"window.explorer.cy.edges().length > {edges}", timeout=15000)
    page.wait_for_function(
        "window.explorer.cy.getElementById('live-person').data('name') === 'Live Person Again'",
        timeout=15000,
    )
    assert page.evaluate("window.explorer.cy.getElementById('live-lab').nonempty()")
    assert page.evaluate("window.explorer.cy.getElementById('live-person').hasClass('changed')")
    assert page.evaluate("window.explorer.changes.length") >= 1
