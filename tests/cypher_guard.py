"""What the Cypher endpoint tests share (tests/test_cypher_guard*.py): the keys, a small
graph, the app over it, a snapshot of everything a refused query might change, and the
tables of statements and requests (tests/cypher_guard.yaml).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import yaml
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import ApiKey, Scope
from talentgraph.cypher_text import check_text
from talentgraph.errors import Refused
from talentgraph.settings import Settings
from tests.conftest import counts, run

POWER_KEY = "power-user-key-for-the-cypher-tests"
READER_KEY = "reader-key-for-the-cypher-tests"
ROW_CAP = 5
# The test tables, data beside the tests: each table a list of rows (the YAML says what a row holds).
CASES: dict[str, list[Any]] = yaml.safe_load(
    (Path(__file__).parent / "cypher_guard.yaml").read_text(encoding="utf-8")
)


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


def text_rule(text: str, settings: Settings) -> str:
    """The rule by which the text checks refuse `text`; fails the test if they let it pass."""
    with pytest.raises(Refused) as refused:
        check_text(text, {}, settings)
    return refused.value.rule
