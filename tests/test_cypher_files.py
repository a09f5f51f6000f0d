"""Every statement in cypher/ plans on the real server, and every one is used."""

from __future__ import annotations

import re

import neo4j
import pytest

from model.graph import FACT_TYPES
from talentgraph.queries import QUERIES
from talentgraph.settings import ROOT

# Statements that write, and are allowed to: the loader's, the mutations' and the importer's,
# the change log's append, a revert's and the graph at a revision's (never committed).
WRITERS = re.compile(
    r"^(seed_(nodes|relationships|reset)|write_|merge_|transfer_(create|update|upsert)_|change_append"
    r"|revert_(delete|put)|rewind_delete)"
)
# Notifications that only say the graph is still empty or a parameter was left out.
HARMLESS = {"01N50", "01N51", "01N52", "01N60"}
CODE_DIRS = ["talentgraph", "resolvers", "writes", "seeds", "schema", "compiler", "bench"]


def _python_sources() -> str:
    return "\n".join(
        path.read_text() for d in CODE_DIRS for path in (ROOT / d).rglob("*.py") if path.is_file()
    )


@pytest.mark.parametrize("name", [n for n in QUERIES if n != "schema"])
def test_every_statement_plans(name: str, driver: neo4j.Driver) -> None:
    with driver.session(database="neo4j") as session:
        summary = session.run("EXPLAIN " + QUERIES[name].text).consume()  # type: ignore[arg-type]
    if WRITERS.match(name):
        assert summary.query_type in {"w", "rw"}
    else:
        assert summary.query_type == "r", f"{name} must be read-only"
    warnings = [
        f"{s.gql_status}: {s.status_description}"
        for s in summary.gql_status_objects
        if s.gql_status.startswith("01") and s.gql_status not in HARMLESS
    ]
    assert warnings == [], f"{name}.cypher: {warnings}"


def test_every_statement_is_used() -> None:
    code = _python_sources()
    unused = [name for name in QUERIES if f'"{name}"' not in code]
    assert unused == [], f"cypher files nothing uses: {unused}"


def test_every_statement_is_documented() -> None:
    undocumented = [name for name, q in QUERIES.items() if not q.description]
    assert undocumented == []
    for q in QUERIES.values():
        missing = {
            p
            for p in set(re.findall(r"\$([A-Za-z_]\w*)", q.text))
            if q.public and p not in q.params
        }
        assert not missing, f"{q.name}: public, but parameters {missing} are not documented"


def test_paths_follow_every_fact_type_of_the_model() -> None:
    """Cypher cannot read model/graph.py: connections.cypher restates the fact types, checked here."""
    (listed,) = re.findall(r"\[:([A-Z_|]+)\*", QUERIES["connections"].text)
    assert sorted(listed.split("|")) == sorted(FACT_TYPES)
