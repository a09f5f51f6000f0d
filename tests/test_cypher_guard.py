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
from tests.cypher_guard import CASES, cypher, snapshot, text_rule

# The shared module-scoped fixtures (tests/cypher_guard.py), under their names here.
api = cypher_guard.api
graph = cypher_guard.graph
# Statements refused, by name (tests/cypher_guard.yaml).
REFUSED = CASES["refused"]


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
@pytest.mark.parametrize(("query", "rule"), CASES["by_plan"])
def test_the_plan_walk_refuses_on_its_own(
    graph: neo4j.Driver, settings: Settings, query: str, rule: str
) -> None:
    with graph.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session:
        summary = session.run("EXPLAIN " + query).consume()
    with pytest.raises(Refused) as refused:
        check_plan(summary, settings)
    assert refused.value.rule == rule


@pytest.mark.parametrize(("text", "rule"), CASES["text_rules"])
def test_text_rules(settings: Settings, text: str, rule: str) -> None:
    assert text_rule(text, settings) == rule


@pytest.mark.parametrize("text", CASES["data"])
def test_text_rules_leave_data_alone(settings: Settings, text: str) -> None:
    check_text(text, {}, settings)
