"""The attackers of `make loadtest MODE=abuse`: the hostile requests of issue 13.

They run in a process of their own, so their CPU on the client side does not slow
the normal clients' event loop, each attack from its own loopback address (the
rate limits are per address), until a deadline. Each attack counts what it got
back: HTTP statuses, `cut` for a connection the server closed on a slow client
without an answer, `still open at the end` for one it had not cut by the deadline,
or the kind of transport error.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx2

# Attack name -> (address, concurrent loops); the addresses are loopback only.
ATTACKS: dict[str, tuple[str, int]] = {
    "fragments": ("127.0.200.1", 2),  # fragment fan-out: 21 levels, each spread twice
    "nesting": ("127.0.200.2", 2),  # Cypher nested 5,000 parentheses deep
    "oversized": ("127.0.200.3", 1),  # a Cypher answer of about 170 MB
    "flood": ("127.0.200.4", 10),  # cheap queries back to back, one address
    "slow-heads": ("127.0.200.5", 20),  # headers a byte a second (slowloris)
    "slow-bodies": ("127.0.200.6", 20),  # a body a byte a second
}


def fragment_bomb(levels: int = 20) -> str:
    """753 bytes whose spreads double at each level: 2^20 visits for a naive walk."""
    spreads = " ".join(f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(levels))
    return f"{{...F0}} {spreads} fragment F{levels} on Query {{__typename}}"


DEEP_CYPHER = "RETURN " + "(" * 5_000 + "1" + ")" * 5_000
OVERSIZED_CYPHER = "UNWIND range(1, 1000) AS i RETURN i, range(1, 30000)"
CHEAP = {"query": "{ stats { nodes } }"}


def run_attackers(
    base: str, cypher_key: str, seconds: float, attacks: list[str]
) -> dict[str, dict[str, int]]:
    """Every attack named, until `seconds` have passed; what each one got back."""
    return asyncio.run(_attack(base, cypher_key, seconds, attacks))


async def _attack(
    base: str, cypher_key: str, seconds: float, attacks: list[str]
) -> dict[str, dict[str, int]]:
    deadline = time.monotonic() + seconds
    outcomes: dict[str, Counter[str]] = {name: Counter() for name in attacks}
    port = int(base.rsplit(":", 1)[1])
    loops: list[Awaitable[None]] = []
    for name in attacks:
        address, count = ATTACKS[name]
        one = _ATTACK_LOOPS[name]
        loops += [
            one(base, port, address, cypher_key, deadline, outcomes[name]) for _ in range(count)
        ]
    await asyncio.gather(*loops)
    return {name: dict(counts) for name, counts in outcomes.items()}


def _client(base: str, address: str, timeout: float = 60) -> httpx2.AsyncClient:
    transport = httpx2.AsyncHTTPTransport(local_address=address)
    return httpx2.AsyncClient(base_url=base, transport=transport, timeout=timeout, trust_env=False)


async def _posting(
    base: str, address: str, deadline: float, seen: Counter[str], path: str, body: dict[str, str],
    headers: dict[str, str] | None = None,
) -> None:  # fmt: skip
    async with _client(base, address) as http:
        while time.monotonic() < deadline:
            try:
                # Streamed and dropped: an attacker does not keep what it asked for.
                async with http.stream("POST", path, json=body, headers=headers) as response:
                    async for _ in response.aiter_raw():
                        pass
                seen[str(response.status_code)] += 1
            except httpx2.TransportError as e:
                seen[type(e).__name__] += 1
            # No backoff, Retry-After or not: that is what makes it an attack.


async def _fragments(base: str, port: int, address: str, key: str, deadline: float,
                     seen: Counter[str]) -> None:  # fmt: skip
    await _posting(base, address, deadline, seen, "/graphql", {"query": fragment_bomb()})


async def _nesting(base: str, port: int, address: str, key: str, deadline: float,
                   seen: Counter[str]) -> None:  # fmt: skip
    await _posting(base, address, deadline, seen, "/cypher", {"query": DEEP_CYPHER},
                   {"authorization": f"Bearer {key}"})  # fmt: skip


async def _oversized(base: str, port: int, address: str, key: str, deadline: float,
                     seen: Counter[str]) -> None:  # fmt: skip
    await _posting(base, address, deadline, seen, "/cypher", {"query": OVERSIZED_CYPHER},
                   {"authorization": f"Bearer {key}"})  # fmt: skip


async def _flood(base: str, port: int, address: str, key: str, deadline: float,
                 seen: Counter[str]) -> None:  # fmt: skip
    await _posting(base, address, deadline, seen, "/graphql", CHEAP)


async def _trickle(port: int, address: str, deadline: float, seen: Counter[str],
                   head: bytes, drip: bytes) -> None:  # fmt: skip
    """Send `head`, then `drip` once a second, until the server answers or closes."""
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, local_addr=(address, 0)
            )
        except OSError as e:
            seen[type(e).__name__] += 1
            await asyncio.sleep(1)
            continue
        try:
            writer.write(head)
            answer = b""
            while time.monotonic() < deadline and not reader.at_eof():
                try:
                    answer = await asyncio.wait_for(reader.read(1024), timeout=1)
                except TimeoutError:
                    writer.write(drip)
                    continue
                break
            if answer:
                seen[answer.split(b" ", 2)[1].decode()] += 1
            elif time.monotonic() < deadline:
                seen["cut"] += 1
            else:
                seen["still open at the end"] += 1
        except (ConnectionError, OSError):
            seen["cut"] += 1
        finally:
            writer.close()


async def _slow_heads(base: str, port: int, address: str, key: str, deadline: float,
                      seen: Counter[str]) -> None:  # fmt: skip
    await _trickle(port, address, deadline, seen,
                   b"GET /livez HTTP/1.1\r\nhost: loadtest\r\nx-slow: ", b"a")  # fmt: skip


async def _slow_bodies(base: str, port: int, address: str, key: str, deadline: float,
                       seen: Counter[str]) -> None:  # fmt: skip
    head = (b"POST /graphql HTTP/1.1\r\nhost: loadtest\r\ncontent-type: application/json\r\n"
            b"content-length: 1000\r\n\r\n")  # fmt: skip
    await _trickle(port, address, deadline, seen, head, b" ")


_ATTACK_LOOPS: dict[str, Callable[[str, int, str, str, float, Counter[str]], Awaitable[None]]] = {
    "fragments": _fragments,
    "nesting": _nesting,
    "oversized": _oversized,
    "flood": _flood,
    "slow-heads": _slow_heads,
    "slow-bodies": _slow_bodies,
}
