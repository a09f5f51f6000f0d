"""What the abuse tests share (tests/test_abuse_*.py): a writer's key, the app as a client and
in production, and the refusal every hostile request must get.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings

WRITE_KEY, WRITER = new_key("abuse-writer", [Scope.READ, Scope.WRITE])
WRITE = {"authorization": f"Bearer {WRITE_KEY}"}


def fan_out(levels: int) -> str:
    """`{...F0}`, each fragment spreading the next twice: 2**(levels-1) fields once inlined."""
    spreads = [f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(levels - 1)]
    return " ".join(["{...F0}", *spreads, f"fragment F{levels - 1} on Query {{__typename}}"])


@pytest.fixture(scope="module")
def base(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_keys": [WRITER]})


@pytest.fixture(scope="module")
def api(seeded: neo4j.Driver, base: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(base), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def production(base: Settings) -> Iterator[TestClient]:
    app = create_app(base.model_copy(update={"environment": "production"}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def gql(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refusal(body: dict[str, Any]) -> dict[str, Any]:
    """The single error of a request refused as the client's fault, before anything ran."""
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error
