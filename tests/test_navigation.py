"""Generic navigation on a small hand-made graph: every relationship from both ends,
Relay paging, sorting, filters, evidence, and lookups by id.

The graph is written through the real seed loader, so it is stored exactly as the
real data is. Acme's WORKED_AT spells, oldest first:

    ann  2010..2015 engineer        eve  2020..       Research Engineer
    ben  2012..2020-05 scientist    fay  2021-06..2024-07 product manager
    cat  2016-03..     CTO          ann  2022..       advisor (she came back)
    dan  2018-07-01..2019 intern    gus  2024-07..    engineer
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import data, error, load_graph

GRAPH = """
sources:
  - {id: src-a, title: Test source A, publisher: Test, reliability: high}
  - {id: src-b, title: Test source B, publisher: Test}
  - {id: src-c, title: Test source C, publisher: Test, reliability: low}

companies:
  - {id: acme, name: Acme, nameZh: 阿克米, aliases: [Acme Corp, ACME], kind: BIG_TECH,
     founded: 2009, hq: Hangzhou, sources: [src-a, src-b]}
  - {id: acme-cloud, name: Acme Cloud, kind: BUSINESS_UNIT, founded: 2010, sources: [src-a]}
  - {id: acme-lab, name: Acme Lab, kind: LAB, sources: [src-a]}
  - {id: acme-media, name: Acme Media, kind: MEDIA, sources: [src-a]}
  - {id: partner, name: Partner, kind: BIG_TECH, sources: [src-a]}
  - {id: newco, name: Newco, kind: STARTUP, founded: 2016, sources: [src-a]}

universities:
  - {id: uni, name: Test University, nameZh: 测试大学, city: Beijing, sources: [src-a]}

people:
  - {id: ann, name: Ann, nameZh: 安, aliases: [Annie], sources: [src-a]}
  - {id: ben, name: Ben, sources: [src-a]}
  - {id: cat, name: Cat, sources: [src-a]}
  - {id: dan, name: Dan, sources: [src-a]}
  - {id: eve, name: Eve, sources: [src-a]}
  - {id: fay, name: Fay, sources: [src-a]}
  - {id: gus, name: Gus, sources: [src-a]}

models:
  - {id: acme-lm, name: Acme LM, nameZh: 阿克米大模型, aliases: [ALM], released: 2021,
     sources: [src-a]}
  - {id: acme-lm-1, name: Acme LM 1, versionOf: acme-lm, released: 2021-05, parameters: 7B,
     sources: [src-a]}
  - {id: acme-lm-2, name: Acme LM 2, versionOf: acme-lm, released: 2023-11-02, sources: [src-b]}

products:
  - {id: acme-app, name: Acme App, launched: 2015, sources: [src-a]}

rounds:
  - id: newco-seed
    name: Newco seed
    company: newco
    series: seed
    announced: 2021-03
    amount: 10000000
    currency: USD
    investors:
      - {id: acme, lead: true}
      - {id: partner}
    sources: [src-a]
  - id: newco-a
    name: Newco Series A
    company: newco
    series: A
    announced: 2023-07
    investors:
      - {id: acme-cloud}
    sources: [src-b]

