"""The named traversals on a small hand-made graph whose answers are known.

The graph is written through the real seed loader, so it is stored exactly as
the real data is (labels, partial dates as text plus Min/Max, `ended`, fact ids).

    Big Group (BIG_TECH) <-PART_OF- Big Cloud, Big Lab;  Affiliate Co -AFFILIATE_OF-> Big Group

    rounds (company: investors)              people (WORKED_AT spells)
    startup-a-2023 (2023-05) A: big-group*, other-vc     alice  big-cloud 2018..2022-12; startup-a 2023-02..2024-03,
    startup-a-2024 (2024-06) A: big-group, big-lab,              startup-a 2024-03.. (CTO: a role change)
                                other-vc                  bob    big-group 2015..2019; rival 2019-06..2021;
    startup-b-2024 (2024-02) B: big-cloud, other-vc*,            big-group 2021-03.. (came back)
                                affiliate-co              carol  big-lab 2020.. (still there); startup-b 2024-05..
    startup-c-2022 (2022-06) C: other-vc                  dave   big-group 2019..2024-06; startup-b 2023-01..
                                                          erin   big-lab 2019..2024-07; startup-b 2024-08..
    (* lead)                                              frank  rival 2017..2020-05; startup-a 2020-09..
                                                          hank   big-cloud (ended, undated); startup-c 2023..
                                                          ivy    affiliate-co 2018..2021; startup-a 2021-06..
                                                          jack   big-cloud 2016..2020-03; big-lab 2020-03..
                                                          kate   big-lab 2019..2023-01; startup-a 2023-04..
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import data, error, load_graph, post

GRAPH = """
sources:
  - {id: src-a, title: Test source A, publisher: Test, reliability: high}
  - {id: src-b, title: Test source B, publisher: Test, reliability: low}

companies:
  - {id: big-group, name: Big Group, nameZh: 大集团, aliases: [BigCo], kind: BIG_TECH,
     founded: 1999, sources: [src-a]}
  - {id: big-cloud, name: Big Cloud, nameZh: 大云, kind: BUSINESS_UNIT, sources: [src-a]}
  - {id: big-lab, name: Big Lab, kind: LAB, sources: [src-a]}
  - {id: affiliate-co, name: Affiliate Co, kind: BIG_TECH, sources: [src-a]}
  - {id: rival, name: Rival, kind: BIG_TECH, sources: [src-a]}
  - {id: other-vc, name: Other VC, kind: INVESTOR, sources: [src-a]}
  - {id: startup-a, name: Startup A, kind: STARTUP, founded: 2020, sources: [src-a]}
  - {id: startup-b, name: Startup B, kind: STARTUP, founded: 2022, sources: [src-a]}
  - {id: startup-c, name: Startup C, kind: STARTUP, founded: 2022, sources: [src-a]}

people:
  - {id: alice, name: Alice, nameZh: 爱丽丝, aliases: [Ally Chen], sources: [src-a]}
  - {id: bob, name: Bob, sources: [src-a]}
  - {id: carol, name: Carol, sources: [src-a]}
  - {id: dave, name: Dave, sources: [src-a]}
  - {id: erin, name: Erin, sources: [src-a]}
  - {id: frank, name: Frank, sources: [src-a]}
  - {id: hank, name: Hank, sources: [src-a]}
  - {id: ivy, name: Ivy, sources: [src-a]}
  - {id: jack, name: Jack, sources: [src-a]}
  - {id: kate, name: Kate, sources: [src-a]}

rounds:
  - id: startup-a-2023
    name: Startup A seed
    company: startup-a
    announced: 2023-05
    investors:
      - {id: big-group, lead: true}
      - {id: other-vc}
    sources: [src-a]
  - id: startup-a-2024
    name: Startup A Series A
    company: startup-a
    announced: 2024-06
    investors:
      - {id: big-group}
      - {id: big-lab, sources: [src-b]}
      - {id: other-vc}
    sources: [src-a]
  - id: startup-b-2024
    name: Startup B seed
    company: startup-b
    announced: 2024-02
    investors:
      - {id: big-cloud}
      - {id: other-vc, lead: true}
      - {id: affiliate-co}
    sources: [src-a]
  - id: startup-c-2022
    name: Startup C seed
    company: startup-c
    announced: 2022-06
    investors:
      - {id: other-vc}
    sources: [src-a]

