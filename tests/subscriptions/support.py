"""What the subscription tests share: keys, `talentgraph serve` processes, and the clients
of graphql-transport-ws over `websockets` (multipart HTTP is read by bench/multipart.py)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx2
import orjson
from websockets.asyncio.client import ClientConnection, connect

from bench.serving import stop, wait_ready
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.live_server import free_port

WRITE_KEY, WRITER = new_key("sub-writer", [Scope.READ, Scope.WRITE])
READ_KEY, READER = new_key("sub-reader", [Scope.READ])
METRICS_KEY, METRICS_ONLY = new_key("sub-metrics", [Scope.METRICS])
KEYS = [WRITER, READER, METRICS_ONLY]

CHANGES = """subscription Changes($after: Int, $kinds: [String!], $ids: [ID!]) {
  changes(after: $after, kinds: $kinds, ids: $ids) { seq operation ids kinds by }
}"""
UPSERT = """mutation Upsert($input: PersonInput!) {
  upsertPerson(input: $input) { changed }
}"""
MULTIPART = "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json"


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


@contextmanager
def serve(settings: Settings, **env: str) -> Iterator[str]:
    """`talentgraph serve` in a process of its own on a free port; yields its base URL."""
    port = free_port()
    environment = {
        **os.environ,
        "NEO4J_URI": settings.bolt_uri(),
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
        "TALENTGRAPH_API_KEYS": json.dumps([k.model_dump(mode="json") for k in KEYS]),
        "TALENTGRAPH_ANONYMOUS_READ": "true",
        "TALENTGRAPH_RATE_LIMIT": "false",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "talentgraph.cli", "serve", "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    SERVERS[base] = process
    try:
        wait_ready(process, lambda: httpx2.get(f"{base}/readyz", timeout=2).status_code == 200,
                   "talentgraph serve")  # fmt: skip
        yield base
    finally:
        stop(process)
        SERVERS.pop(base, None)


# The processes `serve` runs, by base URL (a test stops one itself).
SERVERS: dict[str, subprocess.Popen[bytes]] = {}


def write(base: str, name: str, person: str = "sub-person") -> None:
    """One change: an upsert of `person` with a new name, by the writer's key."""
    variables = {"input": {"id": person, "name": name, "sources": ["src-sub"]}}
    answer = httpx2.post(f"{base}/graphql", json={"query": UPSERT, "variables": variables},
                         headers=bearer(WRITE_KEY), timeout=30)  # fmt: skip
    body = answer.json()
    assert answer.status_code == 200, body
    assert "errors" not in body, body
    assert body["data"]["upsertPerson"]["changed"], body


# -- graphql-transport-ws ------------------------------------------------------------------


class WsSubscriber:
    """One graphql-transport-ws connection; `subscribe` starts operations on it."""

    def __init__(self, socket: ClientConnection):
        self.socket = socket

    async def subscribe(self, id: str = "1", query: str = CHANGES, **variables: Any) -> None:
        payload = {"query": query, "variables": variables}
        await self.socket.send(
            orjson.dumps({"id": id, "type": "subscribe", "payload": payload}).decode()
        )

    async def message(self, timeout: float = 10) -> dict[str, Any]:
        text = await asyncio.wait_for(self.socket.recv(), timeout)
        message: dict[str, Any] = orjson.loads(text)
        return message

    async def changes(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        """The next `count` changes delivered (`next` messages), in arrival order."""
        found = []
        while len(found) < count:
            message = await self.message(timeout)
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            found.append(message["payload"]["data"]["changes"])
        return found


@asynccontextmanager
async def ws(base: str, headers: dict[str, str] | None = None,
             init: dict[str, Any] | None = None) -> AsyncIterator[WsSubscriber]:  # fmt: skip
    url = base.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                       additional_headers=headers or {}) as socket:  # fmt: skip
        subscriber = WsSubscriber(socket)
        await socket.send(orjson.dumps({"type": "connection_init", "payload": init or {}}).decode())
        ack = await subscriber.message()
        assert ack["type"] == "connection_ack", ack
        yield subscriber