facts:
  - {rel: PART_OF, from: acme-cloud, to: acme, start: 2010, sources: [src-a]}
  - {rel: PART_OF, from: acme-lab, to: acme, sources: [src-a]}
  - {rel: AFFILIATE_OF, from: partner, to: acme, sources: [src-a]}
  - {rel: OWNS, from: acme, to: acme-app, start: 2015, sources: [src-a]}
  - {rel: OWNS, from: acme, to: acme-media, sources: [src-b]}
  - rel: HOLDS_STAKE
    from: acme
    to: newco
    share: "~20%"
    asOf: 2023-07
    sources: [src-a]
    confidence: 0.8
    disputes:
      - {field: share, value: "~25%", sources: [src-c], note: Another reading.}
  - {rel: DEVELOPED, from: acme-cloud, to: acme-lm, sources: [src-a]}
  - {rel: CONTRIBUTED_TO, from: cat, to: acme-lm, role: lead, sources: [src-a]}
  - {rel: CONTRIBUTED_TO, from: eve, to: acme-lm, role: core contributor, sources: [src-b]}
  - {rel: FOUNDED, from: ann, to: newco, role: founder, start: 2016, sources: [src-a]}
  - {rel: STUDIED_AT, from: ann, to: uni, degree: PhD, field: CS, start: 2005, end: 2009,
     sources: [src-a]}
  - {rel: STUDIED_AT, from: ben, to: uni, degree: BSc, end: 2008, sources: [src-a]}

  - {rel: WORKED_AT, from: ann, to: acme, role: engineer, start: 2010, end: 2015, sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: newco, role: founding engineer, start: 2016, end: 2021,
     sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: acme, role: advisor, start: 2022, sources: [src-a]}
  - rel: WORKED_AT
    from: ben
    to: acme
    role: research scientist
    start: 2012
    end: 2020-05
    sources: [src-a, src-b]
    confidence: 0.8
    note: The month he left is disputed.
    disputes:
      - {field: end, value: 2020-08, sources: [src-c]}
  - {rel: WORKED_AT, from: ben, to: uni, role: professor, start: 2020-09, sources: [src-a]}
  - {rel: WORKED_AT, from: cat, to: acme, role: CTO, start: 2016-03, sources: [src-a]}
  - {rel: WORKED_AT, from: dan, to: acme, role: intern, start: 2018-07-01, end: 2019,
     sources: [src-a]}
  - {rel: WORKED_AT, from: eve, to: acme, role: Research Engineer, start: 2020, sources: [src-a]}
  - {rel: WORKED_AT, from: fay, to: acme, role: product manager, start: 2021-06, end: 2024-07,
     sources: [src-a]}
  - {rel: WORKED_AT, from: gus, to: acme, role: engineer, start: 2024-07, sources: [src-a]}
