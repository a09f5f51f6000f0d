"""Search as you type on the 1M-relationship graph: p50 per text over HTTP (issue 14, item 7).

Run alone: `.venv/bin/python -m bench.search_speed`. It loads the bench's synthetic graph
for 1M relationships into the bench's own fresh Neo4j (as `make bench` does; NEO4J_URI if
set, which it empties), serves the app, and sends `search(text:, first: 10)` one request
at a time over a mix of texts: rare ones, and prefixes that hundreds of thousands of names
share. The same texts with a `kinds:` filter are timed apart (the target is for the mix
without it): the filter makes the statement read every hit, not the index's best 1000.
docs/benchmarks.md has the last numbers.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time

import httpx2

from bench import database, run, server

TEXTS = ["Pers", "Person 12", "Person 2345", "Syn Start", "Syn Startup 1", "Anchor",
         "Anchor Pers", "AP1", "P9876", "Synn Group", "Persn 5", "Syn Inv"]  # fmt: skip
QUERY = (
    "query($t: String!, $k: [EntityKind!]) "
    "{ search(text: $t, kinds: $k, first: 10) { totalCount nodes { score node { id name } } } }"
)
KINDS = ["PERSON", "COMPANY"]
REQUESTS = 600


async def main() -> None:
    people = run.PEOPLE[1_000_000]
    with database.neo4j_for(people) as settings:
        print(await run.load(settings, people), flush=True)
        with server.running(settings, run.free_port()) as base:
            async with httpx2.AsyncClient(base_url=base, timeout=30) as client:
                plain = await _timed(client, None)
                kinds = await _timed(client, KINDS)
    _report("without kinds (the target)", plain)
    _report(f"kinds: {KINDS}", kinds)


async def _timed(client: httpx2.AsyncClient, kinds: list[str] | None) -> dict[str, list[float]]:
    """Seconds per request, by text, over REQUESTS requests in a random mix."""

    async def ask(text: str) -> dict[str, object]:
        body = {"query": QUERY, "variables": {"t": text, "k": kinds}}
        answer: dict[str, object] = (await client.post("/graphql", json=body)).json()
        if "errors" in answer:
            raise RuntimeError(f"search {text!r} failed: {answer}")
        return answer

    for text in TEXTS:  # once each first: plans and the index's first reads
        await ask(text)
    times: dict[str, list[float]] = {text: [] for text in TEXTS}
    rng = random.Random(1)
    for _ in range(REQUESTS):
        text = rng.choice(TEXTS)
        started = time.perf_counter()
        await ask(text)
        times[text].append(time.perf_counter() - started)
    return times


def _report(title: str, times: dict[str, list[float]]) -> None:
    every = sorted(t for found in times.values() for t in found)
    print(f"{title}, all {len(every)}: p50 {statistics.median(every) * 1000:.1f} ms, "
          f"p90 {every[int(len(every) * 0.9)] * 1000:.1f} ms")  # fmt: skip
    for text, found in times.items():
        print(f"  {text!r:16} p50 {statistics.median(found) * 1000:.1f} ms ({len(found)} requests)")


if __name__ == "__main__":
    asyncio.run(main())
