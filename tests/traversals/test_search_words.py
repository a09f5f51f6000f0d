"""The traversal tests: search."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.graphql import data, error, post

SEARCH = """
query ($text: String!) { search(text: $text) { nodes { score node { __typename id } } } }
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Big Group", "big-group"),  # name
        ("BigCo", "big-group"),  # alias
        ("大集团", "big-group"),  # Chinese name
        ("爱丽丝", "alice"),
        ("Ally Chen", "alice"),
        ("startup", "startup-a"),
    ],
)
def test_search_by_name_alias_and_chinese_name(
    client: TestClient, text: str, expected: str
) -> None:
    hits = data(client, SEARCH, text=text)["search"]["nodes"]
    assert expected in [h["node"]["id"] for h in hits]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_best_hit_first(client: TestClient) -> None:
    hits = data(client, SEARCH, text="大集团")["search"]["nodes"]
    assert hits[0]["node"] == {"__typename": "Company", "id": "big-group"}


@pytest.mark.parametrize(
    "text",
    [
        '"} OR 1=1 //',
        "Zhou AND (",
        "AND",
        "OR",
        "NOT",
        "Big AND",
        "Zhou OR",
        "*",
        "?",
        "~",
        "&&",
        "||",
        "big-group",
        'name:"Big" OR id:*',
        "\\",
        "MATCH (n) DETACH DELETE n",
    ],
)
def test_search_hostile_text_is_plain_words(client: TestClient, text: str) -> None:
    body = post(client, SEARCH, text=text)
    if body.get("errors"):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], body
    else:
        assert isinstance(body["data"]["search"]["nodes"], list)
    # Nothing was deleted or changed.
    assert data(client, SEARCH, text="Big Group")["search"]["nodes"][0]["node"]["id"] == "big-group"


def test_search_empty_text_is_bad_input(client: TestClient) -> None:
    err = error(client, SEARCH, text="   ")
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
