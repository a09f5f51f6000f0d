"""The traversal tests: departures."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.graphql import data, error

DEPARTURES = """
query ($company: ID!, $since: PartialDate, $until: PartialDate) {
  departures(company: $company, since: $since, until: $until) {
    totalCount
    nodes {
      person { id }
      left { id start end ended employer { id } }
      next { id start employer { id } }
    }
  }
}
"""


def departures(client: TestClient, **variables: Any) -> dict[str, dict[str, Any]]:
    page = data(client, DEPARTURES, **variables)["departures"]
    result = page["nodes"]
    assert page["totalCount"] == len(result)
    found = {d["person"]["id"]: d for d in result}
    assert len(found) == len(result), "one departure per person in this graph"
    return found


def test_departures_count_units_and_comebacks(client: TestClient) -> None:
    found = departures(client, company="big-group")
    # Carol is still there; Jack moved from Big Cloud to Big Lab (inside the group);
    # Ivy left an affiliate, which is not part of the group.
    assert set(found) == {"alice", "bob", "dave", "erin", "hank", "kate"}
    assert found["alice"]["left"]["employer"] == {"id": "big-cloud"}
    assert found["kate"]["left"]["employer"] == {"id": "big-lab"}
    # Bob left in 2019 and came back in 2021-03: a departure, and the comeback is next.
    assert found["bob"]["left"]["id"] == "WORKED_AT:bob:big-group:2015"
    assert [(n["employer"]["id"], n["start"]) for n in found["bob"]["next"]] == [
        ("rival", "2019-06"),
        ("big-group", "2021-03"),
    ]


def test_departures_next_spells(client: TestClient) -> None:
    found = departures(client, company="big-group")
    assert [n["id"] for n in found["alice"]["next"]] == [
        "WORKED_AT:alice:startup-a:2023-02",
        "WORKED_AT:alice:startup-a:2024-03",
    ]
    assert [n["employer"]["id"] for n in found["erin"]["next"]] == ["startup-b"]
    # Dave joined Startup B before he left: nothing came next.
    assert found["dave"]["next"] == []
    # Hank's spell has no dates at all: nothing can be said to come after it.
    assert found["hank"]["left"] == {
        "id": "WORKED_AT:hank:big-cloud",
        "start": None,
        "end": None,
        "ended": True,
        "employer": {"id": "big-cloud"},
    }
    assert found["hank"]["next"] == []


def test_departures_newest_dated_first(client: TestClient) -> None:
    result = data(client, DEPARTURES, company="big-group")["departures"]["nodes"]
    dated = [d["person"]["id"] for d in result if d["left"]["end"] is not None]
    assert dated == ["erin", "dave", "kate", "alice", "bob"]


def test_departures_window_on_partial_end_dates(client: TestClient) -> None:
    # Erin's end "2024-07" may reach 2024-07-18; Dave's "2024-06" cannot. An undated end
    # (Hank) may be any day, so it matches every window.
    assert set(departures(client, company="big-group", since="2024-07-18")) == {"erin", "hank"}
    # "2024-07" cannot be on or before 2024-06-30.
    assert set(departures(client, company="big-group", until="2024-06-30")) == {
        "alice",
        "bob",
        "dave",
        "hank",
        "kate",
    }
    # ...but may be on 2024-07-01.
    assert "erin" in departures(client, company="big-group", until="2024-07-01")
    assert set(departures(client, company="big-group", since="2024-07", until="2024-07")) == {
        "erin",
        "hank",
    }
    assert set(departures(client, company="big-group", since="2023", until="2023")) == {
        "kate",
        "hank",
    }


def test_departures_from_a_unit_only(client: TestClient) -> None:
    # Big Lab is not part of Big Cloud: from the unit's own view, Jack's move is a departure.
    found = departures(client, company="big-cloud")
    assert set(found) == {"alice", "hank", "jack"}
    assert [n["employer"]["id"] for n in found["jack"]["next"]] == ["big-lab"]


def test_departures_role_change_is_no_departure(client: TestClient) -> None:
    # Alice's engineer spell at Startup A ended in 2024-03, when she became CTO there.
    assert departures(client, company="startup-a") == {}
    assert set(departures(client, company="rival")) == {"bob", "frank"}


def test_departures_unknown_company(client: TestClient) -> None:
    err = error(client, DEPARTURES, company="nope")
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == "company"
    assert "'nope'" in err["message"]
