"""Merging two records of one entity, through a unit of work (the policy: merge_policy.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from model.graph import RELATIONSHIPS, RelType
from talentgraph.changelog import REDIRECT, REDIRECTS_TO
from talentgraph.errors import BadInput
from writes import merge_policy as policy
from writes import stored
from writes.errors import refuse
from writes.patch import Ref
from writes.rows import entity_rows, fact_row
from writes.specs import EDGE_TYPES, ENTITIES, FACT_RELS
from writes.stored import Node, Props
from writes.unit import Unit
from writes.validation import Fact, field_names, validate


@dataclass(frozen=True)
class Merged:
    """What a merge did: the kept entity as stored (with `label`), and the counts it answers."""

    entity: Props
    changed: bool
    moved: int
    combined: int
    dropped: int
    redirected: list[str]


def _combine_fact(row: dict[str, Any], kept: Props, origin: str) -> Props:
    """A moved fact folded into the kept entity's own record of the same fact."""
    gone = row["props"]
    rel = RelType(row["type"])
    record = policy.combine(
        stored.stored_fact(rel, row["from"], row["to"], kept),
        stored.stored_fact(rel, row["from"], row["to"], gone),
        frozenset(RELATIONSHIPS[rel].props) - {"ended", "start"},
        origin,
    )
    if record.get("end") is not None:
        record.pop("ended", None)
    props = fact_row(validate(Fact, record, "remove", {}, None))["props"]
    extras = {k: v for k, v in {**gone, **kept}.items() if k not in stored.owned(Fact)}
    return {**extras, **props}


def _combined(row: dict[str, Any], kept: Props, origin: str) -> Props:
    if row["type"] in FACT_RELS:
        return _combine_fact(row, kept, origin)
    return policy.combine_edge(kept, row["props"], origin)


async def _merge_record(unit: Unit, kept: Node, gone: Node, origin: str) -> Props:
    """Write the kept entity's record with the other's folded in; its properties as stored."""
    if kept.kind is None:
        raise ValueError("a merge keeps a locked entity")  # resolve() found both
    spec = ENTITIES[kept.kind]
    # Its own values win; the other's differing values become aliases (names) or
    # disputes (with the other's sources): nothing is dropped.
    record = policy.combine(
        stored.stored_entity(spec, kept), stored.stored_entity(spec, gone),
        policy.disputable(spec.record), origin,
    )  # fmt: skip
    record["id"] = kept.id
    if "aliases" in field_names(spec.record):  # a Source has none
        record["aliases"] = policy.merged_aliases(record, kept, gone)
    end = stored.linked(spec, gone)
    if spec.link is not None and not record.get(spec.link.field) and end is not None:
        record[spec.link.field] = end
    record.pop("investors", None)
    valid = validate(spec.record, record, "keep", {}, None)
    node_row, _ = entity_rows(spec.section, kept.id, valid)
    return await unit.put_node(spec.label, node_row["props"], kept.id, kept.props, gone.props)


def _log_redirects(unit: Unit, kept: Node, gone: Node, redirect: dict[str, Any]) -> None:
    """Note the removed entity's end and the redirects a merge leaves or moves: their states
    (properties and target), so a revert can put them back."""
    unit.log.node(str(gone.kind), gone.id, gone.props, None)
    for moved in redirect["movedRevisions"]:
        before = {**moved["before"], REDIRECTS_TO: gone.id}
        unit.log.touch(
            moved["before"]["id"], REDIRECT, before, {**moved["after"], REDIRECTS_TO: kept.id}
        )
    unit.log.touch(gone.id, REDIRECT, None, {**redirect["redirect"], REDIRECTS_TO: kept.id})


async def merge(unit: Unit, keep: str, remove: str) -> Merged:
    """Fold `remove` into `keep`: its relationships, names and evidence; its id redirects."""
    known = await unit.resolve([Ref("keep", keep), Ref("remove", remove)])
    kept, gone = known[keep], known[remove]
    if kept.id == gone.id:
        # `remove` already redirects here: merged before, so there is nothing to do.
        return Merged(stored.labelled(kept), False, 0, 0, 0, [])
    if kept.kind is None or gone.kind != kept.kind:
        raise refuse(
            BadInput,
            f"{remove!r} is a {gone.kind} and {keep!r} a {kept.kind}: only entities of one kind "
            "merge",
            field="remove",
        )
    origin = f"merged from {gone.id!r}"
    answer = await _merge_record(unit, kept, gone, origin)

    taken = await unit.run("merge_take_relationships", remove=gone.id, types=sorted(EDGE_TYPES))
    for row in taken:
        ends = (gone.id, row["other"]) if row["outgoing"] else (row["other"], gone.id)
        unit.log.relationship(row["type"], ends[0], ends[1], row["props"], None)
    rows, dropped = policy.moved(taken, kept.id, gone.id)
    existing = await unit.edges((r["from"], r["to"]) for r in rows)
    combined = 0
    for row in rows:
        if row["id"] in existing:
            combined += 1
            row["props"] = _combined(row, existing[row["id"]]["props"], origin)
    await unit.put_moved(
        [{**row, "props": stored.desired(row["props"], row["id"], None, frozenset())}
         for row in rows],
        existing,
    )  # fmt: skip

    (redirect,) = await unit.run("merge_redirect", keep=kept.id, remove=gone.id, by=unit.by)
    (cited,) = await unit.run(
        "merge_citations", keep=kept.id, remove=gone.id, by=unit.by,
        token=json.dumps(gone.id), replacement=json.dumps(kept.id),
    )  # fmt: skip
    _log_redirects(unit, kept, gone, redirect)
    for node in cited["nodes"]:
        unit.log.node(node["label"], node["id"], node["before"], node["after"])
    for rel in cited["relationships"]:
        unit.log.relationship(rel["type"], rel["from"], rel["to"], rel["before"], rel["after"])
    unit.changed = True
    return Merged(
        entity=answer,
        changed=True,
        moved=len(rows) - combined,
        combined=combined,
        dropped=dropped,
        redirected=sorted({gone.id, *redirect["moved"]}),
    )
