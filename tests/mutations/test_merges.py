"""mergeEntities: facts moved or combined, names kept as aliases, old ids redirected."""

from __future__ import annotations

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.conftest import run
from tests.graphql import data
from tests.mutations.support import (
    MERGE,
    RECORD_EMPLOYMENT,
    UPSERT_COMPANY,
    UPSERT_PERSON,
    UPSERT_ROUND,
    UPSERT_SOURCE,
    edge,
    error,
    node,
    snapshot,
)

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
        '{ entity(id: "acme-corp") { id name } }',
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
