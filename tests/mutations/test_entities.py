"""Upserts of every kind of entity: stored as the loader stores them, updates as patches."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.graphql import data
from tests.mutations.support import (
    UPSERT_COMPANY,
    UPSERT_MODEL,
    UPSERT_PERSON,
    UPSERT_PRODUCT,
    UPSERT_ROUND,
    UPSERT_SOURCE,
    UPSERT_UNIVERSITY,
    edge,
    node,
)

# --- Entities -----------------------------------------------------------------------


def upsert_person(client: TestClient, input: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = data(client, UPSERT_PERSON, input=input)["upsertPerson"]
    return result


def test_a_new_person_is_stored_as_the_loader_stores_one(
    client: TestClient, graph: neo4j.Driver
) -> None:
    # What the person reads back as given; sources, confidence and disputes become evidence.
    props = {"id": "cat", "name": "Cat", "nameZh": "猫", "aliases": ["Kitty"], "born": "1990-04",
             "bornPlace": "Hangzhou", "note": "Written by a test."}  # fmt: skip
    disputed = {"field": "born", "value": "1991"}
    result = upsert_person(client, {**props, "sources": ["src-a", "src-b"], "confidence": 0.8,
                                    "disputes": [{**disputed, "sources": ["src-c"]}]})  # fmt: skip
    assert result["changed"] is True
    assert result["person"] == {
        **props,
        "evidence": {
            "confidence": 0.8,
            "sources": [{"id": "src-a"}, {"id": "src-b"}],
            "disputes": [disputed],
        },
    }
    stored = node(graph, "cat")
    assert stored is not None
    assert sorted(stored["labels"]) == ["Entity", "Person"]
    assert stored["bornMin"] == neo4j.time.Date(1990, 4, 1)
    assert stored["bornMax"] == neo4j.time.Date(1990, 4, 30)
    assert stored["aliasText"] == "Kitty"
    assert stored["writtenBy"] == "test-writer"
    assert isinstance(stored["writtenAt"], neo4j.time.DateTime)
    # Found by the full-text index like any seeded person.
    hits = data(client, '{ search(text: "Kitty") { nodes { node { id } } } }')["search"]["nodes"]
    assert {"node": {"id": "cat"}} in hits


def test_an_update_is_a_patch_and_sources_accumulate(
    client: TestClient, graph: neo4j.Driver
) -> None:
    before = node(graph, "ann")
    assert before is not None
    assert "writtenAt" not in before
    result = upsert_person(
        client, {"id": "ann", "bornPlace": "Beijing", "aliases": None, "sources": ["src-b"]}
    )
    assert result["changed"] is True
    person = result["person"]
    assert person["name"] == "Ann"  # left out: kept
    assert person["nameZh"] == "安"
    assert person["born"] == "1985"
    assert person["bornPlace"] == "Beijing"  # given: set
    assert person["aliases"] == []  # null: cleared
    assert [s["id"] for s in person["evidence"]["sources"]] == ["src-a", "src-b"]
    after = node(graph, "ann")
    assert after is not None
    assert after["writtenBy"] == "test-writer"
    assert "aliasText" not in after
    # The relationships the person had are untouched.
    assert edge(graph, "WORKED_AT:ann:acme:2010") is not None


def test_sources_given_inline_are_created_in_the_same_write(
    client: TestClient, graph: neo4j.Driver
) -> None:
    new = {"id": "src-new", "title": "New", "publisher": "Press", "published": "2024-07",
           "url": "https://example.com/a", "reliability": "low"}  # fmt: skip
    result = upsert_person(client, {"id": "dan", "name": "Dan", "newSources": [new]})
    assert [s["id"] for s in result["person"]["evidence"]["sources"]] == ["src-new"]
    source = node(graph, "src-new")
    assert source is not None
    assert sorted(source["labels"]) == ["Entity", "Source"]
    assert source["publishedMin"] == neo4j.time.Date(2024, 7, 1)
    assert source["reliability"] == "low"


@pytest.mark.parametrize(
    ("query", "field", "input", "expected"),
    [
        (UPSERT_COMPANY, "company",
         {"id": "moonco", "name": "Moonco", "kind": "STARTUP", "founded": "2023-03", "hq": "Beijing"},
         {"id": "moonco", "name": "Moonco", "kind": "STARTUP", "founded": "2023-03", "hq": "Beijing"}),
        (UPSERT_UNIVERSITY, "university",
         {"id": "north-uni", "name": "North University", "city": "Harbin"},
         {"id": "north-uni", "name": "North University", "city": "Harbin"}),
        (UPSERT_MODEL, "model",
         {"id": "acme-lm-2", "name": "Acme LM 2", "versionOf": "acme-lm", "released": "2024-06-07",
          "parameters": "72B"},
         {"id": "acme-lm-2", "name": "Acme LM 2", "released": "2024-06-07", "parameters": "72B",
          "versionOf": {"nodes": [{"family": {"id": "acme-lm"}}]}}),
        (UPSERT_PRODUCT, "product",
         {"id": "acme-chat", "name": "Acme Chat", "launched": "2023"},
         {"id": "acme-chat", "name": "Acme Chat", "launched": "2023"}),
        (UPSERT_SOURCE, "source",
         {"id": "src-d", "title": "Source D", "publisher": "Test", "published": "2024"},
         {"id": "src-d", "title": "Source D", "publisher": "Test", "url": None,
          "published": "2024", "reliability": "medium"}),
    ],
    ids=["company", "university", "model", "product", "source"],
)  # fmt: skip
def test_each_kind_of_entity(
    client: TestClient,
    graph: neo4j.Driver,
    query: str,
    field: str,
    input: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    if field != "source":
        input = {**input, "sources": ["src-a"]}
    name = next(iter(data(client, query, input=input)))
    result = data(client, query, input=input)[name]
    assert result == {"changed": False, field: expected}
    stored = node(graph, input["id"])
    assert stored is not None
    assert stored["writtenBy"] == "test-writer"


def test_a_funding_round_with_its_investors(client: TestClient, graph: neo4j.Driver) -> None:
    round_input = {
        "id": "newco-a",
        "name": "Newco Series A",
        "company": "newco",
        "series": "A",
        "announced": "2024-02",
        "amount": 1e9,
        "currency": "USD",
        "investors": [
            {"investor": "acme", "lead": True},
            {"investor": "fund", "sources": ["src-b"]},
        ],
        "sources": ["src-a"],
    }
    result = data(client, UPSERT_ROUND, input=round_input)["upsertFundingRound"]
    assert result["changed"] is True
    round_ = result["round"]
    assert round_["amount"] == 1e9
    assert round_["currency"] == "USD"
    assert round_["raisedBy"]["nodes"] == [{"company": {"id": "newco"}}]
    assert round_["investors"]["nodes"] == [
        {"lead": True, "investor": {"id": "acme"}, "evidence": {"sources": [{"id": "src-a"}]}},
        {"lead": False, "investor": {"id": "fund"}, "evidence": {"sources": [{"id": "src-b"}]}},
    ]
    raised = edge(graph, "RAISED:newco:newco-a")
    assert raised is not None
    assert raised["writtenBy"] == "test-writer"
    # A later write adds an investor; the recorded ones stay as they were.
    before = edge(graph, "INVESTED_IN:acme:newco-a")
    more = {"id": "newco-a", "investors": [{"investor": "acme-cloud"}], "sources": ["src-a"]}
    round_ = data(client, UPSERT_ROUND, input=more)["upsertFundingRound"]["round"]
    assert round_["investors"]["totalCount"] == 3
    assert round_["series"] == "A"
    assert edge(graph, "INVESTED_IN:acme:newco-a") == before
