"""Concurrent writers: racing upserts leave one node, racing facts all land."""

from __future__ import annotations

import asyncio
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


async def _concurrently(app_settings: Settings, bodies: list[dict[str, Any]]) -> list[Any]:
    app = create_app(app_settings)
    async with app.router.lifespan_context(app):
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as http:
            responses = await asyncio.gather(
                *(http.post("/graphql", json=body, headers=WRITER_HEADERS) for body in bodies)
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
    count = run(graph, "MATCH (n {id: $id}) WHERE NOT n:Revision RETURN count(n) AS n", id=input["id"])
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
