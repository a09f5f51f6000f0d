"""Where the time goes, for the cases whose ratio is highest.

Two views. Layers: the p50 of the raw driver, of the app's schema executing the
request in this process (resolver, driver and Strawberry; no HTTP), and of the
full HTTP request to the server, interleaved, so each layer's cost is a
difference of real timings. Packages: pyinstrument over the API (in-process,
behind an ASGI transport, so one profiler sees the whole request) and over the
raw twin, each sample charged to the innermost frame of a known package (a
dataclass __init__ called by a resolver counts as the resolver's). The
profiler's own per-call cost inflates call-heavy code (graphql-core most), so
read those as shares, not as milliseconds. The full trees go to bench/out/.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx2
import orjson
from pyinstrument import Profiler
from pyinstrument.frame import Frame
from starlette.requests import Request

from bench.cases import Case
from bench.measure import HEADERS, http_call, http_client, percentile, raw_call, raw_driver
from talentgraph.app import create_app
from talentgraph.graphql_http import request_context
from talentgraph.settings import Settings

OUT = Path(__file__).parent / "out"
WAITING = "waiting on Neo4j (socket)"
SHARED = ("/graphql/language/visitor.py", "/graphql/language/ast.py")
# (bucket, path fragments), checked in order.
PACKAGES = [
    ("neo4j driver (Bolt, records)", ("/neo4j/", "neo4j_rust_ext")),
    ("GraphQL validation (graphql-core rules)", ("/graphql/validation/",)),
    ("GraphQL parsing", ("/graphql/language/parser.py", "/graphql/language/lexer.py")),
    ("Strawberry extensions, limits", ("/strawberry/extensions/", "/schema/limits.py")),
    ("GraphQL execution (graphql-core, Strawberry)", ("/graphql/", "/strawberry/")),
    ("resolvers and types (records to objects)", ("/resolvers/", "/schema/")),
    ("app glue (talentgraph/)", ("/talentgraph/",)),
    ("ASGI server side (Starlette)", ("/starlette/",)),
    (
        "HTTP client (benchmark side)",
        ("/httpx2/", "/httpcore", "/h11/", "/anyio/", "/aiohttp/", "/bench/"),
    ),
    ("asyncio", ("/asyncio/",)),
]


def _bucket(frame: Frame, inherited: str) -> str:
    if frame.identifier == "[await]":
        return WAITING
    if frame.file_path == "<built-in>" and frame.function in {"dumps", "loads"}:
        return "JSON (orjson)"
    path = frame.file_path or ""
    if path.endswith(SHARED):  # AST walks and nodes serve validation, limits and execution alike
        return inherited
    for name, fragments in PACKAGES:
        if any(f in path for f in fragments):
            return name
    return inherited


def shares(root: Frame | None) -> dict[str, float]:
    """Share of the profiled time by bucket, largest first."""
    totals: dict[str, float] = defaultdict(float)

    def walk(frame: Frame, inherited: str) -> None:
        name = _bucket(frame, inherited)
        totals[name] += frame.total_self_time
        for child in frame.children:
            walk(child, name)

    if root is not None:
        walk(root, "other")
    whole = sum(totals.values()) or 1.0
    return {k: round(v / whole, 3) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


async def profile(
    settings: Settings, case: Case, label: str, base_url: str, seconds: float = 4.0
) -> dict[str, Any]:
    OUT.mkdir(exist_ok=True)
    app = create_app(settings)
    # The app's own context for an anonymous request (the bench settings allow anonymous reads).
    request = Request({"type": "http", "method": "POST", "headers": [], "app": app})

    async def execute(i: int) -> float:
        variables, _ = case.args(i)
        context = request_context(request)
        started = time.perf_counter()
        result = await app.state.schema.execute(
            case.query, variable_values=variables, context_value=context
        )
        elapsed = time.perf_counter() - started
        if result.errors:
            raise RuntimeError(f"{case.name}: {result.errors}")
        return elapsed

    async with (
        app.router.lifespan_context(app),
        http_client(base_url) as http,
        httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://in-process"
        ) as asgi,
        raw_driver(settings) as driver,
    ):

        async def raw(i: int) -> float:
            return (await raw_call(driver, settings.neo4j_database, case, i))[0]

        async def over_http(i: int) -> float:
            return (await http_call(http, case, i))[0]

        layers = {
            "raw driver": raw,
            "schema.execute, in-process": execute,
            "HTTP request to the server": over_http,
        }
        times: dict[str, list[float]] = {name: [] for name in layers}
        for i in range(3):  # warm-up
            for run in layers.values():
                await run(i)
        started = time.perf_counter()
        i = 0
        while i < 10 or (time.perf_counter() - started < seconds and i < 200):
            for name, run in layers.items():
                times[name].append(await run(i))
            i += 1
        p50 = {name: round(percentile(t, 0.5) * 1000, 3) for name, t in times.items()}

        found: dict[str, Any] = {"layers_p50_ms": p50, "layer_samples": i}

        async def in_process(i: int) -> None:
            body = orjson.dumps({"query": case.query, "variables": case.args(i)[0]})
            response = await asgi.post("/graphql", content=body, headers=HEADERS)
            response.raise_for_status()

        sides = {
            "graphql": in_process,
            "raw": lambda i: raw_call(driver, settings.neo4j_database, case, i),
        }
        for side, call in sides.items():
            profiler = Profiler(interval=0.001, async_mode="enabled")
            profiler.start()
            started = time.perf_counter()
            n = 0
            while n < 5 or (time.perf_counter() - started < seconds / 2 and n < 200):
                await call(n)
                n += 1
            session = profiler.stop()
            slug = "".join(c if c.isalnum() else "-" for c in f"{label}-{case.name}-{side}")
            (OUT / f"profile-{slug}.html").write_text(profiler.output_html())
            found[side] = shares(session.root_frame())
    return found
