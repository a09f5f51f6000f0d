"""Reading Neo4j plans: which operators a statement would run, and whether it is anchored.

A statement anchored by an id must start from that id's index seek; one anchored by a
label may scan that label (or an index on it) but nothing wider. Both are checked on
the statement's plan, so the tests of hand-written and compiled statements share one
rule:

    assert_anchored(driver, text, {"id": "zhou-chang"})                 # an id anchors
    assert_anchored(driver, text, params, anchor="label", labels={"Person"})  # a label does

A statement that only reads is PROFILEd (run once), so the plan says which operators
did any work: one statement may serve several anchors with branches guarded by its
parameters (`WITH $from IS NULL AS neither WHERE neither`), and the scan in a branch
that never runs costs nothing. A statement that writes is only EXPLAINed, and then
every operator counts. The plan is the driver's `ResultSummary.profile` or `.plan`:
nested dicts with `operatorType` (e.g. `NodeUniqueIndexSeek@neo4j`), `args`
(`Details` names labels and indexes), `rows` and `dbHits` when profiled, and
`children`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any, Literal

import neo4j

Plan = Mapping[str, Any]
Anchor = Literal["id", "label"]

# Scans that read every node or every relationship of the graph.
EVERYTHING = frozenset(
    {"AllNodesScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan"}
)
# Subquery expressions left inside an expression are planned apart ("nested plans") and
# their operators never reach the plan tree, so a scan in one could not be seen.
NESTED_PLAN_MARKERS = ("EXISTS {", "COUNT {", "COLLECT {")


def operators(plan: Plan, *, ran: bool = False) -> list[str]:
    """The plan's operator names, depth first, without the runtime suffix (`@neo4j`);
    with `ran`, of a profiled plan only those that did any work."""
    return [_name(p) for p in _walk(plan) if not ran or _ran(p)]


def refusals(plan: Plan, anchor: Anchor = "id", labels: Collection[str] | None = None) -> list[str]:
    """What an anchored statement must not do, one line per offending operator; [] if none.

    Always refused: scans of every node or relationship, scans of a whole relationship
    type (type scans, relationship index scans and range seeks: a range over a type
    grows with the graph), and nested plans the walk cannot see into. Where an id
    anchors, also any node scan (by label or of a whole index) and range seek. Where a
    label anchors and `labels` are given, every node scan, seek and count must be of one.
    """
    found = []
    for p in _walk(plan):
        details = str(p.get("args", {}).get("Details", ""))
        if _ran(p) and (why := _why(_name(p), details, anchor, labels)):
            found.append(f"{_name(p)} ({details[:120]}): {why}")
    return found


def explain(driver: neo4j.Driver, text: str, params: Mapping[str, Any]) -> Plan:
    """The plan of `text` with these parameters (their types can change the plan); nothing runs."""
    return _summary(driver, "EXPLAIN", text, params).plan  # type: ignore[return-value]


def plan_of(driver: neo4j.Driver, text: str, params: Mapping[str, Any]) -> Plan:
    """The profiled plan if `text` only reads (it runs once), else the explained one."""
    if _summary(driver, "EXPLAIN", text, params).query_type != "r":
        return explain(driver, text, params)
    return _summary(driver, "PROFILE", text, params).profile  # type: ignore[return-value]


def assert_anchored(
    driver: neo4j.Driver,
    text: str,
    params: Mapping[str, Any],
    *,
    anchor: Anchor = "id",
    labels: Collection[str] | None = None,
) -> None:
    plan = plan_of(driver, text, params)
    bad = refusals(plan, anchor, labels)
    assert not bad, f"not anchored by {anchor}: " + "; ".join(bad) + f"\nplan: {operators(plan)}"


def outdated_indexes(driver: neo4j.Driver) -> list[str]:
    """The indexes written since Neo4j last sampled them, by label or type and properties.

    The planner estimates from the samples, so a statement planned while one is
    outdated may scan where it would seek (cypher/resample_indexes.cypher).
    """
    (row,) = driver.execute_query(
        "CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data.indexes AS indexes",
        database_="neo4j",
    ).records
    return [
        f"{(i.get('labels') or i.get('relationshipTypes'))}{i['properties']}"
        for i in row["indexes"]
        if i["updatesSinceEstimation"]
    ]


def _why(name: str, details: str, anchor: Anchor, labels: Collection[str] | None) -> str | None:
    if name in EVERYTHING:
        return "reads every node or relationship"
    if "Relationship" in name and ("Scan" in name or "SeekByRange" in name):
        return "reads a whole relationship type"
    if any(m in details for m in NESTED_PLAN_MARKERS):
        return "a nested plan hides its operators (write it as a CALL subquery)"
    if anchor == "id" and ("Scan" in name or "SeekByRange" in name):
        return "scans a label or an index where an id anchors"
    elsewhere = labels and not any(f":{label}" in details for label in labels)
    if anchor == "label" and _reads_nodes(name) and elsewhere:
        return f"reads nodes of none of the labels {sorted(labels or ())}"
    return None


def _summary(
    driver: neo4j.Driver, mode: str, text: str, params: Mapping[str, Any]
) -> neo4j.ResultSummary:
    with driver.session(database="neo4j") as session:
        result = session.run(f"{mode} {text}", dict(params))
        for _ in result:  # a profile exists only once every record was pulled
            pass
        return result.consume()


def _ran(plan: Plan) -> bool:
    """False only for a profiled operator that produced nothing and touched nothing."""
    return plan.get("rows", 1) > 0 or plan.get("dbHits", 1) > 0


def _walk(plan: Plan) -> Iterator[Plan]:
    yield plan
    for child in plan.get("children", []):
        yield from _walk(child)


def _name(plan: Plan) -> str:
    return str(plan["operatorType"]).partition("@")[0]


def _reads_nodes(name: str) -> bool:
    return (
        "Node" in name and ("Scan" in name or "Seek" in name)
    ) or name == "NodeCountFromCountStore"
