"""Two `talentgraph serve` processes on the test Neo4j, over a small graph."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from talentgraph.settings import Settings
from tests.graphql import graph_fixture
from tests.subscriptions.support import serve

GRAPH = """
sources:
  - {id: src-sub, title: Subscription test source, publisher: Test}
people:
  - {id: sub-person, name: Sub Person, sources: [src-sub]}
"""

graph = graph_fixture(GRAPH)


@pytest.fixture(scope="module")
def writer_url(graph: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """The process mutations go to."""
    with serve(settings) as base:
        yield base


@pytest.fixture(scope="module")
def reader_url(graph: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """Another process on the same Neo4j, where subscribers listen (limits raised for 100)."""
    with serve(settings, TALENTGRAPH_SUBSCRIPTIONS_PER_KEY="150") as base:
        yield base