"""

# Acme's spells by start, oldest first (the START_ASC order).
ACME_SPELLS = [
    "WORKED_AT:ann:acme:2010",
    "WORKED_AT:ben:acme:2012",
    "WORKED_AT:cat:acme:2016-03",
    "WORKED_AT:dan:acme:2018-07-01",
    "WORKED_AT:eve:acme:2020",
    "WORKED_AT:fay:acme:2021-06",
    "WORKED_AT:ann:acme:2022",
    "WORKED_AT:gus:acme:2024-07",
]
PEOPLE = ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]


@pytest.fixture(scope="module")
def graph(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> neo4j.Driver:
    load_graph(tmp_path_factory.mktemp("navigation"), GRAPH, settings, driver)
    return driver


@pytest.fixture(scope="module")
def client(settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def node_ids(connection: dict[str, Any]) -> list[str]:
    return [node["id"] for node in connection["nodes"]]


# --- Both ends of every relationship type --------------------------------------------------

# (type, query for the edge ids from one end, from the other end); each query selects
# `a` and `b`, two lists of connections whose edge ids must be the same set.
BOTH_ENDS = {
    "WORKED_AT": """{
      a: people { nodes { employments(first: 100) { nodes { id } } } }
      b: companies { nodes { employments(first: 100) { nodes { id } } } }
      u: university(id: "uni") { employments { nodes { id } } }
    }""",
    "FOUNDED": """{
      a: people { nodes { foundings { nodes { id } } } }
      b: companies { nodes { founders { nodes { id } } } }
    }""",
    "STUDIED_AT": """{
      a: people { nodes { education { nodes { id } } } }
      b: university(id: "uni") { alumni { nodes { id } } }
    }""",
    "CONTRIBUTED_TO": """{
      a: people { nodes { contributions { nodes { id } } } }
      b: model(id: "acme-lm") { contributors { nodes { id } } }
    }""",
    "DEVELOPED": """{
      a: companies { nodes { models { nodes { id } } } }
      b: model(id: "acme-lm") { developers { nodes { id } } }
    }""",
    "PART_OF": """{
      a: companies { nodes { units { nodes { id } } } }
      b: companies { nodes { groups { nodes { id } } } }
    }""",
    "AFFILIATE_OF": """{
      a: companies { nodes { affiliates { nodes { id } } } }
      b: companies { nodes { affiliateOf { nodes { id } } } }
    }""",
    "OWNS": """{
      a: companies { nodes { owns { nodes { id } } } }
      b: companies { nodes { ownedBy { nodes { id } } } }
      p: node(id: "acme-app") { ... on Product { ownedBy { nodes { id } } } }
    }""",
    "HOLDS_STAKE": """{
      a: companies { nodes { stakes { nodes { id } } } }
      b: companies { nodes { stakeholders { nodes { id } } } }
    }""",
    "RAISED": """{
      a: companies { nodes { rounds { nodes { id } } } }
      n1: node(id: "newco-seed") { ... on FundingRound { raisedBy { nodes { id } } } }
      n2: node(id: "newco-a") { ... on FundingRound { raisedBy { nodes { id } } } }
    }""",
    "INVESTED_IN": """{
      a: companies { nodes { investments { nodes { id } } } }
      n1: node(id: "newco-seed") { ... on FundingRound { investors { nodes { id } } } }
      n2: node(id: "newco-a") { ... on FundingRound { investors { nodes { id } } } }
    }""",
    "VERSION_OF": """{
      a: model(id: "acme-lm") { versions { nodes { id } } }
      v1: model(id: "acme-lm-1") { versionOf { nodes { id } } }
      v2: model(id: "acme-lm-2") { versionOf { nodes { id } } }
    }""",
}

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


# --- Relay paging --------------------------------------------------------------------------

PAGE = """
query ($first: Int!, $after: String, $sort: EdgeSort = START_ASC) {
  company(id: "acme") {
    employments(first: $first, after: $after, sort: $sort) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
      nodes { id }
    }
  }
}
"""


def _page(client: TestClient, **variables: Any) -> dict[str, Any]:
    page: dict[str, Any] = data(client, PAGE, **variables)["company"]["employments"]
    return page


def test_paging_walks_the_whole_list(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = _page(client, first=3, after=after)
        pages += 1
        # totalCount is the whole list, not the page.
        assert page["totalCount"] == len(ACME_SPELLS)
        assert [e["node"]["id"] for e in page["edges"]] == node_ids(page)
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        seen += node_ids(page)
        if not info["hasNextPage"]:
            break
        assert len(page["edges"]) == 3
        after = info["endCursor"]
    assert pages == 3
    assert seen == ACME_SPELLS


def test_paging_from_any_edge_cursor(client: TestClient) -> None:
    full = _page(client, first=100)
    assert full["pageInfo"]["hasNextPage"] is False
    cursor = full["edges"][4]["cursor"]
    rest = _page(client, first=100, after=cursor)
    assert node_ids(rest) == ACME_SPELLS[5:]
    assert rest["totalCount"] == len(ACME_SPELLS)
    assert rest["pageInfo"]["hasPreviousPage"] is True


def test_paging_past_the_end_and_empty_pages(client: TestClient) -> None:
    last = _page(client, first=100)["pageInfo"]["endCursor"]
    beyond = _page(client, first=3, after=last)
    assert beyond["edges"] == []
    assert beyond["totalCount"] == len(ACME_SPELLS)
    assert beyond["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }
    none = _page(client, first=0)
    assert none["edges"] == []
    assert none["totalCount"] == len(ACME_SPELLS)
    assert none["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("cursor", ["garbage", "bzotMQ==", "", "o:3", "!!!"])
def test_paging_invalid_cursor(client: TestClient, cursor: str) -> None:
    err = error(client, PAGE, first=2, after=cursor)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "after"


@pytest.mark.parametrize("first", [1001, -1])
def test_paging_first_outside_the_cap(client: TestClient, first: int) -> None:
    err = error(client, PAGE, first=first)
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["field"] == "first"
    assert "1000" in err["message"]


def test_root_lists_page_too(client: TestClient) -> None:
    query = """
    query ($after: String) {
      people(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
    }"""
    first = data(client, query)["people"]
    assert first["totalCount"] == len(PEOPLE)
    assert first["pageInfo"]["hasNextPage"] is True
    second = data(client, query, after=first["pageInfo"]["endCursor"])["people"]
    assert second["pageInfo"]["hasNextPage"] is False
    # By name.
    assert node_ids(first) + node_ids(second) == PEOPLE
    companies = data(client, "{ companies { totalCount nodes { id } } }")["companies"]
    assert companies["totalCount"] == 6
    assert node_ids(companies) == [
        "acme",
        "acme-cloud",
        "acme-lab",
        "acme-media",
        "newco",
        "partner",
    ]
    err = error(client, "{ people(first: 10001) { totalCount } }")
    assert err["extensions"]["code"] == "BAD_USER_INPUT"


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
    assert node_ids(result["person"]["asc"]) == [
        "WORKED_AT:ann:acme:2010",
        "WORKED_AT:ann:newco:2016",
        "WORKED_AT:ann:acme:2022",
    ]
    assert [n["employer"]["id"] for n in result["person"]["byName"]["nodes"]] == [
        "acme",
        "acme",
        "newco",
    ]


def test_current_filter(client: TestClient) -> None:
    assert spells(client, current=True) == [
        "WORKED_AT:cat:acme:2016-03",
        "WORKED_AT:eve:acme:2020",
        "WORKED_AT:ann:acme:2022",
        "WORKED_AT:gus:acme:2024-07",
    ]
    assert spells(client, current=False) == [
        "WORKED_AT:ann:acme:2010",
        "WORKED_AT:ben:acme:2012",
        "WORKED_AT:dan:acme:2018-07-01",
        "WORKED_AT:fay:acme:2021-06",
    ]


def test_role_filter_is_a_substring_any_case(client: TestClient) -> None:
    assert spells(client, role="engineer") == [
        "WORKED_AT:ann:acme:2010",
        "WORKED_AT:eve:acme:2020",
        "WORKED_AT:gus:acme:2024-07",
    ]
    assert spells(client, role="SCIENT") == ["WORKED_AT:ben:acme:2012"]
    assert spells(client, role="astronaut") == []


def test_since_keeps_spells_that_may_reach_it(client: TestClient) -> None:
    # Ben's end "2020-05" cannot reach 2020-06; everything ongoing can.
    assert spells(client, since="2020-06") == [
        "WORKED_AT:cat:acme:2016-03",
        "WORKED_AT:eve:acme:2020",
        "WORKED_AT:fay:acme:2021-06",
        "WORKED_AT:ann:acme:2022",
        "WORKED_AT:gus:acme:2024-07",
    ]
    # ...but it may reach 2020-05-15.
    assert "WORKED_AT:ben:acme:2012" in spells(client, since="2020-05-15")
    # Fay's "2024-07" end may reach 2024-07-31; Gus's "2024-07" start may be that day too.
    assert spells(client, since="2024-07-31", until="2024-07-31") == [
        "WORKED_AT:cat:acme:2016-03",
        "WORKED_AT:eve:acme:2020",
        "WORKED_AT:fay:acme:2021-06",
        "WORKED_AT:ann:acme:2022",
        "WORKED_AT:gus:acme:2024-07",
    ]


def test_until_keeps_spells_that_may_have_begun(client: TestClient) -> None:
    assert spells(client, until="2016") == ACME_SPELLS[:3]
    # Cat's "2016-03" cannot have begun by 2016-02-29.
    assert spells(client, until="2016-02") == ACME_SPELLS[:2]
    # Dan's start is a day: 2018-07-01 is in July 2018, not June.
    assert "WORKED_AT:dan:acme:2018-07-01" in spells(client, until="2018-07")
    assert "WORKED_AT:dan:acme:2018-07-01" not in spells(client, until="2018-06-30")
    assert spells(client, since="2019", until="2019") == [
        "WORKED_AT:ben:acme:2012",
        "WORKED_AT:cat:acme:2016-03",
        "WORKED_AT:dan:acme:2018-07-01",
    ]


def test_as_of(client: TestClient) -> None:
    assert spells(client, asOf="2019") == [
        "WORKED_AT:ben:acme:2012",
        "WORKED_AT:cat:acme:2016-03",
        "WORKED_AT:dan:acme:2018-07-01",
    ]
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
    result = data(client, "query ($id: ID!) { node(id: $id) { __typename id name } }", id=id_)
    assert result["node"]["__typename"] == typename
    assert result["node"]["id"] == id_


def test_node_fields_per_type(client: TestClient) -> None:
    result = data(
        client,
        """{
      s: node(id: "src-a") { name ... on Source { title publisher reliability } }
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
        ('{ node(id: "nope") { id } }', "no entity has the id 'nope'"),
    ],
)
def test_lookup_of_the_wrong_kind_or_unknown_id(
    client: TestClient, query: str, message: str
) -> None:
    err = error(client, query)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["message"].startswith(message)