facts:
  - {rel: PART_OF, from: big-cloud, to: big-group, sources: [src-a]}
  - {rel: PART_OF, from: big-lab, to: big-group, sources: [src-a]}
  - {rel: AFFILIATE_OF, from: affiliate-co, to: big-group, sources: [src-a, src-b]}

  - {rel: WORKED_AT, from: alice, to: big-cloud, role: engineer, start: 2018, end: 2022-12,
     sources: [src-a, src-b]}
  - {rel: WORKED_AT, from: alice, to: startup-a, role: engineer, start: 2023-02, end: 2024-03,
     sources: [src-a]}
  - {rel: WORKED_AT, from: alice, to: startup-a, role: CTO, start: 2024-03, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: big-group, start: 2015, end: 2019, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: rival, start: 2019-06, end: 2021, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: big-group, start: 2021-03, sources: [src-a]}
  - {rel: WORKED_AT, from: carol, to: big-lab, start: 2020, sources: [src-a]}
  - {rel: WORKED_AT, from: carol, to: startup-b, role: advisor, start: 2024-05, sources: [src-a]}
  - {rel: WORKED_AT, from: dave, to: big-group, start: 2019, end: 2024-06, sources: [src-a]}
  - {rel: WORKED_AT, from: dave, to: startup-b, start: 2023-01, sources: [src-a]}
  - {rel: WORKED_AT, from: erin, to: big-lab, start: 2019, end: 2024-07, sources: [src-a]}
  - {rel: WORKED_AT, from: erin, to: startup-b, start: 2024-08, sources: [src-b]}
  - {rel: WORKED_AT, from: frank, to: rival, start: 2017, end: 2020-05, sources: [src-a]}
  - {rel: WORKED_AT, from: frank, to: startup-a, start: 2020-09, sources: [src-a]}
  - {rel: WORKED_AT, from: hank, to: big-cloud, ended: true, sources: [src-a]}
  - {rel: WORKED_AT, from: hank, to: startup-c, start: 2023, sources: [src-a]}
  - {rel: WORKED_AT, from: ivy, to: affiliate-co, start: 2018, end: 2021, sources: [src-a]}
  - {rel: WORKED_AT, from: ivy, to: startup-a, start: 2021-06, sources: [src-a]}
  - {rel: WORKED_AT, from: jack, to: big-cloud, start: 2016, end: 2020-03, sources: [src-a]}
  - {rel: WORKED_AT, from: jack, to: big-lab, start: 2020-03, sources: [src-a]}
  - {rel: WORKED_AT, from: kate, to: big-lab, start: 2019, end: 2023-01, sources: [src-a]}
  - {rel: WORKED_AT, from: kate, to: startup-a, start: 2023-04, sources: [src-a]}
