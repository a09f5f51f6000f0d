"""Export against a real Neo4j: every format, a neighbourhood, and the round trip
export -> import into an empty database -> the same graph, property for property,
with what the seed files cannot say present too: a merge's redirect and
generated (synthetic) entities."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest

from seeds import loader, synthetic
from talentgraph.cli import main
from talentgraph.db import Graph
from talentgraph.settings import Settings, get_settings
from talentgraph.transfer import exporter, importer
from tests.conftest import counts, run, wipe
from tests.plans import outdated_indexes

Snapshot = tuple[list[dict[str, Any]], list[dict[str, Any]]]
STAMPS = ("writtenAt", "writtenBy")


def snapshot(driver: neo4j.Driver) -> Snapshot:
    """Every node and relationship with all its properties (sources and disputes included);
    not the change log, which an export leaves out (each load appends to it)."""
    nodes = run(
        driver,
        "MATCH (n) WHERE NOT (n:Change OR n:Revision OR n:ChangeCounter) "
        "RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id",
    )
    for node in nodes:
        node["l"] = sorted(node["l"])  # type: ignore[call-overload]
    rels = run(
        driver,
        "MATCH (a)-[r]->(b) WHERE NOT r:TOUCHED "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY r.id, a.id, b.id",
    )
    return nodes, rels


def unstamped(graph: Snapshot) -> Snapshot:
    """The snapshot without `writtenAt`/`writtenBy`: an import stamps its own writes."""
    nodes, rels = graph
    strip = [{**item, "p": {k: v for k, v in item["p"].items() if k not in STAMPS}}
             for item in [*nodes, *rels]]  # fmt: skip
    return strip[: len(nodes)], strip[len(nodes) :]


def add_redirect_and_synthetic_data(driver: neo4j.Driver, settings: Settings) -> None:
    """What mergeEntities leaves for a retired id (cypher/merge_redirect.cypher), and the
    synthetic generator's source and anchor neighbourhood (people, companies, rounds)."""
    run(driver, """MATCH (kept:Person {id: 'zhou-chang'})
                   CREATE (:Redirect {id: 'zhou-chang-duplicate', writtenAt: datetime(),
                                      writtenBy: 'merger'})-[:REDIRECTS_TO]->(kept)""")  # fmt: skip
    rows = [next(synthetic.generate(1)), *synthetic.anchors()]

    async def write() -> None:
        graph = Graph(settings)
        try:
            for kind, statement in (("node", "seed_nodes"), ("rel", "seed_relationships")):
                await graph.write(statement, rows=[row for k, row in rows if k == kind])
        finally:
            await graph.close()

    asyncio.run(write())


@pytest.fixture(scope="module")
def original(seeded: neo4j.Driver, settings: Settings) -> Snapshot:
    add_redirect_and_synthetic_data(seeded, settings)
    graph = snapshot(seeded)
    assert any(n["l"] == ["Redirect"] for n in graph[0])
    assert sum(1 for n in graph[0] if n["p"].get("synthetic")) > 50
    return graph


async def _export(settings: Settings, **options: Any) -> exporter.Export:
    graph = Graph(settings)
    try:
        return await exporter.collect(graph, **options)
    finally:
        await graph.close()


def import_files(settings: Settings, paths: list[Path], *, dry_run: bool = False) -> importer.Plan:
    """`talentgraph import` of the files, without the command line."""
    records, problems = importer.read_files(paths)

    async def work() -> importer.Plan:
        graph = Graph(settings)
        try:
            return await importer.run(
                graph, records, problems, dry_run=dry_run, by=importer.command_name(paths)
            )
        finally:
            await graph.close()

    return asyncio.run(work())


