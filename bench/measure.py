"""Timing one case: the API over HTTP against the same statement through the raw driver.

Both sides run in one loop, interleaved request by request (alternating which
goes first), so a noisy neighbour or a page-cache warm-up lands on both alike.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx2
import neo4j
import orjson

from bench.cases import Case, count
from talentgraph.queries import QUERIES
from talentgraph.settings import Settings

WARMUP = 5
MIN_SAMPLES = 30
MAX_SAMPLES = 200
HEADERS = {"content-type": "application/json"}


@dataclass(frozen=True)
class Comparison:
    samples: int
    objects: int
    response_bytes: int
    graphql: dict[str, float]  # p50_ms, p99_ms
    raw: dict[str, float]


def raw_driver(settings: Settings) -> neo4j.AsyncDriver:
    """The raw side's driver: defaults, except notifications off, as the app's Graph has them
    (on a graph without merges, entity_by_id would get a warning logged on every call)."""
    return neo4j.AsyncGraphDatabase.driver(
        settings.bolt_uri(),
        auth=(settings.neo4j_user, settings.password()),
        notifications_min_severity="OFF",
    )


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(seconds: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 3),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 3),
    }


async def http_call(client: httpx2.AsyncClient, case: Case, i: int) -> tuple[float, bytes]:
    variables, _ = case.args(i)
    body = orjson.dumps({"query": case.query, "variables": variables})
    started = time.perf_counter()
    response = await client.post("/graphql", content=body, headers=HEADERS)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{case.name}: HTTP {response.status_code}: {response.text[:500]}")
    return elapsed, response.content


async def _fetch(tx: neo4j.AsyncManagedTransaction, text: str, params: dict[str, Any]) -> Any:
    result = await tx.run(text, params)  # text comes from cypher/
    return await result.data()


async def raw_call(
    driver: neo4j.AsyncDriver, database: str, case: Case, i: int
) -> tuple[float, list[dict[str, Any]]]:
    """The statement in a read transaction with the database name, as the app runs it.

    For the list, the raw side also serialises the records with orjson: the
    API's answer is JSON too, so that is the fair floor for it.
    """
    _, params = case.args(i)
    text = QUERIES[case.statement].text
    started = time.perf_counter()
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        rows = await session.execute_read(_fetch, text, params)
    if case.kind == "list":
        orjson.dumps(rows, default=str)
    return time.perf_counter() - started, rows


def _checked(case: Case, body: bytes) -> int:
    answer = orjson.loads(body)
    if answer.get("errors"):
        raise RuntimeError(f"{case.name}: {answer['errors']}")
    objects = count(answer["data"][case.root])
    if not objects:
        raise RuntimeError(f"{case.name}: an empty answer measures nothing; pick other ids")
    return objects


async def compare(
    case: Case, client: httpx2.AsyncClient, driver: neo4j.AsyncDriver, database: str,
    budget_seconds: float,
) -> Comparison:  # fmt: skip
    warm: list[float] = []
    body = b""
    for i in range(WARMUP):
        t_http, body = await http_call(client, case, i)
        t_raw, _ = await raw_call(driver, database, case, i)
        warm.append(t_http + t_raw)
    objects = _checked(case, body)
    # As many samples as fit the budget, within [MIN_SAMPLES, MAX_SAMPLES].
    n = max(MIN_SAMPLES, min(MAX_SAMPLES, int(budget_seconds / statistics.median(warm[-3:]))))
    http: list[float] = []
    raw: list[float] = []
    for k in range(n):
        i = WARMUP + k
        if k % 2:
            raw.append((await raw_call(driver, database, case, i))[0])
            http.append((await http_call(client, case, i))[0])
        else:
            http.append((await http_call(client, case, i))[0])
            raw.append((await raw_call(driver, database, case, i))[0])
    return Comparison(n, objects, len(body), summary(http), summary(raw))


async def statements_per_request(client: httpx2.AsyncClient, case: Case, n: int = 5) -> float:
    """Bolt round trips per GraphQL request: the app's statement counter over n requests."""
    before = (await client.get("/_bench/statements")).json()["statements"]
    for i in range(n):
        await http_call(client, case, i)
    after = (await client.get("/_bench/statements")).json()["statements"]
    return (after - before) / n


async def throughput(
    base_url: str, case: Case, clients: int, *, max_requests: int, max_seconds: float
) -> float:
    """Requests per second with `clients` requests in flight, bounded in count and time."""
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        # One round first, so connections (HTTP and the server's Bolt pool) are open.
        await asyncio.gather(*(http_call(client, case, i) for i in range(clients)))
        issued = done = 0
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal issued, done
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                await http_call(client, case, issued)
                done += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
        return done / (time.perf_counter() - started)
