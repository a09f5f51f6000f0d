"""The peer (bench/peer/server.mjs: @neo4j/graphql behind Apollo Server) for the benchmark.

`make bench` installs it from bench/peer/package-lock.json (`npm ci`) and needs
Node.js 20 or later; this module starts it in a process of its own against the
same Neo4j as the app, with the same credentials.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from bench.serving import stop, wait_ready
from talentgraph.settings import Settings

FOLDER = Path(__file__).parent / "peer"


def version() -> str:
    """The pinned @neo4j/graphql that bench/peer/node_modules holds, e.g. "7.6.3"."""
    package = FOLDER / "node_modules" / "@neo4j" / "graphql" / "package.json"
    return str(json.loads(package.read_text())["version"])


@contextmanager
def running(settings: Settings, port: int) -> Iterator[str]:
    """Serve the peer on 127.0.0.1:port until the block ends; yields the base URL."""
    node = shutil.which("node")
    if node is None or not (FOLDER / "node_modules").is_dir():
        raise RuntimeError(
            "the peer needs Node.js 20+ and its packages: run `make bench` "
            "(or `cd bench/peer && npm ci`)"
        )
    env = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri(),
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
        "NEO4J_DATABASE": settings.neo4j_database,
        # How one deploys it: no landing page, no stack traces in errors.
        "NODE_ENV": "production",
    }
    process = subprocess.Popen([node, "server.mjs", str(port)], cwd=FOLDER, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(
            process,
            lambda: (
                httpx2.post(f"{base}/", json={"query": "{ __typename }"}, timeout=2).status_code
                == 200
            ),
            "the peer",
        )
        yield base
    finally:
        stop(process)
