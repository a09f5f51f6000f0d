"""Requests built to hurt the GraphQL layer: each is refused with a clear error, quickly,
while the service keeps answering everyone else (issue 13, docs/operations.md threat model).

Fragment fan-out and variable defaults that dodge the cost limit here; log floods in
tests/test_abuse_logs.py; schema hints, oversized ids, and names or URLs that hide what
they are in tests/test_abuse_inputs.py.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import neo4j
import pytest
import uvicorn
from graphql import parse
from starlette.testclient import TestClient

import schema
from schema.extensions import ParseOnceCache
from schema.limits import _Estimate
from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests import abuse
from tests.abuse import fan_out, gql, refusal

# The shared module-scoped fixtures (tests/abuse.py), under their names here.
api = abuse.api
base = abuse.base
production = abuse.production


# -- 1. Fragment fan-out: every check linear, the event loop free -------------------------


@pytest.fixture(scope="module")
def served(seeded: neo4j.Driver, base: Settings) -> Iterator[str]:
    """The app under a real uvicorn on a free loopback port: its own event loop, as in production."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(base), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


def test_fragment_fan_out_is_refused_and_livez_stays_responsive(served: str) -> None:
    attack = fan_out(21)  # 2**20 fields once inlined, from under 800 bytes
    answers: list[dict[str, Any]] = []

    def attacker() -> None:
        with httpx2.Client(base_url=served, timeout=60) as client:
            for _ in range(5):
                answers.append(client.post("/graphql", json={"query": attack}).json())

    attackers = [threading.Thread(target=attacker) for _ in range(4)]
    probes: list[float] = []
    with httpx2.Client(base_url=served, timeout=60) as client:
        client.get("/livez")  # the connection is open before the clock starts
        for thread in attackers:
            thread.start()
        while any(thread.is_alive() for thread in attackers) or len(probes) < 20:
            started = time.perf_counter()
            assert client.get("/livez").status_code == 200
            probes.append(time.perf_counter() - started)
            time.sleep(0.01)
    for thread in attackers:
        thread.join()

    assert len(answers) == 20
    for body in answers:
        assert "1,048,576 fields" in refusal(body)["message"]
    # Before the fix each attack held the event loop for 8-15 s; bounds stay generous
    # for a loaded machine.
    assert statistics.median(probes) < 0.1, probes
    assert max(probes) < 1.0, probes


@pytest.mark.parametrize("levels", [21, 45])  # 45: 89 spreads, under their cap
def test_fan_out_is_refused_by_its_inlined_size(api: TestClient, levels: int) -> None:
    message = refusal(gql(api, fan_out(levels)))["message"]
    assert f"{2 ** (levels - 1):,} fields" in message
    assert "5,000" in message


def test_fan_out_under_every_limit_is_served(api: TestClient) -> None:
    # 2**9 = 512 inlined fields: within the limits, so answered, and by graphql-core
    # merging the repeats, not by visiting each.
    body = gql(api, fan_out(10))
    assert body == {"data": {"__typename": "Query"}}


def test_fragment_spreads_are_capped(api: TestClient, base: Settings) -> None:
    over = base.max_fragment_spreads + 1
    query = "{ stats { " + "...S " * over + "} } fragment S on GraphStats { nodes }"
    message = refusal(gql(api, query))["message"]
    assert f"{over} fragment spreads" in message
    assert str(base.max_fragment_spreads) in message
    within = (
        "{ stats { "
        + "...S " * base.max_fragment_spreads
        + "} } fragment S on GraphStats { nodes }"
    )
    assert gql(api, within)["data"]["stats"]["nodes"] > 0


def test_depth_counts_through_fragments_once_each(api: TestClient, base: Settings) -> None:
    # Each fragment adds a level and is spread twice: depth 13 in a few fragments.
    levels = base.max_depth + 1
    parts = ['{ person(id: "zhou-chang") { ...P0 } }']
    for i in range(levels - 1):
        parts.append(
            f"fragment P{i} on Person {{ employments(first: 1) {{ nodes {{ person {{ ...P{i + 1} }} }} }} }}"
        )
    parts.append(f"fragment P{levels - 1} on Person {{ id }}")
    message = refusal(gql(api, " ".join(parts)))["message"]
    assert f"maximum operation depth of {base.max_depth}" in message


def test_aliases_count_every_spread_of_their_fragment(api: TestClient, base: Settings) -> None:
    # Strawberry's MaxAliasesLimiter counted this way; the linear rule must agree.
    per_fragment = base.max_aliases // 2 + 1
    aliases = " ".join(f"a{i}: nodes" for i in range(per_fragment))
    query = f"{{ stats {{ ...A ...B }} }} fragment A on GraphStats {{ ...C }} fragment B on GraphStats {{ ...C }} fragment C on GraphStats {{ {aliases} }}"
    message = refusal(gql(api, query))["message"]
    assert f"{2 * per_fragment} aliases found" in message


def test_cost_of_a_fragment_spread_twice(base: Settings) -> None:
    built = schema.build(base)._schema
    query = """{ people(first: 10) { nodes { ...E ...E } } }
    fragment E on Person { employments(first: 5) { nodes { role } } }"""
    # 10 people, and each spread of E asks 5 employments of each.
    assert _Estimate(built, parse(query), {}).total(None) == 10 + 2 * 50


def test_the_token_cap_is_enforced_by_the_parser(api: TestClient, base: Settings) -> None:
    # Comments are tokens to graphql-core's `max_tokens`: a document of nothing but
    # comments is refused while it is read, not after.
    query = "{ stats { nodes } }" + "\n#" * (base.max_tokens + 1)
    message = refusal(gql(api, query))["message"]
    assert message.startswith("Syntax Error")
    assert f"more than {base.max_tokens} tokens" in message


def test_the_parse_cache_still_serves_repeats(api: TestClient) -> None:
    cache: Any = ParseOnceCache().cached_parse_document  # an lru_cache wrapper
    query = "query ParsedOnce { stats { nodes } }"
    gql(api, query)
    hits = cache.cache_info().hits
    gql(api, query)
    assert cache.cache_info().hits == hits + 1


# -- 5. The cost as the query will run: variable defaults count ----------------------------

COSTLY = """query($a: Int = 10000, $b: Int = 1000) {
  people(first: $a) { nodes { employments(first: $b) { nodes { role } } } } }"""


def test_variable_defaults_count_in_the_cost(api: TestClient, seeded: neo4j.Driver) -> None:
    by_default = refusal(gql(api, COSTLY))["message"]
    sent = refusal(gql(api, COSTLY, {"a": 10000, "b": 1000}))["message"]
    assert "10,010,000 items" in by_default
    assert by_default == sent


def test_sent_values_override_the_defaults_in_the_cost(api: TestClient) -> None:
    body = gql(api, COSTLY, {"a": 2, "b": 3})
    assert "errors" not in body, body
    assert len(body["data"]["people"]["nodes"]) == 2


def test_an_unset_variable_without_default_counts_the_arguments_default(base: Settings) -> None:
    built = schema.build(base)._schema
    query = "query($n: Int) { people(first: 1000) { nodes { employments(first: $n) { nodes { id } } } } }"
    # Unset, `first` takes the field's default (20).
    assert _Estimate(built, parse(query), {}).total(None) == 1000 + 1000 * 20
