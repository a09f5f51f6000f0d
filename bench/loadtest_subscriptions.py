"""The load test's subscribers: live changes delivered while the clients run.

`make loadtest` adds them beside the 50 clients: half subscribe over the WebSocket
(graphql-transport-ws), half over multipart HTTP, all to the changes of one person;
a writer upserts that person once a second. Every subscriber must get every write
once and in order: the report counts the lost and the repeated ones (both must be 0)
and the delivery latency, from the moment the mutation was sent to the moment the
change reached a subscriber (so it includes the write itself and one poll of the
change feed, `TALENTGRAPH_SUBSCRIPTION_POLL_SECONDS`).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import httpx2
import orjson
from websockets.asyncio.client import connect

from bench.multipart import parts

PERSON = "loadtest-live-person"
SOURCE = {"id": "loadtest-live-source", "title": "Load test writes", "publisher": "talentgraph"}
SUBSCRIPTION = """subscription Live($ids: [ID!]) {
  changes(ids: $ids) { seq revisions { after } }
}"""
UPSERT = """mutation Write($input: PersonInput!) { upsertPerson(input: $input) { changed } }"""
MULTIPART = "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json"


@dataclass
class Delivery:
    subscribers: int = 0
    writes: int = 0
    failed_writes: int = 0
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    repeated: int = 0
    out_of_order: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.repeated or self.out_of_order or self.errors
                    or self.failed_writes)  # fmt: skip


def _written(change: dict[str, Any]) -> int | None:
    """The write's number, from the name the writer gave the person."""
    for revision in change["revisions"]:
        name = (revision.get("after") or {}).get("name", "")
        if name.startswith("Live "):
            return int(name.split()[1])
    return None


async def run(base: str, subscribers: int, seconds: float, write_key: str) -> Delivery:
    """`subscribers` subscribers and one write a second for `seconds`; what each got."""
    result = Delivery(subscribers=subscribers)
    sent: dict[int, float] = {}
    committed: set[int] = set()  # the writes answered without an error: every one expected
    got: list[list[tuple[int, float]]] = [[] for _ in range(subscribers)]
    live = [asyncio.Event() for _ in range(subscribers)]
    stop = asyncio.Event()
    variables = {"ids": [PERSON]}

    async def over_ws(n: int) -> None:
        url = base.replace("http://", "ws://") + "/graphql"
        async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
            await socket.send(orjson.dumps({"type": "connection_init"}).decode())
            await socket.recv()
            await socket.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": {
                "query": SUBSCRIPTION, "variables": variables}}).decode())  # fmt: skip
            live[n].set()
            while not stop.is_set():
                try:
                    text = await asyncio.wait_for(socket.recv(), 0.5)
                except TimeoutError:
                    continue
                message = orjson.loads(text)
                if message["type"] != "next" or message["payload"].get("errors"):
                    result.errors.append(f"ws {n}: {str(message)[:200]}")
                    return
                take(n, message["payload"]["data"]["changes"])

    async def over_http(n: int) -> None:
        async with httpx2.AsyncClient(
            timeout=httpx2.Timeout(30, read=None), trust_env=False
        ) as http:
            body = {"query": SUBSCRIPTION, "variables": variables}
            async with http.stream("POST", f"{base}/graphql", json=body,
                                   headers={"accept": MULTIPART}) as response:  # fmt: skip
                live[n].set()
                async for part in parts(response):
                    payload = part.get("payload") or {}
                    if payload.get("errors") or part.get("errors"):
                        result.errors.append(f"http {n}: {str(part)[:200]}")
                        return
                    take(n, payload["data"]["changes"])
                    if stop.is_set():
                        return

    def take(n: int, change: dict[str, Any]) -> None:
        number = _written(change)
        if number is not None:
            got[n].append((number, time.perf_counter()))

    async def writer(http: httpx2.AsyncClient) -> None:
        headers = {"authorization": f"Bearer {write_key}"}
        for i in range(int(seconds)):
            tick = time.perf_counter()
            person = {"id": PERSON, "name": f"Live {i}", "newSources": [SOURCE]}
            sent[i] = tick
            result.writes += 1
            try:
                answer = await http.post("/graphql", json={"query": UPSERT, "variables": {
                    "input": person}}, headers=headers)  # fmt: skip
            except httpx2.TransportError:
                result.failed_writes += 1  # it may have committed: not counted as expected
                continue
            if answer.status_code != 200 or answer.json().get("errors"):
                result.failed_writes += 1
                continue
            committed.add(i)
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))

    tasks = [asyncio.create_task(over_ws(n) if n % 2 == 0 else over_http(n))
             for n in range(subscribers)]  # fmt: skip
    async with httpx2.AsyncClient(base_url=base, timeout=60, trust_env=False) as http:
        for event in live:
            await asyncio.wait_for(event.wait(), 60)
        await asyncio.sleep(1.0)  # every subscriber past the feed's first poll: live
        await writer(http)
    await asyncio.sleep(3.0)  # the last write's deliveries
    stop.set()
    await asyncio.wait(tasks, timeout=5)
    for task in tasks:
        task.cancel()
    for received in got:
        numbers = [number for number, _ in received]
        result.repeated += len(numbers) - len(set(numbers))
        result.lost += len(committed - set(numbers))
        result.out_of_order += sum(1 for a, b in itertools.pairwise(numbers) if b < a)
        result.latencies += [at - sent[number] for number, at in received if number in sent]
    return result


def report(delivery: Delivery, percentile: Any) -> str:
    ms = 1000
    lines = [
        f"subscribers:     {delivery.subscribers} (half WebSocket, half multipart HTTP), "
        f"{delivery.writes} writes, one a second ({delivery.failed_writes} failed)",
        f"delivered:       {len(delivery.latencies):,} of "
        f"{delivery.subscribers * delivery.writes:,}; lost {delivery.lost}, "
        f"repeated {delivery.repeated}, out of order {delivery.out_of_order}",
        f"delivery:        p50 {percentile(delivery.latencies, 50) * ms:.1f} ms, "
        f"p99 {percentile(delivery.latencies, 99) * ms:.1f} ms, "
        f"max {max(delivery.latencies, default=0) * ms:.1f} ms (from the mutation sent)",
    ]
    lines += [f"subscriber error: {e}" for e in delivery.errors[:5]]
    return "\n".join(lines)
