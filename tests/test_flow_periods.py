"""talentFlows' periods: moves bucketed by year or quarter in Cypher, on both read paths.

Group (BIG_TECH) <-PART_OF- Unit
pia   unit 2015..2019;     startup-s 2019-06..      (a month: 2019-Q2)
quinn group 2016..2020;    startup-s 2020..         (a year only: no quarter is guessed)
rosa  group 2017..2021-02; startup-s 2021-02-10..   (a day: 2021-Q1)
sam   unit 2018..2021;     startup-t 2021-11..      (2021-Q4)
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.graphql import both_paths_client, data

GRAPH = """
sources:
  - {id: src-p, title: Test source P, publisher: Test, reliability: high}
companies:
  - {id: group, name: Group, kind: BIG_TECH, sources: [src-p]}
  - {id: unit, name: Unit, kind: BUSINESS_UNIT, sources: [src-p]}
  - {id: startup-s, name: Startup S, kind: STARTUP, sources: [src-p]}
  - {id: startup-t, name: Startup T, kind: STARTUP, sources: [src-p]}
people:
  - {id: pia, name: Pia, sources: [src-p]}
  - {id: quinn, name: Quinn, sources: [src-p]}
  - {id: rosa, name: Rosa, sources: [src-p]}
  - {id: sam, name: Sam, sources: [src-p]}
facts:
  - {rel: PART_OF, from: unit, to: group, sources: [src-p]}
  - {rel: WORKED_AT, from: pia, to: unit, start: 2015, end: 2019, sources: [src-p]}
  - {rel: WORKED_AT, from: pia, to: startup-s, start: 2019-06, sources: [src-p]}
  - {rel: WORKED_AT, from: quinn, to: group, start: 2016, end: 2020, sources: [src-p]}
  - {rel: WORKED_AT, from: quinn, to: startup-s, start: 2020, sources: [src-p]}
  - {rel: WORKED_AT, from: rosa, to: group, start: 2017, end: 2021-02, sources: [src-p]}
  - {rel: WORKED_AT, from: rosa, to: startup-s, start: 2021-02-10, sources: [src-p]}
  - {rel: WORKED_AT, from: sam, to: unit, start: 2018, end: 2021, sources: [src-p]}
  - {rel: WORKED_AT, from: sam, to: startup-t, start: 2021-11, sources: [src-p]}
"""

PERIODS = """
query ($granularity: Granularity!, $since: PartialDate) {
  talentFlows(from: "group", granularity: $granularity, since: $since) {
    to { id }
    count
    periods { period count }
    moves { nodes { person { id } period } }
  }
}
"""


client = both_paths_client(GRAPH)


def periods(client: TestClient, granularity: str, **variables: Any) -> dict[str, Any]:
    result = data(client, PERIODS, granularity=granularity, **variables)["talentFlows"]
    for flow in result:
        # The buckets add up to the flow, and each move names the bucket it counts in.
        assert sum(p["count"] for p in flow["periods"]) == flow["count"]
        for p in flow["periods"]:
            assert p["count"] == sum(m["period"] == p["period"] for m in flow["moves"]["nodes"])
    return {f["to"]["id"]: [(p["period"], p["count"]) for p in f["periods"]] for f in result}


def test_periods_by_year(client: TestClient) -> None:
    assert periods(client, "YEAR") == {
        "startup-s": [("2019", 1), ("2020", 1), ("2021", 1)],
        "startup-t": [("2021", 1)],
    }


def test_periods_by_quarter_keep_a_year_only_start_in_its_year(client: TestClient) -> None:
    assert periods(client, "QUARTER") == {
        "startup-s": [("2019-Q2", 1), ("2020", 1), ("2021-Q1", 1)],
        "startup-t": [("2021-Q4", 1)],
    }


def test_periods_follow_the_window(client: TestClient) -> None:
    assert periods(client, "QUARTER", since="2021") == {
        "startup-s": [("2021-Q1", 1)],
        "startup-t": [("2021-Q4", 1)],
    }


def test_periods_of_a_move_are_its_own(client: TestClient) -> None:
    result = data(client, PERIODS, granularity="QUARTER")["talentFlows"]
    moves = {m["person"]["id"]: m["period"] for f in result for m in f["moves"]["nodes"]}
    assert moves == {"pia": "2019-Q2", "quinn": "2020", "rosa": "2021-Q1", "sam": "2021-Q4"}