@pytest.fixture(scope="module")
def exported(
    original: Snapshot, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    export = asyncio.run(_export(settings))
    paths = {
        "jsonl": out / "graph.jsonl",
        "csv": out / "csv",
        "graphml": out / "graph.graphml",
        "cypher": out / "graph.cypher",
    }
    for format, path in paths.items():
        exporter.write(export, format, path)
    return paths


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_round_trip_into_an_empty_database_gives_the_same_graph(
    format: str,
    exported: dict[str, Path],
    original: Snapshot,
    settings: Settings,
    driver: neo4j.Driver,
) -> None:
    wipe(driver)
    plan = import_files(settings, [exported[format]])
    assert (plan.written, plan.changed, plan.unchanged) == (True, [], 0)
    assert outdated_indexes(driver) == []  # the import sampled what it wrote
    imported = snapshot(driver)
    assert unstamped(imported) == unstamped(original)
    # Everything the import wrote is stamped with its name (the redirect's link has no
    # properties, as mergeEntities leaves it).
    nodes, rels = imported
    stamped = [*nodes, *(r for r in rels if r["t"] != "REDIRECTS_TO")]
    by = f"import:{exported[format].name}"
    assert {(item["p"]["writtenBy"], "writtenAt" in item["p"]) for item in stamped} == {(by, True)}
    # And again: nothing to do the second time, the stamps left as they were.
    again = import_files(settings, [exported[format]])
    assert (again.created, again.changed, again.written) == ([], [], False)
    assert snapshot(driver) == imported


def test_the_cypher_script_rebuilds_the_same_graph(
    exported: dict[str, Path], original: Snapshot, settings: Settings, driver: neo4j.Driver
) -> None:
    wipe(driver)
    script = exported["cypher"].read_text()
    # No literal holds a raw line break (they are escaped), so ";\n" ends a statement.
    statements = [s for s in script.split(";\n") if s.strip()]
    assert len(statements) > 10
    # A property without a value is left out, not written as null (formats._given).
    assert "`: null" not in script
    with driver.session(database="neo4j") as session:
        for text in statements:
            session.run(text).consume()  # type: ignore[arg-type]
    assert unstamped(snapshot(driver)) == unstamped(original)
    asyncio.run(loader.load_files(settings, loader.default_files()))  # the seed graph back


def test_graphml_reads_back_in_networkx(exported: dict[str, Path], original: Snapshot) -> None:
    read = nx.read_graphml(exported["graphml"])
    nodes, rels = original
    assert read.number_of_nodes() == len(nodes)
    assert read.number_of_edges() == len(rels)
    zhou = read.nodes["zhou-chang"]
    assert (zhou["kind"], zhou["label"], zhou["nameZh"]) == ("Person", "Zhou Chang", "周畅")
    assert json.loads(zhou["sources"])
    edge = next(d for a, b, d in read.edges(data=True) if (a, b) == ("zhou-chang", "bytedance"))
    assert edge["type"] == "WORKED_AT"
    assert isinstance(edge["confidence"], float)
    assert read.nodes["zhou-chang-duplicate"]["kind"] == "Redirect"
    assert read.has_edge("zhou-chang-duplicate", "zhou-chang")
    assert read.nodes[f"{synthetic.ANCHOR}-group"]["synthetic"] is True


def test_csv_export_is_one_file_per_kind(exported: dict[str, Path]) -> None:
    names = sorted(p.name for p in exported["csv"].iterdir())
    assert names == sorted(
        [f"{s}.csv" for s in ("sources", "people", "companies", "universities", "models",
                              "products", "rounds", "facts", "investments", "redirects")]
    )  # fmt: skip
    header = (exported["csv"] / "facts.csv").read_text().splitlines()[0]
    assert header.startswith("rel,from,to,sources,confidence")
    people = (exported["csv"] / "people.csv").read_text().splitlines()
    assert people[0].endswith(",synthetic")
    assert (exported["csv"] / "redirects.csv").read_text().splitlines() == [
        "id,to", "zhou-chang-duplicate,zhou-chang"
    ]  # fmt: skip


def test_json_lines_carry_redirects_and_the_synthetic_flag(exported: dict[str, Path]) -> None:
    lines = [json.loads(line) for line in exported["jsonl"].read_text().splitlines()]
    assert {"type": "redirect", "id": "zhou-chang-duplicate", "to": "zhou-chang"} in lines
    flagged = {line["id"] for line in lines if line.get("synthetic")}
    assert synthetic.SOURCE in flagged
    assert f"{synthetic.ANCHOR}-person-0" in flagged
    assert "zhou-chang" not in flagged
    assert not any(key in line for line in lines for key in STAMPS)


def test_a_neighbourhood_holds_what_it_needs_to_load_alone(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path, driver: neo4j.Driver
) -> None:
    export = asyncio.run(_export(settings, around="zhou-chang", hops=1))
    people = {r["id"] for r in export.sections.get("people", [])}
    companies = {r["id"] for r in export.sections.get("companies", [])}
    assert people == {"zhou-chang"}
    assert {"alibaba-cloud", "bytedance"} <= companies
    assert "moonshot-ai" not in companies  # two hops away
    cited = {s for f in export.sections["facts"] for s in f["sources"]}
    assert cited <= {r["id"] for r in export.sections["sources"]}
    exported = {r["id"] for section, r in export.items() if section != "facts"}
    assert all({f["from"], f["to"]} <= exported for f in export.sections["facts"])
    path = tmp_path / "around.jsonl"
    exporter.write(export, "jsonl", path)
    wipe(driver)
    plan = import_files(settings, [path])
    assert plan.written
    (row,) = run(
        driver, "MATCH (:Person {id: 'zhou-chang'})-[r:WORKED_AT]->() RETURN count(r) AS n"
    )
    assert row["n"] >= 2
    asyncio.run(loader.load_files(settings, loader.default_files()))


def test_export_command_writes_the_file(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    for key, value in {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_PASSWORD": settings.password(),
    }.items():
        monkeypatch.setenv(key, str(value))
    get_settings.cache_clear()
    path = tmp_path / "out.jsonl"
    try:
        assert main(["export", "--around", "kuaishou", "--hops", "0", "-o", str(path)]) == 0
        assert main(["export", "--around", "no-such-id"]) == 1
    finally:
        get_settings.cache_clear()
    types = {json.loads(line)["type"] for line in path.read_text().splitlines()}
    assert {"company", "source"} <= types
    assert "no entity has the id 'no-such-id'" in capsys.readouterr().err
    assert counts(seeded)[0] > 0
