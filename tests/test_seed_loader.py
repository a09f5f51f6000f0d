"""Loading the seed graph into a real Neo4j: counts, idempotency, provenance, atomicity."""

from __future__ import annotations

import asyncio
from pathlib import Path

import neo4j
import pytest

from model.rows import to_rows
from seeds import loader, synthetic
from seeds.files import validate_files
from talentgraph.db import Graph
from talentgraph.errors import BadInput
from talentgraph.settings import Settings
from tests.conftest import counts, run, wipe

FILES = loader.default_files()


def load(settings: Settings, paths: list[Path], **kw: bool) -> loader.Report:
    return asyncio.run(loader.load_files(settings, paths, **kw))


def snapshot(driver: neo4j.Driver) -> tuple[list[object], list[object]]:
    """The graph, its change log aside (each load appends a change: docs/history.md)."""
    nodes = run(
        driver,
        "MATCH (n) WHERE NOT (n:Change OR n:Revision OR n:ChangeCounter) "
        "RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id",
    )
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) WHERE NOT r:TOUCHED "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY r.id",
    )
    return nodes, rels


@pytest.fixture(scope="module")
def loaded(settings: Settings, driver: neo4j.Driver) -> loader.Report:
    wipe(driver)
    return load(settings, FILES)


def test_counts_match_the_files(loaded: loader.Report, driver: neo4j.Driver) -> None:
    graph, problems = validate_files(FILES)
    assert problems == []
    kinds = ["sources", "people", "companies", "universities", "models", "products", "rounds"]
    expected_nodes = sum(len(graph.group(k)) for k in kinds)
    assert counts(driver)[0] == expected_nodes == loaded.nodes
    (row,) = run(driver, "MATCH (p:Person) RETURN count(p) AS n")
    assert row["n"] == len(graph.people)
    (row,) = run(driver, "MATCH ()-[r:WORKED_AT|FOUNDED|STUDIED_AT]->() RETURN count(r) AS n")
    assert row["n"] == sum(f.rel in {"WORKED_AT", "FOUNDED", "STUDIED_AT"} for f in graph.facts)
    investors = sum(len(r.investors) for r in graph.rounds.values())
    (row,) = run(driver, "MATCH ()-[r:INVESTED_IN]->() RETURN count(r) AS n")
    assert row["n"] == investors
    assert counts(driver)[1] == loaded.relationships


def test_second_load_changes_nothing(
    loaded: loader.Report, settings: Settings, driver: neo4j.Driver
) -> None:
    before = snapshot(driver)
    load(settings, FILES)
    assert snapshot(driver) == before


def test_every_fact_names_existing_sources(loaded: loader.Report, driver: neo4j.Driver) -> None:
    (row,) = run(
        driver,
        """MATCH ()-[r]->() WHERE r.sources IS NULL OR size(r.sources) = 0
           RETURN count(r) AS unsourced""",
    )
    assert row["unsourced"] == 0
    (row,) = run(
        driver,
        """MATCH ()-[r]->() UNWIND r.sources AS s
           WITH DISTINCT s WHERE NOT EXISTS { (:Source {id: s}) } RETURN count(s) AS dangling""",
    )
    assert row["dangling"] == 0
    (row,) = run(driver, "MATCH (n:Entity&!Source) WHERE size(n.sources) = 0 RETURN count(n) AS n")
    assert row["n"] == 0


def test_the_users_facts_are_there(loaded: loader.Report, driver: neo4j.Driver) -> None:
    (job,) = run(
        driver,
        """MATCH (:Person {id: 'zhou-chang'})-[r:WORKED_AT]->(:Company {id: 'alibaba-cloud'})
           RETURN r.start AS start, r.end AS end, r.startMin AS min, r.endMax AS max, r.ended AS ended""",
    )
    # As precise as the source: a month, no invented day; no start where none is known.
    assert (job["start"], job["min"]) == (None, None)
    assert job["end"] == "2024-07"
    assert str(job["max"]) == "2024-07-31"
    assert job["ended"] is True
    (m6,) = run(
        driver,
        """MATCH (:Person {id: 'zhou-chang'})-[r:WORKED_AT]->(:Company {id: 'damo-academy'})
           RETURN r.start AS start, r.startMin AS min, r.end AS end, r.ended AS ended""",
    )
    assert (m6["start"], str(m6["min"]), m6["end"], m6["ended"]) == (
        "2017",
        "2017-01-01",
        None,
        True,
    )
    (unit,) = run(driver, "MATCH (:Company {id:'alibaba-cloud'})-[:PART_OF]->(g) RETURN g.id AS g")
    assert unit["g"] == "alibaba-group"


