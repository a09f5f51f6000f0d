"""The Cypher endpoint against the real Neo4j: what it refuses, the graph unchanged, by
the text rules and by the plan walk each on its own.

What it answers is in tests/test_cypher_guard_reads.py; keys, caps, the timeout and
the CLI in tests/test_cypher_guard_access.py.
"""

from __future__ import annotations

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.cypher_guard import check_plan
from talentgraph.cypher_text import check_text
from talentgraph.errors import Refused
from talentgraph.settings import Settings
from tests import cypher_guard
from tests.cypher_guard import cypher, snapshot, text_rule

# The shared module-scoped fixtures (tests/cypher_guard.py), under their names here.
api = cypher_guard.api
graph = cypher_guard.graph


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
        # One tokeniser reads every rule: spaces of any kind and comments hide no keyword.
        ("SHOW/**/USERS", "admin-command"),
        ("SHOW\u2003TRANSACTIONS", "admin-command"),
        ("TERMINATE\tTRANSACTIONS 'neo4j-transaction-1'", "admin-command"),
        ("LOAD/* */CSV FROM 'file:///etc/hosts' AS l RETURN l", "load-csv"),
        ("LOAD\u00a0CSV FROM 'file:///etc/hosts' AS l RETURN l", "load-csv"),
        ("CALL { RETURN 1 AS x } IN\u00a0TRANSACTIONS RETURN x", "call-in-transactions"),
        ("CALL { RETURN 1 AS x } IN (1 + 1) CONCURRENT TRANSACTIONS RETURN x",
         "call-in-transactions"),
        ("RETURN 1;\u00a0RETURN 2", "multiple-statements"),
        ("RETURN 1 /* ; */; RETURN 2 // ;", "multiple-statements"),
    ],
)  # fmt: skip
def test_text_rules(settings: Settings, text: str, rule: str) -> None:
    assert text_rule(text, settings) == rule


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
