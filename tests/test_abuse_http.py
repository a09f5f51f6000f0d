"""No single client takes the service down over HTTP (issue 13, the HTTP side).

Rate limits per key and per address, /readyz that measures the database and not
the pool's queue, caps on header size and on the time a request's head and body
may take (against a real `talentgraph serve` on a free loopback port), settings
errors that never echo a secret, and /metrics behind a key with bounded labels.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
import neo4j
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings

STATS = {"query": "{ stats { nodes } }"}
READ_KEY, READ_ENTRY = new_key("reader", [Scope.READ])
METRICS_KEY, METRICS_ENTRY = new_key("prometheus", [Scope.METRICS])


@contextmanager
def app_with(base: Settings, **update: Any) -> Iterator[TestClient]:
    keys = [READ_ENTRY, METRICS_ENTRY]
    settings = base.model_copy(update={"api_keys": keys, "rate_limit": True, **update})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


# -- Rate limits ---------------------------------------------------------------------------

# A bucket that refills once in 1,000 s: the tests never wait for it.
SLOW_REFILL = 0.001


def test_an_address_past_its_burst_gets_429_with_retry_after(settings: Settings) -> None:
    with app_with(
        settings, rate_limit_address_per_second=SLOW_REFILL, rate_limit_address_burst=3
    ) as client:
        answers = [client.post("/graphql", json=STATS) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        limited = answers[-1]
        (error,) = limited.json()["errors"]  # a GraphQL error, as GraphQL clients read them
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert "client address" in error["message"]
        assert int(limited.headers["retry-after"]) >= 1
        # Probes are never limited: a busy client must not make an instance look dead.
        for _ in range(5):
            assert client.get("/livez").status_code == 200
            assert client.get("/readyz").status_code == 200
        # An invented key buys no fresh bucket: it counts against the address.
        assert client.post("/graphql", json=STATS, headers=bearer("made-up")).status_code == 429


def test_keys_have_buckets_of_their_own(settings: Settings) -> None:
    with app_with(
        settings,
        rate_limit_address_per_second=SLOW_REFILL,
        rate_limit_address_burst=1,
        rate_limit_key_per_second=SLOW_REFILL,
        rate_limit_key_burst=2,
    ) as client:
        assert client.post("/graphql", json=STATS).status_code == 200
        assert client.post("/graphql", json=STATS).status_code == 429
        # Same address, with a key: the key's bucket, not the address's.
        keyed = [client.post("/graphql", json=STATS, headers=bearer(READ_KEY)) for _ in range(3)]
        assert [a.status_code for a in keyed] == [200, 200, 429]
        (error,) = keyed[-1].json()["errors"]
        assert "API key" in error["message"]
        assert error["extensions"]["code"] == "RATE_LIMITED"


def test_rate_limits_can_be_switched_off(settings: Settings) -> None:
    with app_with(
        settings,
        rate_limit=False,
        rate_limit_address_per_second=SLOW_REFILL,
        rate_limit_address_burst=1,
    ) as client:
        assert {client.post("/graphql", json=STATS).status_code for _ in range(5)} == {200}


# -- /readyz measures the database, not the queue ---------------------------------------------


def test_readyz_answers_while_every_pooled_connection_is_busy(
    settings: Settings, empty_graph: neo4j.Driver
) -> None:
    pool = 2
    with app_with(settings, neo4j_pool_size=pool, neo4j_acquire_timeout=0.5) as client:
        graph = client.app.state.graph  # type: ignore[attr-defined]
        assert client.portal is not None

        async def hold() -> list[Any]:
            """Open read transactions on every pooled connection, as slow reads would."""
            held = []
            for _ in range(pool):
                session = graph.driver.session(database="neo4j")
                tx = await session.begin_transaction()
                await (await tx.run("RETURN 1")).consume()
                held.append((session, tx))
            return held

        async def release(held: list[Any]) -> None:
            for session, tx in held:
                await tx.rollback()
                await session.close()

        held = client.portal.call(hold)
        try:
            # The pool is saturated: a GraphQL read finds no connection in time.
            (error,) = client.post("/graphql", json=STATS).json()["errors"]
            assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            ready = client.get("/readyz")
            assert ready.status_code == 200, ready.text
        finally:
            client.portal.call(release, held)
        assert client.post("/graphql", json=STATS).json() == {"data": {"stats": {"nodes": 0}}}


# -- Secrets are never echoed ----------------------------------------------------------------

SECRET = "Zq9-unmistakable-password-4242"


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"NEO4J_PASSWORD": SECRET}, "NEO4J_URI"),  # no NEO4J_URI: the check sees every input
        ({"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "changeme"}, "NEO4J_PASSWORD"),
        ({"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": SECRET, "port": "x"}, "port"),
    ],
    ids=["missing-uri", "weak-password", "another-field"],
)
def test_settings_errors_name_the_setting_never_the_secret(
    given: dict[str, str], named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(ValidationError) as rejected:
        Settings(environment="production", **given)  # type: ignore[arg-type]
    text = str(rejected.value)
    assert named in text
    password = given["NEO4J_PASSWORD"]
    assert password[:4] not in text


def test_a_rejected_production_start_prints_no_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TALENTGRAPH_"))}
    env |= {"TALENTGRAPH_ENVIRONMENT": "production", "NEO4J_PASSWORD": SECRET}
    started = subprocess.run(
        [sys.executable, "-m", "talentgraph.cli", "serve", "--port", "1"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert started.returncode == 1
    assert "NEO4J_URI must be set in production" in started.stderr
    assert SECRET[:4] not in started.stderr + started.stdout
    assert "Traceback" not in started.stderr


# -- /metrics: a key in production, bounded labels ---------------------------------------------


def operation_counts(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    return {
        s.labels["operation"]: s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
        if s.name == "talentgraph_graphql_operation_seconds_count"
    }


def test_metrics_need_the_metrics_scope_where_not_public(settings: Settings) -> None:
    with app_with(settings, metrics_public=False) as client:
        anonymous = client.get("/metrics")
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"] == "Bearer"
        assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"
        reader = client.get("/metrics", headers=bearer(READ_KEY))
        assert reader.status_code == 403
        assert reader.json()["error"]["code"] == "FORBIDDEN"
        assert (
            "talentgraph_requests_total" in client.get("/metrics", headers=bearer(METRICS_KEY)).text
        )
    with app_with(settings, environment="production") as client:
        assert client.get("/metrics").status_code == 401
    with app_with(settings) as client:  # locally, open
        assert client.get("/metrics").status_code == 200


def test_only_known_operation_names_become_labels(settings: Settings) -> None:
    with app_with(settings, metrics_operations=["KnownStats"]) as client:
        before = operation_counts(client)
        for name in ("KnownStats", "Random8f3a", "Random77c1"):
            client.post("/graphql", json={"query": f"query {name} {{ stats {{ nodes }} }}"})
        client.post("/graphql", json=STATS)
        after = operation_counts(client)
    grew = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    assert grew["KnownStats"] == 1
    assert grew["other"] == 2
    assert grew["anonymous"] == 1
    assert not any(k.startswith("Random") for k in after)


def test_production_labels_no_name_unless_listed(settings: Settings) -> None:
    with app_with(settings, environment="production") as client:
        before = operation_counts(client, bearer(METRICS_KEY))
        client.post("/graphql", json={"query": "query ProdUnlisted { stats { nodes } }"})
        after = operation_counts(client, bearer(METRICS_KEY))
    assert "ProdUnlisted" not in after
    assert after["other"] - before.get("other", 0) == 1


# -- Header size, in the app ----------------------------------------------------------------


def test_oversized_headers_get_431(settings: Settings) -> None:
    with app_with(settings, max_header_bytes=4_096) as client:
        response = client.post("/graphql", json=STATS, headers={"x-padding": "a" * 5_000})
        assert response.status_code == 431
        assert response.json()["errors"][0]["extensions"]["rule"] == "headers-too-large"
        assert client.post("/graphql", json=STATS, headers={"x-padding": "a" * 100}).is_success


# -- A real server: slow heads and bodies are cut, /livez stays fast -----------------------------

HEAD_TIMEOUT = 1.5
BODY_TIMEOUT = 1.5
# Generous: the machine is shared, and only "cut at all, in bounded time" matters.
CUT_WITHIN = HEAD_TIMEOUT + 8.0
LIVEZ_WITHIN = 0.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`talentgraph serve` on a free loopback port, with short head and body timeouts."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TALENTGRAPH_"))}
    env |= {
        "NEO4J_URI": settings.bolt_uri(),
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
        "TALENTGRAPH_ANONYMOUS_READ": "true",
        "TALENTGRAPH_HEADER_TIMEOUT_SECONDS": str(HEAD_TIMEOUT),
        "TALENTGRAPH_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "TALENTGRAPH_MAX_HEADER_BYTES": "8192",
        "TALENTGRAPH_RATE_LIMIT_ADDRESS_PER_SECOND": str(SLOW_REFILL),
        "TALENTGRAPH_RATE_LIMIT_ADDRESS_BURST": "3",
    }
    log = tmp_path_factory.mktemp("live") / "serve.log"
    argv = [sys.executable, "-m", "talentgraph.cli", "serve", "--host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx2.get(f"{base}/livez", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def connect(base: str, source: str = "127.0.0.1") -> socket.socket:
    port = int(base.rsplit(":", 1)[1])
    return socket.create_connection(
        ("127.0.0.1", port), timeout=CUT_WITHIN, source_address=(source, 0)
    )


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; a timeout means it never closed."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def livez_latency(base: str) -> float:
    started = time.perf_counter()
    assert httpx2.get(f"{base}/livez", timeout=5, trust_env=False).status_code == 200
    return time.perf_counter() - started


def test_a_client_that_sends_nothing_is_cut(live: str) -> None:
    with connect(live) as sock:
        started = time.monotonic()
        assert read_until_closed(sock).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < CUT_WITHIN


def test_headers_sent_byte_by_byte_are_cut_while_livez_answers(live: str) -> None:
    with connect(live) as sock:
        sock.sendall(b"GET /livez HTTP/1.1\r\nhost: x\r\n")
        started = time.monotonic()
        sock.settimeout(0.3)
        latencies = []
        answer = b""
        while time.monotonic() - started < CUT_WITHIN:
            try:
                sock.sendall(b"x")  # one byte of a header name that never ends
            except (BrokenPipeError, ConnectionResetError):
                break
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                latencies.append(livez_latency(live))
                continue
            answer += chunk
            if not chunk:
                break
        elapsed = time.monotonic() - started
    assert elapsed < CUT_WITHIN, "the trickling client was never cut"
    assert answer.startswith(b"HTTP/1.1 408") or answer == b""
    assert latencies, "no /livez was sent during the attack"
    assert max(latencies) < LIVEZ_WITHIN, latencies


def test_oversized_headers_are_refused_before_they_end(live: str) -> None:
    with connect(live) as sock:
        # 20 KB of one header that has not ended: refused without waiting for the rest.
        sock.sendall(b"GET /livez HTTP/1.1\r\nhost: x\r\nx-padding: " + b"a" * 20_000)
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]


def test_a_stalled_body_is_cut_with_408(live: str) -> None:
    with connect(live, "127.0.0.2") as sock:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                     b"content-length: 100\r\n\r\n{\"query\": ")  # fmt: skip
        started = time.monotonic()
        answer = read_until_closed(sock)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"rule":"body-timeout"' in answer
    assert elapsed < CUT_WITHIN


def test_a_trickled_body_is_cut_with_408(live: str) -> None:
    with connect(live, "127.0.0.3") as sock:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                     b"content-length: 1000\r\n\r\n")  # fmt: skip
        sock.settimeout(0.3)
        started = time.monotonic()
        answer = b""
        while time.monotonic() - started < CUT_WITHIN:
            try:
                sock.sendall(b" ")  # a byte at a time: each read comes, the whole never does
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if answer:
                break
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_each_address_has_its_own_bucket(live: str) -> None:
    def post(source: str) -> int:
        transport = httpx2.HTTPTransport(local_address=source)
        with httpx2.Client(base_url=live, transport=transport, trust_env=False) as http:
            return http.post("/graphql", json=STATS).status_code

    assert [post("127.0.0.4") for _ in range(4)] == [200, 200, 200, 429]
    assert post("127.0.0.5") == 200
