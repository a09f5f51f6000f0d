"""The traversal tests: talentFlows."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.graphql import data, error

FLOWS = """
query ($from: ID, $to: ID, $since: PartialDate, $until: PartialDate, $first: Int! = 50) {
  talentFlows(from: $from, to: $to, since: $since, until: $until, first: $first) {
    from { id }
    to { id }
    count
    moves {
      totalCount
      nodes { person { id } left { id employer { id } } joined { id start employer { id } } }
    }
  }
}
"""


def flows(client: TestClient, **variables: Any) -> dict[tuple[str, str], list[str]]:
    result = data(client, FLOWS, **variables)["talentFlows"]
    out = {}
    for flow in result:
        assert flow["count"] == flow["moves"]["totalCount"] == len(flow["moves"]["nodes"])
        moves = flow["moves"]["nodes"]
        out[flow["from"]["id"], flow["to"]["id"]] = [m["person"]["id"] for m in moves]
    return out


def test_flows_from_a_group_count_its_units_and_aggregate_per_pair(client: TestClient) -> None:
    assert flows(client, **{"from": "big-group"}) == {
        # Alice (Big Cloud) then Kate (Big Lab), by the date they joined.
        ("big-group", "startup-a"): ["alice", "kate"],
        ("big-group", "rival"): ["bob"],
        ("big-group", "startup-b"): ["erin"],
    }
    # Largest flow first.
    first = data(client, FLOWS, **{"from": "big-group"})["talentFlows"][0]
    assert (first["from"]["id"], first["to"]["id"], first["count"]) == ("big-group", "startup-a", 2)


def test_flow_moves_name_the_actual_spells(client: TestClient) -> None:
    result = data(client, FLOWS, **{"from": "big-group", "to": "startup-a"})["talentFlows"]
    (flow,) = result
    assert flow["count"] == 2
    alice, kate = flow["moves"]["nodes"]
    assert alice["left"] == {
        "id": "WORKED_AT:alice:big-cloud:2018",
        "employer": {"id": "big-cloud"},
    }
    # The first spell after leaving; becoming CTO in 2024-03 is no second move.
    assert alice["joined"] == {
        "id": "WORKED_AT:alice:startup-a:2023-02",
        "start": "2023-02",
        "employer": {"id": "startup-a"},
    }
    assert kate["left"]["employer"] == {"id": "big-lab"}


def test_flows_leaving_and_coming_back_is_no_move_to_the_same_group(client: TestClient) -> None:
    everything = flows(client)
    # Bob: Big Group -> Rival -> Big Group. Two moves, never Big Group -> Big Group.
    assert everything["big-group", "rival"] == ["bob"]
    assert everything["rival", "big-group"] == ["bob"]
    assert ("big-group", "big-group") not in everything
    assert flows(client, **{"from": "rival"}) == {
        ("rival", "big-group"): ["bob"],
        ("rival", "startup-a"): ["frank"],
    }


def test_flows_without_filters_use_each_actual_company(client: TestClient) -> None:
    assert flows(client) == {
        ("big-cloud", "startup-a"): ["alice"],
        ("big-lab", "startup-a"): ["kate"],
        ("big-lab", "startup-b"): ["erin"],
        ("big-group", "rival"): ["bob"],
        ("rival", "big-group"): ["bob"],
        ("rival", "startup-a"): ["frank"],
        ("affiliate-co", "startup-a"): ["ivy"],
        # Without a named group, a move between two of its units is a move.
        ("big-cloud", "big-lab"): ["jack"],
    }


def test_flows_to_filter(client: TestClient) -> None:
    assert flows(client, to="startup-a") == {
        ("big-cloud", "startup-a"): ["alice"],
        ("big-lab", "startup-a"): ["kate"],
        ("rival", "startup-a"): ["frank"],
        ("affiliate-co", "startup-a"): ["ivy"],
    }
    assert flows(client, **{"from": "affiliate-co", "to": "big-group"}) == {}


def test_flows_into_a_group_leave_out_moves_between_its_units(client: TestClient) -> None:
    assert flows(client, to="big-group") == {("rival", "big-group"): ["bob"]}


def test_flows_window_applies_to_the_join_date(client: TestClient) -> None:
    group = {"from": "big-group"}
    # Alice joined in 2023-02 (surely before March), Kate in 2023-04, Erin in 2024-08.
    assert flows(client, **group, since="2023-03") == {
        ("big-group", "startup-a"): ["kate"],
        ("big-group", "startup-b"): ["erin"],
    }
    # A month may reach a day inside it: 2023-02 may be on or after 2023-02-15.
    assert flows(client, **group, since="2023-02-15")["big-group", "startup-a"] == ["alice", "kate"]
    assert flows(client, **group, until="2022") == {("big-group", "rival"): ["bob"]}
    assert flows(client, **group, since="2023-04-30", until="2023-04") == {
        ("big-group", "startup-a"): ["kate"]
    }
    assert flows(client, **group, since="2030") == {}


def test_flows_first_limits_the_pairs(client: TestClient) -> None:
    result = data(client, FLOWS, **{"from": "big-group"}, first=1)["talentFlows"]
    assert [(f["to"]["id"], f["count"]) for f in result] == [("startup-a", 2)]


@pytest.mark.parametrize("field", ["from", "to"])
def test_flows_unknown_ids(client: TestClient, field: str) -> None:
    err = error(client, FLOWS, **{field: "nope"})
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == field
    assert "'nope'" in err["message"]