"""


@pytest.fixture(scope="module")
def graph(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> neo4j.Driver:
    load_graph(tmp_path_factory.mktemp("traversals"), GRAPH, settings, driver)
    return driver


@pytest.fixture(scope="module")
def client(settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def ids(items: list[dict[str, Any]], key: str = "id") -> list[str]:
    return [item[key] for item in items]


# --- portfolioAlumniHires -------------------------------------------------------------

HIRES = """
query ($investor: ID!, $alumniOf: ID) {
  portfolioAlumniHires(investor: $investor, alumniOf: $alumniOf) {
    company { id }
    investments { id lead investor { id } round { id announced } }
    hires {
      person { id name }
      left { id start end ended role employer { id } evidence { sources { id } } }
      joined { id start end ended employer { id } evidence { confidence sources { id } } }
    }
  }
}
"""


def hires_by_company(client: TestClient, **variables: Any) -> dict[str, dict[str, Any]]:
    result = data(client, HIRES, **variables)["portfolioAlumniHires"]
    return {item["company"]["id"]: item for item in result}


def test_alumni_hires_default_alumni_of_is_the_investor_with_its_units(
    client: TestClient,
) -> None:
    found = hires_by_company(client, investor="big-group")
    # Startup C is not in the portfolio; the others hired ex-staff of the group's units.
    assert set(found) == {"startup-a", "startup-b"}
    # Kate left Big Lab, Alice left Big Cloud: units are the group. Frank (Rival) and Ivy
    # (an affiliate, not part of the group) are no alumni.
    assert {h["person"]["id"] for h in found["startup-a"]["hires"]} == {"alice", "kate"}
    # Erin: Big Lab until 2024-07, Startup B from 2024-08. Carol is still at Big Lab;
    # Dave joined Startup B in 2023-01 and left Big Group only in 2024-06.
    assert [h["person"]["id"] for h in found["startup-b"]["hires"]] == ["erin"]


def test_alumni_hires_carry_investments_with_units_and_lead(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    investments = {
        (i["investor"]["id"], i["round"]["id"], i["lead"])
        for i in found["startup-a"]["investments"]
    }
    assert investments == {
        ("big-group", "startup-a-2023", True),
        ("big-group", "startup-a-2024", False),
        ("big-lab", "startup-a-2024", False),
    }
    # Startup B was backed by Big Cloud alone: a unit's investment is the group's.
    (only,) = found["startup-b"]["investments"]
    assert only["investor"]["id"] == "big-cloud"
    assert only["round"] == {"id": "startup-b-2024", "announced": "2024-02"}
    assert only["id"] == "INVESTED_IN:big-cloud:startup-b-2024"
    assert only["lead"] is False


def test_alumni_hire_has_both_spells_with_dates_and_evidence(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    (erin,) = found["startup-b"]["hires"]
    assert erin["person"] == {"id": "erin", "name": "Erin"}
    assert erin["left"] == {
        "id": "WORKED_AT:erin:big-lab:2019",
        "start": "2019",
        "end": "2024-07",
        "ended": True,
        "role": None,
        "employer": {"id": "big-lab"},
        "evidence": {"sources": [{"id": "src-a"}]},
    }
    assert erin["joined"] == {
        "id": "WORKED_AT:erin:startup-b:2024-08",
        "start": "2024-08",
        "end": None,
        "ended": False,
        "employer": {"id": "startup-b"},
        "evidence": {"confidence": 1.0, "sources": [{"id": "src-b"}]},
    }


def test_alumni_hire_role_change_at_the_startup_is_one_hire(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    alice = [h for h in found["startup-a"]["hires"] if h["person"]["id"] == "alice"]
    # Alice joined Startup A in 2023-02 and became CTO there in 2024-03: hired once.
    assert [h["joined"]["start"] for h in alice] == ["2023-02"]
    assert alice[0]["left"]["employer"] == {"id": "big-cloud"}
    assert alice[0]["left"]["evidence"]["sources"] == [{"id": "src-a"}, {"id": "src-b"}]


def test_alumni_hires_explicit_alumni_of(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group", alumniOf="rival")
    # Frank left Rival (2020-05) and joined Startup A (2020-09), which Big Group backed.
    assert set(found) == {"startup-a"}
    (frank,) = found["startup-a"]["hires"]
    assert frank["person"]["id"] == "frank"
    assert frank["left"]["employer"] == {"id": "rival"}
    assert frank["joined"]["start"] == "2020-09"


def test_alumni_hires_of_an_investor_without_alumni_in_its_portfolio(client: TestClient) -> None:
    # Other VC backed A, B and C, but nobody ever worked at Other VC.
    assert data(client, HIRES, investor="other-vc")["portfolioAlumniHires"] == []
    # Big Cloud alone backed Startup B; Erin left Big Lab, not Big Cloud.
    assert data(client, HIRES, investor="big-cloud")["portfolioAlumniHires"] == []
    found = hires_by_company(client, investor="big-cloud", alumniOf="big-group")
    assert [h["person"]["id"] for h in found["startup-b"]["hires"]] == ["erin"]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"investor": "nope"}, "investor"),
        ({"investor": "big-group", "alumniOf": "nope"}, "alumniOf"),
    ],
)
def test_alumni_hires_unknown_ids(
    client: TestClient, variables: dict[str, str], field: str
) -> None:
    err = error(client, HIRES, **variables)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == field
    assert "'nope'" in err["message"]


# --- talentFlows -----------------------------------------------------------------------

FLOWS = """
query ($from: ID, $to: ID, $since: PartialDate, $until: PartialDate, $first: Int! = 50) {
  talentFlows(from: $from, to: $to, since: $since, until: $until, first: $first) {
    from { id }
    to { id }
    count
    moves { person { id } left { id employer { id } } joined { id start employer { id } } }
  }
}
"""


def flows(client: TestClient, **variables: Any) -> dict[tuple[str, str], list[str]]:
    result = data(client, FLOWS, **variables)["talentFlows"]
    out = {}
    for flow in result:
        assert flow["count"] == len(flow["moves"])
        out[flow["from"]["id"], flow["to"]["id"]] = [m["person"]["id"] for m in flow["moves"]]
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
    alice, kate = flow["moves"]
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


# --- departures --------------------------------------------------------------------------

DEPARTURES = """
query ($company: ID!, $since: PartialDate, $until: PartialDate) {
  departures(company: $company, since: $since, until: $until) {
    person { id }
    left { id start end ended employer { id } }
    next { id start employer { id } }
  }
}
"""


def departures(client: TestClient, **variables: Any) -> dict[str, dict[str, Any]]:
    result = data(client, DEPARTURES, **variables)["departures"]
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
    result = data(client, DEPARTURES, company="big-group")["departures"]
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


# --- coInvestors and portfolio -----------------------------------------------------------

CO_INVESTORS = """
query ($company: ID!) {
  coInvestors(company: $company) { investor { id } count rounds { id } }
}
"""

PORTFOLIO = """
query ($investor: ID!) {
  portfolio(investor: $investor) {
    company { id name }
    investments { id lead investor { id } round { id announced } }
  }
}
"""


def test_co_investors_count_shared_rounds_and_leave_out_own_units(client: TestClient) -> None:
    result = data(client, CO_INVESTORS, company="big-group")["coInvestors"]
    # Big Lab and Big Cloud invested too, but they are Big Group: no co-investors of it.
    assert [(c["investor"]["id"], c["count"]) for c in result] == [
        ("other-vc", 3),
        ("affiliate-co", 1),
    ]
    # Startup A's 2024 round is shared once, though Big Group and Big Lab both joined it.
    other_vc = result[0]
    assert sorted(r["id"] for r in other_vc["rounds"]) == [
        "startup-a-2023",
        "startup-a-2024",
        "startup-b-2024",
    ]
    assert [r["id"] for r in result[1]["rounds"]] == ["startup-b-2024"]


def test_co_investors_of_an_outside_investor(client: TestClient) -> None:
    result = data(client, CO_INVESTORS, company="other-vc")["coInvestors"]
    counts = {c["investor"]["id"]: c["count"] for c in result}
    # Startup C's round had Other VC alone.
    assert counts == {"big-group": 2, "big-lab": 1, "big-cloud": 1, "affiliate-co": 1}
    assert result[0]["investor"]["id"] == "big-group"


def test_co_investors_of_a_company_that_never_invested(client: TestClient) -> None:
    assert data(client, CO_INVESTORS, company="rival")["coInvestors"] == []


def test_co_investors_unknown_company(client: TestClient) -> None:
    err = error(client, CO_INVESTORS, company="nope")
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'nope'" in err["message"]


def test_portfolio_includes_units_investments(client: TestClient) -> None:
    result = data(client, PORTFOLIO, investor="big-group")["portfolio"]
    assert [p["company"]["id"] for p in result] == ["startup-a", "startup-b"]
    startup_a, startup_b = result
    spells = [(i["investor"]["id"], i["round"]["id"], i["lead"]) for i in startup_a["investments"]]
    # Oldest round first; the two investments in the 2024 round in either order.
    assert spells[0] == ("big-group", "startup-a-2023", True)
    assert sorted(spells[1:]) == [
        ("big-group", "startup-a-2024", False),
        ("big-lab", "startup-a-2024", False),
    ]
    assert startup_b["investments"] == [
        {
            "id": "INVESTED_IN:big-cloud:startup-b-2024",
            "lead": False,
            "investor": {"id": "big-cloud"},
            "round": {"id": "startup-b-2024", "announced": "2024-02"},
        }
    ]


def test_portfolio_of_other_investors(client: TestClient) -> None:
    result = data(client, PORTFOLIO, investor="other-vc")["portfolio"]
    assert [p["company"]["id"] for p in result] == ["startup-a", "startup-b", "startup-c"]
    leads = {i["round"]["id"]: i["lead"] for p in result for i in p["investments"]}
    assert leads == {
        "startup-a-2023": False,
        "startup-a-2024": False,
        "startup-b-2024": True,
        "startup-c-2022": False,
    }
    # A unit's own portfolio is only what it backed itself.
    unit = data(client, PORTFOLIO, investor="big-cloud")["portfolio"]
    assert [p["company"]["id"] for p in unit] == ["startup-b"]
    assert data(client, PORTFOLIO, investor="rival")["portfolio"] == []


def test_portfolio_unknown_investor(client: TestClient) -> None:
    err = error(client, PORTFOLIO, investor="nope")
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == "investor"
    assert "'nope'" in err["message"]


# --- connections -----------------------------------------------------------------------

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


# --- ids and caps common to the traversals ---------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '{ portfolioAlumniHires(investor: "alice") { company { id } } }',
        '{ portfolioAlumniHires(investor: "big-group", alumniOf: "alice") { company { id } } }',
        '{ talentFlows(from: "alice") { count } }',
        '{ departures(company: "alice") { person { id } } }',
        '{ coInvestors(company: "alice") { count } }',
        '{ portfolio(investor: "alice") { company { id } } }',
    ],
)
def test_traversal_given_a_person_id_is_not_found(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'alice'" in err["message"]


def test_traversal_given_a_person_id_says_what_it_is(client: TestClient) -> None:
    err = error(client, '{ portfolio(investor: "alice") { company { id } } }')
    assert "is a person, not a company" in err["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ talentFlows(first: 1001) { count } }",
        "{ talentFlows(first: -1) { count } }",
        '{ connections(from: "ivy", to: "big-group", first: 1001) { length } }',
        '{ search(text: "Big", first: 1001) { score } }',
    ],
)
def test_traversal_first_outside_the_cap(client: TestClient, query: str) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"


# --- search ------------------------------------------------------------------------------

SEARCH = """
query ($text: String!) { search(text: $text) { score node { __typename id } } }
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
    hits = data(client, SEARCH, text=text)["search"]
    assert expected in [h["node"]["id"] for h in hits]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_best_hit_first(client: TestClient) -> None:
    hits = data(client, SEARCH, text="大集团")["search"]
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
        assert isinstance(body["data"]["search"], list)
    # Nothing was deleted or changed.
    assert data(client, SEARCH, text="Big Group")["search"][0]["node"]["id"] == "big-group"


def test_search_empty_text_is_bad_input(client: TestClient) -> None:
    err = error(client, SEARCH, text="   ")
    assert err["extensions"]["code"] == "BAD_USER_INPUT"


# --- lookups by id ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "noun"), [("person", "person"), ("company", "company"), ("model", "model")]
)
def test_lookup_unknown_id(client: TestClient, field: str, noun: str) -> None:
    err = error(client, f'{{ {field}(id: "nope") {{ id }} }}')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"] == f"no {noun} has the id 'nope'"
    assert err["path"] == [field]


def test_node_unknown_id(client: TestClient) -> None:
    err = error(client, '{ node(id: "nope") { id } }')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'nope'" in err["message"]


def test_person_given_a_company_id_says_what_it_is(client: TestClient) -> None:
    err = error(client, '{ person(id: "big-group") { id } }')
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"] == "'big-group' is a company, not a person"
    err = error(client, '{ company(id: "alice") { id } }')
    assert err["message"] == "'alice' is a person, not a company"
