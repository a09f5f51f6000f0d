"""revertChange: an upsert, an ended employment and a merge each undone exactly; refusals."""

from __future__ import annotations

import neo4j
from starlette.testclient import TestClient

from tests.changes.support import CHANGES, REVERT, last_seq, world
from tests.conftest import run
from tests.graphql import data
from tests.mutations.support import (
    END_EMPLOYMENT,
    MERGE,
    RECORD_EMPLOYMENT,
    UPSERT_COMPANY,
    UPSERT_PERSON,
    error,
)


def test_revert_of_an_upsert_restores_the_graph(client: TestClient, graph: neo4j.Driver) -> None:
    before = world(graph)
    data(client, UPSERT_PERSON, input={"id": "ann", "name": "Ann Q", "sources": ["src-b"]})
    seq = last_seq(graph)
    (change,) = data(client, CHANGES, after=seq - 1)["changes"]["nodes"]
    assert change["operation"] == "upsertPerson"
    assert change["ids"] == ["ann"]
    assert change["by"] == "test-writer"
    assert change["kinds"] == ["Person"]
    (revision,) = change["revisions"]
    assert revision["before"]["name"] == "Ann"
    assert revision["after"]["name"] == "Ann Q"
    assert revision["sourceIds"] == ["src-a", "src-b"]
    assert world(graph) != before
    reverted = data(client, REVERT, id=seq)["revertChange"]
    assert reverted["change"] == {"seq": seq + 1, "operation": "revertChange", "reverts": seq,
                                  "ids": ["ann"]}  # fmt: skip
    assert world(graph) == before
    # A revert is a change too: reverting it puts the upsert back.
    data(client, REVERT, id=seq + 1)
    assert data(client, '{ person(id: "ann") { name } }')["person"]["name"] == "Ann Q"
    data(client, REVERT, id=seq + 2)
    assert world(graph) == before


def test_revert_of_an_ended_employment_restores_the_spell(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(client, RECORD_EMPLOYMENT, input={"person": "ben", "employer": "acme", "start": "2019",
                                           "role": "analyst", "sources": ["src-a"]})  # fmt: skip
    before = world(graph)
    ended = data(client, END_EMPLOYMENT, input={"person": "ben", "employer": "acme",
                                                "end": "2024-05", "sources": ["src-b"]})  # fmt: skip
    assert ended["endEmployment"]["employment"]["ended"] is True
    data(client, REVERT, id=last_seq(graph))
    assert world(graph) == before


def test_revert_of_a_merge_restores_the_removed_entity_and_its_facts(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(client, UPSERT_COMPANY, input={"id": "acme-inc", "name": "ACME Inc", "kind": "BIG_TECH",
                                        "sources": ["src-c"]})  # fmt: skip
    data(client, RECORD_EMPLOYMENT, input={"person": "ann", "employer": "acme-inc",
                                           "start": "2010", "role": "lead", "sources": ["src-c"]})  # fmt: skip
    data(client, RECORD_EMPLOYMENT, input={"person": "ben", "employer": "acme-inc",
                                           "start": "2012", "sources": ["src-c"]})  # fmt: skip
    data(client, MERGE, keep="acme-cloud", remove="acme-inc")  # a redirect to move later
    before = world(graph)
    merged = data(client, MERGE, keep="acme", remove="acme-cloud")["mergeEntities"]
    assert merged["combined"] == 1
    assert sorted(merged["redirected"]) == ["acme-cloud", "acme-inc"]
    seq = last_seq(graph)
    data(client, REVERT, id=seq)
    assert world(graph) == before
    found = data(client, '{ node(id: "acme-inc") { id } }')["node"]
    assert found == {"id": "acme-cloud"}


def test_a_revert_in_the_way_of_later_changes_is_refused_and_names_them(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(client, UPSERT_PERSON, input={"id": "ben", "name": "Ben B", "sources": ["src-a"]})
    first = last_seq(graph)
    data(client, UPSERT_PERSON, input={"id": "ben", "name": "Ben C", "sources": ["src-a"]})
    before = world(graph)
    refused = error(client, REVERT, id=first)
    assert refused["extensions"]["code"] == "CONFLICT"
    assert refused["extensions"]["laterChanges"] == [first + 1]
    assert str(first + 1) in refused["message"]
    assert world(graph) == before
    assert last_seq(graph) == first + 1
    assert error(client, REVERT, id=10**9)["extensions"]["code"] == "NOT_FOUND"


def test_a_load_cannot_be_reverted(client: TestClient, graph: neo4j.Driver) -> None:
    (row,) = run(graph, "MATCH (c:Change {operation: 'seed'}) RETURN max(c.seq) AS seq")
    (load,) = data(client, CHANGES, after=row["seq"] - 1, first=1)["changes"]["nodes"]
    assert load["revisions"] == []
    assert load["ids"] == []
    assert load["counts"]["nodes"] > 0
    assert "Person" in load["kinds"]
    refused = error(client, REVERT, id=load["seq"])
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
