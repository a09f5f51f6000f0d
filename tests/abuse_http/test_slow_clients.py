"""A real `talentgraph serve`: slow heads and bodies cut, /livez fast, a rate bucket per address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx2
import pytest

from talentgraph.settings import Settings
from tests.abuse_http.support import SLOW_REFILL, STATS

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
            except ConnectionResetError:
                break  # cut: the bytes sent after the server closed drew a reset
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
