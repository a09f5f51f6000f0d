"""Generic navigation on a small hand-made graph: every relationship from both ends,
with both endpoints on each edge, and nesting across levels.

The graph, and Acme's spells in it, are in tests/navigation.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import get_named_type
from starlette.testclient import TestClient

import schema
from model import OUT
from schema.vocabulary import relations
from talentgraph.settings import Settings
from tests import navigation
from tests.graphql import data
from tests.navigation import ACME_SPELLS

# The module-scoped fixture that loads the navigation graph, under its name here.
client = navigation.client

# --- Both ends of every relationship type --------------------------------------------------


def _both_ends() -> dict[str, str]:
    """Per relationship type, a query of its edge ids from every relationship field over it.

    Built from the schema's own relationship fields (schema/vocabulary.py), so a new field
    or type is covered here without a line more: `a` reads the outgoing field (each fact
    once, from the end it leaves), `b1`, `b2`... the incoming ones, over every entity of
    the field's type through its list query.
    """
    gql = schema.build(Settings(neo4j_password="unused"))._schema
    roots = {
        get_named_type(f.type).name.removesuffix("Connection"): name
        for name, f in gql.query_type.fields.items()
        if get_named_type(f.type).name.endswith("Connection")
    }
    fields: dict[str, list[dict[str, Any]]] = {}
    for r in relations(gql):
        fields.setdefault(r["type"], []).append(r)
    queries = {}
    for rel, found in fields.items():
        found.sort(key=lambda r: r["direction"] != OUT)
        parts = [
            f"{'a' if i == 0 else f'b{i}'}: {roots[r['entity']]}(first: 100) "
            f"{{ nodes {{ {r['field']}(first: 100) {{ nodes {{ id }} }} }} }}"
            for i, r in enumerate(found)
        ]
        queries[rel] = "{ " + " ".join(parts) + " }"
    return queries


EXPECTED_EDGES = {
    "WORKED_AT": {*ACME_SPELLS, "WORKED_AT:ann:newco:2016", "WORKED_AT:ben:uni:2020-09"},
    "FOUNDED": {"FOUNDED:ann:newco:2016"},
    "STUDIED_AT": {"STUDIED_AT:ann:uni:2005", "STUDIED_AT:ben:uni"},
    "CONTRIBUTED_TO": {"CONTRIBUTED_TO:cat:acme-lm", "CONTRIBUTED_TO:eve:acme-lm"},
    "DEVELOPED": {"DEVELOPED:acme-cloud:acme-lm"},
    "PART_OF": {"PART_OF:acme-cloud:acme:2010", "PART_OF:acme-lab:acme"},
    "AFFILIATE_OF": {"AFFILIATE_OF:partner:acme"},
    "OWNS": {"OWNS:acme:acme-app:2015", "OWNS:acme:acme-media"},
    "HOLDS_STAKE": {"HOLDS_STAKE:acme:newco"},
    "RAISED": {"RAISED:newco:newco-seed", "RAISED:newco:newco-a"},
    "INVESTED_IN": {
        "INVESTED_IN:acme:newco-seed",
        "INVESTED_IN:partner:newco-seed",
        "INVESTED_IN:acme-cloud:newco-a",
    },
    "VERSION_OF": {"VERSION_OF:acme-lm-1:acme-lm", "VERSION_OF:acme-lm-2:acme-lm"},
}


def _edge_ids(value: Any) -> list[str]:
    """Every `id` under any `nodes` list of a connection, however deep."""
    found: list[str] = []
    if isinstance(value, dict):
        if "nodes" in value and all("id" in n and len(n) == 1 for n in value["nodes"]):
            return [n["id"] for n in value["nodes"]]
        for item in value.values():
            found += _edge_ids(item)
    elif isinstance(value, list):
        for item in value:
            found += _edge_ids(item)
    return found


BOTH_ENDS = _both_ends()


@pytest.mark.parametrize("rel", list(BOTH_ENDS))
def test_every_relationship_is_the_same_facts_from_both_ends(client: TestClient, rel: str) -> None:
    result = data(client, BOTH_ENDS[rel])
    # The "a" end holds every fact of the type once; the others hold them again.
    a = _edge_ids(result.pop("a"))
    rest = _edge_ids(result)
    assert sorted(a) == sorted(EXPECTED_EDGES[rel])
    assert sorted(set(rest)) == sorted(EXPECTED_EDGES[rel])


def test_person_and_company_employments_are_the_same_edges(client: TestClient) -> None:
    result = data(
        client,
        """{
      person(id: "ann") { employments { nodes { id role start end ended employer { id } } } }
      company(id: "acme") { employments(first: 100) { nodes { id role start end person { id } } } }
    }""",
    )
    from_person = {
        e["id"]: e
        for e in result["person"]["employments"]["nodes"]
        if e["employer"]["id"] == "acme"
    }
    from_company = {
        e["id"]: e for e in result["company"]["employments"]["nodes"] if e["person"]["id"] == "ann"
    }
    assert set(from_person) == {"WORKED_AT:ann:acme:2010", "WORKED_AT:ann:acme:2022"}
    assert set(from_company) == set(from_person)
    for id_, edge in from_person.items():
        other = from_company[id_]
        assert (edge["role"], edge["start"], edge["end"]) == (
            other["role"],
            other["start"],
            other["end"],
        )
    assert from_person["WORKED_AT:ann:acme:2010"]["ended"] is True
    assert from_person["WORKED_AT:ann:acme:2022"]["ended"] is False


def test_edges_carry_both_endpoints(client: TestClient) -> None:
    result = data(
        client,
        """{
      company(id: "acme") {
        units { nodes { unit { id kind } group { id } start } }
        stakes { nodes { holder { id } company { id } share asOf } }
        owns(sort: NAME) { nodes { owner { id } asset { __typename id } start } }
      }
      model(id: "acme-lm-2") { versionOf { nodes { version { id } family { id name } } } }
    }""",
    )
    company = result["company"]
    assert company["units"]["nodes"] == [
        {
            "unit": {"id": "acme-cloud", "kind": "BUSINESS_UNIT"},
            "group": {"id": "acme"},
            "start": "2010",
        },
        {"unit": {"id": "acme-lab", "kind": "LAB"}, "group": {"id": "acme"}, "start": None},
    ]
    assert company["stakes"]["nodes"] == [
        {"holder": {"id": "acme"}, "company": {"id": "newco"}, "share": "~20%", "asOf": "2023-07"}
    ]
    assert company["owns"]["nodes"] == [
        {
            "owner": {"id": "acme"},
            "asset": {"__typename": "Product", "id": "acme-app"},
            "start": "2015",
        },
        {
            "owner": {"id": "acme"},
            "asset": {"__typename": "Company", "id": "acme-media"},
            "start": None,
        },
    ]
    assert result["model"]["versionOf"]["nodes"] == [
        {"version": {"id": "acme-lm-2"}, "family": {"id": "acme-lm", "name": "Acme LM"}}
    ]


def test_navigation_nests_across_levels(client: TestClient) -> None:
    # Person -> company -> its rounds -> their investors -> the investor's units.
    result = data(
        client,
        """{
      person(id: "ann") {
        foundings { nodes { company {
          rounds(sort: START_ASC) { nodes { round {
            id amount currency series
            investors(sort: NAME) { nodes { lead investor { id units { totalCount } } } }
          } } }
        } } }
      }
    }""",
    )
    (founding,) = result["person"]["foundings"]["nodes"]
    rounds = [r["round"] for r in founding["company"]["rounds"]["nodes"]]
    assert [r["id"] for r in rounds] == ["newco-seed", "newco-a"]
    assert (rounds[0]["amount"], rounds[0]["currency"], rounds[0]["series"]) == (1e7, "USD", "seed")
    assert rounds[0]["investors"]["nodes"] == [
        {"lead": True, "investor": {"id": "acme", "units": {"totalCount": 2}}},
        {"lead": False, "investor": {"id": "partner", "units": {"totalCount": 0}}},
    ]
    assert rounds[1]["investors"]["nodes"] == [
        {"lead": False, "investor": {"id": "acme-cloud", "units": {"totalCount": 0}}}
    ]
