"""Where the tests get their real Neo4j, in the order design.md gives:
NEO4J_URI if set; else testcontainers where a Docker engine answers; else the
local Neo4j launcher. Never a mock."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from talentgraph.local_neo4j import LocalNeo4j, port_free
from talentgraph.settings import ROOT

NEO4J_IMAGE = "neo4j:5.26.30"  # the same patch as neo4j-local/pom.xml


def _free_port(start: int) -> int:
    """The first port from `start` that nothing listens on: two runs never share a server."""
    for port in range(start, start + 100, 3):  # steps of 3: tests use port + 1 and + 2 too
        if all(port_free(p) for p in (port, port + 1, port + 2)):
            return port
    raise RuntimeError(f"no free port from {start}")


# Under pytest-xdist each worker (gw0, gw1...) has a Neo4j of its own, ten ports apart.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_ASKED = os.environ.get("TALENTGRAPH_TEST_NEO4J_PORT")
TEST_PORT = int(_ASKED) + 10 * _WORKER if _ASKED else _free_port(17687 + 10 * _WORKER)
TEST_PASSWORD = "talentgraph-test-password"


@dataclass(frozen=True)
class Server:
    uri: str
    user: str
    password: str
    kind: str  # "NEO4J_URI", "testcontainers" or "local launcher"


def docker_engine() -> str | None:
    """None if a Docker engine answers, else why not."""
    try:
        answer = subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (FileNotFoundError, subprocess.TimeoutExpired) as e:
        return f"no Docker engine answers ({type(e).__name__})"
    if answer.returncode != 0:
        return "no Docker engine answers (`docker version` found no server)"
    return None


def local_server() -> LocalNeo4j:
    return LocalNeo4j(
        home=ROOT / ".neo4j" / f"test-{TEST_PORT}", port=TEST_PORT, heap="2g", pagecache="512m"
    )


@contextmanager
def container_server() -> Iterator[Server]:
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE, password=TEST_PASSWORD) as container:
        yield Server(container.get_connection_url(), "neo4j", TEST_PASSWORD, "testcontainers")


_engine_checked: list[str | None] = []


def docker_engine_cached() -> str | None:
    if not _engine_checked:
        _engine_checked.append(docker_engine())
    return _engine_checked[0]


@contextmanager
def any_server() -> Iterator[Server]:
    if uri := os.environ.get("NEO4J_URI"):
        if _WORKER:
            # Tests empty the database: parallel workers on one would undo each other.
            raise RuntimeError("NEO4J_URI serves one test run at a time: run pytest without -n")
        yield Server(
            uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"], "NEO4J_URI"
        )
        return
    if docker_engine_cached() is None:
        with container_server() as server:
            yield server
        return
    local = local_server()
    # The launcher sets the password from NEO4J_PASSWORD on every start, so a test
    # server left running by an earlier run has this one too.
    os.environ.setdefault("NEO4J_PASSWORD", TEST_PASSWORD)
    started = local.running_pid() is None
    if started:
        local.start()
    try:
        yield Server(local.uri, "neo4j", local.password(), "local launcher")
    finally:
        if started:
            local.stop()
