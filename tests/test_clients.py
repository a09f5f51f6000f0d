"""The clients frontends use, against a live server: the graphql-http audit (GraphQL over
HTTP conformance), Apollo Client 4 with automatic persisted queries and batching, urql
with its persisted exchange. Pinned Node.js scripts in tests/clients (`make clients`,
which `make test` runs, installs them from their lock file)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from talentgraph.app import create_app
from talentgraph.settings import ROOT, Settings
from tests.live_server import serving

CLIENTS = ROOT / "tests" / "clients"


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js 20+ is needed for the client tests")
    if not (CLIENTS / "node_modules" / ".package-lock.json").is_file():
        pytest.fail("tests/clients is not installed: run `make clients` (make test does)")


def node(script: str, url: str) -> str:
    done = subprocess.run(
        ["node", script, f"{url}/graphql"],
        cwd=CLIENTS, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def url(seeded: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """The defaults, with batching on: GraphQL over GET stays off (persisted GETs run)."""
    with serving(create_app(settings.model_copy(update={"graphql_batch_max": 5}))) as base:
        yield base


@pytest.fixture(scope="module")
def get_url(seeded: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """GraphQL over GET on: urql's persisted exchange registers a text by GET too."""
    with serving(create_app(settings.model_copy(update={"graphql_get": True}))) as base:
        yield base


def audit(url: str) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in node("audit.mjs", url).splitlines()]
    return {line["id"]: line for line in lines}


def failures(results: dict[str, dict[str, Any]], level: str) -> list[dict[str, Any]]:
    return [r for r in results.values() if r["name"].startswith(level) and r["status"] != "ok"]


def test_graphql_over_http_audit_has_no_must_or_should_failures(url: str) -> None:
    results = audit(url)
    assert len(results) > 50
    assert failures(results, "MUST") == []
    assert failures(results, "SHOULD") == []
    # With GraphQL over GET off, only the MAYs about GET queries go unmet.
    assert {r["id"] for r in failures(results, "MAY")} == {"5A70", "D6D5", "6A70"}


def test_the_audit_passes_whole_with_get_on(get_url: str) -> None:
    results = audit(get_url)
    assert [r for r in results.values() if r["status"] != "ok"] == []


def test_apollo_client_persisted_queries_and_batching(url: str) -> None:
    out = json.loads(node("apollo.mjs", url))
    person = {"person": {"__typename": "Person", "id": "zhou-chang", "name": "Zhou Chang"}}
    for answer in ("first", "again", "viaGet", "person"):
        assert out[answer] == {"data": person, "error": None}, answer
    assert out["stats"]["data"]["stats"]["people"] > 0
    # The hash alone, refused as unknown (the code Apollo retries on); then the text.
    miss, register, hit = out["post"]
    assert (miss["sentQuery"], miss["codes"]) == (False, ["PERSISTED_QUERY_NOT_FOUND"])
    assert (register["sentQuery"], register["status"]) == (True, 200)
    assert (hit["method"], hit["sentQuery"], hit["status"]) == ("POST", False, 200)
    # Over GET, the hash alone is a cacheable read.
    (get,) = out["get"]
    assert (get["method"], get["sentQuery"], get["status"]) == ("GET", False, 200)
    assert get["etag"].startswith('W/"')
    # Apollo asks for application/graphql-response+json, and gets it.
    assert get["contentType"].startswith("application/graphql-response+json")
    (batch,) = out["batch"]
    assert (batch["batch"], batch["status"]) == (2, 200)


def test_urql_persisted_exchange(get_url: str) -> None:
    out = json.loads(node("urql.mjs", get_url))
    company = {"company": {"id": "alibaba-group", "name": "Alibaba Group"}}
    assert out["first"] == out["again"] == {"data": company, "error": None}
    miss, register, hit = out["log"]
    assert (miss["method"], miss["sentQuery"]) == ("GET", False)
    assert miss["codes"] == ["PERSISTED_QUERY_NOT_FOUND"]
    assert (register["method"], register["sentQuery"]) == ("GET", True)
    assert (hit["method"], hit["sentQuery"], hit["status"]) == ("GET", False, 200)
    assert hit["etag"].startswith('W/"')
