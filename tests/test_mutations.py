"""Mutations against the real Neo4j: every write, idempotency, merges, refusals, races.

The starting graph goes in through the real seed loader, so writes meet data
stored exactly as the real seeds are; everything after that goes through
POST /graphql with a write key.
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import neo4j
import pytest
from starlette.testclient import TestClient

from seeds import loader
from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.conftest import run

GRAPH = """
sources:
  - {id: src-a, title: Test source A, publisher: Test, reliability: high}
  - {id: src-b, title: Test source B, publisher: Test}
  - {id: src-c, title: Test source C, publisher: Test, reliability: low}

people:
  - {id: ann, name: Ann, nameZh: 安, aliases: [Annie], born: 1985, sources: [src-a]}
  - {id: ben, name: Ben, sources: [src-a]}

companies:
  - {id: acme, name: Acme, kind: BIG_TECH, founded: 2009, sources: [src-a]}
  - {id: acme-cloud, name: Acme Cloud, kind: BUSINESS_UNIT, sources: [src-a]}
  - {id: newco, name: Newco, kind: STARTUP, sources: [src-a]}
  - {id: fund, name: Fund, kind: INVESTOR, sources: [src-a]}

universities:
  - {id: uni, name: Test University, sources: [src-a]}

models:
  - {id: acme-lm, name: Acme LM, sources: [src-a]}

products:
  - {id: acme-app, name: Acme App, sources: [src-a]}

rounds:
  - {id: newco-seed, name: Newco seed, company: newco, investors: [{id: fund}], sources: [src-a]}

facts:
  - {rel: PART_OF, from: acme-cloud, to: acme, sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: acme, role: engineer, start: 2010, sources: [src-a]}