def test_conflicting_reports_keep_both_versions(
    loaded: loader.Report, driver: neo4j.Driver
) -> None:
    (row,) = run(
        driver,
        """MATCH (:Person {id: 'yang-hongxia'})-[r:WORKED_AT]->(:Company {id: 'bytedance'})
           RETURN r.end AS end, r.sources AS sources, r.disputes AS disputes""",
    )
    assert row["end"] == "2024-05"
    assert "2024-07" in row["disputes"]
    assert "s12" in row["disputes"]


def test_full_text_index_finds_chinese_names(loaded: loader.Report, driver: neo4j.Driver) -> None:
    rows = run(
        driver,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        q="周畅",
    )
    assert rows[0]["id"] == "zhou-chang"


BAD_RECORDS = {
    "unknown reference": ("facts:\n- {rel: WORKED_AT, from: nobody, to: alibaba-group, sources: [s1]}\n", "facts[0]", "from"),
    "duplicate id": ("people:\n- {id: zhou-chang, name: Again, sources: [s1]}\n", "zhou-chang", "id"),
    "bad date": ("people:\n- {id: new-person, name: N, born: 2024-13, sources: [s1]}\n", "new-person", "born"),
    "missing field": ("people:\n- {id: new-person, sources: [s1]}\n", "new-person", "name"),
    "unknown enum": ("companies:\n- {id: new-co, name: C, kind: GIANT, sources: [s1]}\n", "new-co", "kind"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_a_bad_file_writes_nothing(
    case: str, loaded: loader.Report, settings: Settings, driver: neo4j.Driver, tmp_path: Path
) -> None:
    text, record, field = BAD_RECORDS[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    before = snapshot(driver)
    with pytest.raises(loader.SeedError) as error:
        load(settings, [*FILES, bad])
    assert any(
        p.file == str(bad) and p.record == record and p.field == field for p in error.value.problems
    ), error.value.problems
    assert snapshot(driver) == before


def test_a_failure_halfway_rolls_back(
    loaded: loader.Report, settings: Settings, driver: neo4j.Driver
) -> None:
    rows = to_rows(loader.validate(FILES))
    # A relationship to a node that is not there matches nothing; make the last
    # batch fail for real instead, after the nodes were written in the same transaction.
    rows.nodes.append({"id": "half-written", "label": "Person", "props": {"name": {"no": "maps"}}})
    before = counts(driver)

    async def attempt() -> None:
        graph = Graph(settings)
        try:
            await loader.write(graph, rows)
        finally:
            await graph.close()

    with pytest.raises(neo4j.exceptions.CypherTypeError):
        asyncio.run(attempt())
    assert counts(driver) == before
    assert run(driver, "MATCH (n {id: 'half-written'}) RETURN n") == []


def test_reset_says_what_it_removed(
    loaded: loader.Report, settings: Settings, driver: neo4j.Driver
) -> None:
    nodes, rels = counts(driver)
    report = load(settings, FILES, reset=True)
    assert report.removed == {"nodes": nodes, "relationships": rels}
    assert counts(driver) == (nodes, rels)


def test_synthetic_is_deterministic_and_marked(settings: Settings, driver: neo4j.Driver) -> None:
    with pytest.raises(BadInput, match="never mixed"):
        asyncio.run(synthetic.load(settings, 50))
    first = asyncio.run(synthetic.load(settings, 300, seed=3, reset=True))
    a = snapshot(driver)
    second = asyncio.run(synthetic.load(settings, 300, seed=3, reset=True))
    assert snapshot(driver) == a
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)
    (row,) = run(driver, "MATCH (n:Entity) WHERE n.synthetic IS NULL RETURN count(n) AS real")
    assert row["real"] == 0
    (row,) = run(driver, "MATCH (:Person)-[r:WORKED_AT]->(:Company) RETURN count(r) AS jobs")
    assert row["jobs"] >= 300
    wipe(driver)
