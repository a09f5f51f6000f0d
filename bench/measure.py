"""Timing one case: talentgraph over HTTP, the peer over HTTP and the raw driver.

All three run in one loop, interleaved request by request (in ORDERS: each side follows
each other equally often), so a noisy neighbour, a page-cache warm-up or a request that
leaves Neo4j busy lands on every side alike.
The warm-up requests also check the answers: talentgraph's and the peer's must be
equal in the normal form of bench/cases.py (and so must a bench twin's), or the
run stops there.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import neo4j
import orjson

from bench.cases import Case, count, first_difference, peer_answer, talentgraph_answer
from talentgraph.settings import Settings

WARMUP = 5
# The orders the three sides (talentgraph, peer, raw) run in, request by request: the three
# rotations of that order and the three of its reverse. Over the six, each side runs first,
# second and third equally often and follows each other side equally often. That matters:
# a request that leaves Neo4j busy (the peer's sort of every person, 120 ms at 1M) slows
# the one after it, and with one direction's rotations alone the raw driver followed the
# peer twice as often as talentgraph did.
ORDERS = ((0, 1, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0), (1, 0, 2), (0, 2, 1))
MIN_SAMPLES = 30
MAX_SAMPLES = 200
HEADERS = {"content-type": "application/json"}
PEER_PATH = "/"  # Apollo's standalone server answers GraphQL on every path


class AnswersDiffer(RuntimeError):
    """Talentgraph, the peer or a raw twin gave another answer: the ratios would mean nothing."""


@dataclass(frozen=True)
class Comparison:
    samples: int
    objects: int
    response_bytes: int
    answer: Any  # talentgraph's last warm-up answer, in the normal form
    graphql: dict[str, float]  # p50_ms, p99_ms
    peer: dict[str, float]
    raw: dict[str, float]


def http_client(base_url: str, connections: int = 1) -> aiohttp.ClientSession:
    """The benchmark's HTTP client, keeping its connections open.

    aiohttp, for its C parser: a client's own time per request lands on the APIs' side
    of every ratio and not on the raw driver's. On person(id) over the seed graph,
    interleaved p50s: the raw driver 2.03 ms, the API through aiohttp 3.18 ms, through
    httpx2 (this benchmark's client until 2026-12-01) 4.14 ms, through a bare keep-alive
    socket 2.88 ms (docs/benchmarks.md).
    """
    return aiohttp.ClientSession(
        base_url=base_url,
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def get_json(client: aiohttp.ClientSession, path: str) -> Any:
    async with client.get(path) as response:
        response.raise_for_status()
        return orjson.loads(await response.read())


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


async def _post(
    client: aiohttp.ClientSession, path: str, name: str, query: str, variables: dict[str, Any]
) -> tuple[float, bytes]:
    body = orjson.dumps({"query": query, "variables": variables})
    started = time.perf_counter()
    async with client.post(path, data=body, headers=HEADERS) as response:
        content = await response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{name}: HTTP {response.status}: {content[:500]!r}")
    return elapsed, content


async def http_call(client: aiohttp.ClientSession, case: Case, i: int) -> tuple[float, bytes]:
    """Talentgraph's request for the i-th arguments."""
    return await _post(client, "/graphql", case.name, case.query, case.args(i)[0])


async def peer_call(client: aiohttp.ClientSession, case: Case, i: int) -> tuple[float, bytes]:
    """The peer's request for the i-th arguments."""
    return await _post(client, PEER_PATH, f"{case.name} (peer)", case.peer, case.args(i)[0])


async def raw_call(
    driver: neo4j.AsyncDriver, database: str, case: Case, i: int
) -> tuple[float, list[dict[str, Any]]]:
    """The statement in an auto-commit read transaction with the database name, as the app
    runs its reads (talentgraph/db.py).

    For the lists, the raw side also serialises the records with orjson: the
    APIs' answers are JSON too, so that is the fair floor for them.
    """
    _, params = case.args(i)
    text = case.raw_text()
    started = time.perf_counter()
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        rows = await (await session.run(text, params)).data()  # from cypher/ or bench/cypher/
    if case.kind == "list":
        orjson.dumps(rows, default=str)
    return time.perf_counter() - started, rows


def _data(name: str, body: bytes) -> dict[str, Any]:
    answer = orjson.loads(body)
    if answer.get("errors"):
        raise RuntimeError(f"{name}: {answer['errors']}")
    data: dict[str, Any] = answer["data"]
    return data


def check(case: Case, tg_body: bytes, peer_body: bytes, rows: list[dict[str, Any]]) -> Any:
    """Talentgraph's answer in the normal form, once the peer's (and a bench twin's) equal it."""
    data = _data(case.name, tg_body)
    if not count(data[case.root]):
        raise RuntimeError(f"{case.name}: an empty answer measures nothing; pick other ids")
    mine = talentgraph_answer(case, data)
    theirs = peer_answer(case, _data(f"{case.name} (peer)", peer_body))
    if diff := first_difference(mine, theirs):
        raise AnswersDiffer(f"{case.name}: talentgraph and the peer differ at {diff}")
    if case.own_twin:
        (row,) = rows
        if diff := first_difference(mine, row["answer"]):
            raise AnswersDiffer(f"{case.name}: talentgraph and the raw twin differ at {diff}")
    return mine


async def compare(
    case: Case, client: aiohttp.ClientSession, peer: aiohttp.ClientSession,
    driver: neo4j.AsyncDriver, database: str, budget_seconds: float,
) -> Comparison:  # fmt: skip
    warm: list[float] = []
    body = b""
    answer = None
    for i in range(WARMUP):
        t_http, body = await http_call(client, case, i)
        t_peer, peer_body = await peer_call(peer, case, i)
        t_raw, rows = await raw_call(driver, database, case, i)
        answer = check(case, body, peer_body, rows)
        warm.append(t_http + t_peer + t_raw)
    objects = count(_data(case.name, body)[case.root])
    # As many samples as fit the budget, within [MIN_SAMPLES, MAX_SAMPLES].
    n = max(MIN_SAMPLES, min(MAX_SAMPLES, int(budget_seconds / statistics.median(warm[-3:]))))
    sides: list[Callable[[int], Awaitable[Any]]] = [
        lambda i: http_call(client, case, i),
        lambda i: peer_call(peer, case, i),
        lambda i: raw_call(driver, database, case, i),
    ]
    times: list[list[float]] = [[], [], []]
    for k in range(n):
        for side in ORDERS[k % len(ORDERS)]:
            times[side].append((await sides[side](WARMUP + k))[0])
    tg, theirs, raw = (summary(t) for t in times)
    return Comparison(n, objects, len(body), answer, tg, theirs, raw)


async def alone(
    case: Case, client: aiohttp.ClientSession, driver: neo4j.AsyncDriver, database: str,
    n: int = MAX_SAMPLES,
) -> tuple[dict[str, float], dict[str, float]]:  # fmt: skip
    """p50 and p99 of talentgraph and of the raw driver, interleaved without the peer.

    For the fixed-answer cases' growth: there the peer's own request grows with the graph
    (`people(first: 20)` sorts every person, about 120 ms at 1M), and whatever request
    follows it finds Neo4j still busy with its aftermath. Interleaved with it, the case
    measured 4.6-5.8 ms at 1M; alone, 2.5-2.9 ms, against 2.3-2.8 ms at 10k
    (docs/benchmarks.md, fixed answers on a growing graph).
    """
    sides: list[Callable[[int], Awaitable[Any]]] = [
        lambda i: http_call(client, case, i),
        lambda i: raw_call(driver, database, case, i),
    ]
    times: list[list[float]] = [[], []]
    for k in range(n):
        for side in ((0, 1), (1, 0))[k % 2]:
            times[side].append((await sides[side](WARMUP + k))[0])
    return summary(times[0]), summary(times[1])


async def statements_per_request(client: aiohttp.ClientSession, case: Case, n: int = 5) -> float:
    """Bolt round trips per GraphQL request: the app's statement counter over n requests."""
    before = (await get_json(client, "/_bench/statements"))["statements"]
    for i in range(n):
        await http_call(client, case, i)
    after = (await get_json(client, "/_bench/statements"))["statements"]
    return (after - before) / n


async def peer_statements_per_request(
    client: aiohttp.ClientSession, case: Case, n: int = 5
) -> float:
    """The same count on the peer, from its `_benchStatements` field."""

    async def counter() -> int:
        _, body = await _post(client, PEER_PATH, "peer counter", "{ _benchStatements }", {})
        return int(_data("peer counter", body)["_benchStatements"])

    before = await counter()
    for i in range(n):
        await peer_call(client, case, i)
    return (await counter() - before) / n


async def throughput(
    base_url: str, case: Case, clients: int, *, max_requests: int, max_seconds: float,
    peer: bool = False,
) -> tuple[int, float]:  # fmt: skip
    """Requests done and seconds taken with `clients` requests in flight, bounded in count
    and time; against the peer at `base_url` when `peer`."""
    call = peer_call if peer else http_call
    async with http_client(base_url, clients) as client:
        # One round first, so connections (HTTP and the server's Bolt pool) are open.
        await asyncio.gather(*(call(client, case, i) for i in range(clients)))
        issued = done = 0
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal issued, done
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                await call(client, case, issued)
                done += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
        return done, time.perf_counter() - started


async def paired_throughput(
    bases: tuple[str, str], case: Case, clients: int, *, rounds: int, max_requests: int,
    max_seconds: float,
) -> tuple[float, float]:  # fmt: skip
    """Requests per second of talentgraph and of the peer, in windows alternated
    talentgraph, peer, peer, talentgraph (and again for more `rounds`), so that a drift
    of the machine during the case falls on both alike; each window is bounded as in
    `throughput`."""
    done = [0, 0]
    seconds = [0.0, 0.0]
    for window in range(2 * rounds):
        for side in (0, 1) if window % 2 == 0 else (1, 0):
            n, s = await throughput(
                bases[side], case, clients, peer=side == 1,
                max_requests=max_requests, max_seconds=max_seconds,
            )  # fmt: skip
            done[side] += n
            seconds[side] += s
    return done[0] / seconds[0], done[1] / seconds[1]
