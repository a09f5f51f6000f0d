"""The traversal tests: connections."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.graphql import data, error

CONNECTIONS = """
query ($from: ID!, $to: ID!, $maxHops: Int! = 4) {
  connections(from: $from, to: $to, maxHops: $maxHops) {
    length
    hops {
      from { __typename id }
      to { __typename id }
      type
      forward
      properties
      evidence { confidence sources { id } }
    }
  }
}
"""


def test_connections_none_within_max_hops(client: TestClient) -> None:
    # Ivy -> Affiliate Co -> Big Group is two hops; nothing shorter.
    assert data(client, CONNECTIONS, **{"from": "ivy", "to": "big-group"}, maxHops=1) == {
        "connections": []
    }


def test_connections_path_with_hops_types_direction_and_evidence(client: TestClient) -> None:
    result = data(client, CONNECTIONS, **{"from": "ivy", "to": "big-group"}, maxHops=2)
    assert result["connections"] == [
        {
            "length": 2,
            "hops": [
                {
                    "from": {"__typename": "Person", "id": "ivy"},
                    "to": {"__typename": "Company", "id": "affiliate-co"},
                    "type": "WORKED_AT",
                    "forward": True,
                    "properties": {
                        "id": "WORKED_AT:ivy:affiliate-co:2018",
                        "start": "2018",
                        "end": "2021",
                        "ended": True,
                    },
                    "evidence": {"confidence": 1.0, "sources": [{"id": "src-a"}]},
                },
                {
                    "from": {"__typename": "Company", "id": "affiliate-co"},
                    "to": {"__typename": "Company", "id": "big-group"},
                    "type": "AFFILIATE_OF",
                    "forward": True,
                    "properties": {"id": "AFFILIATE_OF:affiliate-co:big-group"},
                    "evidence": {"confidence": 1.0, "sources": [{"id": "src-a"}, {"id": "src-b"}]},
                },
            ],
        }
    ]


def test_connections_backwards_hops_are_not_forward(client: TestClient) -> None:
    result = data(client, CONNECTIONS, **{"from": "big-group", "to": "ivy"}, maxHops=2)
    (path,) = result["connections"]
    assert [(h["from"]["id"], h["to"]["id"], h["type"], h["forward"]) for h in path["hops"]] == [
        ("big-group", "affiliate-co", "AFFILIATE_OF", False),
        ("affiliate-co", "ivy", "WORKED_AT", False),
    ]


def test_connections_all_shortest_paths(client: TestClient) -> None:
    # Alice and Kate both worked at Startup A and both at a unit of Big Group: two hops
    # through Startup A only (the units differ).
    result = data(client, CONNECTIONS, **{"from": "alice", "to": "kate"})["connections"]
    middles = sorted(path["hops"][0]["to"]["id"] for path in result)
    # Alice has two spells at Startup A, so two distinct two-hop paths run through it.
    assert middles == ["startup-a", "startup-a"]
    assert {path["length"] for path in result} == {2}


@pytest.mark.parametrize("hops", [0, 7, 100])
def test_connections_max_hops_outside_the_cap(client: TestClient, hops: int) -> None:
    err = error(client, CONNECTIONS, **{"from": "ivy", "to": "big-group"}, maxHops=hops)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert "maxHops" in err["message"]


def test_connections_to_itself(client: TestClient) -> None:
    err = error(client, CONNECTIONS, **{"from": "ivy", "to": "ivy"})
    assert err["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("field", ["from", "to"])
def test_connections_unknown_ids(client: TestClient, field: str) -> None:
    ends = {"from": "ivy", "to": "big-group", field: "nope"}
    err = error(client, CONNECTIONS, **ends)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == field
    assert "'nope'" in err["message"]
