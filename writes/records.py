"""Records written through a unit of work: an entity, a fact, the spell an ending closes.

Each reads what is stored under a lock, applies the patch (writes/patch.py),
validates the whole record with the domain's rules (writes/validation.py), and
hands the loader's rows for it to the unit of work, which writes what changed.
"""

from __future__ import annotations

from typing import Any

from model.kinds import RELATIONSHIPS
from talentgraph.errors import BadInput, NotFound
from writes import patch as patching
from writes import stored
from writes.errors import refuse
from writes.patch import Ref
from writes.rows import entity_rows, fact_id, fact_row
from writes.specs import ENTITIES, EntitySpec, FactSpec
from writes.stored import Node, Props
from writes.unit import Unit
from writes.validation import Fact, validate


async def new_sources(unit: Unit, sources: list[Props]) -> list[str]:
    """Upsert the sources given inline; their ids, as stored."""
    cited = []
    for index, source in enumerate(sources):
        node = await entity(unit, ENTITIES["Source"], source, f"input.newSources[{index}]")
        cited.append(node["id"])
    return cited


def _link_pairs(spec: EntitySpec, record: Props, id: str) -> list[tuple[str, str]]:
    """The (from, to) pairs of the edges the record holds as fields: its link, its investors."""
    pairs = [(i["id"], id) for i in record.get("investors", [])]
    link = spec.link
    if link is not None and record.get(link.field):
        end = record[link.field]
        pairs.append((id, end) if link.outgoing else (end, id))
    return pairs


async def entity(unit: Unit, spec: EntitySpec, patch: Props, path: str) -> Props:
    """Apply a patch to one entity; its properties as stored (with `label`)."""
    link = spec.link
    known = await unit.resolve(patching.entity_refs(patch, link, path))
    patch = patching.resolved(patch, known, link)
    node = await unit.target(spec.label, patch["id"], f"{path}.id")
    stored_record = stored.stored_entity(spec, node)
    record = patching.apply(stored_record, patch)
    record["id"] = node.id  # an id retired by a merge writes to the entity it went into
    kinds = {
        **patching.recorded(stored_record, link),
        **{n.id: n.kind for n in known.values()},
        node.id: spec.label,
    }
    if link is not None:
        patching.fixed(record, link, node.linked[link.column], path)
        if link.itself and record.get(link.field) == node.id:
            raise refuse(BadInput, link.itself, field=f"{path}.{link.field}")
    edges = await unit.edges(_link_pairs(spec, record, node.id))
    if spec.investors:
        record["investors"] = [
            patching.apply(stored.stored_investor(edges, i["id"], node.id), i)
            for i in record.get("investors", [])
        ]
    valid = validate(spec.record, record, path, {}, kinds)
    node_row, relationships = entity_rows(spec.section, node.id, valid)
    answer = await unit.put_node(spec.label, node_row["props"], node.id, node.props)
    if relationships:
        await unit.put_edges(relationships, edges)
    return answer


async def _ends(unit: Unit, spec: FactSpec, patch: Props, path: str) -> dict[str, Node]:
    """Lock the fact's two ends and the sources it cites; refuse unknown ids or wrong kinds."""
    rule = RELATIONSHIPS[spec.rel]
    refs = [
        Ref(f"{path}.{spec.ends[0]}", patch["from"], rule.sources),
        Ref(f"{path}.{spec.ends[1]}", patch["to"], rule.targets),
        *patching.evidence_refs(patch, path),
    ]
    return await unit.resolve(refs)


async def fact(unit: Unit, spec: FactSpec, patch: Props, path: str) -> tuple[Props, Node, Node]:
    """Apply a patch to one fact; its properties as stored, and its two ends."""
    known = await _ends(unit, spec, patch, path)
    a, b = known[patch["from"]], known[patch["to"]]
    patch = {**patching.resolved(patch, known), "from": a.id, "to": b.id}
    id = fact_id(spec.rel, a.id, b.id, patch.get("start"))
    edges = await unit.edges([(a.id, b.id)])
    before = edges.get(id)
    stored_record = stored.stored_fact(spec.rel, a.id, b.id, before["props"] if before else {})
    record = patching.apply(stored_record, patch)
    if record.get("end") is not None and "ended" not in patch:
        record.pop("ended", None)  # a dated end supersedes "ended, date unknown"
    kinds = {**patching.recorded(stored_record, None), **{n.id: n.kind for n in known.values()}}
    valid = validate(Fact, record, path, spec.renames, kinds)
    answer = await unit.put_edges([fact_row(valid)], edges)
    return answer[id], a, b


async def spell(unit: Unit, spec: FactSpec, patch: Props, path: str) -> Props:
    """The spell an ending closes (its stored properties): the one started at `start`, or else
    the one still going on."""
    employer = spec.ends[1]
    known = await _ends(unit, spec, {"from": patch["from"], "to": patch["to"]}, path)
    a, b = known[patch["from"]], known[patch["to"]]
    edges = await unit.edges([(a.id, b.id)])
    spells = [row["props"] for row in edges.values() if row["type"] == spec.rel]
    start = patch.get("start")
    if start is not None:
        chosen = [s for s in spells if s.get("start") == start]
        if not chosen:
            raise refuse(
                NotFound,
                f"{a.id!r} has no spell at {b.id!r} that started {start}",
                field=f"{path}.start",
            )
        return chosen[0]
    ongoing = [s for s in spells if not s.get("ended") and s.get("end") is None]
    if len(ongoing) > 1:
        raise refuse(
            BadInput,
            f"{a.id!r} has {len(ongoing)} ongoing spells at {b.id!r}; give `start`",
            field=f"{path}.start",
        )
    if not ongoing:
        # Ending it again is a no-op, not an error: the same mutation twice.
        ongoing = [s for s in spells if s.get("end") == patch.get("end") and s.get("ended")]
    if len(ongoing) != 1:
        raise refuse(
            NotFound, f"{a.id!r} has no ongoing spell at {b.id!r}", field=f"{path}.{employer}"
        )
    return ongoing[0]


def answer_ends(spec: FactSpec, a: Node, b: Node) -> dict[str, Any]:
    """A fact's two ends by the answer's field names, as labelled property maps."""
    return {spec.ends[0]: stored.labelled(a), spec.ends[1]: stored.labelled(b)}
