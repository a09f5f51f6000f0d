"""The API under uvicorn for the benchmark, in a process of its own.

Its own process, so the benchmark's HTTP clients never share the server's GIL
(that would cap throughput at 16 clients below what the server does). Besides
the app's routes it answers GET /_bench/statements with the app's statement
counter (`Graph.statements`), so bench.run counts Bolt round trips per request.
NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD come from the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.serving import stop, wait_ready
from talentgraph.app import create_app
from talentgraph.settings import Settings


def settings_for(uri: str, user: str, password: str) -> Settings:
    # Anonymous reads on and rate limits off: the benchmark measures queries, not API
    # keys, and its 8 clients share one address.
    return Settings(
        NEO4J_URI=uri,
        NEO4J_USER=user,
        NEO4J_PASSWORD=password,
        anonymous_read=True,
        rate_limit=False,
    )


async def statements(request: Request) -> JSONResponse:
    return JSONResponse({"statements": request.app.state.graph.statements})


def main() -> None:
    port = int(sys.argv[1])
    env = os.environ
    app = create_app(settings_for(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"]))
    app.router.routes.insert(0, Route("/_bench/statements", statements))
    # No access log: it would be measured as the app's cost (`talentgraph serve` logs at info).
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def running(
    settings: Settings, port: int, module: str = "bench.server", *args: str
) -> Iterator[str]:
    """Serve the app on 127.0.0.1:port until the block ends; yields the base URL.

    `module` and `args` run another server the same way (bench/floor.py)."""
    env = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri(),
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
    }
    process = subprocess.Popen([sys.executable, "-m", module, *args, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(
            process,
            lambda: httpx2.get(f"{base}/readyz", timeout=2).status_code == 200,
            module,
        )
        yield base
    finally:
        stop(process)


if __name__ == "__main__":
    main()
