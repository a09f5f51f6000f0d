"""The explorer's analyst views (talent flows, career, funding) in a real headless Chromium.

Each view opens from a URL, and what it draws is checked against the API's own answer
to the same question, asked here over HTTP. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Download, Page, expect

from talentgraph.app import EXPLORER_DIST
from tests.test_explorer import (  # noqa: F401 (fixtures)
    SCREENSHOT,
    base_url,
    browser,
    built,
    page,
    wait_for_names,
)

pytestmark = pytest.mark.browser
ARTIFACTS = SCREENSHOT.parent
BUNDLE_LIMIT = 1_000_000  # bytes, gzipped: the explorer stays light on a slow link


def api(base: str, query: str, **variables: Any) -> dict[str, Any]:
    """The API's answer, asked as any client would."""
    response = httpx2.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, timeout=60
    )
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def open_view(tab: Page, base: str, query: str, drawn: str) -> None:
    tab.goto(f"{base}/explore/?{query}")
    tab.locator(drawn).first.wait_for(state="attached")
    expect(tab.get_by_role("alert")).to_be_hidden()


def shot(tab: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def export(tab: Page, panel: str, kind: str) -> Path:
    with tab.expect_download() as info:
        tab.locator(f"{panel} .exports").get_by_role("button", name=kind).click()
    download: Download = info.value
    path = ARTIFACTS / download.suggested_filename
    ARTIFACTS.mkdir(exist_ok=True)
    download.save_as(path)
    return path


# --- Talent flows ---------------------------------------------------------------------

FLOWS = """query($from: ID, $to: ID, $granularity: Granularity!) {
  talentFlows(from: $from, to: $to, granularity: $granularity, first: 100) {
    from { id } to { id } count periods { period count }
    moves(first: 500) { nodes { person { name } left { employer { id } } } }
  }
}"""


def bands(tab: Page) -> list[dict[str, Any]]:
    return tab.eval_on_selector_all(
        "#flows-out path.band",
        """els => {
            // A ribbon's path starts at its top left corner and ends at its bottom left one.
            const thickness = d => { const n = d.match(/-?[0-9.]+/g).map(Number);
                                     return n[n.length - 1] - n[1]; };
            return els.map(e => ({from: e.dataset.from, to: e.dataset.to,
            count: Number(e.dataset.count), width: thickness(e.getAttribute('d'))}));
        }""",
    )


def test_flows_bands_match_the_api(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=flows", "#flows-out path.band")
    expected = api(base_url, FLOWS, granularity="YEAR")["talentFlows"]
    drawn = bands(page)
    assert len(drawn) == len(expected) >= 2
    assert sorted((b["from"], b["to"], b["count"]) for b in drawn) == sorted(
        (f["from"]["id"], f["to"]["id"], f["count"]) for f in expected
    )
    # One scale for every band: a band's width is its count times the same factor.
    factors = {round(b["width"] / b["count"], 3) for b in drawn}
    assert len(factors) == 1, factors
    rows = page.locator("#flows-out table.data tbody tr")
    expect(rows).to_have_count(sum(f["count"] for f in expected))
    shot(page, "view-flows-all")


def test_flows_hover_lists_moves_and_click_shows_evidence(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=flows&from=alibaba-group", "#flows-out path.band")
    expected = api(base_url, FLOWS, **{"from": "alibaba-group"}, granularity="YEAR")
    flow = next(f for f in expected["talentFlows"] if f["to"]["id"] == "bytedance")
    band = page.locator('#flows-out path.band[data-to="bytedance"]')
    band.hover()
    tip = page.locator("#flow-tip")
    expect(tip).to_be_visible()
    for move in flow["moves"]["nodes"]:
        expect(tip).to_contain_text(move["person"]["name"])
    band.click()
    details = page.locator("#details")
    expect(details.get_by_role("heading", level=2)).to_have_text("Alibaba Group → ByteDance")
    expect(details.locator(".move")).to_have_count(flow["count"])
    expect(
        details.get_by_role("link", name="Alibaba sees AI talent depart").first
    ).to_have_attribute("href", re.compile(r"^https://frominsideasia\.com/"))
    shot(page, "view-flows")


def test_flows_units_opened_and_the_period_slider(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(
        page, base_url, "view=flows&from=alibaba-group&to=bytedance&units=open&granularity=QUARTER",
        "#flows-out path.band",
    )  # fmt: skip
    group = {"from": "alibaba-group", "to": "bytedance"}
    (flow,) = api(base_url, FLOWS, **group, granularity="QUARTER")["talentFlows"]
    # Opened, each band starts at the unit people actually left.
    assert {b["from"] for b in bands(page)} == {
        m["left"]["employer"]["id"] for m in flow["moves"]["nodes"]
    }
    first = flow["periods"][0]
    slider = page.get_by_label("Period")
    slider.focus()
    page.keyboard.press("ArrowRight")  # the first period
    page.wait_for_url(re.compile(f"period={first['period']}"))
    expect(page.locator("#flows-out output")).to_have_text(first["period"])
    assert sum(b["count"] for b in bands(page)) == first["count"]
    page.go_back()
    expect(page.locator("#flows-out output")).to_have_text("all periods")
    assert sum(b["count"] for b in bands(page)) == flow["count"]
    assert "period=" not in page.url


# --- Career -----------------------------------------------------------------------------

CAREER = """query($id: ID!) { person(id: $id) {
  employments(first: 100) { totalCount nodes { id end evidence { disputes { field } } } }
  education(first: 100) { totalCount } foundings(first: 100) { totalCount }
  contributions(first: 100) { totalCount }
} }"""


def test_career_bars_match_the_api_with_fuzzy_ends_and_disputes(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=career&id=yang-hongxia", "#career-out rect.bar")
    person = api(base_url, CAREER, id="yang-hongxia")["person"]
    jobs = page.locator('#career-out rect.bar:not(.alt)[data-kind="Employment"]')
    expect(jobs).to_have_count(person["employments"]["totalCount"])
    every = sum(
        person[k]["totalCount"] for k in ("employments", "education", "foundings", "contributions")
    )
    expect(page.locator("#career-out rect.bar:not(.alt)")).to_have_count(every)
    # The ByteDance end is disputed (2024-05 or 2024-07): a second, dashed bar.
    disputed = [j for j in person["employments"]["nodes"] if j["evidence"]["disputes"]]
    expect(page.locator("#career-out rect.bar.alt")).to_have_count(len(disputed))
    # A month-precision end fades out across that month: the last stop is faint.
    fade = page.evaluate(
        """id => {
            const bar = document.querySelector(`#career-out rect.bar[data-id="${id}"]`);
            const grad = document.querySelector(bar.getAttribute('fill').slice(4, -1));
            return [...grad.querySelectorAll('stop')].map(s => Number(s.getAttribute('stop-opacity')));
        }""",
        disputed[0]["id"],
    )
    assert fade[-1] < 0.5 < fade[-2]
    page.locator("#career-out rect.bar.alt").first.click()
    expect(page.locator("#details h2")).to_have_text("Disputed end: 2024-07")
    expect(page.locator("#details .sources li").first).to_be_visible()
    shot(page, "view-career-disputed")


def test_career_keyboard_to_a_bar_and_its_sources(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=career&id=zhou-chang", "#career-out rect.bar")
    expect(page.locator("#career-out svg title").first).to_have_text("Career of Zhou Chang 周畅")
    page.locator("#career-out rect.bar").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#details .evidence")).to_be_visible()
    expect(page.locator("#details .sources a").first).to_have_attribute(
        "href", re.compile("^https://")
    )
    shot(page, "view-career")


def test_career_exports_png_svg_and_csv(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=career&id=zhou-chang", "#career-out rect.bar")
    png = export(page, "#career-out", "PNG")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = export(page, "#career-out", "SVG").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "周畅" in svg
    assert svg.count('<rect class="bar') == page.locator("#career-out rect.bar").count()
    csv = export(page, "#career-out", "CSV").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("Kind,With,Chinese name")
    assert len(csv) - 1 == page.locator("#career-out table.data tbody tr").count()


# --- Funding ----------------------------------------------------------------------------

ROUNDS = """query($id: ID!) { company(id: $id) { ... on Company {
  rounds(first: 100) { totalCount nodes { round { investors(first: 50) { nodes { investor { id } } } } } }
} } }"""
PORTFOLIO = (
    "query($id: ID!) { portfolio(investor: $id) { nodes { investments { round { id } } } } }"
)


def test_funding_rounds_investors_and_co_investors(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=funding&id=moonshot-ai", "#funding-out circle.round")
    rounds = api(base_url, ROUNDS, id="moonshot-ai")["company"]["rounds"]
    expect(page.locator("#funding-out circle.round")).to_have_count(rounds["totalCount"])
    investors = [
        i["investor"]["id"] for r in rounds["nodes"] for i in r["round"]["investors"]["nodes"]
    ]
    expect(page.locator("#funding-out g.chip")).to_have_count(len(investors))
    co = sorted({i for i in investors if investors.count(i) > 1})
    drawn = page.eval_on_selector_all(
        "#funding-out g.chip.co-investor", "els => [...new Set(els.map(e => e.dataset.investor))]"
    )
    assert sorted(drawn) == co
    # Hedged amounts ("over US$200 million") have a dashed edge.
    expect(page.locator("#funding-out circle.round.hedged")).to_have_count(2)
    page.locator('#funding-out g.chip[data-investor="alibaba-group"]').first.click()
    expect(page.locator("#details h2")).to_contain_text("Alibaba Group invested")
    expect(page.locator("#details .evidence")).to_be_visible()
    shot(page, "view-funding")


def test_investor_portfolio_timeline(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(
        page, base_url, "view=funding&id=alibaba-group&mode=investor", "#funding-out circle.round"
    )
    portfolio = api(base_url, PORTFOLIO, id="alibaba-group")["portfolio"]["nodes"]
    expect(page.locator("#funding-out circle.round")).to_have_count(
        sum(len(p["investments"]) for p in portfolio)
    )
    svg = export(page, "#funding-out", "SVG").read_text(encoding="utf-8")
    assert "Portfolio of Alibaba Group" in svg
    shot(page, "view-portfolio")


# --- Shareable state, size, first paint -------------------------------------------------


def test_views_are_urls_and_back_forward_redraw_them(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=funding&id=moonshot-ai", "#funding-out circle.round")
    page.get_by_role("tab", name="Career").click()  # its form's example: Zhou Chang
    page.wait_for_url(re.compile(r"view=career&id=zhou-chang"))
    page.get_by_label("Person").fill("yang-hongxia")
    page.locator("#career-form").get_by_role("button", name="Draw").click()
    page.wait_for_url(re.compile(r"view=career&id=yang-hongxia"))
    expect(page.locator("#career-out svg title").first).to_contain_text("Yang Hongxia")
    page.go_back()
    expect(page.locator("#career-out svg title").first).to_contain_text("Zhou Chang")
    page.go_back()
    expect(page.get_by_role("tab", name="Funding")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-funding")).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("tab", name="Career")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Person")).to_have_value("zhou-chang")


def test_the_graph_view_is_a_url_too(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/explore/?view=graph&id=zhou-chang")
    wait_for_names(page, "Zhou Chang", "ByteDance")
    # Picking another entity makes a new URL; back returns to the first.
    page.get_by_label("Search people, companies, models").fill("Yang Hongxia")
    page.keyboard.press("Enter")
    page.locator('#results button[data-id="yang-hongxia"]').click()
    page.wait_for_url(re.compile(r"id=yang-hongxia"))
    page.go_back()
    page.wait_for_url(re.compile(r"id=zhou-chang"))
    expect(page.get_by_role("status")).to_contain_text("Zhou Chang:")


def test_a_band_opens_from_the_keyboard(page: Page, base_url: str) -> None:  # noqa: F811
    open_view(page, base_url, "view=flows&from=alibaba-group", "#flows-out path.band")
    page.locator('#flows-out path.band[data-to="bytedance"]').focus()
    expect(page.locator("#flow-tip")).to_be_visible()  # focus shows what hover shows
    page.keyboard.press("Enter")
    expect(page.locator("#details h2")).to_have_text("Alibaba Group → ByteDance")


def test_the_bundle_stays_under_1_mb_gzipped() -> None:
    files = [p for p in EXPLORER_DIST.iterdir() if p.suffix in {".js", ".css", ".html"}]
    size = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    assert size < BUNDLE_LIMIT, f"{size} bytes gzipped"


def test_first_paint_is_recorded(page: Page, base_url: str) -> None:  # noqa: F811
    """First contentful paint of a view opened from a URL, written to test-artifacts/
    for the record (timings never decide a test)."""
    page.goto(f"{base_url}/explore/?view=career&id=zhou-chang")
    page.locator("#career-out rect.bar").first.wait_for()
    paint = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
    )
    assert paint is not None
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "first-paint.txt").write_text(f"first-contentful-paint {paint:.0f} ms\n")
