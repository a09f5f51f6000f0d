"""`revision:`: an entity and its facts, and the named traversals, as the change log
recorded the graph then."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import neo4j
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.changes.support import last_seq, world
from tests.graphql import data, error, post
from tests.mutations.conftest import WRITER_HEADERS
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


# Every named traversal that takes `revision:`, with entities' facts below their answers.
TRAVERSALS = """query($r: Int) {
  departures(company: "newco", revision: $r) {
    totalCount
    nodes { person { id name employments(first: 10) { totalCount nodes { end employer { id } } } }
            left { end } next { employer { id } } }
  }
  talentFlows(to: "newco", revision: $r) {
    from { id } to { id } count
    moves { nodes { person { id name employments(first: 10) { totalCount } } } }
  }
  coInvestors(company: "newco", revision: $r) { investor { id } count }
  portfolio(investor: "fund", revision: $r) { totalCount nodes { company { id name } } }
  portfolioAlumniHires(investor: "fund", alumniOf: "acme", revision: $r) {
    company { id } hires { person { id } }
  }
  connections(from: "cal", to: "acme", revision: $r) { length hops { from { id } to { id } } }
}"""

# `nodes(ids:, revision:)`: entities and facts by id (`node(id:)` takes only the id, for Relay).
NODES = """query($ids: [ID!]!, $r: Int) {
  nodes(ids: $ids, revision: $r) {
    __typename id
    ... on Person { name employments(first: 10) { totalCount } }
    ... on Employment { end ended person { id name } employer { id } }
  }
}"""


def test_the_traversals_and_nodes_at_a_revision_answer_as_they_did_then(
    client: TestClient, graph: neo4j.Driver, app_settings: Settings
) -> None:
    person = {"sources": ["src-a"]}
    data(client, UPSERT_PERSON, input={"id": "cal", "name": "Cal", **person})
    data(client, RECORD_EMPLOYMENT, input={"person": "cal", "employer": "acme", "start": "2012",
                                           "end": "2014", **person})  # fmt: skip
    spell = data(client, RECORD_EMPLOYMENT, input={"person": "cal", "employer": "newco",
                                                   "start": "2015", **person})  # fmt: skip
    then = last_seq(graph)
    answered_then = data(client, TRAVERSALS, r=None)
    ids = ["cal", spell["recordEmployment"]["employment"]["id"], "dan"]
    found_then = data(client, NODES, ids=ids, r=None)
    assert found_then["nodes"][2] is None
    # Later: a rename, a spell ended and a new one, a new person who came and went, a merge.
    data(client, UPSERT_PERSON, input={"id": "cal", "name": "Calvin", **person})
    data(client, END_EMPLOYMENT, input={"person": "cal", "employer": "newco", "end": "2019",
                                        **person})  # fmt: skip
    data(client, RECORD_EMPLOYMENT, input={"person": "cal", "employer": "acme-cloud",
                                           "start": "2020", **person})  # fmt: skip
    data(client, UPSERT_PERSON, input={"id": "dan", "name": "Dan", **person})
    data(client, RECORD_EMPLOYMENT, input={"person": "dan", "employer": "newco", "start": "2016",
                                           "end": "2018", **person})  # fmt: skip
    data(client, RECORD_EMPLOYMENT, input={"person": "dan", "employer": "acme", "start": "2018",
                                           **person})  # fmt: skip
    data(client, UPSERT_PERSON, input={"id": "cal-2", "name": "C. Two", **person})
    data(client, MERGE, keep="cal-2", remove="cal")
    answered_now = data(client, TRAVERSALS, r=None)
    assert answered_now != answered_then
    assert answered_now["departures"]["totalCount"] == answered_then["departures"]["totalCount"] + 2

    found_now = data(client, NODES, ids=ids, r=None)
    assert found_now != found_then

    before = world(graph)
    assert data(client, TRAVERSALS, r=then) == answered_then
    assert data(client, NODES, ids=ids, r=then) == found_then
    # The rewound graph was never committed: nothing changed, and now is still now.
    assert world(graph) == before
    assert data(client, TRAVERSALS, r=None) == answered_now
    assert data(client, NODES, ids=ids, r=None) == found_now

    # An id the traversal names that did not exist then is NOT_FOUND, on its argument.
    missing = error(client, 'query($r: Int) { connections(from: "dan", to: "acme", revision: $r) '
                            "{ length } }", r=then)  # fmt: skip
    assert missing["extensions"]["code"] == "NOT_FOUND"
    assert f"no entity had the id 'dan' at revision {then}" in missing["message"]

    # A revision further back than the setting allows is refused, naming it.
    capped = app_settings.model_copy(update={"revision_max_revisions": 3})
    with TestClient(create_app(capped), headers=WRITER_HEADERS) as small:
        refused = error(small, TRAVERSALS, r=then)
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"revision {then} is more than 3 revisions back" in refused["message"]


def test_reads_at_a_revision_beside_writers_all_answer(
    client: TestClient, graph: neo4j.Driver
) -> None:
    """Each read at a revision rewinds the graph in a transaction of its own, holding write
    locks until it rolls back: beside writers of the very facts it puts back, every read
    answers as the graph was, every write lands, and no read leaves a trace."""
    person = {"sources": ["src-a"]}
    for n in range(4):
        data(client, UPSERT_PERSON, input={"id": f"eve-{n}", "name": f"Eve {n}", **person})
    then = last_seq(graph)
    query = """query($r: Int) {
      departures(company: "newco", revision: $r) { totalCount nodes { person { id name } } }
      nodes(ids: ["eve-0", "eve-1", "eve-2", "eve-3"], revision: $r) { id ... on Person { name } }
    }"""
    expected = data(client, query, r=then)

    def write(n: int) -> dict[str, object]:
        # Each writer touches what the readers put back: the people and newco's spells.
        post(client, UPSERT_PERSON, input={"id": f"eve-{n % 4}", "name": f"Eve {n}", **person})
        return post(client, RECORD_EMPLOYMENT, input={"person": f"eve-{n % 4}", "employer": "newco",
                                                      "start": str(2000 + n), "end": str(2001 + n),
                                                      **person})  # fmt: skip

    with ThreadPoolExecutor(8) as pool:
        reads = [pool.submit(post, client, query, r=then) for _ in range(16)]
        writes = [pool.submit(write, n) for n in range(8)]
        read_answers = [r.result() for r in reads]
        write_answers = [w.result() for w in writes]
    assert all("errors" not in w for w in write_answers), write_answers
    assert read_answers == [{"data": expected}] * 16
    # The writes are all there; the reads left nothing of the rewound graph behind.
    now = data(client, query, r=None)
    assert now["departures"]["totalCount"] == expected["departures"]["totalCount"] + 8
    assert data(client, query, r=then) == expected
