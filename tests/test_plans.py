"""Cost that follows the answer: every statement an id or a label anchors plans from it.

Each cypher/ statement runs under PROFILE (writers: EXPLAIN) with representative
parameters on a small synthetic graph plus the seed graph (so the planner has
statistics to choose by, and every kind has members), and its plan is walked
(tests/plans.py): no scan of every node, no scan of a whole relationship type, and
where an id anchors, no label scan either. A statement with optional anchors is
checked once per combination, since a parameter's type (null or not) can change the
plan. Statements that read no more than the count store are checked to do exactly
that; the few that legitimately scan are listed with the reason.
"""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import neo4j
import pytest

from resolvers import nodes
from schema.types import ENTITY_TYPES
from seeds import loader, synthetic
from talentgraph.queries import QUERIES
from talentgraph.settings import Settings
from tests.conftest import run, wipe
from tests.plans import Anchor, assert_anchored, explain, operators, outdated_indexes, plan_of

PEOPLE = 600  # about 2,000 relationships: enough for the planner's statistics

NO_WINDOW = {"sinceMin": None, "untilMax": None}
WINDOW = {"sinceMin": "2019-01-01", "untilMax": "2024-12-31"}
EDGES = {"ids": ["syn-group-0", "syn-person-1"], "type": "WORKED_AT", "count": 20, "limit": 21,
         "backward": False, "after": None, "before": None, "sort": "START_DESC"}  # fmt: skip
CURSORS = {"backward": True, "after": [None, "Person 1", "x"],
           "before": [datetime.date(2020, 1, 1), "Person 9", "y"]}  # fmt: skip
LIST = {"backward": False, "flip": False, "limit": 21, "after": None, "before": None}
NO_EDGE_FILTERS = dict.fromkeys(
    ("current", "role", "sinceMin", "untilMax", "asOfMin", "asOfMax"), None
)
EDGE_FILTERS = {"current": True, "role": "engineer", "sinceMin": "2019-01-01",
                "untilMax": "2024-12-31", "asOfMin": "2020-01-01", "asOfMax": "2020-12-31"}  # fmt: skip
ROW = {"id": "syn-person-1", "label": "Person", "props": {"name": "Person 1"}}
REL = {"id": "worked-at-x", "type": "WORKED_AT", "from": "syn-person-1", "to": "syn-startup-0",
       "props": {}}  # fmt: skip
# The parameters these statements take in one map, `$args` (one plan whatever is null).
EDGE_ARGS = ("ids", "after", "before", *NO_EDGE_FILTERS)
IN_ARGS = {"entity_list": ("synthetic", "after", "before"), "edges_in": EDGE_ARGS,
           "edges_out": EDGE_ARGS}  # fmt: skip


