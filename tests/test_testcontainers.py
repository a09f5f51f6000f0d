"""The testcontainers path: the same Neo4j 5.26 image, where a Docker engine answers."""

from __future__ import annotations

import neo4j
import pytest

from tests.neo4j_server import container_server, docker_engine

pytestmark = pytest.mark.own_neo4j

reason = docker_engine()


@pytest.mark.skipif(reason is not None, reason=f"testcontainers path skipped: {reason}")
def test_neo4j_container_answers() -> None:
    with (
        container_server() as server,
        neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d,
    ):
        version = d.execute_query("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        assert version.records[0]["v"].startswith("5.26")
