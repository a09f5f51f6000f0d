"""The seed graph's coverage (issue 15's targets), and a readable source behind every record."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from model.records import SECTIONS
from seeds.files import seed_files, validate_files
from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import data

TARGETS = {"people": 100, "companies": 80, "models": 50, "rounds": 40, "facts": 300}
FLOW_PAIRS = 15


def test_the_seed_graph_meets_the_coverage_targets() -> None:
    graph, problems = validate_files(seed_files())
    assert not problems
    # Companies count their units, labs and investors; universities are institutions too.
    held = {
        "people": len(graph.people),
        "companies": len(graph.companies) + len(graph.universities),
        "models": len(graph.models),
        "rounds": len(graph.rounds),
        "facts": len(graph.facts),
    }
    assert {k: v for k, v in held.items() if v < TARGETS[k]} == {}, held


def test_every_record_cites_a_source_with_a_url() -> None:
    graph, _ = validate_files(seed_files())
    records = [r for section in SECTIONS if section != "sources"
               for r in graph.group(section).values()]  # fmt: skip
    unsourced = [
        getattr(r, "id", None) or f"{r.rel} {r.from_} -> {r.to}"
        for r in [*records, *graph.facts]
        if not any(graph.sources[s].url for s in r.sources)
    ]
    assert unsourced == []


@pytest.fixture(scope="module")
def client(settings: Settings, seeded: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"anonymous_read": True}))) as c:
        yield c


def test_at_least_fifteen_company_to_company_talent_flows(client: TestClient) -> None:
    flows = data(client, "{ talentFlows(first: 500) { from { id } to { id } count } }")
    pairs = {(f["from"]["id"], f["to"]["id"]) for f in flows["talentFlows"]}
    assert len(pairs) >= FLOW_PAIRS, sorted(pairs)
