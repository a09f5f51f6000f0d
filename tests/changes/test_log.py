"""The change log: numbered in commit order without gaps, every version kept, refusals absent."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import neo4j
from starlette.testclient import TestClient

from tests.changes.support import CHANGES, HISTORY, last_seq, world
from tests.graphql import data, post
from tests.mutations.support import RECORD_EMPLOYMENT, UPSERT_PERSON, error


def _changes(client: TestClient, after: int, **filters: Any) -> list[dict[str, Any]]:
    return data(client, CHANGES, after=after, first=1000, **filters)["changes"]["nodes"]


def test_concurrent_writers_get_gap_free_numbers_in_commit_order(
    client: TestClient, graph: neo4j.Driver
) -> None:
    start = last_seq(graph)

    def write(i: int) -> None:
        # Half write one entity (their changes must chain), half one each.
        input = ({"id": "ann", "note": f"note {i}", "sources": ["src-a"]} if i % 2
                 else {"id": f"writer-{i}", "name": f"Writer {i}", "sources": ["src-a"]})  # fmt: skip
        body = post(client, UPSERT_PERSON, input=input)
        assert body.get("errors") is None, body

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(write, range(20)))
    found = _changes(client, start)
    assert [c["seq"] for c in found] == list(range(start + 1, start + 21))
    # Commit order: each change to `ann` found what the one before it left.
    chain = [c["revisions"][0] for c in found if c["ids"] == ["ann"]]
    assert len(chain) == 10
    for earlier, later in itertools.pairwise(chain):
        assert later["before"] == earlier["after"]


def test_a_facts_history_shows_every_version(client: TestClient, graph: neo4j.Driver) -> None:
    fact = "WORKED_AT:ben:newco:2020"
    start = last_seq(graph)  # a reset keeps the log: earlier modules may have written it too
    for role in ("intern", "engineer", "manager"):
        data(client, RECORD_EMPLOYMENT, input={"person": "ben", "employer": "newco",
                                               "start": "2020", "role": role,
                                               "sources": ["src-a"]})  # fmt: skip
    page = data(client, HISTORY, id=fact, first=2)["history"]
    assert page["totalCount"] >= 3
    assert page["pageInfo"]["hasNextPage"] is True
    rest = data(client, HISTORY, id=fact, first=2, after=page["pageInfo"]["endCursor"])["history"]
    versions = [e["node"] for e in page["edges"] + rest["edges"] if e["node"]["seq"] > start]
    assert [v["after"]["role"] for v in versions] == ["manager", "engineer", "intern"]
    assert versions[-1]["before"] is None
    assert versions[0]["before"]["role"] == "engineer"
    assert {v["kind"] for v in versions} == {"Employment"}
    assert {v["operation"] for v in versions} == {"recordEmployment"}
    # The same history on the fact and on the entity, through the graph's own fields.
    query = """{ person(id: "ben") {
      employments(first: 5) { nodes { id history { totalCount } } } } }"""
    person = data(client, query)["person"]
    counts = {e["id"]: e["history"]["totalCount"] for e in person["employments"]["nodes"]}
    assert counts[fact] == page["totalCount"]


def test_a_refused_or_idle_write_leaves_no_change(client: TestClient, graph: neo4j.Driver) -> None:
    data(client, UPSERT_PERSON, input={"id": "ann", "name": "Ann R", "sources": ["src-a"]})
    before, seq = world(graph), last_seq(graph)
    newest = '{ person(id: "ann") { history(first: 1) { nodes { seq operation after } } } }'
    (latest,) = data(client, newest)["person"]["history"]["nodes"]
    assert latest["seq"] == seq
    assert latest["operation"] == "upsertPerson"
    assert latest["after"]["name"] == "Ann R"
    refused = error(client, UPSERT_PERSON, input={"id": "ann", "born": "not a date",
                                                  "sources": ["src-a"]})  # fmt: skip
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    unknown = error(client, RECORD_EMPLOYMENT, input={"person": "nobody", "employer": "acme",
                                                     "sources": ["src-a"]})  # fmt: skip
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    same = data(client, UPSERT_PERSON, input={"id": "ann", "name": "Ann R", "sources": ["src-a"]})
    assert same["upsertPerson"]["changed"] is False
    assert last_seq(graph) == seq
    assert world(graph) == before
    assert _changes(client, seq) == []


def test_the_feed_filters_by_kind_and_id(client: TestClient, graph: neo4j.Driver) -> None:
    start = last_seq(graph)
    data(client, UPSERT_PERSON, input={"id": "ben", "note": "filtered", "sources": ["src-a"]})
    data(client, RECORD_EMPLOYMENT, input={"person": "ann", "employer": "newco", "start": "2021",
                                           "sources": ["src-a"]})  # fmt: skip
    assert [c["ids"] for c in _changes(client, start, ids=["ben"])] == [["ben"]]
    assert [c["kinds"] for c in _changes(client, start, kinds=["Employment"])] == [["Employment"]]
    assert len(_changes(client, start)) == 2
    bad = error(client, CHANGES, after=-1)
    assert bad["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
