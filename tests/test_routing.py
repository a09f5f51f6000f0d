"""A `neo4j://` routing URI, as Aura and clusters are reached, against the test server.

With a routing URI the driver asks the server for a routing table and sends read
transactions to readers and write transactions to the writer; so the service must
run its reads as read transactions (db.Graph.read uses execute_read) and the server
must advertise an address the driver can reach.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlsplit

import neo4j
import pytest
from neo4j.exceptions import ClientError
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.db import Graph
from talentgraph.queries import QUERIES
from talentgraph.settings import Settings
from tests.conftest import counts, run
from tests.neo4j_server import Server

MARKER = "routing-test-marker"


def routing_uri(uri: str) -> str:
    scheme, rest = uri.split("://", 1)
    routed = {"bolt": "neo4j", "bolt+s": "neo4j+s", "bolt+ssc": "neo4j+ssc"}
    return f"{routed.get(scheme, scheme)}://{rest}"


def advertised(driver: neo4j.Driver) -> set[str]:
    """Every address the server's routing table names, for any role."""
    (row,) = run(
        driver, "CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers"
    )
    return {address for server in row["servers"] for address in server["addresses"]}  # type: ignore[attr-defined]


def same_endpoint(address: str, uri: str) -> bool:
    wanted = urlsplit(uri)
    host, _, port = address.rpartition(":")
    local = {"localhost", "127.0.0.1"}
    same_host = host == wanted.hostname or {host, wanted.hostname} <= local
    return same_host and int(port) == (wanted.port or 7687)


def require_routable(driver: neo4j.Driver, server: Server) -> None:
    """Fail before any app connects through a routing table that points elsewhere:
    the driver would then talk to whatever listens there (a developer's own database)."""
    elsewhere = {a for a in advertised(driver) if not same_endpoint(a, server.uri)}
    assert not elsewhere, f"the routing table points at {elsewhere}, not at {server.uri}"


@pytest.fixture(scope="module")
def routed(settings: Settings) -> Settings:
    return settings.model_copy(update={"neo4j_uri": routing_uri(settings.bolt_uri())})


@pytest.fixture
def marker(seeded: neo4j.Driver) -> Iterator[str]:
    """A node only the test server holds: an answer with it came from this server."""
    run(seeded, "CREATE (:Entity:Person {id: $id, name: 'Routing Marker', aliases: []})", id=MARKER)
    yield MARKER
    run(seeded, "MATCH (n:Entity {id: $id}) DETACH DELETE n", id=MARKER)


def test_routing_uri() -> None:
    assert routing_uri("bolt://127.0.0.1:7687") == "neo4j://127.0.0.1:7687"
    assert routing_uri("bolt+s://x.databases.neo4j.io") == "neo4j+s://x.databases.neo4j.io"
    assert routing_uri("neo4j+s://x.databases.neo4j.io") == "neo4j+s://x.databases.neo4j.io"


def test_routing_table_names_this_server(driver: neo4j.Driver, server: Server) -> None:
    require_routable(driver, server)


def test_graphql_over_a_routing_uri(
    seeded: neo4j.Driver, server: Server, routed: Settings, marker: str
) -> None:
    require_routable(seeded, server)
    assert routed.bolt_uri().startswith("neo4j")
    with TestClient(create_app(routed)) as client:
        assert client.get("/readyz").status_code == 200
        response = client.post(
            "/graphql",
            json={
                "query": """query($id: ID!) { stats { nodes }
                    person(id: $id) { id name }
                    departures(company: "alibaba-group") { nodes { person { id } } } }""",
                "variables": {"id": marker},
            },
        )
    body = response.json()
    assert body.get("errors") is None, body
    assert body["data"]["person"] == {"id": marker, "name": "Routing Marker"}
    assert body["data"]["stats"]["nodes"] == counts(seeded)[0]
    assert body["data"]["departures"]["nodes"], "the seed graph has departures from Alibaba"


@pytest.mark.parametrize("scheme", ["bolt", "routing"])
def test_reads_run_in_read_transactions(
    request: pytest.FixtureRequest,
    seeded: neo4j.Driver,
    server: Server,
    settings: Settings,
    routed: Settings,
    scheme: str,
) -> None:
    """Graph.read opens read transactions, which the server refuses to write in; over a
    routing URI that is what sends them to the readers.

    write_lock sets and removes a property (no net change), so it is a write the
    server must refuse in a read transaction, and harmless if it were not refused.
    """
    if scheme == "routing":
        require_routable(seeded, server)
    if "write_lock" not in QUERIES:
        pytest.skip("no write_lock statement to probe with")

    async def probe(app_settings: Settings) -> None:
        graph = Graph(app_settings)
        try:
            assert await graph.read("graph_stats")
            with pytest.raises(ClientError) as refused:
                await graph.read("write_lock", ids=["alibaba-group"])
            assert refused.value.code == "Neo.ClientError.Statement.AccessMode"
            # The same statement in a write transaction goes through.
            assert await graph.write("write_lock", ids=["alibaba-group"])
        finally:
            await graph.close()

    before = counts(seeded)
    asyncio.run(probe(routed if scheme == "routing" else settings))
    assert counts(seeded) == before
