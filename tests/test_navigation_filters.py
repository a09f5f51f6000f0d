"""Sorting and filtering relationships on the navigation graph: current, role,
since/until, asOf, and partial dates.

The graph, and Acme's spells in it, are in tests/navigation.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests import navigation
from tests.graphql import data, error
from tests.navigation import ACME_SPELLS, node_ids

# The module-scoped fixture that loads the navigation graph, under its name here.
client = navigation.client

# Acme's spells, oldest first, by who held them (Ann held two).
ANN_2010, BEN, CAT, DAN, EVE, FAY, ANN_2022, GUS = ACME_SPELLS

# --- Sort and filters --------------------------------------------------------------------

FILTERED = """
query ($current: Boolean, $since: PartialDate, $until: PartialDate, $asOf: PartialDate,
       $role: String, $sort: EdgeSort = START_ASC) {
  company(id: "acme") {
    employments(first: 100, current: $current, since: $since, until: $until, asOf: $asOf,
                role: $role, sort: $sort) { totalCount nodes { id } }
  }
}
"""


def spells(client: TestClient, **variables: Any) -> list[str]:
    result = data(client, FILTERED, **variables)["company"]["employments"]
    assert result["totalCount"] == len(result["nodes"])
    return node_ids(result)


def test_sort_orders(client: TestClient) -> None:
    assert spells(client, sort="START_ASC") == ACME_SPELLS
    assert spells(client, sort="START_DESC") == ACME_SPELLS[::-1]
    # By the other end's name, then the fact id: Ann's two spells, oldest first.
    assert spells(client, sort="NAME") == sorted(ACME_SPELLS)
    # The default for dated relationships is newest first.
    default = data(client, '{ company(id: "acme") { employments(first: 3) { nodes { id } } } }')
    assert node_ids(default["company"]["employments"]) == ACME_SPELLS[::-1][:3]


def test_sort_by_name_on_a_person(client: TestClient) -> None:
    result = data(
        client,
        """{ person(id: "ann") {
      asc: employments(sort: START_ASC) { nodes { id } }
      byName: employments(sort: NAME) { nodes { employer { id } } }
    } }""",
    )
    assert node_ids(result["person"]["asc"]) == [ANN_2010, "WORKED_AT:ann:newco:2016", ANN_2022]
    assert [n["employer"]["id"] for n in result["person"]["byName"]["nodes"]] == [
        "acme",
        "acme",
        "newco",
    ]


def test_current_filter(client: TestClient) -> None:
    assert spells(client, current=True) == [CAT, EVE, ANN_2022, GUS]
    assert spells(client, current=False) == [ANN_2010, BEN, DAN, FAY]


def test_role_filter_is_a_substring_any_case(client: TestClient) -> None:
    assert spells(client, role="engineer") == [ANN_2010, EVE, GUS]
    assert spells(client, role="SCIENT") == [BEN]
    assert spells(client, role="astronaut") == []


def test_since_keeps_spells_that_may_reach_it(client: TestClient) -> None:
    # Ben's end "2020-05" cannot reach 2020-06; everything ongoing can.
    assert spells(client, since="2020-06") == [CAT, EVE, FAY, ANN_2022, GUS]
    # ...but it may reach 2020-05-15.
    assert BEN in spells(client, since="2020-05-15")
    # Fay's "2024-07" end may reach 2024-07-31; Gus's "2024-07" start may be that day too.
    assert spells(client, since="2024-07-31", until="2024-07-31") == [CAT, EVE, FAY, ANN_2022, GUS]


def test_until_keeps_spells_that_may_have_begun(client: TestClient) -> None:
    assert spells(client, until="2016") == ACME_SPELLS[:3]
    # Cat's "2016-03" cannot have begun by 2016-02-29.
    assert spells(client, until="2016-02") == ACME_SPELLS[:2]
    # Dan's start is a day: 2018-07-01 is in July 2018, not June.
    assert DAN in spells(client, until="2018-07")
    assert DAN not in spells(client, until="2018-06-30")
    assert spells(client, since="2019", until="2019") == [BEN, CAT, DAN]


def test_as_of(client: TestClient) -> None:
    assert spells(client, asOf="2019") == [BEN, CAT, DAN]
    # In the future only the open-ended spells may hold.
    assert spells(client, asOf="2030") == spells(client, current=True)
    # Before anyone worked there.
    assert spells(client, asOf="2005") == []


def test_as_of_before_a_company_existed(client: TestClient) -> None:
    query = """query ($asOf: PartialDate) { company(id: "newco") {
      employments(asOf: $asOf) { totalCount nodes { id } }
      rounds(asOf: $asOf, sort: START_ASC) { totalCount nodes { round { id } } }
      investments(asOf: $asOf) { totalCount }
    } }"""
    before = data(client, query, asOf="2010")["company"]
    assert before["employments"] == {"totalCount": 0, "nodes": []}
    assert before["rounds"] == {"totalCount": 0, "nodes": []}
    # The seed round (2021-03) had happened by 2022; the Series A (2023-07) had not.
    mid = data(client, query, asOf="2022")["company"]
    assert [r["round"]["id"] for r in mid["rounds"]["nodes"]] == ["newco-seed"]
    # Ann's spell there (2016..2021) held in 2020, not in 2022.
    assert node_ids(data(client, query, asOf="2020")["company"]["employments"]) == [
        "WORKED_AT:ann:newco:2016"
    ]
    assert mid["employments"]["totalCount"] == 0
    rounds = data(client, query, asOf="2030")["company"]["rounds"]
    assert [r["round"]["id"] for r in rounds["nodes"]] == ["newco-seed", "newco-a"]


def test_investment_windows_use_the_round_date(client: TestClient) -> None:
    result = data(
        client,
        """{ company(id: "acme-cloud") {
      early: investments(until: "2023-06") { totalCount }
      later: investments(since: "2023", until: "2023-07-15") { nodes { round { id announced } } }
    } }""",
    )
    assert result["company"]["early"]["totalCount"] == 0
    assert result["company"]["later"]["nodes"] == [
        {"round": {"id": "newco-a", "announced": "2023-07"}}
    ]


@pytest.mark.parametrize("bad", ["2024-13", "2024-7", "yesterday", "2024-02-30"])
def test_invalid_partial_date_is_bad_input(client: TestClient, bad: str) -> None:
    err = error(client, FILTERED, since=bad)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert bad in err["message"]