"""

WRITE_KEY, WRITER = new_key("test-writer", [Scope.READ, Scope.WRITE])


@pytest.fixture(scope="module")
def graph(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> neo4j.Driver:
    path: Path = tmp_path_factory.mktemp("mutations") / "graph.yaml"
    path.write_text(textwrap.dedent(GRAPH), encoding="utf-8")
    asyncio.run(loader.load_files(settings, [path], reset=True))
    return driver


@pytest.fixture(scope="module")
def app_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_keys": [WRITER], "anonymous_read": True})


@pytest.fixture(scope="module")
def client(app_settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as c:
        yield c


def post(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {WRITE_KEY}"}
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post(client, query, **variables)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def error(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post(client, query, **variables)
    assert body.get("errors"), body
    assert body["data"] is None
    first: dict[str, Any] = body["errors"][0]
    return first


def snapshot(driver: neo4j.Driver) -> list[Any]:
    """Every node and relationship with its labels or type and all its properties."""
    nodes = run(
        driver,
        "MATCH (n) RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props",
    )
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) RETURN elementId(r) AS key, type(r) AS type, elementId(a) AS a, "
        "elementId(b) AS b, properties(r) AS props",
    )
    return sorted(nodes + rels, key=lambda row: str(row["key"]))


def node(driver: neo4j.Driver, id: str) -> dict[str, Any] | None:
    rows = run(
        driver, "MATCH (n:Entity {id: $id}) RETURN properties(n) AS p, labels(n) AS l", id=id
    )
    if not rows:
        return None
    return {**rows[0]["p"], "labels": rows[0]["l"]}  # type: ignore[dict-item]


def edge(driver: neo4j.Driver, id: str) -> dict[str, Any] | None:
    rows = run(
        driver,
        "MATCH (a)-[r {id: $id}]->(b) RETURN properties(r) AS p, type(r) AS t, a.id AS a, b.id AS b",
        id=id,
    )
    if not rows:
        return None
    assert len(rows) == 1, rows
    return {**rows[0]["p"], "type": rows[0]["t"], "from": rows[0]["a"], "to": rows[0]["b"]}  # type: ignore[dict-item]


UPSERT_SOURCE = """mutation($input: SourceInput!) {
  upsertSource(input: $input) { changed source { id title publisher url published reliability } }
}"""
UPSERT_PERSON = """mutation($input: PersonInput!) {
  upsertPerson(input: $input) {
    changed
    person { id name nameZh aliases born bornPlace note
             evidence { confidence sources { id } disputes { field value } } }
  }
}"""
UPSERT_COMPANY = """mutation($input: CompanyInput!) {
  upsertCompany(input: $input) { changed company { id name kind founded hq } }
}"""
UPSERT_UNIVERSITY = """mutation($input: UniversityInput!) {
  upsertUniversity(input: $input) { changed university { id name city } }
}"""
UPSERT_MODEL = """mutation($input: ModelInput!) {
  upsertModel(input: $input) {
    changed model { id name released parameters versionOf { nodes { family { id } } } }
  }
}"""
UPSERT_PRODUCT = """mutation($input: ProductInput!) {
  upsertProduct(input: $input) { changed product { id name launched } }
}"""
UPSERT_ROUND = """mutation($input: FundingRoundInput!) {
  upsertFundingRound(input: $input) {
    changed
    round {
      id name series announced amount currency
      raisedBy { nodes { company { id } } }
      investors(sort: NAME) { totalCount nodes { lead investor { id } evidence { sources { id } } } }
    }
  }
}"""
RECORD_EMPLOYMENT = """mutation($input: EmploymentInput!) {
  recordEmployment(input: $input) {
    changed employment { id role start end ended person { id } employer { id }
                         evidence { sources { id } } }
  }
}"""
END_EMPLOYMENT = """mutation($input: EndEmploymentInput!) {
  endEmployment(input: $input) { changed employment { id start end ended } }
}"""
MERGE = """mutation($keep: ID!, $remove: ID!) {
  mergeEntities(keep: $keep, remove: $remove) {
    changed moved combined dropped redirected entity { id name aliases }
  }
}"""


# --- Entities -----------------------------------------------------------------------


def test_a_new_person_is_stored_as_the_loader_stores_one(
    client: TestClient, graph: neo4j.Driver
) -> None:
    result = data(
        client,
        UPSERT_PERSON,
        input={
            "id": "cat",
            "name": "Cat",
            "nameZh": "猫",
            "aliases": ["Kitty"],
            "born": "1990-04",
            "bornPlace": "Hangzhou",
            "sources": ["src-a", "src-b"],
            "confidence": 0.8,
            "note": "Written by a test.",
            "disputes": [{"field": "born", "value": "1991", "sources": ["src-c"]}],
        },
    )["upsertPerson"]
    assert result["changed"] is True
    assert result["person"] == {
        "id": "cat",
        "name": "Cat",
        "nameZh": "猫",
        "aliases": ["Kitty"],
        "born": "1990-04",
        "bornPlace": "Hangzhou",
        "note": "Written by a test.",
        "evidence": {
            "confidence": 0.8,
            "sources": [{"id": "src-a"}, {"id": "src-b"}],
            "disputes": [{"field": "born", "value": "1991"}],
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
    hits = data(client, '{ search(text: "Kitty") { node { id } } }')["search"]
    assert {"node": {"id": "cat"}} in hits


def test_an_update_is_a_patch_and_sources_accumulate(
    client: TestClient, graph: neo4j.Driver
) -> None:
    before = node(graph, "ann")
    assert before is not None
    assert "writtenAt" not in before
    result = data(
        client,
        UPSERT_PERSON,
        input={"id": "ann", "bornPlace": "Beijing", "aliases": None, "sources": ["src-b"]},
    )["upsertPerson"]
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
    result = data(
        client,
        UPSERT_PERSON,
        input={
            "id": "dan",
            "name": "Dan",
            "newSources": [
                {"id": "src-new", "title": "New", "publisher": "Press", "published": "2024-07",
                 "url": "https://example.com/a", "reliability": "low"},
            ],
        },
    )["upsertPerson"]  # fmt: skip
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


FACTS = [
    ("recordFounding", "FoundingInput", "founding { id role start person { id } company { id } }",
     {"person": "ben", "company": "newco", "role": "CEO", "start": "2023"},
     "FOUNDED:ben:newco:2023", {"role": "CEO", "start": "2023"}),
    ("recordEducation", "EducationInput",
     "education { id degree field start end person { id } university { id } }",
     {"person": "ben", "university": "uni", "degree": "PhD", "field": "CS", "start": "2005",
      "end": "2010"},
     "STUDIED_AT:ben:uni:2005", {"degree": "PhD", "field": "CS", "end": "2010"}),
    ("recordContribution", "ContributionInput", "contribution { id role person { id } model { id } }",
     {"person": "ben", "model": "acme-lm", "role": "core contributor"},
     "CONTRIBUTED_TO:ben:acme-lm", {"role": "core contributor"}),
    ("recordDevelopment", "DevelopmentInput", "development { id company { id } model { id } }",
     {"company": "acme-cloud", "model": "acme-lm"}, "DEVELOPED:acme-cloud:acme-lm", {}),
    ("recordMembership", "MembershipInput", "membership { id start unit { id } group { id } }",
     {"unit": "newco", "group": "acme", "start": "2024"}, "PART_OF:newco:acme:2024",
     {"start": "2024"}),
    ("recordOwnership", "OwnershipInput", "ownership { id start owner { id } asset { id } }",
     {"owner": "acme", "asset": "acme-app", "start": "2015"}, "OWNS:acme:acme-app:2015",
     {"start": "2015"}),
    ("recordAffiliation", "AffiliationInput", "affiliation { id affiliate { id } company { id } }",
     {"affiliate": "fund", "company": "acme"}, "AFFILIATE_OF:fund:acme", {}),
    ("recordStake", "StakeInput", "stake { id share asOf holder { id } company { id } }",
     {"holder": "acme", "company": "newco", "share": "~20%", "asOf": "2023-07"},
     "HOLDS_STAKE:acme:newco", {"share": "~20%", "asOf": "2023-07"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutation", "input_type", "selection", "input", "fact_id", "props"),
    FACTS,
    ids=[f[0] for f in FACTS],
)
def test_each_kind_of_fact(
    client: TestClient,
    graph: neo4j.Driver,
    mutation: str,
    input_type: str,
    selection: str,
    input: dict[str, Any],
    fact_id: str,
    props: dict[str, Any],
) -> None:
    query = (
        f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ changed {selection} }} }}"
    )
    result = data(client, query, input={**input, "sources": ["src-a"]})[mutation]
    assert result["changed"] is True
    (fact,) = (v for k, v in result.items() if k != "changed")
    assert fact["id"] == fact_id
    assert {k: fact[k] for k in props} == props
    ends = [v["id"] for v in fact.values() if isinstance(v, dict)]
    stored = edge(graph, fact_id)
    assert stored is not None
    assert [stored["from"], stored["to"]] == ends
    assert stored["sources"] == ["src-a"]
    assert stored["writtenBy"] == "test-writer"


def test_employment_join_then_leave(client: TestClient, graph: neo4j.Driver) -> None:
    joined = data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "role": "engineer", "start": "2023-03",
               "sources": ["src-a"]},
    )["recordEmployment"]  # fmt: skip
    assert joined["employment"]["id"] == "WORKED_AT:ben:newco:2023-03"
    assert joined["employment"]["ended"] is False
    left = data(
        client, END_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "end": "2024-05", "sources": ["src-b"]},
    )["endEmployment"]  # fmt: skip
    assert left == {
        "changed": True,
        "employment": {"id": "WORKED_AT:ben:newco:2023-03", "start": "2023-03", "end": "2024-05",
                       "ended": True},
    }  # fmt: skip
    stored = edge(graph, "WORKED_AT:ben:newco:2023-03")
    assert stored is not None
    assert stored["role"] == "engineer"
    assert stored["sources"] == ["src-a", "src-b"]
    assert stored["endMax"] == neo4j.time.Date(2024, 5, 31)
    former = data(client, '{ person(id: "ben") { employments(current: false) { nodes { id } } } }')[
        "person"
    ]["employments"]["nodes"]
    assert {"id": "WORKED_AT:ben:newco:2023-03"} in former
    # Leaving again, the same way, changes nothing.
    again = data(
        client, END_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "end": "2024-05", "sources": ["src-b"]},
    )["endEmployment"]  # fmt: skip
    assert again["changed"] is False


def test_leaving_without_a_date_marks_the_spell_ended(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "uni", "role": "lecturer", "sources": ["src-a"]},
    )
    left = data(
        client, END_EMPLOYMENT, input={"person": "ben", "employer": "uni", "sources": ["src-c"]}
    )["endEmployment"]
    assert left["employment"] == {
        "id": "WORKED_AT:ben:uni",
        "start": None,
        "end": None,
        "ended": True,
    }
    # Then a source dates it: the date replaces "ended, date unknown".
    dated = data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "uni", "end": "2019", "sources": ["src-b"]},
    )["recordEmployment"]["employment"]
    assert (dated["end"], dated["ended"]) == ("2019", True)


# --- Idempotency ------------------------------------------------------------------------

SAME_TWICE = [
    (UPSERT_PERSON, {"id": "eve", "name": "Eve", "born": "1990", "sources": ["src-a"],
                     "newSources": [{"id": "src-eve", "title": "Eve", "publisher": "Test"}],
                     "disputes": [{"field": "born", "value": "1989", "sources": ["src-c"]}]}),
    (UPSERT_PERSON, {"id": "ann", "note": "Seen twice.", "sources": ["src-c"]}),
    (UPSERT_COMPANY, {"id": "twice-co", "name": "Twice", "kind": "LAB", "sources": ["src-a"]}),
    (UPSERT_MODEL, {"id": "acme-lm-3", "name": "Acme LM 3", "versionOf": "acme-lm",
                    "sources": ["src-a"]}),
    (UPSERT_SOURCE, {"id": "src-e", "title": "E", "publisher": "Test"}),
    (UPSERT_ROUND, {"id": "newco-b", "name": "Newco B", "company": "newco", "amount": 5e6,
                    "currency": "CNY", "investors": [{"investor": "fund", "lead": True}],
                    "sources": ["src-a"]}),
    (RECORD_EMPLOYMENT, {"person": "ann", "employer": "newco", "start": "2016", "end": "2020",
                         "role": "founding engineer", "sources": ["src-a", "src-b"]}),
    (END_EMPLOYMENT, {"person": "ann", "employer": "acme", "start": "2010", "end": "2015",
                      "sources": ["src-a"]}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "input"),
    SAME_TWICE,
    ids=["new-person", "patch", "company", "model", "source", "round", "employment", "leave"],
)
def test_the_same_mutation_twice_changes_nothing_the_second_time(
    client: TestClient, graph: neo4j.Driver, query: str, input: dict[str, Any]
) -> None:
    name = next(iter(data(client, query, input=input)))
    before = snapshot(graph)
    again = data(client, query, input=input)[name]
    assert again["changed"] is False
    assert snapshot(graph) == before  # writtenAt included


# --- Merges -------------------------------------------------------------------------


def test_merge_moves_everything_onto_the_kept_entity(
    client: TestClient, graph: neo4j.Driver
) -> None:
    company = {"kind": "BIG_TECH", "sources": ["src-b"]}
    data(client, UPSERT_COMPANY,
         input={"id": "acme-corp", "name": "ACME Corporation", "founded": "2010", **company})  # fmt: skip
    facts = [
        ("WORKED_AT", {"person": "ben", "employer": "acme-corp", "start": "2018",
                       "role": "scientist"}),
        ("WORKED_AT", {"person": "ann", "employer": "acme-corp", "start": "2010",
                       "role": "developer"}),
        ("PART_OF", {"unit": "acme-corp", "group": "acme"}),
        ("OWNS", {"owner": "acme-corp", "asset": "acme-app"}),
        ("DEVELOPED", {"company": "acme-corp", "model": "acme-lm"}),
    ]  # fmt: skip
    queries = {
        "WORKED_AT": RECORD_EMPLOYMENT,
        "PART_OF": "mutation($input: MembershipInput!) { recordMembership(input: $input) { changed } }",
        "OWNS": "mutation($input: OwnershipInput!) { recordOwnership(input: $input) { changed } }",
        "DEVELOPED": "mutation($input: DevelopmentInput!) { recordDevelopment(input: $input) { changed } }",
    }
    for rel, input in facts:
        data(client, queries[rel], input={**input, "sources": ["src-b"]})
    # A fact that names the old id in a dispute, and a round it invested in.
    data(client, RECORD_EMPLOYMENT,
         input={"person": "ben", "employer": "newco", "start": "2015", "sources": ["src-a"],
                "disputes": [{"field": "to", "value": "acme-corp", "sources": ["src-c"]}]})  # fmt: skip
    data(client, UPSERT_ROUND, input={"id": "newco-c", "name": "Newco C", "company": "newco",
                                      "investors": [{"investor": "acme-corp"}], "sources": ["src-b"]})  # fmt: skip

    merged = data(client, MERGE, keep="acme", remove="acme-corp")["mergeEntities"]
    assert merged["changed"] is True
    assert merged["entity"]["id"] == "acme"
    assert "ACME Corporation" in merged["entity"]["aliases"]
    # ann's two records of one spell became one fact; PART_OF acme-corp -> acme would
    # point at itself and goes.
    assert (merged["moved"], merged["combined"], merged["dropped"]) == (4, 1, 1)
    assert merged["redirected"] == ["acme-corp"]

    assert node(graph, "acme-corp") is None
    incoming = edge(graph, "WORKED_AT:ben:acme:2018")
    assert incoming is not None
    assert (incoming["from"], incoming["to"]) == ("ben", "acme")
    assert incoming["role"] == "scientist"
    assert incoming["writtenBy"] == "test-writer"
    outgoing = edge(graph, "OWNS:acme:acme-app")
    assert outgoing is not None
    assert (outgoing["from"], outgoing["to"]) == ("acme", "acme-app")
    assert edge(graph, "DEVELOPED:acme:acme-lm") is not None
    assert edge(graph, "INVESTED_IN:acme:newco-c") is not None
    rels_left = run(graph, "MATCH ()-[r]-() WHERE r.id CONTAINS 'acme-corp' RETURN r.id AS id")
    assert rels_left == []
    # The same spell from both: one fact, sources united, the other role kept as a dispute.
    spell = edge(graph, "WORKED_AT:ann:acme:2010")
    assert spell is not None
    assert spell["role"] == "engineer"
    assert spell["sources"] == ["src-a", "src-b"]
    assert '"value": "developer"' in spell["disputes"]
    # The kept company's own values win; the other's differing ones are disputes.
    kept = node(graph, "acme")
    assert kept is not None
    assert kept["founded"] == "2009"
    assert kept["sources"] == ["src-a", "src-b"]
    assert '"field": "founded"' in kept["disputes"]
    assert '"value": "2010"' in kept["disputes"]

    disputed = edge(graph, "WORKED_AT:ben:newco:2015")
    assert disputed is not None
    assert '"value": "acme"' in disputed["disputes"]
    # The old id answers with the kept entity, by every lookup.
    for query in (
        '{ company(id: "acme-corp") { id name } }',
        '{ node(id: "acme-corp") { id name } }',
    ):
        (found,) = data(client, query).values()
        assert found == {"id": "acme", "name": "Acme"}


def test_merged_names_become_aliases_and_merging_twice_changes_nothing(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(client, UPSERT_PERSON, input={"id": "gus", "name": "Gus", "sources": ["src-a"]})
    data(client, UPSERT_PERSON,
         input={"id": "gus-wang", "name": "Gus Wang", "nameZh": "王古斯", "aliases": ["G. Wang"],
                "born": "1980", "sources": ["src-b"]})  # fmt: skip
    data(client, RECORD_EMPLOYMENT,
         input={"person": "gus-wang", "employer": "acme", "start": "2020", "sources": ["src-b"]})  # fmt: skip
    merged = data(client, MERGE, keep="gus", remove="gus-wang")["mergeEntities"]
    assert merged["entity"] == {"id": "gus", "name": "Gus", "aliases": ["Gus Wang", "G. Wang"]}
    person = data(
        client,
        '{ person(id: "gus-wang") { id nameZh born employments { nodes { id } } '
        "evidence { sources { id } } } }",
    )["person"]
    assert person == {
        "id": "gus",
        "nameZh": "王古斯",  # the kept entity had none: filled in
        "born": "1980",
        "employments": {"nodes": [{"id": "WORKED_AT:gus:acme:2020"}]},
        "evidence": {"sources": [{"id": "src-a"}, {"id": "src-b"}]},
    }
    before = snapshot(graph)
    again = data(client, MERGE, keep="gus", remove="gus-wang")["mergeEntities"]
    assert again["changed"] is False
    assert again["entity"]["id"] == "gus"
    assert snapshot(graph) == before
    # Writes that name the old id reach the kept entity.
    fact = data(client, RECORD_EMPLOYMENT,
                input={"person": "gus-wang", "employer": "newco", "start": "2024",
                       "sources": ["src-a"]})["recordEmployment"]["employment"]  # fmt: skip
    assert fact["id"] == "WORKED_AT:gus:newco:2024"
    assert fact["person"]["id"] == "gus"
    renamed = data(client, UPSERT_PERSON, input={"id": "gus-wang", "bornPlace": "Xi'an",
                                                 "sources": ["src-a"]})["upsertPerson"]  # fmt: skip
    assert renamed["person"]["id"] == "gus"
    assert node(graph, "gus-wang") is None


def test_merges_chain(client: TestClient, graph: neo4j.Driver) -> None:
    for id in ("hal", "hal-2", "hal-3"):
        data(client, UPSERT_PERSON, input={"id": id, "name": id.upper(), "sources": ["src-a"]})
    data(client, MERGE, keep="hal-2", remove="hal-3")
    merged = data(client, MERGE, keep="hal", remove="hal-2")["mergeEntities"]
    # hal-3's redirect moved along: every old id is one hop from the kept entity.
    assert merged["redirected"] == ["hal-2", "hal-3"]
    for old in ("hal-2", "hal-3"):
        assert data(client, f'{{ person(id: "{old}") {{ id }} }}')["person"] == {"id": "hal"}
    targets = run(
        graph,
        "MATCH (r:Redirect)-[:REDIRECTS_TO]->(n) WHERE r.id STARTS WITH 'hal' "
        "RETURN r.id AS id, n.id AS target ORDER BY id",
    )
    assert targets == [{"id": "hal-2", "target": "hal"}, {"id": "hal-3", "target": "hal"}]
    # Keeping by an old id keeps the entity it now names.
    data(client, UPSERT_PERSON, input={"id": "hal-4", "name": "HAL 4", "sources": ["src-a"]})
    merged = data(client, MERGE, keep="hal-3", remove="hal-4")["mergeEntities"]
    assert merged["entity"]["id"] == "hal"


def test_merging_sources_rewrites_the_citations(client: TestClient, graph: neo4j.Driver) -> None:
    data(client, UPSERT_SOURCE, input={"id": "src-dup", "title": "Dup", "publisher": "Test"})
    data(client, UPSERT_PERSON,
         input={"id": "ivy", "name": "Ivy", "sources": ["src-dup", "src-a"],
                "disputes": [{"field": "born", "value": "1970", "sources": ["src-dup"]}]})  # fmt: skip
    data(client, RECORD_EMPLOYMENT,
         input={"person": "ivy", "employer": "acme", "sources": ["src-dup"]})  # fmt: skip
    data(client, MERGE, keep="src-a", remove="src-dup")
    ivy = node(graph, "ivy")
    assert ivy is not None
    assert ivy["sources"] == ["src-a"]
    assert "src-dup" not in ivy["disputes"]
    assert '"src-a"' in ivy["disputes"]
    spell = edge(graph, "WORKED_AT:ivy:acme")
    assert spell is not None
    assert spell["sources"] == ["src-a"]
    source = data(client, '{ node(id: "src-dup") { id } }')["node"]
    assert source == {"id": "src-a"}


@pytest.mark.parametrize(
    ("keep", "remove", "code", "field"),
    [
        ("acme", "ann", "BAD_USER_INPUT", "remove"),  # different kinds
        ("ann", "ann", "BAD_USER_INPUT", "remove"),  # itself
        ("nobody", "ann", "NOT_FOUND", "keep"),
        ("ann", "nobody", "NOT_FOUND", "remove"),
    ],
    ids=["kinds", "itself", "unknown-keep", "unknown-remove"],
)
def test_merges_refused(
    client: TestClient, graph: neo4j.Driver, keep: str, remove: str, code: str, field: str
) -> None:
    before = snapshot(graph)
    refused = error(client, MERGE, keep=keep, remove=remove)
    assert refused["extensions"] == {"code": code, "field": field}
    assert snapshot(graph) == before


# --- Refusals -------------------------------------------------------------------------

REFUSED = [
    ("no-source", UPSERT_PERSON, {"id": "zed", "name": "Zed"}, "BAD_USER_INPUT", "input.sources"),
    ("unknown-source", UPSERT_PERSON, {"id": "zed", "name": "Zed", "sources": ["src-zz"]},
     "NOT_FOUND", "input.sources[0]"),
    ("source-not-a-source", UPSERT_PERSON, {"id": "zed", "name": "Zed", "sources": ["ann"]},
     "BAD_USER_INPUT", "input.sources[0]"),
    ("bad-date", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2024-13", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.start"),
    ("end-before-start", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2024", "end": "2020-05", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.end"),
    ("end-and-ended", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2001", "end": "2002", "ended": True,
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.ended"),
    ("unknown-currency", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "amount": 1, "currency": "EUR",
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.currency"),
    ("unknown-reliability", UPSERT_SOURCE,
     {"id": "src-z", "title": "Z", "publisher": "Z", "reliability": "sometimes"},
     "BAD_USER_INPUT", "input.reliability"),
    ("amount-without-currency", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "amount": 1, "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.currency"),
    ("wrong-endpoint-kind", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme-lm", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.employer"),
    ("wrong-investor-kind", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "investors": [{"investor": "ann"}],
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.investors[0].investor"),
    ("unknown-person", RECORD_EMPLOYMENT,
     {"person": "nobody", "employer": "acme", "sources": ["src-a"]}, "NOT_FOUND", "input.person"),
    ("unknown-family", UPSERT_MODEL,
     {"id": "zed-lm", "name": "Z", "versionOf": "no-such-model", "sources": ["src-a"]},
     "NOT_FOUND", "input.versionOf"),
    ("not-a-slug", UPSERT_PERSON, {"id": "Zed Z", "name": "Zed", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.id"),
    ("new-without-name", UPSERT_PERSON, {"id": "zed", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.name"),
    ("id-of-another-kind", UPSERT_COMPANY,
     {"id": "ann", "name": "Ann Inc", "kind": "STARTUP", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.id"),
    ("confidence", UPSERT_PERSON, {"id": "zed", "name": "Zed", "confidence": 1.5,
                                   "sources": ["src-a"]}, "BAD_USER_INPUT", "input.confidence"),
    ("dispute-field", UPSERT_PERSON,
     {"id": "zed", "name": "Zed", "sources": ["src-a"],
      "disputes": [{"field": "salary", "value": "1", "sources": ["src-b"]}]},
     "BAD_USER_INPUT", "input.disputes[0].field"),
    ("bad-inline-source", UPSERT_PERSON,
     {"id": "zed", "name": "Zed", "newSources": [{"id": "src-zed", "publisher": "Z"}]},
     "BAD_USER_INPUT", "input.newSources[0].title"),
    # The inline source is written first in the transaction, then the person is not
    # found: the transaction rolls back, and the source is not there either.
    ("atomic", RECORD_EMPLOYMENT,
     {"person": "nobody", "employer": "acme",
      "newSources": [{"id": "src-zed", "title": "Z", "publisher": "Z"}]},
     "NOT_FOUND", "input.person"),
    ("no-ongoing-spell", END_EMPLOYMENT,
     {"person": "ben", "employer": "acme-cloud", "sources": ["src-a"]}, "NOT_FOUND",
     "input.employer"),
    ("no-such-spell", END_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "1999", "sources": ["src-a"]},
     "NOT_FOUND", "input.start"),
    ("round-changes-company", UPSERT_ROUND,
     {"id": "newco-seed", "company": "acme", "sources": ["src-a"]}, "BAD_USER_INPUT",
     "input.company"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "input", "code", "field"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_refused_write_writes_nothing_and_names_the_field(
    client: TestClient,
    graph: neo4j.Driver,
    query: str,
    input: dict[str, Any],
    code: str,
    field: str,
) -> None:
    before = snapshot(graph)
    refused = error(client, query, input=input)
    assert refused["extensions"] == {"code": code, "field": field}
    assert refused["message"].startswith(f"{field}: ")
    assert snapshot(graph) == before


def test_graphql_type_errors_are_refused_before_any_write(
    client: TestClient, graph: neo4j.Driver
) -> None:
    before = snapshot(graph)
    refused = error(
        client, UPSERT_COMPANY, input={"id": "zed-co", "name": "Z", "kind": "GIANT",
                                       "sources": ["src-a"]},
    )  # fmt: skip
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    assert "GIANT" in refused["message"]
    assert ".kind" in refused["message"]
    assert snapshot(graph) == before


# --- Races ------------------------------------------------------------------------------


async def _concurrently(app_settings: Settings, bodies: list[dict[str, Any]]) -> list[Any]:
    app = create_app(app_settings)
    headers = {"authorization": f"Bearer {WRITE_KEY}"}
    async with app.router.lifespan_context(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:
            responses = await asyncio.gather(
                *(http.post("/graphql", json=body, headers=headers) for body in bodies)
            )
    return [r.json() for r in responses]


@pytest.mark.parametrize(
    ("query", "input"),
    [
        (UPSERT_PERSON, {"id": "racer", "name": "Racer", "sources": ["src-a"]}),
        # Cites no source, so nothing else makes the writers wait: they meet at the MERGE.
        (UPSERT_SOURCE, {"id": "src-racer", "title": "Racer", "publisher": "Test"}),
    ],
    ids=["person", "source"],
)
def test_fifty_racing_upserts_of_one_new_entity_leave_one_node(
    app_settings: Settings, graph: neo4j.Driver, query: str, input: dict[str, Any]
) -> None:
    body = {"query": query, "variables": {"input": input}}
    results = asyncio.run(_concurrently(app_settings, [body] * 50))
    assert all("errors" not in r for r in results), [r for r in results if "errors" in r][:1]
    assert sum(next(iter(r["data"].values()))["changed"] for r in results) == 1
    count = run(graph, "MATCH (n {id: $id}) RETURN count(n) AS n", id=input["id"])
    assert count == [{"n": 1}]


def test_fifty_racing_writes_of_different_facts_all_land(
    app_settings: Settings, graph: neo4j.Driver
) -> None:
    people = [
        {"query": UPSERT_PERSON,
         "variables": {"input": {"id": f"crowd-{i}", "name": f"Crowd {i}", "sources": ["src-a"]}}}
        for i in range(50)
    ]  # fmt: skip
    spells = [
        {"query": RECORD_EMPLOYMENT,
         "variables": {"input": {"person": f"crowd-{i}", "employer": "acme", "start": "2024",
                                 "sources": ["src-a"]}}}
        for i in range(50)
    ]  # fmt: skip
    for bodies in (people, spells):
        results = asyncio.run(_concurrently(app_settings, bodies))
        assert all("errors" not in r for r in results), [r for r in results if "errors" in r][:1]
    (row,) = run(
        graph,
        "MATCH (p:Person)-[r:WORKED_AT]->(:Company {id: 'acme'}) "
        "WHERE p.id STARTS WITH 'crowd-' RETURN count(DISTINCT p) AS people, count(r) AS spells",
    )
    assert row == {"people": 50, "spells": 50}
