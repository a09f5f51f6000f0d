"""Search as you type, on the seed graph: prefixes, Chinese names, ranking, kinds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import data

SEARCH = """query($text: String!, $kinds: [EntityKind!], $first: Int! = 10) {
  search(text: $text, kinds: $kinds, first: $first) { nodes { score node { __typename id name } } } }"""


@pytest.fixture(scope="module")
def client(settings: Settings, seeded: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def hits(client: TestClient, text: str, **variables: Any) -> list[str]:
    return [
        h["node"]["id"] for h in data(client, SEARCH, text=text, **variables)["search"]["nodes"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qwen 72", "qwen-72b"),  # a word and the prefix of the next
        ("qwen", "tongyi-qianwen"),  # any case
        ("通义", "tongyi-qianwen"),  # a prefix of a Chinese name
        ("Tongy", "tongyi-qianwen"),  # a prefix of a name
        ("Zhou Cha", "zhou-chang"),  # the last word still being typed
        ("Alibabba", "alibaba-group"),  # one typo
    ],
)
def test_partial_text_finds_the_entity(client: TestClient, text: str, expected: str) -> None:
    found = hits(client, text)
    assert expected in found[:3], found


def test_an_exact_word_ranks_above_a_prefix_and_a_prefix_above_a_typo(
    client: TestClient,
) -> None:
    found = data(client, SEARCH, text="Alibaba", first=50)["search"]["nodes"]
    exact = next(h for h in found if h["node"]["name"] == "Alibaba Cloud")
    # "Alibaba" is a word of "Alibaba Cloud"; nothing named with a mere prefix or typo
    # of it outranks that.
    assert all(
        h["score"] <= exact["score"] for h in found if "alibaba" not in h["node"]["name"].lower()
    )
    assert hits(client, "M6")[0] == "m6"


def test_a_prefix_finds_every_entity_it_starts(client: TestClient) -> None:
    found = hits(client, "Qwe", first=50)
    assert "tongyi-qianwen" in found  # by its alias Qwen
    assert {"qwen-7b", "qwen-72b"} <= set(found)


def test_kinds_limit_the_hits(client: TestClient) -> None:
    people = data(client, SEARCH, text="Zhou", kinds=["PERSON"], first=50)["search"]["nodes"]
    assert people
    assert {h["node"]["__typename"] for h in people} == {"Person"}
    companies = data(client, SEARCH, text="Ali", kinds=["COMPANY", "AI_MODEL"], first=50)["search"][
        "nodes"
    ]
    assert {h["node"]["__typename"] for h in companies} <= {"Company", "AIModel"}
    assert "alibaba-group" in [h["node"]["id"] for h in companies]
