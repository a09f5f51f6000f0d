"""Where the tests get their real Neo4j, in the order design.md gives:
NEO4J_URI if set; else testcontainers where a Docker engine answers; else the
local Neo4j launcher. Never a mock.

Under pytest-xdist each worker (gw0, gw1...) has a Neo4j server of its own, ten ports
apart. On the local launcher they all run in one JVM, started by the first worker that
needs a server and stopped by the controller at the end of the run (`share_among_workers`).
Most of the suite's time is Neo4j planning new statements, and about half of a server's CPU
went to its JIT compiling the planner, once per JVM (docs/benchmarks.md, the test suite's time).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from talentgraph.local_neo4j import LocalNeo4j, port_free
from talentgraph.settings import ROOT

NEO4J_IMAGE = "neo4j:5.26.30"  # the same patch as neo4j-local/pom.xml


def _free_port(start: int, servers: int = 1) -> int:
    """The first port from `start` that nothing listens on, nor on the ports of the other
    workers' servers (ten apart): two runs never share a server."""
    for port in range(start, start + 100, 3):  # steps of 3: tests use port + 1 and + 2 too
        wanted = [port + 10 * i + step for i in range(servers) for step in range(3)]
        if all(map(port_free, wanted)):
            return port
    raise RuntimeError(f"no free port from {start}")


_ASKED = "TALENTGRAPH_TEST_NEO4J_PORT"
# This pytest-xdist worker's number (0 without xdist): its server listens on TEST_PORT.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_WORKER_COUNT = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
_BASE_PORT = int(os.environ.get(_ASKED) or 0) or _free_port(17687, _WORKER_COUNT)
TEST_PORT = _BASE_PORT + 10 * WORKER
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


def local_server(base_port: int = _BASE_PORT, workers: int = _WORKER_COUNT) -> LocalNeo4j:
    """The launcher with a server for each worker: 2 GB of heap each, as one JVM apiece had."""
    return LocalNeo4j(
        home=ROOT / ".neo4j" / f"test-{base_port}",
        port=base_port,
        heap=f"{2 * workers}g",
        pagecache="512m",
        instances=workers,
    )


@contextmanager
def share_among_workers(workers: int) -> Iterator[None]:
    """In pytest-xdist's controller: agree the workers' ports before they start (they
    inherit the environment), and stop their shared launcher once they have all finished."""
    base_port = int(os.environ.get(_ASKED) or 0) or _free_port(17687, workers)
    os.environ[_ASKED] = str(base_port)
    local = local_server(base_port, workers)
    left_running = local.running_pid() is not None
    try:
        yield
    finally:
        if not left_running:
            local.stop()


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
        if WORKER:
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
    local.home.mkdir(parents=True, exist_ok=True)
    with open(local.home / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the workers' first one starts it; the others wait
        started = local.running_pid() is None
        if started:
            local.start()
    try:
        yield Server(local.uri_of(WORKER), "neo4j", os.environ["NEO4J_PASSWORD"], "local launcher")
    finally:
        if started and "PYTEST_XDIST_WORKER" not in os.environ:  # else the controller stops it
            local.stop()
