"""The Cypher endpoint against the real Neo4j: what it refuses (the graph unchanged),
what it answers, the named queries, the keys, the timeout, and the CLI."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import neo4j
import orjson
import pytest
from starlette.testclient import TestClient

from talentgraph import settings as settings_module
from talentgraph.app import create_app
from talentgraph.auth import ApiKey, Scope
from talentgraph.cli import main
from talentgraph.cypher_guard import check_plan
from talentgraph.cypher_text import check_text
from talentgraph.errors import Refused
from talentgraph.settings import Settings
from tests.conftest import counts, run

POWER_KEY = "power-user-key-for-the-cypher-tests"
READER_KEY = "reader-key-for-the-cypher-tests"
ROW_CAP = 5


def entry(name: str, key: str, scopes: list[Scope]) -> ApiKey:
    return ApiKey(name=name, sha256=hashlib.sha256(key.encode()).hexdigest(), scopes=scopes)


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def app_settings(settings: Settings, **update: Any) -> Settings:
    keys = [
        entry("power", POWER_KEY, [Scope.READ, Scope.CYPHER]),
        entry("reader", READER_KEY, [Scope.READ]),
    ]
    return settings.model_copy(
        update={"api_keys": keys, "anonymous_read": False, "cypher_row_cap": ROW_CAP, **update}
    )


@pytest.fixture(scope="module")
def graph(empty_graph: neo4j.Driver) -> neo4j.Driver:
    run(
        empty_graph,
        """
        CREATE (zc:Entity:Person {id: 'zhou-chang', name: 'Zhou Chang', born: date('1990-05-01')})
        CREATE (ac:Entity:Company {id: 'alibaba-cloud', name: 'Alibaba Cloud',
                                   kind: 'business unit'})
        CREATE (ag:Entity:Company {id: 'alibaba-group', name: 'Alibaba Group', kind: 'big tech'})
        CREATE (zc)-[:WORKED_AT {role: 'lead', start: '2017'}]->(ac)
        CREATE (ac)-[:PART_OF]->(ag)
        """,
    )
    return empty_graph


@pytest.fixture(scope="module")
def api(settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings(settings))) as c:
        yield c


def cypher(api: TestClient, query: str, params: dict[str, Any] | None = None) -> Any:
    return api.post("/cypher", json={"query": query, "params": params or {}},
                    headers=bearer(POWER_KEY))  # fmt: skip


def snapshot(driver: neo4j.Driver) -> tuple[object, ...]:
    """Everything a refused query might have changed: data, tokens, schema, users."""

    def column(query: str, database: str = "neo4j") -> list[str]:
        records, _, _ = driver.execute_query(query, database_=database)
        return sorted(str(r[0]) for r in records)

    return (
        counts(driver),
        column("MATCH (n) RETURN properties(n)"),
        column("MATCH ()-[r]->() RETURN properties(r)"),
        column("CALL db.labels()"),
        column("CALL db.relationshipTypes()"),
        column("CALL db.propertyKeys()"),
        column("SHOW INDEXES YIELD name"),
        column("SHOW CONSTRAINTS YIELD name"),
        column("SHOW USERS YIELD user", "system"),
        column("SHOW DATABASES YIELD name", "system"),
    )


REFUSED = [
    ("create", "CREATE (:Intruder {x: 1})", "write-query"),
    ("delete", "MATCH ()-[r:PART_OF]->() DELETE r", "write-query"),
    ("detach-delete", "MATCH (n) DETACH DELETE n", "write-query"),
    ("merge", "MERGE (c:Company {id: 'new-co'}) RETURN c", "write-query"),
    ("set", "MATCH (p:Person) SET p.hacked = true RETURN p", "write-query"),
    ("set-label", "MATCH (p:Person) SET p:Intruder", "write-query"),
    ("remove", "MATCH (p:Person) REMOVE p.name", "write-query"),
    ("foreach", "MATCH (n) FOREACH (x IN [1] | SET n.hacked = x)", "write-query"),
    ("write-in-call", "CALL { CREATE (n:Intruder) RETURN n } RETURN n", "write-query"),
    ("write-in-call-with-read-return",
     "MATCH (p:Person) CALL (p) { CREATE (p)-[:KNOWS]->(:Intruder) } RETURN p.name",
     "write-query"),
    ("call-in-transactions",
     "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1 ROW",
     "call-in-transactions"),
    ("concurrent-transactions",
     "MATCH (n) CALL (n) { SET n.x = 1 } IN 2 CONCURRENT TRANSACTIONS",
     "call-in-transactions"),
    ("two-statements", "MATCH (n) RETURN n; CREATE (:Intruder)", "multiple-statements"),
    ("two-reads", "RETURN 1; RETURN 2;", "multiple-statements"),
    ("after-line-comment", "// hi\nCREATE (n)", "write-query"),
    ("after-block-comment", "/* x */ CREATE (n)", "write-query"),
    ("load-csv-file", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "load-csv"),
    ("load-csv-http",
     "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row",
     "load-csv"),
    ("load-csv-split-by-comment", "LOAD/* */CSV FROM 'file:///etc/hosts' AS l RETURN l",
     "load-csv"),
    ("list-config", "CALL dbms.listConfig()", "procedure-not-allowed"),
    ("list-config-quoted", "CALL `dbms`.`listConfig`() YIELD name RETURN name",
     "procedure-not-allowed"),
    ("clear-caches", "CALL db.clearQueryCaches()", "procedure-not-allowed"),
    ("create-label", "CALL db.createLabel('Intruder')", "procedure-not-allowed"),
    ("create-property", "CALL db.createProperty('intruder')", "procedure-not-allowed"),
    ("create-type", "CALL db.createRelationshipType('INTRUDED')", "procedure-not-allowed"),
    ("show-transactions", "SHOW TRANSACTIONS", "admin-command"),
    ("show-settings", "SHOW SETTINGS YIELD name, value RETURN name, value", "admin-command"),
    ("terminate", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "admin-command"),
    ("use", "USE system MATCH (n) RETURN n", "use-clause"),
    ("use-quoted", "USE `system` SHOW USERS", "use-clause"),
    ("create-user", "CREATE USER intruder SET PASSWORD 'intruder-password'", "admin-command"),
    ("alter-user", "ALTER USER neo4j SET PASSWORD 'intruder-password'", "admin-command"),
    ("create-database", "CREATE DATABASE intruder", "admin-command"),
    ("create-index", "CREATE INDEX intruder FOR (n:Person) ON (n.name)", "admin-command"),
    ("create-fulltext-index",
     "CREATE FULLTEXT INDEX intruder FOR (n:Person) ON EACH [n.name]",
     "admin-command"),
    ("create-constraint",
     "CREATE CONSTRAINT intruder FOR (n:Person) REQUIRE n.name IS UNIQUE",
     "admin-command"),
    ("drop-index", "DROP INDEX company_kind", "admin-command"),
    ("drop-constraint", "DROP CONSTRAINT person_id", "admin-command"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "rule"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_and_nothing_changes(
    api: TestClient, graph: neo4j.Driver, query: str, rule: str
) -> None:
    before = snapshot(graph)
    response = cypher(api, query)
    assert snapshot(graph) == before
    assert response.status_code == 400
    error = response.json()["error"]
    assert error == {"code": "BAD_USER_INPUT", "rule": rule, "message": error["message"]}
    assert error["message"].startswith(f"refused by rule {rule}: ")


# The layers refuse on their own: the plan walk catches what the text rules
# would have caught, so a gap in one is not a hole.
BY_PLAN = [
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "load-csv"),
    ("SHOW TRANSACTIONS", "admin-command"),  # plans as query type "r"
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "admin-command"),  # "r" as well
    ("CALL dbms.listConfig()", "procedure-not-allowed"),
    ("MATCH (n) CALL (n) { SET n.x = 1 } IN TRANSACTIONS", "call-in-transactions"),
    ("CREATE INDEX intruder FOR (n:Person) ON (n.name)", "admin-command"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.hacked = x)", "write-query"),
]


@pytest.mark.parametrize(("query", "rule"), BY_PLAN)
def test_the_plan_walk_refuses_on_its_own(
    graph: neo4j.Driver, settings: Settings, query: str, rule: str
) -> None:
    with graph.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session:
        summary = session.run("EXPLAIN " + query).consume()
    with pytest.raises(Refused) as refused:
        check_plan(summary, settings)
    assert refused.value.rule == rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("RETURN 1 ; /* one more */ RETURN 2", "multiple-statements"),
        ("use   graph MATCH (n) RETURN n", "use-clause"),
        ("show current user", "admin-command"),
        ("Show Range Indexes", "admin-command"),
        ("GRANT ROLE admin TO intruder", "admin-command"),
        ("DENY TRAVERSE ON GRAPH * NODES * TO intruder", "admin-command"),
        ("CALL { MATCH (n) RETURN n } IN 3 CONCURRENT TRANSACTIONS", "call-in-transactions"),
        ("load   csv from $url AS row RETURN row", "load-csv"),
    ],
)  # fmt: skip
def test_text_rules(settings: Settings, text: str, rule: str) -> None:
    with pytest.raises(Refused) as refused:
        check_text(text, {}, settings)
    assert refused.value.rule == rule


@pytest.mark.parametrize(
    "text",
    [
        # Keywords inside strings, comments, quoted names, properties or labels are data.
        "RETURN 'CREATE USER x; LOAD CSV FROM x' AS s",
        'RETURN "USE system; SHOW USERS" AS s // DROP INDEX x;',
        "MATCH (n:`CREATE INDEX`) RETURN n.use, n.show /* ; */",
        "MATCH (n) WHERE n.start > 0 RETURN n.index",
        "RETURN 1;",
    ],
)
def test_text_rules_leave_data_alone(settings: Settings, text: str) -> None:
    check_text(text, {}, settings)


def test_reads_nodes_relationships_paths_and_dates(api: TestClient, graph: neo4j.Driver) -> None:
    (ids,) = run(
        graph,
        "MATCH (p:Person)-[r:WORKED_AT]->(c:Company) "
        "RETURN elementId(p) AS p, elementId(r) AS r, elementId(c) AS c",
    )
    response = cypher(
        api,
        "MATCH path = (p:Person {id: $id})-[r:WORKED_AT]->(c:Company) "
        "RETURN p, r, path, p.born AS born, datetime('2024-07-18T10:30:00Z') AS at, "
        "duration('P1Y2M') AS span, [1, 2.5, null, true] AS list, {k: 'v'} AS map",
        {"id": "zhou-chang"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == ["p", "r", "path", "born", "at", "span", "list", "map"]
    assert body["truncated"] is False
    ((p, r, path, born, at, span, values, mapping),) = body["rows"]
    assert p == {
        "id": ids["p"],
        "labels": ["Entity", "Person"],
        "properties": {"id": "zhou-chang", "name": "Zhou Chang", "born": "1990-05-01"},
    }
    assert r == {
        "id": ids["r"],
        "type": "WORKED_AT",
        "start": ids["p"],
        "end": ids["c"],
        "properties": {"role": "lead", "start": "2017"},
    }
    assert [n["id"] for n in path["nodes"]] == [ids["p"], ids["c"]]
    assert path["nodes"][0] == p
    assert path["relationships"] == [r]
    assert born == "1990-05-01"
    assert at.startswith("2024-07-18T10:30:00")
    assert span == "P1Y2M"
    assert values == [1, 2.5, None, True]
    assert mapping == {"k": "v"}


def test_allowed_procedures_run(api: TestClient, graph: neo4j.Driver) -> None:
    run(graph, "CALL db.awaitIndexes(60)")  # the full-text index may still be filling
    response = cypher(api, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert response.status_code == 200
    assert ["Person"] in response.json()["rows"]
    response = cypher(
        api,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        {"q": "Zhou"},
    )
    assert response.status_code == 200
    assert response.json()["rows"] == [["zhou-chang"]]


def test_the_row_cap_truncates(api: TestClient, graph: neo4j.Driver) -> None:
    over = cypher(api, "UNWIND range(1, 1000) AS x RETURN x").json()
    assert over == {"columns": ["x"], "rows": [[x] for x in range(1, ROW_CAP + 1)],
                    "truncated": True}  # fmt: skip
    exact = cypher(api, "UNWIND range(1, $n) AS x RETURN x", {"n": ROW_CAP}).json()
    assert exact["truncated"] is False
    assert len(exact["rows"]) == ROW_CAP


def test_two_statements_per_query_counted(api: TestClient, graph: neo4j.Driver) -> None:
    state = api.app.state  # type: ignore[attr-defined]
    before = state.graph.statements
    assert cypher(api, "RETURN 1 AS one").json()["rows"] == [[1]]
    assert state.graph.statements == before + 2  # the EXPLAIN, then the query


def test_named_queries_listed_and_run_by_name(api: TestClient, graph: neo4j.Driver) -> None:
    listing = api.get("/cypher/queries", headers=bearer(READER_KEY))
    assert listing.status_code == 200
    queries = {q["name"]: q for q in listing.json()["queries"]}
    assert "graph_stats" in queries
    assert queries["graph_stats"]["description"].startswith("How many entities")
    assert "schema" not in queries
    assert "ping" not in queries

    response = api.post("/cypher", json={"name": "graph_stats"}, headers=bearer(POWER_KEY))
    assert response.status_code == 200
    body = response.json()
    stats = dict(zip(body["columns"], body["rows"][0], strict=True))
    assert stats["people"] == 1
    assert stats["companies"] == 2
    assert stats["relationships"] == 2


@pytest.mark.parametrize("name", ["schema", "seed_reset_nodes", "no_such_query"])
def test_only_public_named_queries_run(api: TestClient, graph: neo4j.Driver, name: str) -> None:
    before = snapshot(graph)
    response = api.post("/cypher", json={"name": name}, headers=bearer(POWER_KEY))
    assert snapshot(graph) == before
    assert response.status_code == 400
    assert response.json()["error"]["rule"] == "unknown-query"


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


@pytest.mark.parametrize(
    ("content", "content_type", "rule"),
    [
        (b"{not json", "application/json", "invalid-json"),
        (b'{"query": "RETURN 1"}', "text/plain", "content-type"),
        (b'["RETURN 1"]', "application/json", "invalid-body"),
        (b'{"query": 1}', "application/json", "invalid-body"),
        (b'{"query": "RETURN 1", "params": [1]}', "application/json", "invalid-body"),
        (b'{"query": "RETURN 1", "extra": 1}', "application/json", "invalid-body"),
        (b'{"query": "RETURN 1", "name": "graph_stats"}', "application/json", "query-or-name"),
        (b"{}", "application/json", "query-or-name"),
        (b'{"query": "  "}', "application/json", "empty-query"),
        (b'{"query": "MATCH (n RETURN n"}', "application/json", "syntax"),
        (b'{"query": "RETURN $missing"}', "application/json", "query-error"),
        (b'{"query": "RETURN 1 / 0"}', "application/json", "query-error"),
    ],
)
def test_bad_requests_are_400_with_a_rule(
    api: TestClient, content: bytes, content_type: str, rule: str
) -> None:
    headers = {**bearer(POWER_KEY), "content-type": content_type}
    response = api.post("/cypher", content=content, headers=headers)
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
