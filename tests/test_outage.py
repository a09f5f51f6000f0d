"""Neo4j goes away under a running app, then comes back: fail fast, recover alone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.local_neo4j import LocalNeo4j
from talentgraph.settings import Settings
from tests.neo4j_server import TEST_PASSWORD, TEST_PORT

pytestmark = pytest.mark.outage

QUERY = {"query": "{ stats { nodes } }"}


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A Neo4j of this module's own: stopping it must not disturb the other tests."""
    server = LocalNeo4j(
        home=Path(tmp_path_factory.mktemp("outage")), port=TEST_PORT + 2, heap="512m"
    )
    os.environ.setdefault("NEO4J_PASSWORD", TEST_PASSWORD)
    server.start()
    yield server
    server.stop()


def test_outage_and_recovery(own_neo4j: LocalNeo4j, settings: Settings) -> None:
    app_settings = settings.model_copy(
        update={"neo4j_uri": own_neo4j.uri, "neo4j_password": settings.neo4j_password}
    )
    with TestClient(create_app(app_settings)) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json=QUERY).json() == {"data": {"stats": {"nodes": 0}}}

        own_neo4j.stop()
        started = time.monotonic()
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert time.monotonic() - started < 2.0, "/readyz must answer within 2 s"

        started = time.monotonic()
        failed = client.post("/graphql", json=QUERY)
        elapsed = time.monotonic() - started
        assert failed.status_code == 200  # a GraphQL error, never a 500 page
        (error,) = failed.json()["errors"]
        assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert elapsed < 10.0, "a request must fail in bounded time, not hang"
        assert client.get("/livez").status_code == 200

        own_neo4j.start()
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "the app did not recover within 30 s"
            time.sleep(0.5)
        assert client.post("/graphql", json=QUERY).json() == {"data": {"stats": {"nodes": 0}}}
