"""The hand-made graph the navigation tests share (tests/test_navigation*.py).

It is written through the real seed loader, so it is stored exactly as the real
data is. Acme's WORKED_AT spells, oldest first:

    ann  2010..2015 engineer        eve  2020..       Research Engineer
    ben  2012..2020-05 scientist    fay  2021-06..2024-07 product manager
    cat  2016-03..     CTO          ann  2022..       advisor (she came back)
    dan  2018-07-01..2019 intern    gus  2024-07..    engineer
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.settings import Settings
from tests.graphql import SOURCES, serve_graph

GRAPH = SOURCES + (Path(__file__).parent / "navigation.yaml").read_text()

# Acme's spells by start, oldest first (the START_ASC order).
ACME_SPELLS = [
    "WORKED_AT:ann:acme:2010",
    "WORKED_AT:ben:acme:2012",
    "WORKED_AT:cat:acme:2016-03",
    "WORKED_AT:dan:acme:2018-07-01",
    "WORKED_AT:eve:acme:2020",
    "WORKED_AT:fay:acme:2021-06",
    "WORKED_AT:ann:acme:2022",
    "WORKED_AT:gus:acme:2024-07",
]
PEOPLE = ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> Iterator[TestClient]:
    """The app over the navigation graph, loaded once for each test module that uses it."""
    yield from serve_graph(tmp_path_factory.mktemp("navigation"), GRAPH, settings, driver)


def node_ids(connection: dict[str, Any]) -> list[str]:
    return [node["id"] for node in connection["nodes"]]
