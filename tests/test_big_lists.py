"""A traversal's page over a big list stays within Neo4j's transaction memory.

300 people left one company, each with a long description: the departures list is a few
megabytes. Cut with ORDER BY ... LIMIT, Neo4j 5.26 charged each kept row with the whole
list, and a page of 1,000 needed gigabytes (the test server allows 512 MB): the compiled
path answered INTERNAL. compiler/traversals.py now sorts the list whole and slices it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import data, load_graph

PEOPLE = 300
ABOUT = "A long biography. " * 600  # about 10 KB a person
QUERY = """query($first: Int!) { departures(company: "big", first: $first) {
  totalCount nodes { person { id } } } }"""


def _graph() -> str:
    lines = [
        "sources:",
        "  - {id: src-a, title: Test source A, publisher: Test}",
        "companies:",
        "  - {id: big, name: Big, kind: BIG_TECH, sources: [src-a]}",
        "people:",
    ]
    lines += [f"  - {{id: p-{n}, name: P {n}, description: {ABOUT!r}, sources: [src-a]}}"
              for n in range(PEOPLE)]  # fmt: skip
    lines += ["facts:"]
    lines += [f"  - {{rel: WORKED_AT, from: p-{n}, to: big, start: 2010, end: 2015, sources: [src-a]}}"
              for n in range(PEOPLE)]  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module", params=[True, False], ids=["compiled", "reference"])
def client(
    request: pytest.FixtureRequest,
    settings: Settings,
    driver: neo4j.Driver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    load_graph(Path(tmp_path_factory.mktemp("big")), _graph(), settings, driver)
    app = create_app(settings.model_copy(update={"compile_reads": request.param}))
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("first", [20, 1000])
def test_a_page_of_a_big_list_is_answered(client: TestClient, first: int) -> None:
    found = data(client, QUERY, first=first)["departures"]
    assert found["totalCount"] == PEOPLE
    assert len(found["nodes"]) == min(first, PEOPLE)