def bound(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """`params` as statement `name` takes them."""
    inside = IN_ARGS.get(name, ())
    args = {k: v for k, v in params.items() if k in inside}
    return {k: v for k, v in params.items() if k not in inside} | ({"args": args} if args else {})


FLOWS = {
    "from": ("syn-group-0", None),
    "to": (None, "syn-group-1"),
    "from and to": ("syn-group-0", "syn-group-1"),
}

# (statement, case, parameters, anchor). Writers only plan (EXPLAIN): a mutation or a
# load costs what it writes.
ANCHORED: list[tuple[str, str, dict[str, Any], Anchor]] = [
    ("entity_by_id", "", {"ids": ["syn-person-1", "no-such-id"]}, "id"),
    ("sources_by_id", "", {"ids": ["syn-source"]}, "id"),
    ("edges_out", "no filters", {**EDGES, **NO_EDGE_FILTERS}, "id"),
    ("edges_out", "every filter", {**EDGES, **EDGE_FILTERS}, "id"),
    ("edges_in", "no filters", {**EDGES, **NO_EDGE_FILTERS}, "id"),
    ("edges_in", "every filter", {**EDGES, **EDGE_FILTERS}, "id"),
    ("edges_out", "cursors, backwards", {**EDGES, **NO_EDGE_FILTERS, **CURSORS}, "id"),
    ("fact_by_id", "", {"ids": ["WORKED_AT:syn-person-1:syn-startup-0", "no-such-id"]}, "id"),
    *[
        ("entity_list", f"{kind}, synthetic={flag}",
         {"label": kind, "synthetic": flag, **LIST}, "label")
        for kind in ("Person", "Source") for flag in (None, True, False)
    ],
    ("entity_list", "a cursor, backwards",
     {"label": "Person", "synthetic": None, **LIST, "backward": True,
      "before": ["Person 5", "syn-person-5"]}, "label"),
    ("real_entity_count", "", {}, "label"),
    # The full-text index anchors a search.
    ("search", "some kinds", {"text": "Person 1", "labels": ["Person"], "first": 10}, "id"),
    ("search", "every kind", {"text": "Person 1", "labels": None, "first": 10}, "id"),
    ("departures", "no window", {"company": "syn-group-0", **NO_WINDOW}, "id"),
    ("departures", "window", {"company": "syn-group-0", **WINDOW}, "id"),
    ("co_investors", "", {"company": "syn-investor-0"}, "id"),
    ("portfolio", "", {"investor": "syn-investor-0"}, "id"),
    ("portfolio_alumni_hires", "alumniOf null",
     {"investor": "syn-group-0", "alumniOf": None}, "id"),
    ("portfolio_alumni_hires", "alumniOf set",
     {"investor": "syn-group-0", "alumniOf": "syn-group-1"}, "id"),
    ("connections", "",
     {"from": "syn-person-0", "to": "syn-person-1", "maxHops": 4, "first": 10}, "id"),
    *[
        ("talent_flows", f"{case}, {window}",
         {"from": frm, "to": to, "first": 10, "quarterly": True, **filters}, "id")
        for case, (frm, to) in FLOWS.items()
        for window, filters in (("no window", NO_WINDOW), ("window", WINDOW))
    ],
    ("write_claim", "", {"id": "syn-person-1"}, "id"),
    ("write_lock", "", {"ids": ["syn-person-1", "syn-person-2"]}, "id"),
    ("write_lock_facts", "",
     {"pairs": [{"from": "syn-person-1", "to": "syn-startup-0"}], "types": ["WORKED_AT"]}, "id"),
    ("write_node", "",
     {"id": "syn-person-1", "label": "Person", "props": ROW["props"], "by": "test"}, "id"),
    ("write_relationships", "", {"rows": [REL], "by": "test"}, "id"),
    ("seed_nodes", "", {"rows": [ROW]}, "id"),
    ("seed_relationships", "", {"rows": [REL]}, "id"),
    ("merge_take_relationships", "", {"remove": "syn-person-1", "types": ["WORKED_AT"]}, "id"),
    ("merge_redirect", "", {"remove": "syn-person-1", "keep": "syn-person-2", "by": "test"}, "id"),
    ("transfer_entities_by_id", "", {"ids": ["syn-round-0", "syn-person-1", "no-such-id"]}, "id"),
    ("transfer_neighbours", "", {"ids": ["syn-person-1"]}, "id"),
    ("transfer_kinds_by_id", "", {"ids": ["syn-person-1", "no-such-id"]}, "id"),
    *[
        ("transfer_relationships_from", case,
         {"ids": ["syn-person-1"], "types": ["WORKED_AT"], "among": among}, "id")
        for case, among in (("all", None), ("among", ["syn-startup-0"]))
    ],
    ("transfer_relationships_by_id", "",
     {"rows": [{"id": "x", "from": "syn-person-1", "to": "syn-startup-0"}]}, "id"),
    # The full-text index anchors a match by name, the URL index a source by URL.
    ("transfer_names", "",
     {"names": [{"text": "Person 1", "lower": "person 1", "query": '"Person 1"'}]}, "id"),
    ("transfer_sources_by_url", "", {"urls": ["https://example.com/a"]}, "id"),
    ("transfer_create_relationships", "", {"rows": [{**REL, "dates": {}}], "by": "test"}, "id"),
    ("transfer_update_relationships", "", {"rows": [{**REL, "dates": {}}], "by": "test"}, "id"),
    ("transfer_upsert_nodes", "", {"rows": [{**ROW, "dates": {}}], "by": "test"}, "id"),
    ("transfer_create_redirects", "",
     {"rows": [{"id": "syn-old", "to": "syn-person-1"}], "by": "test"}, "id"),
    # The change log (docs/history.md): by a change's seq, an id's revisions.
    ("change_append", "", {"by": "test", "operation": "upsertPerson", "ids": ["syn-person-1"],
                           "kinds": ["Person"], "counts": None, "reverts": None,
                           "revisions": [{"id": "syn-person-1", "kind": "Person",
                                          "type": "Person", "before": None, "after": "{}",
                                          "sources": [], "from": None, "to": None}]}, "id"),
    ("history", "", {"ids": ["syn-person-1", "x"], "before": 2**62, "limit": 11}, "id"),
    # Where a process's change feed starts: the one counter, by its unique name.
    ("change_head", "", {}, "id"),
    ("entities_at", "", {"ids": ["syn-person-1", "no-such-id"], "revision": 1}, "id"),
    *[
        ("edges_at", case, {"ids": ["syn-person-1"], "type": "WORKED_AT", "out": out,
                            "revision": 1}, "id")
        for case, out in (("out", True), ("in", False))
    ],
    ("revert_read", "", {"seq": 1}, "id"),
    ("revert_state", "", {"nodes": ["syn-person-1"], "redirects": ["x"],
                          "relationships": [{"id": "x", "from": "syn-person-1",
                                             "to": "syn-startup-0"}]}, "id"),
    ("revert_delete", "", {"nodes": ["x"], "redirects": ["x"],
                           "relationships": [{"id": "x", "from": "syn-person-1",
                                              "to": "syn-startup-0"}]}, "id"),
    ("revert_put", "", {"nodes": [ROW], "redirects": [{"id": "x", "props": {}, "to": "y"}],
                        "relationships": [REL]}, "id"),
    # The graph at a revision (resolvers/revisions.py): the later revisions from the Change
    # seq index, then what they left removed by id.
    ("rewind_read", "", {"revision": 1, "first": 10_001}, "label"),
    ("rewind_delete", "", {"nodes": ["x"], "redirects": ["x"],
                           "relationships": [{"id": "x", "from": "syn-person-1",
                                              "to": "syn-startup-0"}]}, "id"),
    # A range of the seq index, in order: the feed reads only the changes it answers.
    *[
        ("changes_after", case, {"after": 1, "first": 100, **filters}, "label")
        for case, filters in (("no filter", {"kinds": None, "ids": None}),
                              ("filters", {"kinds": ["Person"], "ids": ["syn-person-1"]}))
    ],
]  # fmt: skip

# The labels a label-anchored statement may read: entity_list one kind (by parameter),
# and for its synthetic total the index on Entity.synthetic.
LABELS = {"entity_list": {*ENTITY_TYPES, "Entity"}, "real_entity_count": {"Entity"},
          "changes_after": {"Change", "Revision"}, "rewind_read": {"Change", "Revision"}}  # fmt: skip

# Statements that the count store answers in constant time, whatever the graph's size.
COUNT_STORE = {"graph_stats": "how much of each kind", "seed_count": "what a reset removes",
               "ping": "reads nothing"}  # fmt: skip

# Statements that read the whole graph by design, and why that is right.
UNANCHORED: dict[tuple[str, str], tuple[dict[str, Any], str]] = {
    ("talent_flows", "neither from nor to"): (
        {"from": None, "to": None, "first": 10, "quarterly": True, **NO_WINDOW},
        "every move between any two companies: the answer is the whole graph's",
    ),
    ("merge_citations", ""): (
        {"remove": "a", "keep": "b", "token": '"a"', "replacement": '"b"', "by": "test"},
        "a merge rewrites every citation of the removed id, wherever it is; merges are rare",
    ),
    ("transfer_ids", ""): ({}, "an export of the whole graph lists every entity"),
    ("transfer_redirects", ""): ({"among": None}, "an export lists every merge redirect"),
    ("seed_reset_nodes", ""): ({}, "empties the graph"),
    ("seed_reset_relationships", ""): ({}, "empties the graph"),
    ("resample_indexes", ""): ({}, "a procedure that samples the outdated indexes, after a load"),
}

# entity_list as the plain reading: the answer its rewrite must keep.
PLAIN_ENTITY_LIST = """
MATCH (n:$($label))
WHERE $synthetic IS NULL OR coalesce(n.synthetic, false) = $synthetic
WITH n ORDER BY n.name, n.id
WITH collect(n {.*, label: labels(n)}) AS listed
RETURN size(listed) AS total, listed AS page
"""


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    # First the indexes are sampled empty, the worst moment for a sample (in CI it once
    # came by chance): statements planned after the loads below seek only if the
    # loaders resample what they made outdated (cypher/resample_indexes.cypher).
    wipe(driver)
    run(driver, "CALL db.resampleOutdatedIndexes()")
    # Synthetic and real entities side by side, so both sorts of every list have members.
    asyncio.run(synthetic.load(settings, PEOPLE, reset=True))
    asyncio.run(loader.load_files(settings, loader.default_files()))
    run(driver, "CALL db.awaitIndexes(60)")
    # Plans cached by earlier modules were made for other graphs: plan afresh for this one.
    run(driver, "CALL db.clearQueryCaches()")
    return driver


def test_the_loads_leave_no_index_outdated(graph: neo4j.Driver) -> None:
    assert outdated_indexes(graph) == []


def _id(name: str, case: str) -> str:
    return f"{name}: {case}" if case else name


@pytest.mark.parametrize(
    ("name", "params", "anchor"), [pytest.param(n, p, a, id=_id(n, c)) for n, c, p, a in ANCHORED]
)
def test_anchored_statement_plans_from_its_anchor(
    graph: neo4j.Driver, name: str, params: dict[str, Any], anchor: Anchor
) -> None:
    assert_anchored(
        graph, QUERIES[name].text, bound(name, params), anchor=anchor, labels=LABELS.get(name)
    )


@pytest.mark.parametrize("name", sorted(COUNT_STORE))
def test_totals_come_from_the_count_store(graph: neo4j.Driver, name: str) -> None:
    ops = operators(explain(graph, QUERIES[name].text, {}))
    reads = [op for op in ops if op not in {"ProduceResults", "Apply", "Projection"}]
    assert all(op.endswith("FromCountStore") for op in reads), ops


@pytest.mark.parametrize("kind", sorted(ENTITY_TYPES))
def test_a_page_walks_the_name_index_and_counts_from_the_count_store(
    graph: neo4j.Driver, kind: str
) -> None:
    for backward in (False, True):
        params = {"label": kind, "synthetic": None, **LIST, "backward": backward}
        ran = operators(
            plan_of(graph, QUERIES["entity_list"].text, bound("entity_list", params)), ran=True
        )
        assert "NodeIndexScan" in ran  # in index order, either way: no sort of the whole kind
        assert not {"Sort", "Top", "NodeByLabelScan"} & set(ran), ran


@pytest.mark.parametrize(
    ("name", "params"), [pytest.param(n, p, id=_id(n, c)) for (n, c), (p, _) in UNANCHORED.items()]
)
def test_unanchored_statements_plan(graph: neo4j.Driver, name: str, params: dict[str, Any]) -> None:
    assert operators(explain(graph, QUERIES[name].text, params))


def test_every_statement_is_classified() -> None:
    classified = {n for n, *_ in ANCHORED} | set(COUNT_STORE) | {n for n, _ in UNANCHORED}
    assert sorted(set(QUERIES) - classified - {"schema"}) == []
    assert sorted(classified - set(QUERIES)) == []


@pytest.mark.parametrize("kind", sorted(ENTITY_TYPES))
@pytest.mark.parametrize("synthetic_flag", [None, True, False])
def test_entity_list_answers_as_the_plain_reading(
    graph: neo4j.Driver, kind: str, synthetic_flag: bool | None
) -> None:
    (plain,) = run(graph, PLAIN_ENTITY_LIST, label=kind, synthetic=synthetic_flag)
    everyone = plain["page"]
    if kind == "Source":  # by id: they have no name
        everyone = sorted(everyone, key=lambda n: n["id"])
    key = nodes.entity_key
    for skip, first, backward in ((0, 20, False), (5, 3, False), (0, 100_000, False),
                                  (0, 4, True), (5, 3, True)):  # fmt: skip
        # Forwards: `first` after the item before `skip`; backwards: `first` before it.
        if skip > len(everyone):
            continue
        cursor = key(everyone[skip - 1]) if skip else None
        params = {"label": kind, "synthetic": synthetic_flag, **LIST, "limit": first,
                  "backward": backward, "after": None if backward else cursor,
                  "before": cursor if backward else None}  # fmt: skip
        (listed,) = run(graph, QUERIES["entity_list"].text, **bound("entity_list", params))
        if backward:
            end = skip - 1 if cursor else len(everyone)
            expected = everyone[max(end - first, 0) : end][::-1]
        else:
            expected = everyone[skip : skip + first]
        assert listed == {"total": plain["total"], "page": expected}, (kind, skip, backward)


def test_the_check_can_fail(graph: neo4j.Driver) -> None:
    with pytest.raises(AssertionError, match="NodeByLabelScan"):
        assert_anchored(graph, "MATCH (n:Person) WHERE n.aliasText = $a RETURN n", {"a": "x"})
    with pytest.raises(AssertionError, match="AllNodesScan"):
        assert_anchored(graph, "MATCH (n) RETURN count(n.name) AS c", {}, anchor="label")
    with pytest.raises(AssertionError, match="whole relationship type"):
        assert_anchored(graph, "MATCH ()-[r:WORKED_AT]->() RETURN r.role", {}, anchor="label")
    with pytest.raises(AssertionError, match="none of the labels"):
        assert_anchored(
            graph, "MATCH (n:Company) RETURN n.name", {}, anchor="label", labels={"Person"}
        )
    with pytest.raises(AssertionError, match="nested plan"):
        assert_anchored(
            graph, "RETURN CASE WHEN $x THEN COUNT { (n) WHERE n.name = 'a' } END AS c", {"x": True}
        )
