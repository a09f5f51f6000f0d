"""An import against another writer: the plan rests on reads made before the write
transaction begins, so the write checks that it still holds. Each test plans an import, lets
another writer change the graph under it, then writes the plan: the import is
refused with a message that says what changed, and nothing of it is written.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import neo4j
import pytest

from talentgraph.db import Graph
from talentgraph.errors import BadInput
from talentgraph.progress import hidden
from talentgraph.settings import Settings
from talentgraph.transfer import importer, writing
from tests.conftest import run
from tests.test_export import import_files, snapshot
from tests.test_import import URL, write

SOURCE = f'{{"type": "source", "id": "race-source", "title": "Race", "publisher": "Example", "url": "{URL}"}}'
ENDS = f"""
    {SOURCE}
    {{"type": "person", "id": "race-person", "name": "Race Person", "sources": ["race-source"]}}
    {{"type": "company", "id": "race-co", "name": "Race Co", "kind": "STARTUP", "sources": ["race-source"]}}
    """
FACT = '{"type": "fact", "rel": "WORKED_AT", "from": "race-person", "to": "race-co", "start": "2024", "role": "%s", "sources": ["race-source"]}'
NEWCOMER = (
    '{"type": "person", "id": "race-newcomer", "name": "Race Newcomer", "sources": ["race-source"]}'
)


@pytest.fixture(autouse=True)
def fresh(seeded: neo4j.Driver) -> None:
    """Each test starts without the records the tests of this module write."""
    run(seeded, "MATCH (n) WHERE n.id STARTS WITH 'race-' DETACH DELETE n")


def write_plan(settings: Settings, plan: importer.Plan) -> None:
    """Step 6 of the import alone: the plan's one write transaction."""

    async def parts() -> AsyncIterator[importer.Plan]:
        yield plan

    async def work() -> None:
        graph = Graph(settings)
        try:
            await writing.write(graph, parts(), expected=plan.writes(), by="import:race",
                                timeout=None, show=hidden)  # fmt: skip
        finally:
            await graph.close()

    asyncio.run(work())


def planned(settings: Settings, directory: Path, stored: str, role: str) -> importer.Plan:
    """Store the `stored` records, then plan (a dry run) a newcomer and the fact with `role`."""
    import_files(settings, [write(directory, "stored.jsonl", stored)])
    path = write(directory, "planned.jsonl", "\n".join([SOURCE, NEWCOMER, FACT % role]))
    return import_files(settings, [path], dry_run=True)


def refused_after(
    seeded: neo4j.Driver, settings: Settings, plan: importer.Plan, other_writer: str
) -> str:
    """Let `other_writer` (Cypher) commit, then write `plan`: the refusal's message, the
    graph left exactly as the other writer left it."""
    run(seeded, other_writer)
    before = snapshot(seeded)
    with pytest.raises(BadInput) as caught:
        write_plan(settings, plan)
    assert snapshot(seeded) == before
    return str(caught.value)


def test_a_fact_another_writer_added_refuses_the_import(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    plan = planned(settings, tmp_path, ENDS, "engineer")
    assert "Person race-newcomer" in plan.created
    (fact,) = plan.new_relationships
    message = refused_after(seeded, settings, plan, f"""
        MATCH (a:Entity {{id: 'race-person'}}), (b:Entity {{id: 'race-co'}})
        CREATE (a)-[:WORKED_AT {{id: '{fact["id"]}'}}]->(b)""")  # fmt: skip
    assert "another writer added some of its facts" in message
    assert "nothing was written" in message
    assert run(seeded, "MATCH (p:Person {id: 'race-newcomer'}) RETURN p") == []


def test_an_end_another_writer_removed_refuses_the_import(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    plan = planned(settings, tmp_path, ENDS, "engineer")
    message = refused_after(
        seeded, settings, plan, "MATCH (c:Entity {id: 'race-co'}) DETACH DELETE c"
    )
    assert "another writer removed entities its facts connect" in message
    assert run(seeded, "MATCH (p:Person {id: 'race-newcomer'}) RETURN p") == []


def test_a_changed_fact_another_writer_removed_refuses_the_import(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    plan = planned(settings, tmp_path, f"{ENDS}\n{FACT % 'engineer'}", "lead engineer")
    assert any(line.startswith("WORKED_AT race-person -> race-co (role") for line in plan.changed)
    message = refused_after(
        seeded, settings, plan, "MATCH (:Person {id: 'race-person'})-[r:WORKED_AT]->() DELETE r"
    )
    assert "another writer removed some of the facts it changes" in message
    assert run(seeded, "MATCH (p:Person {id: 'race-newcomer'}) RETURN p") == []


@pytest.mark.parametrize("taken", [0, 1, 2])
def test_a_fact_taken_in_any_pipelined_batch_refuses_the_whole_import(
    seeded: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken: int,
) -> None:
    """One fact a batch, three batches in flight one behind the other (Tx.pipelined): the
    conflict refuses the import wherever it falls, and the batches before it are undone."""
    monkeypatch.setattr(writing, "BATCH", 1)
    import_files(settings, [write(tmp_path, "stored.jsonl", ENDS)])
    spells = [(FACT % "engineer").replace('"2024"', f'"{year}"') for year in (2019, 2020, 2021)]
    path = write(tmp_path, "planned.jsonl", "\n".join([SOURCE, *spells]))
    plan = import_files(settings, [path], dry_run=True)
    facts = [row["id"] for row in plan.new_relationships]
    assert len(facts) == 3
    message = refused_after(seeded, settings, plan, f"""
        MATCH (a:Entity {{id: 'race-person'}}), (b:Entity {{id: 'race-co'}})
        CREATE (a)-[:WORKED_AT {{id: '{facts[taken]}'}}]->(b)""")  # fmt: skip
    assert "another writer added some of its facts" in message
    stored = run(seeded, "MATCH (:Person {id: 'race-person'})-[r:WORKED_AT]->() RETURN r.id AS id")
    assert [row["id"] for row in stored] == [facts[taken]]
