"""A traversal's page over a big list stays within Neo4j's transaction memory.

300 people left one company, each with a long description: the departures list is a few
megabytes. Cut with ORDER BY ... LIMIT, Neo4j 5.26 charged each kept row with the whole
list, and a page of 1,000 needed gigabytes (the test server allows 512 MB): the compiled
path answered INTERNAL. compiler/traversals.py now sorts the list whole and slices it.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.graphql import both_paths_client, data

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


client = both_paths_client(_graph())


@pytest.mark.parametrize("first", [20, 1000])
def test_a_page_of_a_big_list_is_answered(client: TestClient, first: int) -> None:
    found = data(client, QUERY, first=first)["departures"]
    assert found["totalCount"] == PEOPLE
    assert len(found["nodes"]) == min(first, PEOPLE)
