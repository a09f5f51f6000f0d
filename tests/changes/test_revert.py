"""revertChange: an upsert, an ended employment and a merge each undone exactly."""

from __future__ import annotations

import neo4j
from starlette.testclient import TestClient

from tests.changes.support import CHANGES, REVERT, last_seq, world
from tests.graphql import data
from tests.mutations.support import END_EMPLOYMENT, UPSERT_PERSON


def test_revert_of_an_upsert_restores_the_graph(client: TestClient, graph: neo4j.Driver) -> None:
    before = world(graph)
    data(client, UPSERT_PERSON, input={"id": "ann", "name": "Ann Q", "sources": ["src-b"]})
    seq = last_seq(graph)
    (change,) = data(client, CHANGES, after=seq - 1)["changes"]["nodes"]
    assert change["operation"] == "upsertPerson" and change["ids"] == ["ann"]
    (revision,) = change["revisions"]
    assert revision["before"]["name"] == "Ann" and revision["after"]["name"] == "Ann Q"
    assert world(graph) != before
    reverted = data(client, REVERT, id=seq)["revertChange"]
    assert reverted["change"] == {"seq": seq + 1, "operation": "revertChange", "reverts": seq,
                                  "ids": ["ann"]}  # fmt: skip
    assert world(graph) == before
