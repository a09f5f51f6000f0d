"""Helpers for tests that talk GraphQL to the app, and arrange small graphs from YAML."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from seeds import loader
from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.conftest import run

# The sources hand-made graphs cite: one of each reliability (high, unrated, low).
SOURCES = """
sources:
  - {id: src-a, title: Test source A, publisher: Test, reliability: high}
  - {id: src-b, title: Test source B, publisher: Test}
  - {id: src-c, title: Test source C, publisher: Test, reliability: low}
"""


def load_graph(directory: Path, yaml: str, settings: Settings, driver: neo4j.Driver) -> None:
    """Replace the graph with a hand-made one, through the real loader."""
    path = directory / "graph.yaml"
    path.write_text(textwrap.dedent(yaml), encoding="utf-8")
    asyncio.run(loader.load_files(settings, [path], reset=True))
    run(driver, "CALL db.awaitIndexes(60)")  # the full-text index, for search


def graph_fixture(yaml: str) -> Any:
    """A module-scoped `graph` fixture: the hand-made graph `yaml`, loaded fresh for the module."""

    @pytest.fixture(scope="module")
    def graph(
        tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
    ) -> neo4j.Driver:
        load_graph(tmp_path_factory.mktemp("graph"), yaml, settings, driver)
        return driver

    return graph


def both_paths_client(yaml: str) -> Any:
    """A module-scoped `client` fixture over the hand-made graph `yaml`, once on each read
    path: compiled (one statement a request) and reference (a resolver per field)."""

    @pytest.fixture(scope="module", params=[True, False], ids=["compiled", "reference"])
    def client(
        request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory,
        settings: Settings,
        driver: neo4j.Driver,
    ) -> Iterator[TestClient]:
        load_graph(tmp_path_factory.mktemp("graph"), yaml, settings, driver)
        app = create_app(settings.model_copy(update={"compile_reads": request.param}))
        with TestClient(app) as c:
            yield c

    return client


def serve_graph(
    directory: Path, yaml: str, settings: Settings, driver: neo4j.Driver
) -> Iterator[TestClient]:
    """The app over a hand-made graph (see `load_graph`), for a module-scoped fixture."""
    load_graph(directory, yaml, settings, driver)
    with TestClient(create_app(settings)) as client:
        yield client


def post(
    client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post(client, query, **variables)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def error(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post(client, query, **variables)
    assert body.get("errors"), body
    first: dict[str, Any] = body["errors"][0]
    return first
