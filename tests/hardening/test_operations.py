"""What operators rely on: the production switches, CORS, request ids, metrics and logs."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import neo4j
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from talentgraph.logs import JsonFormatter
from talentgraph.settings import Settings
from tests.hardening.support import (
    STATS,
    app_with,
    error_codes,
    gql,
)

# -- Introspection and GraphiQL: on locally, off in production -------------------------

INTROSPECT = "{ __schema { queryType { name } } }"


def graphiql(client: TestClient) -> bool:
    response = client.get("/graphql", headers={"accept": "text/html"})
    return response.status_code == 200 and "graphiql" in response.text.lower()


def test_introspection_and_graphiql_on_by_default(api: TestClient, base_settings: Settings) -> None:
    assert base_settings.environment == "local"
    assert gql(api, INTROSPECT)["data"]["__schema"]["queryType"]["name"] == "Query"
    assert graphiql(api)


def test_introspection_and_graphiql_off_in_production(
    base_settings: Settings, seeded: neo4j.Driver
) -> None:
    # The test settings meet what production demands: a NEO4J_URI and a real password.
    Settings(
        NEO4J_URI=base_settings.neo4j_uri,
        NEO4J_PASSWORD=base_settings.password(),
        environment="production",
    )
    with app_with(base_settings, environment="production") as client:
        hidden = gql(client, INTROSPECT)
        typename = gql(client, "{ __typename stats { nodes } }")
        page = client.get("/graphql", headers={"accept": "text/html"})
    assert hidden["data"] is None
    assert set(error_codes(hidden)) == {"BAD_USER_INPUT"}
    assert "introspection has been disabled" in hidden["errors"][0]["message"]
    assert typename["data"]["__typename"] == "Query"  # only the schema is hidden
    assert typename["data"]["stats"]["nodes"] > 0
    assert 400 <= page.status_code < 500
    assert "graphiql" not in page.text.lower()


def test_production_switches_can_be_turned_back_on(base_settings: Settings) -> None:
    with app_with(
        base_settings, environment="production", introspection=True, graphiql=True
    ) as client:
        assert gql(client, INTROSPECT)["data"]["__schema"]["queryType"]["name"] == "Query"
        assert graphiql(client)


def test_production_refuses_default_secrets(base_settings: Settings) -> None:
    with pytest.raises(ValueError, match="NEO4J_PASSWORD"):
        Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="neo4j", environment="production")
    with pytest.raises(ValueError, match="NEO4J_URI"):
        Settings(NEO4J_URI=None, NEO4J_PASSWORD="a-real-one-1234", environment="production")


# -- CORS -----------------------------------------------------------------------------

ALLOWED = "https://app.example.com"


@pytest.fixture(scope="module")
def cors(seeded: neo4j.Driver, base_settings: Settings) -> Iterator[TestClient]:
    with app_with(base_settings, cors_origins=[ALLOWED]) as client:
        yield client


def test_cors_allows_a_listed_origin(cors: TestClient) -> None:
    response = cors.post("/graphql", json=STATS, headers={"origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "x-request-id" in response.headers["access-control-expose-headers"]
    preflight = cors.options(
        "/graphql",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    allowed_headers = preflight.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed_headers
    assert "authorization" in allowed_headers


@pytest.mark.parametrize(
    "origin", ["https://evil.example.com", "null", "https://app.example.com.evil.io"]
)
def test_cors_gives_nothing_to_other_origins(cors: TestClient, origin: str) -> None:
    response = cors.post("/graphql", json=STATS, headers={"origin": origin})
    assert "access-control-allow-origin" not in response.headers
    preflight = cors.options(
        "/graphql", headers={"origin": origin, "access-control-request-method": "POST"}
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


def test_no_cors_by_default(api: TestClient) -> None:
    response = api.post("/graphql", json=STATS, headers={"origin": ALLOWED})
    assert "access-control-allow-origin" not in response.headers


# -- Request ids ------------------------------------------------------------------------


def test_request_id_is_echoed(api: TestClient) -> None:
    response = api.post("/graphql", json=STATS, headers={"x-request-id": "client-chosen-42"})
    assert response.headers["x-request-id"] == "client-chosen-42"


def test_request_id_is_generated(api: TestClient) -> None:
    first = api.post("/graphql", json=STATS).headers["x-request-id"]
    second = api.get("/livez").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_request_id_is_capped(api: TestClient) -> None:
    response = api.get("/livez", headers={"x-request-id": "r" * 500})
    assert response.headers["x-request-id"] == "r" * 64


# -- Metrics and logs -------------------------------------------------------------------


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_metrics_after_traffic(api: TestClient) -> None:
    before = samples(api)
    gql(api, "query HardeningStats { stats { nodes } }")
    gql(api, 'query HardeningMissing { person(id: "no-such-person") { id } }')
    gql(api, "{ stats { nodez } }")
    api.get("/no/such/path/123")
    after = samples(api)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("talentgraph_requests_total", route="/graphql", status="200") == 3
    assert grew("talentgraph_requests_total", route="other", status="404") == 1
    assert grew("talentgraph_graphql_operation_seconds_count", operation="HardeningStats") == 1
    assert grew("talentgraph_graphql_operation_seconds_count", operation="HardeningMissing") == 1
    assert grew("talentgraph_neo4j_statement_seconds_count", query="graph_stats") == 1
    assert grew("talentgraph_neo4j_statement_seconds_count", query="entity_by_id") == 1
    assert grew("talentgraph_errors_total", code="NOT_FOUND") == 1
    assert grew("talentgraph_errors_total", code="BAD_USER_INPUT") == 1
    # Raw paths never become labels: the metric cannot grow without bound.
    assert not any("/no/such" in str(labels) for _, labels in after)


def test_access_log_is_json_with_the_request_id(
    api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="talentgraph")
    caplog.handler.setFormatter(JsonFormatter())
    api.post("/graphql", json=STATS, headers={"x-request-id": "log-line-7"})
    lines = [json.loads(line) for line in caplog.text.splitlines()]
    (access,) = [x for x in lines if x["logger"] == "talentgraph.access"]
    assert access["request_id"] == "log-line-7"
    assert access["method"] == "POST"
    assert access["path"] == "/graphql"
    assert access["status"] == 200
    assert isinstance(access["ms"], float)
    assert access["level"] == "info"


def test_json_formatter_outside_a_request() -> None:
    record = logging.LogRecord("talentgraph", logging.WARNING, __file__, 1, "x=%s", ("y",), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "x=y"
    assert entry["request_id"] is None
    assert entry["level"] == "warning"
