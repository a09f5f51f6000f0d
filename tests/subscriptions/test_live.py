"""Live changes across processes: delivery, 100 subscribers, resuming from a cursor, shutdown."""

from __future__ import annotations

import asyncio
import signal
import time

import httpx2
import pytest
from websockets.exceptions import ConnectionClosed

from bench.multipart import parts
from talentgraph.settings import Settings
from tests.subscriptions.support import (
    CHANGES,
    MULTIPART,
    READ_KEY,
    SERVERS,
    bearer,
    serve,
    write,
    ws,
)


def test_a_change_on_one_process_reaches_100_subscribers_on_the_other(
    writer_url: str, reader_url: str
) -> None:
    async def scenario() -> tuple[float, list[list[dict]], list[dict]]:
        async with asyncio.timeout(60):
            # 99 over the WebSocket (the first with a read key in connection_init) and one
            # over multipart HTTP: 100 subscribers of one process, one poll between them.
            sockets = [ws(reader_url, init={"Authorization": f"Bearer {READ_KEY}"} if i == 0 else None)
                       for i in range(99)]  # fmt: skip
            subscribers = [await s.__aenter__() for s in sockets]
            try:
                for subscriber in subscribers:
                    await subscriber.subscribe(kinds=["Person"])
                async with httpx2.AsyncClient(timeout=30) as http:
                    body = {"query": CHANGES, "variables": {"kinds": ["Person"]}}
                    async with http.stream("POST", f"{reader_url}/graphql", json=body,
                                           headers={"accept": MULTIPART}) as response:  # fmt: skip
                        assert response.status_code == 200
                        assert response.headers["content-type"].startswith("multipart/mixed")
                        stream = parts(response)
                        # Every subscriber is live once the feed has polled past its start.
                        await asyncio.sleep(0.5)
                        # A first write warms the writer up (plans, pools); the second
                        # is timed from its answer, when it has committed.
                        await asyncio.to_thread(write, writer_url, "Sub Person (warm)")
                        await subscribers[0].changes(1)
                        await asyncio.to_thread(write, writer_url, "Sub Person (live)")
                        answered = time.monotonic()
                        first = await subscribers[0].changes(1)
                        latency = time.monotonic() - answered
                        rest = [(await s.changes(2))[1:] for s in subscribers[1:]]
                        await anext(stream)
                        multipart = await anext(stream)
            finally:
                for s in sockets:
                    await s.__aexit__(None, None, None)
        return latency, [first, *rest], [multipart]

    latency, over_ws, over_http = asyncio.run(scenario())
    # Within a second (one poll is 150 ms): a generous bound on a loaded 2-core machine.
    assert latency < 1.0, latency
    seqs = {changes[0]["seq"] for changes in over_ws}
    assert len(over_ws) == 99
    assert len(seqs) == 1, seqs
    (change,) = over_ws[0]
    assert (change["operation"], change["ids"]) == ("upsertPerson", ["sub-person"])
    assert change["by"] == "sub-writer"
    (part,) = over_http
    assert part["payload"]["data"]["changes"] == change


def test_a_subscriber_that_reconnects_with_its_cursor_gets_every_change_once_in_order(
    writer_url: str, reader_url: str
) -> None:
    async def scenario() -> tuple[int, list[dict], list[dict]]:
        async with asyncio.timeout(120):
            async with ws(reader_url) as subscriber:
                await subscriber.subscribe(ids=["sub-person"])
                await asyncio.sleep(0.5)
                await asyncio.to_thread(write, writer_url, "Sub Person (before)")
                (seen,) = await subscriber.changes(1)
            # Killed mid-stream (the socket closed under it); 50 changes meanwhile.
            for i in range(50):
                await asyncio.to_thread(write, writer_url, f"Sub Person {i}")
            async with ws(reader_url) as subscriber:
                await subscriber.subscribe(after=seen["seq"], ids=["sub-person"])
                missed = await subscriber.changes(50)
                # Caught up, then live: the next change comes once, right after them.
                await asyncio.to_thread(write, writer_url, "Sub Person (after)")
                live = await subscriber.changes(1)
                with pytest.raises(TimeoutError):
                    await subscriber.message(timeout=0.5)
        return seen["seq"], missed, live

    cursor, missed, live = asyncio.run(scenario())
    seqs = [c["seq"] for c in missed]
    assert seqs == list(range(cursor + 1, cursor + 51)), seqs
    assert live[0]["seq"] == cursor + 51


def test_multipart_resumes_from_a_cursor_too(writer_url: str, reader_url: str) -> None:
    query = """subscription($after: Int) {
      changes(after: $after, ids: ["sub-person"]) { seq revisions { after } } }"""

    async def scenario() -> list[dict]:
        write(writer_url, "Sub Person (multipart)")
        found = []
        async with httpx2.AsyncClient(timeout=30) as http:
            # From the log's start: every change to sub-person, then the one just made.
            body = {"query": query, "variables": {"after": 0}}
            async with http.stream("POST", f"{reader_url}/graphql", json=body,
                                   headers={"accept": MULTIPART, **bearer(READ_KEY)}) as response:  # fmt: skip
                async for part in parts(response):
                    change = part["payload"]["data"]["changes"]
                    found.append(change)
                    names = [(r["after"] or {}).get("name") for r in change["revisions"]]
                    if "Sub Person (multipart)" in names:
                        break
        return found

    found = asyncio.run(asyncio.wait_for(scenario(), 60))
    seqs = [c["seq"] for c in found]
    assert seqs == sorted(set(seqs)), seqs
    assert len(seqs) > 50, seqs


def test_a_graceful_stop_closes_every_stream_with_its_protocols_message(
    graph: object, settings: Settings
) -> None:
    async def scenario(base: str, process_stop: asyncio.Event) -> tuple[int | None, bytes]:
        async with ws(base) as subscriber, httpx2.AsyncClient(timeout=30) as http:
            await subscriber.subscribe()
            async with http.stream("POST", f"{base}/graphql", json={"query": CHANGES},
                                   headers={"accept": MULTIPART}) as response:  # fmt: skip
                body = b""
                chunks = response.aiter_bytes()
                body += await anext(chunks)  # the first heartbeat: the stream is open
                process_stop.set()
                async for chunk in chunks:
                    body += chunk
            with pytest.raises(ConnectionClosed) as closed:
                await subscriber.message(timeout=20)
        return closed.value.rcvd.code if closed.value.rcvd else None, body

    with serve(settings) as base:
        stopping = asyncio.Event()

        async def run() -> tuple[int | None, bytes]:
            task = asyncio.create_task(scenario(base, stopping))
            await stopping.wait()
            started = time.monotonic()
            SERVERS[base].send_signal(signal.SIGTERM)
            result = await asyncio.wait_for(task, 30)
            assert time.monotonic() - started < 8  # not the 10 s graceful timeout
            return result

        code, body = asyncio.run(run())
    assert code == 1012  # service restart: graphql-ws clients reconnect
    assert body.endswith(b"\r\n--graphql--\r\n")
