"""Who may subscribe, and the limits, over both protocols: every refusal names its code."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import orjson
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.subscriptions.support import (
    CHANGES,
    KEYS,
    METRICS_KEY,
    MULTIPART,
    READ_KEY,
    UPSERT,
    WRITE_KEY,
    bearer,
)

PROTOCOL = ["graphql-transport-ws"]


@pytest.fixture(scope="module")
def client(graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    limits = {"api_keys": KEYS, "anonymous_read": False, "subscriptions_per_connection": 2,
              "subscriptions_per_key": 3, "subscription_init_seconds": 0.5}  # fmt: skip
    with TestClient(create_app(settings.model_copy(update=limits))) as c:
        yield c


@contextmanager
def connected(client: TestClient, init: dict[str, Any] | None = None) -> Iterator[Any]:
    with client.websocket_connect("/graphql", subprotocols=PROTOCOL) as socket:
        socket.send_json({"type": "connection_init", "payload": init or {}})
        assert socket.receive_json()["type"] == "connection_ack"
        yield socket


def refusal(socket: Any, id: str = "1", **payload: Any) -> dict[str, Any]:
    """The one error a subscribe message gets, as an `error` or a `next` that ends it."""
    socket.send_json({"id": id, "type": "subscribe",
                      "payload": {"query": CHANGES, **payload}})  # fmt: skip
    message = socket.receive_json()
    assert message["id"] == id, message
    assert message["type"] in ("error", "next"), message
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    (error,) = errors
    return dict(error)


def over_http(client: TestClient, headers: dict[str, str], query: str = CHANGES) -> dict[str, Any]:
    """The first part of a multipart subscription that is refused (and so ends)."""
    with client.stream("POST", "/graphql", json={"query": query},
                       headers={"accept": MULTIPART, **headers}) as response:  # fmt: skip
        assert response.status_code == 200
        body = response.read()
    found = [orjson.loads(p.split(b"\r\n\r\n", 1)[1]) for p in body.split(b"\r\n--graphql")
             if b"\r\n\r\n" in p]  # fmt: skip
    (part,) = [p for p in found if p]
    return dict(part["payload"])


def code(error: dict[str, Any]) -> str:
    return str(error["extensions"]["code"])


def test_anonymous_subscribers_are_unauthenticated(client: TestClient) -> None:
    with connected(client) as socket:
        assert code(refusal(socket)) == "UNAUTHENTICATED"
    assert code(over_http(client, {})["errors"][0]) == "UNAUTHENTICATED"


def test_a_key_without_read_is_forbidden_and_a_bad_key_unauthenticated(client: TestClient) -> None:
    with connected(client, {"Authorization": f"Bearer {METRICS_KEY}"}) as socket:
        assert code(refusal(socket)) == "FORBIDDEN"
    with connected(client, {"Authorization": "Bearer not-a-key"}) as socket:
        assert code(refusal(socket)) == "UNAUTHENTICATED"
    assert code(over_http(client, bearer(METRICS_KEY))["errors"][0]) == "FORBIDDEN"


def test_subscriptions_per_connection_and_per_key_are_capped(client: TestClient) -> None:
    reader = {"Authorization": f"Bearer {READ_KEY}"}
    with connected(client, reader) as first, connected(client, reader) as second:
        for id in ("a", "b"):
            first.send_json({"id": id, "type": "subscribe", "payload": {"query": CHANGES}})
        error = refusal(first, "c")
        assert (code(error), error["extensions"]["rule"]) == (
            "RATE_LIMITED",
            "subscriptions-per-connection",
        )
        second.send_json({"id": "d", "type": "subscribe", "payload": {"query": CHANGES}})
        error = refusal(second, "e")
        assert (code(error), error["extensions"]["rule"]) == (
            "RATE_LIMITED",
            "subscriptions-per-key",
        )
        assert second.receive_json() == {"id": "e", "type": "complete"}
        second.send_json({"type": "ping"})
        assert second.receive_json()["type"] == "pong"


def test_documents_go_through_the_query_limits_and_persisted_rules(client: TestClient) -> None:
    with connected(client, {"Authorization": f"Bearer {READ_KEY}"}) as socket:
        aliases = " ".join(f"a{i}: seq" for i in range(40))
        error = refusal(socket, "1", query=f"subscription {{ changes {{ {aliases} }} }}")
        assert code(error) == "BAD_USER_INPUT"
        assert "alias" in error["message"]
        unknown = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
        socket.send_json({"id": "2", "type": "subscribe", "payload": {"extensions": unknown}})
        message = socket.receive_json()
        assert message["type"] == "error"
        assert code(message["payload"][0]) == "PERSISTED_QUERY_NOT_FOUND"


def test_a_subscription_over_http_needs_a_multipart_accept(client: TestClient) -> None:
    answer = client.post("/graphql", json={"query": CHANGES}, headers=bearer(READ_KEY))
    assert answer.status_code == 406
    assert answer.json()["errors"][0]["extensions"]["rule"] == "subscription-accept"


def test_a_socket_that_never_sends_connection_init_is_closed_4408(client: TestClient) -> None:
    with (client.websocket_connect("/graphql", subprotocols=PROTOCOL) as socket,
          pytest.raises(WebSocketDisconnect) as closed):  # fmt: skip
        socket.receive_json()
    assert closed.value.code == 4408


def test_a_subscriber_too_far_behind_is_told_to_resume_from_its_cursor(
    graph: neo4j.Driver, settings: Settings
) -> None:
    # A buffer of one change and a slow poll: three writes land in one poll, so the
    # second finds the subscriber's buffer full (it has had no turn to take the first).
    slow = {"api_keys": KEYS, "subscription_buffer": 1, "subscription_poll_seconds": 5.0}
    with TestClient(create_app(settings.model_copy(update=slow))) as client:
        query = 'subscription($after: Int) { changes(after: $after, ids: ["sub-person"]) { seq } }'
        with connected(client) as socket:
            socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
            time.sleep(1)  # live, the feed asleep until its next poll
            for i in range(3):
                write_in(client, f"Sub Person (slow {i})")
            first = socket.receive_json()
            ended = socket.receive_json()
        seq = first["payload"]["data"]["changes"]["seq"]
        (error,) = ended["payload"]["errors"]
        assert code(error) == "SLOW_CONSUMER"
        assert error["extensions"]["after"] == seq
        with connected(client) as socket:
            variables = {"after": seq}
            socket.send_json({"id": "2", "type": "subscribe",
                              "payload": {"query": query, "variables": variables}})  # fmt: skip
            rest = [socket.receive_json()["payload"]["data"]["changes"]["seq"] for _ in range(2)]
        assert rest == [seq + 1, seq + 2]


def write_in(client: TestClient, name: str) -> None:
    variables = {"input": {"id": "sub-person", "name": name, "sources": ["src-sub"]}}
    answer = client.post("/graphql", json={"query": UPSERT, "variables": variables},
                         headers=bearer(WRITE_KEY))  # fmt: skip
    assert "errors" not in answer.json(), answer.json()


def test_a_socket_with_no_subscription_open_is_closed_when_idle(
    graph: neo4j.Driver, settings: Settings
) -> None:
    with (
        TestClient(
            create_app(settings.model_copy(update={"subscription_idle_seconds": 0.5}))
        ) as client,
        connected(client) as socket,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        socket.receive_json()
    assert closed.value.code == 1000
