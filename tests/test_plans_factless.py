"""The import's and the export's statements seek their anchors on a store without facts.

Neo4j keeps the plan it made first, with the statistics of that moment. Planned on the
bench's store of 20,600 entities and no relationships, `transfer_relationships_by_id`
once became a scan of the whole `Entity(id)` index for each row (docs/data-model.md,
constraints and indexes): in two of five runs, and not on this small store, where the
planner chose the seek without help. So the statements name their seeks
(`USING INDEX SEEK`); here each is planned afresh on a store without facts, which
checks that its hint is one Neo4j can honour and that it seeks (tests/plans.py: reads
run under PROFILE, writes are EXPLAINed).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import neo4j
import pytest

from talentgraph.queries import QUERIES
from tests.conftest import run
from tests.plans import assert_anchored

PEOPLE = 2_000
IDS = [f"p-{i}" for i in range(0, PEOPLE, 97)]
ROWS = [{"id": f"WORKED_AT:{a}:{b}", "type": "WORKED_AT", "from": a, "to": b, "props": {},
         "dates": {}} for a, b in pairwise(IDS)]  # fmt: skip

STATEMENTS: dict[str, dict[str, Any]] = {
    "transfer_kinds_by_id": {"ids": IDS},
    "transfer_entities_by_id": {"ids": IDS},
    "transfer_relationships_by_id": {
        "rows": [{k: r[k] for k in ("id", "from", "to")} for r in ROWS]
    },
    "transfer_relationships_from": {"ids": IDS, "types": ["WORKED_AT"], "among": None},
    "transfer_neighbours": {"ids": IDS},
    "transfer_sources_by_url": {"urls": ["https://example.com/s-1"]},
    "transfer_create_relationships": {"rows": ROWS, "by": "test"},
    "transfer_update_relationships": {"rows": ROWS, "by": "test"},
    "transfer_create_redirects": {"rows": [{"id": "old-p-1", "to": "p-1"}], "by": "test"},
}


@pytest.fixture(scope="module")
def factless(empty_graph: neo4j.Driver) -> neo4j.Driver:
    run(empty_graph, "UNWIND range(0, $n - 1) AS i CREATE (:Entity:Person {id: 'p-' + i, name: 'P ' + i})",
        n=PEOPLE)  # fmt: skip
    run(empty_graph, "UNWIND range(0, 9) AS i CREATE (:Entity:Source {id: 's-' + i, url: 'https://example.com/s-' + i})")  # fmt: skip
    run(empty_graph, "CALL db.awaitIndexes(60)")
    run(empty_graph, "CALL db.clearQueryCaches()")  # plan each statement for this store
    return empty_graph


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_planned_on_a_store_without_facts_a_statement_seeks(
    factless: neo4j.Driver, name: str
) -> None:
    assert_anchored(factless, QUERIES[name].text, STATEMENTS[name])
