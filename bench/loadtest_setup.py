"""The load test's set-up: the Neo4j it may use, a free port, the server under test.

Everything on 127.0.0.1, and everything stops when its block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from bench.serving import stop, wait_ready
from talentgraph.local_neo4j import LocalNeo4j, LocalNeo4jError
from talentgraph.settings import ROOT

LOCAL_HOME = ROOT / ".neo4j" / "loadtest"
LOCAL_PORT = 18087
RESET_ENV = "TALENTGRAPH_LOADTEST_RESET"


@contextmanager
def neo4j_server() -> Iterator[tuple[str, str, str, str]]:
    """(uri, user, password, database): NEO4J_URI if allowed, else a local Neo4j of its own."""
    if uri := os.environ.get("NEO4J_URI"):
        if os.environ.get(RESET_ENV) != "1":
            raise SetupError(
                f"NEO4J_URI is set ({uri}). The load test loads the seed graph with reset, "
                f"which EMPTIES that database first. Set {RESET_ENV}=1 to allow it, or "
                "unset NEO4J_URI to use a Neo4j of the load test's own."
            )
        if not os.environ.get("NEO4J_PASSWORD"):
            raise SetupError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        yield (uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"],
               os.environ.get("NEO4J_DATABASE", "neo4j"))  # fmt: skip
        return
    local = LocalNeo4j(home=LOCAL_HOME, port=LOCAL_PORT, heap="1g", pagecache="256m")
    started = local.running_pid() is None
    if started:
        print(f"starting a Neo4j for the load test at {local.uri} ({LOCAL_HOME})", flush=True)
        try:
            local.start()
        except LocalNeo4jError as e:
            raise SetupError(str(e)) from e
    try:
        yield local.uri, "neo4j", local.password(), "neo4j"
    finally:
        if started:
            local.stop()


class SetupError(Exception):
    pass


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (Linux), to tell the server's share."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], port: int, log: Path) -> Iterator[tuple[str, int]]:
    """`talentgraph serve` on 127.0.0.1:port until the block ends; yields (base URL, pid)."""
    argv = [sys.executable, "-m", "talentgraph.cli", "serve", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1"]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(
            process,
            lambda: httpx2.get(f"{base}/readyz", timeout=2, trust_env=False).status_code == 200,
            "the server",
            error=SetupError,
            hint=f"; see {log}",
        )
        yield base, process.pid
    finally:
        stopping = time.monotonic()
        if not stop(process, seconds=30):
            print(f"server did not stop within 30 s of SIGTERM and was killed; its log: {log}")
        else:
            # uvicorn re-raises the signal once it has drained, so -15 is a clean stop too.
            graceful = "Application shutdown complete." in log.read_text(errors="replace")
            print(f"server stopped on SIGTERM in {time.monotonic() - stopping:.1f} s "
                  f"(exit {process.returncode}, {'graceful' if graceful else 'NOT graceful'}); "
                  f"its log: {log}")  # fmt: skip
