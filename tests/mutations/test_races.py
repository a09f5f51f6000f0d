"""Concurrent writers: racing upserts leave one node, racing facts all land."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import httpx2
import neo4j
import pytest

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.conftest import run
from tests.mutations.support import (
    RECORD_EMPLOYMENT,
    UPSERT_PERSON,
    UPSERT_SOURCE,
    WRITER_HEADERS,
)

# --- Races ------------------------------------------------------------------------------


# Each app is a worker process of its own: one runs its writes one at a time
# (Graph.transaction), so the races in Neo4j are between workers.
WORKERS = 5


async def _concurrently(app_settings: Settings, bodies: list[dict[str, Any]]) -> list[Any]:
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for _ in range(WORKERS):
            app = create_app(app_settings)
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx2.ASGITransport(app=app)
            clients.append(
                await stack.enter_async_context(
                    httpx2.AsyncClient(transport=transport, base_url="http://test")
                )
            )
        responses = await asyncio.gather(
            *(
                clients[i % WORKERS].post("/graphql", json=body, headers=WRITER_HEADERS)
                for i, body in enumerate(bodies)
            )
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
    count = run(
        graph, "MATCH (n {id: $id}) WHERE NOT n:Revision RETURN count(n) AS n", id=input["id"]
    )
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


# --- A stuck writer ---------------------------------------------------------------------


def test_a_stuck_write_holds_the_queue_and_each_write_says_why_it_stopped(
    app_settings: Settings, graph: neo4j.Driver
) -> None:
    """A writer stuck in Neo4j (here behind a lock the test holds) keeps the others
    waiting in the process, for `write_queue_timeout`, not for the transaction timeout;
    stopped in Neo4j (TERMINATE TRANSACTION, as Neo4j stops one past its timeout), it
    answers TIMEOUT, not INTERNAL; neither writes anything."""
    settings = app_settings.model_copy(update={"write_queue_timeout": 0.5})
    spell = {"query": RECORD_EMPLOYMENT,
             "variables": {"input": {"person": "ann", "employer": "acme", "start": "2030",
                                     "sources": ["src-a"]}}}  # fmt: skip
    person = {"query": UPSERT_PERSON,
              "variables": {"input": {"id": "queued", "name": "Queued", "sources": ["src-a"]}}}  # fmt: skip

    def blocked() -> list[str]:
        rows = run(
            graph,
            "SHOW TRANSACTIONS YIELD transactionId, status WHERE status STARTS WITH 'Blocked' "
            "RETURN transactionId",
        )
        return [row["transactionId"] for row in rows]

    async def stuck_then_queued() -> tuple[Any, Any]:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx2.ASGITransport(app=app)
            async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:
                post = functools.partial(http.post, "/graphql", headers=WRITER_HEADERS)
                stuck = asyncio.create_task(post(json=spell))
                while not await asyncio.to_thread(blocked):
                    await asyncio.sleep(0.05)
                queued = await post(json=person)
                (transaction,) = await asyncio.to_thread(blocked)
                run(graph, "TERMINATE TRANSACTION $id", id=transaction)
                return (await stuck).json(), queued.json()

    with graph.session() as holder, holder.begin_transaction() as lock:
        lock.run("MATCH (c:Entity {id: 'acme'}) SET c.`_lock` = true").consume()
        stuck, queued = asyncio.run(stuck_then_queued())
        lock.rollback()

    assert queued["errors"][0]["extensions"]["code"] == "TIMEOUT", queued
    assert "other writes held the database for 0.5 s" in queued["errors"][0]["message"]
    assert stuck["errors"][0]["extensions"]["code"] == "TIMEOUT", stuck
    assert "stopped before it finished" in stuck["errors"][0]["message"]
    written = run(
        graph,
        "OPTIONAL MATCH (q:Entity {id: 'queued'}) "
        "OPTIONAL MATCH (:Person {id: 'ann'})-[r:WORKED_AT]->() "
        "RETURN count(DISTINCT q) AS people, count(r) AS spells",
    )
    assert written == [{"people": 0, "spells": 1}]  # Ann's spell of 2010 alone
