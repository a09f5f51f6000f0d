"""`talentgraph neo4j start|stop|status` against a second, throwaway local Neo4j."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from talentgraph.local_neo4j import LocalNeo4j, LocalNeo4jError
from tests.neo4j_server import TEST_PORT, WORKER, Server, local_server

pytestmark = pytest.mark.own_neo4j

CLI = [str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "talentgraph"), "neo4j"]


@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "TALENTGRAPH_LOCAL_NEO4J_DIR": str(tmp_path / "neo4j"),
        "TALENTGRAPH_LOCAL_NEO4J_PORT": str(TEST_PORT + 1),
        "TALENTGRAPH_LOCAL_NEO4J_HEAP": "512m",
    }
    env.pop("NEO4J_PASSWORD", None)
    yield env
    subprocess.run([*CLI, "stop"], env=env, capture_output=True, check=False)


def tg(env: dict[str, str], action: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, action], env=env, capture_output=True, text=True, timeout=300)


def java_processes(home: str) -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "talentgraph.Launcher" in line and home in line]


def test_start_twice_status_and_stop(cli_env: dict[str, str], tmp_path: Path) -> None:
    assert tg(cli_env, "status").returncode == 3

    first = tg(cli_env, "start")
    assert first.returncode == 0, first.stderr
    uri = first.stdout.strip()
    assert uri == f"bolt://127.0.0.1:{TEST_PORT + 1}"

    # Auth is on, with a password generated once and kept in the data folder.
    password = (tmp_path / "neo4j" / "data" / "password").read_text().strip()
    assert oct((tmp_path / "neo4j" / "data" / "password").stat().st_mode)[-3:] == "600"
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as d:
        assert d.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    with (
        neo4j.GraphDatabase.driver(uri, auth=("neo4j", "wrong")) as d,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        d.verify_connectivity()

    second = tg(cli_env, "start")
    assert second.returncode == 0
    assert "already running" in second.stdout
    assert "running" in tg(cli_env, "status").stdout

    stopped = tg(cli_env, "stop")
    assert stopped.stdout.strip() == "stopped"
    assert java_processes(str(tmp_path)) == []
    assert tg(cli_env, "status").returncode == 3


def test_port_in_use_is_a_clear_error(cli_env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", TEST_PORT + 1))
        taken.listen()
        result = tg(cli_env, "start")
    assert result.returncode == 1
    assert f"port {TEST_PORT + 1} on 127.0.0.1 is already in use" in result.stderr
    assert java_processes(str(tmp_path)) == []


def test_a_taken_port_of_any_of_its_servers_is_named(tmp_path: Path) -> None:
    local = LocalNeo4j(home=tmp_path / "neo4j", port=TEST_PORT + 1, instances=2)
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", TEST_PORT + 11))
        taken.listen()
        with pytest.raises(LocalNeo4jError, match=f"port {TEST_PORT + 11} on 127.0.0.1 is already"):
            local.start()
    assert java_processes(str(tmp_path)) == []


def test_the_test_workers_share_one_launcher_with_a_store_each(server: Server) -> None:
    """The suite's own servers: one JVM (one pid, one log naming every worker's server),
    each server with a store of its own (told apart by the store's id)."""
    if server.kind != "local launcher":
        pytest.skip(f"the tests' Neo4j comes from {server.kind}")
    local = local_server()
    assert local.running_pid() is not None
    uris = [local.uri_of(i) for i in range(local.instances)]
    assert server.uri == uris[WORKER]
    assert (local.home / "launcher.log").read_text().split() == ["READY", *uris]
    ids = set()
    for uri in uris:
        with neo4j.GraphDatabase.driver(uri, auth=(server.user, server.password)) as d:
            (record,) = d.execute_query(
                "CALL db.info() YIELD id RETURN id", database_="neo4j"
            ).records
            ids.add(record["id"])
    assert len(ids) == local.instances
