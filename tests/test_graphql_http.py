"""GraphQL over HTTP at the app: persisted GET reads with ETags that follow the graph,
trusted documents enforced, batches costed, and every HTTP refusal a JSON GraphQL error
with a code, CORS included (the clients themselves: tests/test_clients.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.persisted import sha256
from talentgraph.settings import DEV_ORIGINS, Settings
from tests.conftest import run

MODERN = {"accept": "application/graphql-response+json"}
STATS = "query Stats { stats { people } }"
KEY, KEY_ENTRY = new_key("http-reader", [Scope.READ])


@contextmanager
def app_with(settings: Settings, **update: Any) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update=update))) as client:
        yield client


def apq(query: str) -> dict[str, str]:
    """A hash-only GET's parameters."""
    ext = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
    return {"extensions": json.dumps(ext)}


def refusal(response: Any) -> dict[str, Any]:
    (error,) = response.json()["errors"]
    return error  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def api(seeded: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    with app_with(settings, api_keys=[KEY_ENTRY], graphql_batch_max=3) as client:
        yield client


def test_persisted_get_etag_follows_the_graph(api: TestClient, seeded: neo4j.Driver) -> None:
    assert refusal(api.get("/graphql", params=apq(STATS)))["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_FOUND"
    )
    api.post("/graphql", json={"query": STATS, "extensions": json.loads(apq(STATS)["extensions"])})
    first = api.get("/graphql", params=apq(STATS))
    people = first.json()["data"]["stats"]["people"]
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "Authorization" in first.headers["vary"]
    same = api.get("/graphql", params=apq(STATS), headers={"if-none-match": etag})
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", etag)
    run(seeded, "CREATE (:Entity:Person {id: 'http-etag-person', name: 'E'})")
    try:
        changed = api.get("/graphql", params=apq(STATS), headers={"if-none-match": etag})
    finally:
        run(seeded, "MATCH (n {id: 'http-etag-person'}) DETACH DELETE n")
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["data"]["stats"]["people"] == people + 1
    # A key's answer is its own: no shared cache keeps it.
    keyed = api.get("/graphql", params=apq(STATS), headers={"authorization": f"Bearer {KEY}"})
    assert keyed.headers["cache-control"] == "private, no-cache"
    assert keyed.headers["etag"] != changed.headers["etag"]


def test_persisted_queries_not_found_status_follows_the_media_type(api: TestClient) -> None:
    params = apq("{ stats { nodes } } # never sent")
    legacy = api.get("/graphql", params=params)
    modern = api.get("/graphql", params=params, headers=MODERN)
    assert legacy.status_code == 200
    assert modern.status_code == 404
    assert "data" not in modern.json()
    assert refusal(modern)["message"] == "PersistedQueryNotFound"  # what urql matches


def test_text_over_get_stays_off_and_mutations_need_post(api: TestClient) -> None:
    off = api.get("/graphql", params={"query": STATS})
    assert off.status_code == 405
    assert refusal(off)["extensions"] == {"code": "BAD_USER_INPUT", "rule": "get-off"}
    mutation = "mutation { __typename }"
    api.post(
        "/graphql", json={"query": mutation, "extensions": json.loads(apq(mutation)["extensions"])}
    )
    over_get = api.get("/graphql", params=apq(mutation))
    assert over_get.status_code == 405
    assert over_get.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("method", "headers", "body", "status", "rule"),
    [
        ("POST", {"content-type": "text/plain"}, b"{}", 415, "content-type"),
        ("POST", {"content-type": "application/json", "accept": "text/csv"}, b"{}", 406, "accept"),
        ("PUT", {"content-type": "application/json"}, b"{}", 405, "method"),
        ("POST", {"content-type": "application/json"}, b"{", 400, "not-json"),
    ],
)
def test_http_refusals_are_graphql_errors(
    api: TestClient, method: str, headers: dict[str, str], body: bytes, status: int, rule: str
) -> None:
    response = api.request(method, "/graphql", content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert refusal(response)["extensions"] == {"code": "BAD_USER_INPUT", "rule": rule}


def test_a_batch_runs_in_order_each_operation_costed(api: TestClient) -> None:
    nested = "{ people(first: 1000) { nodes { employments(first: 1000) { nodes { id } } } } }"
    batch = [{"query": STATS}, {"query": nested}, {"query": "{ __typename }"}]
    answers = api.post("/graphql", json=batch).json()
    assert answers[0]["data"]["stats"]["people"] > 0
    assert "over the limit" in answers[1]["errors"][0]["message"]
    assert answers[2] == {"data": {"__typename": "Query"}}
    over = api.post("/graphql", json=[{"query": STATS}] * 4)
    assert refusal(over)["extensions"]["rule"] == "batch-too-large"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trusted") / "persisted-documents.json"
    path.write_text(json.dumps({"c0ffee": STATS, sha256("{ __typename }"): "{ __typename }"}))
    return path


def test_trusted_documents_enforced(
    seeded: neo4j.Driver, settings: Settings, manifest: Path
) -> None:
    with app_with(settings, trusted_documents=manifest, trusted_documents_only=True) as client:
        by_id = client.post("/graphql", json={"documentId": "c0ffee"})
        relay = client.get("/graphql", params={"doc_id": "c0ffee"})
        same_text = client.post("/graphql", json={"query": STATS})
        other = client.post("/graphql", json={"query": "{ stats { nodes } }"}, headers=MODERN)
        unknown = client.post("/graphql", json={"documentId": "nope"}, headers=MODERN)
    for answer in (by_id, relay, same_text):
        assert answer.json()["data"]["stats"]["people"] > 0
    assert relay.headers["etag"]
    for refused in (other, unknown):
        assert refused.status_code == 403
        assert refusal(refused)["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


def test_an_unreadable_manifest_stops_the_start(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        create_app(settings.model_copy(update={"trusted_documents": tmp_path / "missing.json"}))


ORIGIN = "http://localhost:5173"


def test_cors_dev_origins_with_apollo_headers(seeded: neo4j.Driver, settings: Settings) -> None:
    assert ORIGIN in DEV_ORIGINS
    with app_with(settings, cors_dev_origins=True, max_body_bytes=1_000) as client:
        preflight = client.options("/graphql", headers={
            "origin": ORIGIN, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, apollographql-client-name, "
                                              "apollographql-client-version"})  # fmt: skip
        refused = client.options("/graphql", headers={
            "origin": "https://elsewhere.example", "access-control-request-method": "POST"})  # fmt: skip
        too_large = client.post("/graphql", json={"query": "x" * 2_000}, headers={"origin": ORIGIN})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "apollographql-client-name" in preflight.headers["access-control-allow-headers"]
    assert refused.status_code == 400
    assert refusal(refused)["extensions"] == {"code": "BAD_USER_INPUT", "rule": "cors"}
    # Refusals below CORS reach the browser readable.
    assert too_large.status_code == 413
    assert too_large.headers["access-control-allow-origin"] == ORIGIN
    assert refusal(too_large)["extensions"]["rule"] == "too-large"


def test_dev_origins_are_refused_in_production(settings: Settings) -> None:
    with pytest.raises(ValueError, match="cors_dev_origins"):
        Settings(NEO4J_URI=settings.neo4j_uri, NEO4J_PASSWORD="a-real-one-1234",
                 environment="production", cors_dev_origins=True)  # fmt: skip
