"""Evidence on edges and nodes, and lookups by id, on the navigation graph.

The graph, and Acme's spells in it, are in tests/navigation.py.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests import navigation
from tests.graphql import data, error

# The module-scoped fixture that loads the navigation graph, under its name here.
client = navigation.client

# --- Evidence -------------------------------------------------------------------------------


def test_edge_evidence_with_sources_and_disputes(client: TestClient) -> None:
    result = data(
        client,
        """{ person(id: "ben") { employments(role: "scientist") { nodes {
      end note
      evidence {
        confidence sourceIds
        sources { id title reliability }
        disputes { field value note sources { id reliability } }
      }
    } } } }""",
    )
    (spell,) = result["person"]["employments"]["nodes"]
    assert spell["end"] == "2020-05"
    assert spell["note"] == "The month he left is disputed."
    assert spell["evidence"] == {
        "confidence": 0.8,
        "sourceIds": ["src-a", "src-b"],
        "sources": [
            {"id": "src-a", "title": "Test source A", "reliability": "high"},
            {"id": "src-b", "title": "Test source B", "reliability": "medium"},
        ],
        "disputes": [
            {
                "field": "end",
                "value": "2020-08",
                "note": None,
                "sources": [{"id": "src-c", "reliability": "low"}],
            },
        ],
    }


def test_evidence_without_disputes_and_on_nodes(client: TestClient) -> None:
    result = data(
        client,
        """{
      company(id: "acme") {
        evidence { confidence sources { id } disputes { field } }
        stakes { nodes { evidence { confidence disputes { field value note sources { id } } } } }
        employments(first: 1, sort: START_ASC) { nodes { evidence { disputes { field } } } }
      }
    }""",
    )
    company = result["company"]
    assert company["evidence"] == {
        "confidence": 1.0,
        "sources": [{"id": "src-a"}, {"id": "src-b"}],
        "disputes": [],
    }
    assert company["stakes"]["nodes"][0]["evidence"] == {
        "confidence": 0.8,
        "disputes": [
            {
                "field": "share",
                "value": "~25%",
                "note": "Another reading.",
                "sources": [{"id": "src-c"}],
            },
        ],
    }
    assert company["employments"]["nodes"][0]["evidence"]["disputes"] == []


# --- Lookups by id ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_", "typename"),
    [
        ("ann", "Person"),
        ("acme", "Company"),
        ("uni", "University"),
        ("acme-lm", "AIModel"),
        ("acme-app", "Product"),
        ("newco-seed", "FundingRound"),
        ("src-a", "Source"),
    ],
)
def test_node_has_the_right_type(client: TestClient, id_: str, typename: str) -> None:
    result = data(
        client, "query ($id: ID!) { node: entity(id: $id) { __typename id name } }", id=id_
    )
    assert result["node"]["__typename"] == typename
    assert result["node"]["id"] == id_


def test_node_fields_per_type(client: TestClient) -> None:
    result = data(
        client,
        """{
      s: entity(id: "src-a") { name ... on Source { title publisher reliability } }
      r: node(id: "newco-seed") { ... on FundingRound { series announced amount currency } }
      u: node(id: "uni") { ... on University { nameZh city } }
      p: node(id: "acme-app") { ... on Product { launched } }
    }""",
    )
    assert result == {
        "s": {
            "name": "Test source A",
            "title": "Test source A",
            "publisher": "Test",
            "reliability": "high",
        },
        "r": {"series": "seed", "announced": "2021-03", "amount": 1e7, "currency": "USD"},
        "u": {"nameZh": "测试大学", "city": "Beijing"},
        "p": {"launched": "2015"},
    }


def test_lookups_return_chinese_names_and_aliases(client: TestClient) -> None:
    result = data(
        client,
        """{
      company(id: "acme") { id name nameZh aliases kind founded hq }
      person(id: "ann") { name nameZh aliases }
      model(id: "acme-lm") { name nameZh aliases released
        versions(sort: NAME) { totalCount nodes { version { id released parameters } } } }
      university(id: "uni") { name nameZh city }
      plain: person(id: "ben") { nameZh aliases }
    }""",
    )
    assert result["company"] == {
        "id": "acme",
        "name": "Acme",
        "nameZh": "阿克米",
        "aliases": ["Acme Corp", "ACME"],
        "kind": "BIG_TECH",
        "founded": "2009",
        "hq": "Hangzhou",
    }
    assert result["person"] == {"name": "Ann", "nameZh": "安", "aliases": ["Annie"]}
    assert result["model"] == {
        "name": "Acme LM",
        "nameZh": "阿克米大模型",
        "aliases": ["ALM"],
        "released": "2021",
        "versions": {
            "totalCount": 2,
            "nodes": [
                {"version": {"id": "acme-lm-1", "released": "2021-05", "parameters": "7B"}},
                {"version": {"id": "acme-lm-2", "released": "2023-11-02", "parameters": None}},
            ],
        },
    }
    assert result["university"] == {
        "name": "Test University",
        "nameZh": "测试大学",
        "city": "Beijing",
    }
    assert result["plain"] == {"nameZh": None, "aliases": []}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('{ person(id: "acme") { id } }', "'acme' is a company, not a person"),
        ('{ company(id: "ann") { id } }', "'ann' is a person, not a company"),
        ('{ model(id: "uni") { id } }', "'uni' is a university, not a model"),
        ('{ university(id: "acme-lm") { id } }', "'acme-lm' is a"),
        ('{ university(id: "nope") { id } }', "no university has the id 'nope'"),
        ('{ node(id: "nope") { id } }', "no entity or fact has the id 'nope'"),
        ('{ entity(id: "nope") { id } }', "no entity has the id 'nope'"),
    ],
)
def test_lookup_of_the_wrong_kind_or_unknown_id(
    client: TestClient, query: str, message: str
) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"].startswith(message)
