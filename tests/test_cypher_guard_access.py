"""Who may use the Cypher endpoint and within what bounds: keys and scopes, bad
requests, length and parameter caps, the timeout, and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import orjson
import pytest
from starlette.testclient import TestClient

from talentgraph import settings as settings_module
from talentgraph.app import create_app
from talentgraph.cli import main
from talentgraph.cypher_text import check_text
from talentgraph.errors import Refused
from talentgraph.settings import Settings
from tests import cypher_guard
from tests.conftest import run
from tests.cypher_guard import (
    CASES,
    POWER_KEY,
    READER_KEY,
    app_settings,
    bearer,
    cypher,
    snapshot,
)

# The shared module-scoped fixtures (tests/cypher_guard.py), under their names here.
api = cypher_guard.api
graph = cypher_guard.graph


@pytest.mark.parametrize(
    ("headers", "path", "status", "code", "rule"),
    [
        ({}, "/cypher", 401, "UNAUTHENTICATED", "api-key"),
        (bearer("not-a-key"), "/cypher", 401, "UNAUTHENTICATED", "api-key"),
        ({"authorization": "Basic abc"}, "/cypher", 401, "UNAUTHENTICATED", "api-key"),
        (bearer(READER_KEY), "/cypher", 403, "FORBIDDEN", "scope"),
        ({}, "/cypher/queries", 401, "UNAUTHENTICATED", "api-key"),
        (bearer("not-a-key"), "/cypher/queries", 401, "UNAUTHENTICATED", "api-key"),
    ],
)
def test_keys_and_scopes(
    api: TestClient, headers: dict[str, str], path: str, status: int, code: str, rule: str
) -> None:
    if path == "/cypher":
        response = api.post(path, json={"query": "RETURN 1"}, headers=headers)
    else:
        response = api.get(path, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["rule"] == rule
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_anonymous_read_lists_but_never_runs(settings: Settings, graph: neo4j.Driver) -> None:
    with TestClient(create_app(app_settings(settings, anonymous_read=True))) as anonymous:
        assert anonymous.get("/cypher/queries").status_code == 200
        response = anonymous.post("/cypher", json={"query": "RETURN 1"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(("content", "content_type", "rule"), CASES["bad_requests"])
def test_bad_requests_are_400_with_a_rule(
    api: TestClient, content: str, content_type: str, rule: str
) -> None:
    headers = {**bearer(POWER_KEY), "content-type": content_type}
    response = api.post("/cypher", content=content.encode(), headers=headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["rule"]) == ("BAD_USER_INPUT", rule)
    assert rule in error["message"]
    assert "java" not in error["message"].lower()
    assert "\n" not in error["message"]


def test_length_and_params_caps(api: TestClient, settings: Settings) -> None:
    long_query = "RETURN 1 AS x" + " " * settings.cypher_max_length
    assert cypher(api, long_query).json()["error"]["rule"] == "too-long"
    big = {"blob": "x" * settings.cypher_max_params_bytes}
    assert cypher(api, "RETURN $blob", big).json()["error"]["rule"] == "params-too-large"
    huge = b'{"query": "' + b"x" * 1_000_000 + b'"}'
    response = api.post("/cypher", content=huge, headers={**bearer(POWER_KEY),
                        "content-type": "application/json"})  # fmt: skip
    assert response.json()["error"]["rule"] == "too-large"
    with pytest.raises(Refused, match="params-invalid"):
        check_text("RETURN $n", {"n": 2**70}, settings)  # Neo4j integers are 64-bit


def test_timeout_is_refused_cleanly_and_the_database_still_answers(
    settings: Settings, graph: neo4j.Driver
) -> None:
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*)"
    with TestClient(create_app(app_settings(settings, cypher_timeout_seconds=1.0))) as c:
        response = cypher(c, slow)
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "TIMEOUT"
        assert response.json()["error"]["rule"] == "timeout"
        assert cypher(c, "RETURN 1 AS ok").json()["rows"] == [[1]]
    assert run(graph, "RETURN 1 AS ok") == [{"ok": 1}]


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Iterator[None]:
    """The CLI reads get_settings(): point it at the test Neo4j."""
    monkeypatch.setenv("NEO4J_URI", settings.bolt_uri())
    monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.password())
    settings_module.get_settings.cache_clear()
    yield
    settings_module.get_settings.cache_clear()


def test_cli_runs_read_queries(
    cli_env: None, graph: neo4j.Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "MATCH (c:Company {id: $id}) RETURN c.name AS name, c.kind AS kind"
    assert main(["cypher", query, "--param", "id=alibaba-cloud", "--json"]) == 0
    assert orjson.loads(capsys.readouterr().out) == {
        "columns": ["name", "kind"], "rows": [["Alibaba Cloud", "business unit"]],
        "truncated": False,
    }  # fmt: skip
    assert main(["cypher", "--name", "graph_stats"]) == 0
    header, values = capsys.readouterr().out.splitlines()
    assert header.split()[:2] == ["nodes", "relationships"]
    assert values.split()[1] == "2"


def test_cli_refuses_writes(
    cli_env: None, graph: neo4j.Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(graph)
    assert main(["cypher", "CREATE (:Intruder)"]) == 1
    assert "refused by rule write-query" in capsys.readouterr().err
    assert snapshot(graph) == before
