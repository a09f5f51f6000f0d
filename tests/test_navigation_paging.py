"""Relay paging over the navigation graph: cursors, page info, the cap on `first`.

The graph, and Acme's spells in it, are in tests/navigation.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests import navigation
from tests.graphql import data, error
from tests.navigation import ACME_SPELLS, PEOPLE, node_ids

# The module-scoped fixture that loads the navigation graph, under its name here.
client = navigation.client

# --- Relay paging --------------------------------------------------------------------------

PAGE = """
query ($first: Int!, $after: String, $sort: EdgeSort = START_ASC) {
  company(id: "acme") {
    employments(first: $first, after: $after, sort: $sort) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
      nodes { id }
    }
  }
}
"""


def _page(client: TestClient, **variables: Any) -> dict[str, Any]:
    page: dict[str, Any] = data(client, PAGE, **variables)["company"]["employments"]
    return page


def test_paging_walks_the_whole_list(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = _page(client, first=3, after=after)
        pages += 1
        # totalCount is the whole list, not the page.
        assert page["totalCount"] == len(ACME_SPELLS)
        assert [e["node"]["id"] for e in page["edges"]] == node_ids(page)
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        seen += node_ids(page)
        if not info["hasNextPage"]:
            break
        assert len(page["edges"]) == 3
        after = info["endCursor"]
    assert pages == 3
    assert seen == ACME_SPELLS


def test_paging_from_any_edge_cursor(client: TestClient) -> None:
    full = _page(client, first=100)
    assert full["pageInfo"]["hasNextPage"] is False
    cursor = full["edges"][4]["cursor"]
    rest = _page(client, first=100, after=cursor)
    assert node_ids(rest) == ACME_SPELLS[5:]
    assert rest["totalCount"] == len(ACME_SPELLS)
    assert rest["pageInfo"]["hasPreviousPage"] is True


def test_paging_past_the_end_and_empty_pages(client: TestClient) -> None:
    last = _page(client, first=100)["pageInfo"]["endCursor"]
    beyond = _page(client, first=3, after=last)
    assert beyond["edges"] == []
    assert beyond["totalCount"] == len(ACME_SPELLS)
    assert beyond["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }
    none = _page(client, first=0)
    assert none["edges"] == []
    assert none["totalCount"] == len(ACME_SPELLS)
    assert none["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("cursor", ["garbage", "bzotMQ==", "", "o:3", "!!!"])
def test_paging_invalid_cursor(client: TestClient, cursor: str) -> None:
    err = error(client, PAGE, first=2, after=cursor)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "after"


@pytest.mark.parametrize("first", [1001, -1])
def test_paging_first_outside_the_cap(client: TestClient, first: int) -> None:
    err = error(client, PAGE, first=first)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"
    assert "1000" in err["message"]


def test_root_lists_page_too(client: TestClient) -> None:
    query = """
    query ($after: String) {
      people(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
    }"""
    first = data(client, query)["people"]
    assert first["totalCount"] == len(PEOPLE)
    assert first["pageInfo"]["hasNextPage"] is True
    second = data(client, query, after=first["pageInfo"]["endCursor"])["people"]
    assert second["pageInfo"]["hasNextPage"] is False
    # By name.
    assert node_ids(first) + node_ids(second) == PEOPLE
    companies = data(client, "{ companies { totalCount nodes { id } } }")["companies"]
    assert companies["totalCount"] == 6
    assert node_ids(companies) == [
        "acme",
        "acme-cloud",
        "acme-lab",
        "acme-media",
        "newco",
        "partner",
    ]
    err = error(client, "{ people(first: 10001) { totalCount } }")
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
