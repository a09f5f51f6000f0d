"""`revision:` lookups: an entity and its facts as the change log recorded them then."""

from __future__ import annotations

import neo4j
from starlette.testclient import TestClient

from tests.changes.support import last_seq
from tests.graphql import data, post
from tests.mutations.support import END_EMPLOYMENT, MERGE, RECORD_EMPLOYMENT, UPSERT_PERSON

AT = """query($id: ID!, $revision: Int) {
  person(id: $id, revision: $revision) {
    id name note
    employments(first: 10) { totalCount nodes { id role end ended employer { id name } } }
  }
}"""


def test_a_person_and_their_facts_at_a_revision(client: TestClient, graph: neo4j.Driver) -> None:
    data(client, RECORD_EMPLOYMENT, input={"person": "ben", "employer": "newco", "start": "2016",
                                           "role": "analyst", "sources": ["src-a"]})  # fmt: skip
    then = last_seq(graph)
    now_before = data(client, AT, id="ben")
    data(client, UPSERT_PERSON, input={"id": "ben", "name": "Benjamin", "note": "renamed",
                                       "sources": ["src-a"]})  # fmt: skip
    data(client, END_EMPLOYMENT, input={"person": "ben", "employer": "newco", "end": "2020",
                                        "sources": ["src-a"]})  # fmt: skip
    data(client, RECORD_EMPLOYMENT, input={"person": "ben", "employer": "acme", "start": "2021",
                                           "sources": ["src-a"]})  # fmt: skip
    # At `then`, the graph as it was: the old name, the spell ongoing, no later spell.
    assert data(client, AT, id="ben", revision=then) == now_before
    now = data(client, AT, id="ben")["person"]
    assert now["name"] == "Benjamin"
    assert now["employments"]["totalCount"] == 2
    # Null is now; before the person existed, NOT_FOUND.
    assert data(client, AT, id="ben", revision=None)["person"] == now
    data(client, UPSERT_PERSON, input={"id": "zed", "name": "Zed", "sources": ["src-a"]})
    created = last_seq(graph)
    gone = post(client, AT, id="zed", revision=created - 1)
    assert gone["data"]["person"] is None
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # A merged id at a revision before the merge is the entity it was.
    data(client, MERGE, keep="ann", remove="zed")
    query = 'query($r: Int) { entity(id: "zed", revision: $r) { id ... on Person { name } } }'
    old = data(client, query, r=created)
    assert old["entity"] == {"id": "zed", "name": "Zed"}
    assert data(client, '{ node(id: "zed") { id } }')["node"] == {"id": "ann"}
    at = 'query($r: Int) { company(id: "newco", revision: $r) { id } }'
    assert data(client, at, r=then)["company"] == {"id": "newco"}
