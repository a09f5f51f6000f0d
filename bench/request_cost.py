"""What one small request costs besides the database: the client, and the transaction.

Run alone: `.venv/bin/python -m bench.request_cost`. It loads the bench's 10k-relationship
synthetic graph into the bench's own fresh Neo4j (NEO4J_URI if set, which it empties),
serves the app as `make bench` does, and times person(id), interleaved, p50 of each:

- the raw driver reading entity_by_id, in a managed transaction (`execute_read`) and
  auto-commit, with this process's CPU time per statement;
- the same GraphQL request through three HTTP clients: aiohttp (`make bench`'s client),
  httpx2 (its client before 2026-12-01) and a bare keep-alive socket (no client library:
  the floor of what a client costs);
- the floor of the stack (bench/floor.py): the raw driver's statement behind HTTP with no
  GraphQL, as bare ASGI and as one Starlette route on uvicorn, beside the raw driver and
  the app, all through aiohttp as `make bench` times them, with each one's ratio to the
  raw driver.

TALENTGRAPH_BENCH_SIZES=100000 (relationships; the first size given) loads another graph.
docs/benchmarks.md ("One request's cost") has the last numbers.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import httpx2
import neo4j
import orjson

from bench import database, measure, run, server
from talentgraph.queries import QUERIES

ROUNDS = 1_500
QUERY = "query($id: ID!) { person(id: $id) { id name nameZh aliases description note synthetic } }"
Timed = Callable[[str], Awaitable[Any]]


async def main() -> None:
    people = run.sizes()[0] if os.environ.get(run.SIZES_ENV) else run.PEOPLE[10_000]
    with database.neo4j_for(people) as settings:
        loaded = await run.load(settings, people)
        ids = [f"syn-person-{n}" for n in range(200)]
        async with measure.raw_driver(settings) as driver:
            raw = await _raw(driver, settings.neo4j_database, ids)
            with (
                server.running(settings, run.free_port()) as base,
                server.running(settings, run.free_port(), "bench.floor", "bare") as bare,
                server.running(settings, run.free_port(), "bench.floor", "starlette") as star,
            ):
                http = await _http(base, ids)
                floor = await _floor(driver, settings.neo4j_database, ids, base, bare, star)
    print(f"{run.human(loaded['relationships'])} relationships")
    for name, (p50, cpu) in raw.items():
        print(f"raw driver, {name:<31} p50 {p50 * 1000:6.2f} ms, CPU {cpu * 1000:5.2f} ms")
    for name, p50 in http.items():
        print(f"GraphQL over HTTP, {name:<24} p50 {p50 * 1000:6.2f} ms")
    for name, p50 in floor.items():
        ratio = p50 / floor["the raw driver (auto-commit)"]
        print(f"{name:<42} p50 {p50 * 1000:6.2f} ms, {ratio:.2f}x the raw driver")


async def _raw(
    driver: neo4j.AsyncDriver, database: str, ids: list[str]
) -> dict[str, tuple[float, float]]:
    text = QUERIES["entity_by_id"].text

    async def managed(id_: str) -> Any:
        async def work(tx: neo4j.AsyncManagedTransaction) -> Any:
            return await (await tx.run(text, ids=[id_])).data()

        async with driver.session(database=database) as session:
            return await session.execute_read(work)

    async def auto(id_: str) -> Any:
        async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            return await (await s.run(text, ids=[id_])).data()

    return await _interleaved(
        {"managed (execute_read)": managed, "auto-commit (the app's)": auto}, ids
    )


async def _http(base: str, ids: list[str]) -> dict[str, float]:
    def body(id_: str) -> bytes:
        return orjson.dumps({"query": QUERY, "variables": {"id": id_}})

    async with (
        measure.http_client(base) as aio,
        httpx2.AsyncClient(base_url=base, timeout=30) as hx,
    ):
        host, port = base.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))

        async def aiohttp_(id_: str) -> bytes:
            async with aio.post("/graphql", data=body(id_), headers=measure.HEADERS) as r:
                return await r.read()

        async def httpx2_(id_: str) -> bytes:
            return (await hx.post("/graphql", content=body(id_), headers=measure.HEADERS)).content

        async def socket(id_: str) -> bytes:
            payload = body(id_)
            writer.write(
                b"POST /graphql HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(payload)}\r\n\r\n".encode()
                + payload
            )
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            return await reader.readexactly(length)

        sides: dict[str, Timed] = {
            "aiohttp (make bench's)": aiohttp_,
            "httpx2": httpx2_,
            "a bare socket": socket,
        }
        answers = {orjson.dumps(orjson.loads(await side(ids[0]))) for side in sides.values()}
        if len(answers) != 1:  # the three clients must read the same answer
            raise RuntimeError(f"the clients read different answers: {answers}")
        timed = await _interleaved(sides, ids)
        writer.close()
    return {name: p50 for name, (p50, _) in timed.items()}


async def _floor(
    driver: neo4j.AsyncDriver, database: str, ids: list[str], *bases: str
) -> dict[str, float]:
    """The raw driver, the app, and the floor of a server on uvicorn, through aiohttp."""
    text = QUERIES["entity_by_id"].text
    app, bare, star = (measure.http_client(base) for base in bases)

    async def raw(id_: str) -> Any:
        async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            return await (await s.run(text, ids=[id_])).data()

    def over(client: aiohttp.ClientSession) -> Timed:
        async def post(id_: str) -> bytes:
            body = orjson.dumps({"query": QUERY, "variables": {"id": id_}})
            async with client.post("/graphql", data=body, headers=measure.HEADERS) as r:
                return await r.read()

        return post

    sides = {
        "the raw driver (auto-commit)": raw,
        "the app (GraphQL, the middleware)": over(app),
        "floor: bare ASGI on uvicorn": over(bare),
        "floor: one Starlette route on uvicorn": over(star),
    }
    async with app, bare, star:
        answers = [orjson.loads(await over(c)(ids[0])) for c in (app, bare, star)]
        if any(a != answers[0] for a in answers):  # the floor must answer as the app does
            raise RuntimeError(f"the app and the floor answer differently: {answers}")
        timed = await _interleaved(sides, ids)
    return {name: p50 for name, (p50, _) in timed.items()}


async def _interleaved(sides: dict[str, Timed], ids: list[str]) -> dict[str, tuple[float, float]]:
    """p50 seconds and mean CPU seconds of this process, per side, rotating who goes first."""
    names = list(sides)
    for i in range(100):  # warm-up: connections, plans, caches
        for name in names:
            await sides[name](ids[i % len(ids)])
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu = dict.fromkeys(names, 0.0)
    for i in range(ROUNDS):
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            started, busy = time.perf_counter(), time.process_time()
            await sides[name](ids[i % len(ids)])
            wall[name].append(time.perf_counter() - started)
            cpu[name] += time.process_time() - busy
    return {name: (statistics.median(wall[name]), cpu[name] / ROUNDS) for name in names}


if __name__ == "__main__":
    asyncio.run(main())
