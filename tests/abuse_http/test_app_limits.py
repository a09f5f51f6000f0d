"""Rate limits, /readyz with a full pool, secret-free settings errors, /metrics and header caps."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.abuse_http.support import SLOW_REFILL, STATS

READ_KEY, READ_ENTRY = new_key("reader", [Scope.READ])
METRICS_KEY, METRICS_ENTRY = new_key("prometheus", [Scope.METRICS])


@contextmanager
def app_with(base: Settings, **update: Any) -> Iterator[TestClient]:
    """A client of the app with rate limits on, the two keys, and `update` over `base`."""
    keys = [READ_ENTRY, METRICS_ENTRY]
    settings = base.model_copy(update={"api_keys": keys, "rate_limit": True, **update})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def bearer(key: str) -> dict[str, str]:
    """The header that presents `key`."""
    return {"authorization": f"Bearer {key}"}


# -- Rate limits ---------------------------------------------------------------------------


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
    # The wait covers opening a connection too, as `hold` does below: 2 s, since on a
    # loaded machine opening one has taken over 0.5 s (tests/test_cypher_abuse.py, warm).
    with app_with(settings, neo4j_pool_size=pool, neo4j_acquire_timeout=2.0) as client:
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
