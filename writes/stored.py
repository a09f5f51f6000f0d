"""Stored against desired: records read back from the graph, and what a write must change.

Pure functions, no database: the unit of work (writes/unit.py) hands them
what it read and writes only what they say differs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from model.graph import RelType
from writes.rows import fact_id
from writes.specs import ENTITIES, FACT_RELS, EntitySpec
from writes.validation import Fact, field_names

Props = dict[str, Any]

# Stamped on every write; never a reason to write again.
STAMP = frozenset({"writtenAt", "writtenBy"})
# Properties every record owns beyond its model's fields (see seeds/to_rows).
_DERIVED = frozenset({"id", "aliasText", "disputes", "ended"})
# Non-fact edges (rounds, versions) as the loader writes them.
_EDGE_PROPS = frozenset({"id", "sources", "confidence", "lead", "note"})
# The write_lock columns with the stored ends of the edges records keep as fields.
_LINKED = frozenset(spec.link.column for spec in ENTITIES.values() if spec.link)


@dataclass
class Node:
    """An entity as write_lock read it; `kind` None: a bare node just claimed for a new id.

    `linked`: the ends of the edges records keep as fields, by write_lock column.
    """

    id: str
    kind: str | None
    props: Props
    linked: dict[str, list[str]]


def node_of(row: dict[str, Any], labels: frozenset[str] | set[str]) -> Node:
    kinds = [k for k in row["kinds"] or [] if k in labels]
    return Node(
        id=row["resolved"],
        kind=kinds[0] if kinds else None,
        props=row["props"] or {},
        linked={column: row[column] or [] for column in _LINKED},
    )


def labelled(node: Node) -> Props:
    """A node's properties with its labels, as the schema's converters take them."""
    return {**node.props, "label": ["Entity", node.kind]}


def native(value: Any) -> Any:
    # neo4j.time.Date and friends: compare as the Python values the loader sends.
    return value.to_native() if hasattr(value, "to_native") else value


def _fields(props: Props, names: set[str]) -> Props:
    record = {k: native(v) for k, v in props.items() if k in names}
    if "disputes" in record:
        record["disputes"] = json.loads(record["disputes"])
    return record


def linked(spec: EntitySpec, node: Node) -> str | None:
    """The stored end of the entity's link (its family, its raiser), if any."""
    ends = node.linked.get(spec.link.column, []) if spec.link else []
    return ends[0] if ends else None


def stored_entity(spec: EntitySpec, node: Node) -> Props:
    """The seed-model record behind a node (empty for a new one)."""
    if node.kind is None:
        return {}
    record = _fields(node.props, field_names(spec.record))
    end = linked(spec, node)
    if spec.link is not None and end is not None:
        record[spec.link.field] = end
    return record


def stored_fact(rel: RelType, from_: str, to: str, props: Props) -> Props:
    """The seed-model record of a stored fact."""
    record = _fields(props, field_names(Fact) - {"rel", "from", "to"})
    record.update({"rel": str(rel), "from": from_, "to": to})
    # Stored on every WORKED_AT; the record says it only when no end date says it.
    if not record.get("ended") or record.get("end") is not None:
        record.pop("ended", None)
    return record


def stored_investor(edges: dict[str, dict[str, Any]], investor: str, round_: str) -> Props:
    """One investor of a round as recorded (its INVESTED_IN edge), in the seed model's terms."""
    found = edges.get(fact_id("INVESTED_IN", investor, round_))
    props = found["props"] if found else {}
    record: Props = {"id": investor}
    for key in ("lead", "sources", "note"):
        if props.get(key) is not None:
            record[key] = props[key]
    return record


def owned(cls: type[BaseModel]) -> frozenset[str]:
    """The properties a record of this model writes (the rest, e.g. `synthetic`, are kept)."""
    names = field_names(cls)
    return frozenset({*names, *(f"{n}Min" for n in names), *(f"{n}Max" for n in names), *_DERIVED})


def owned_edge(type_: str) -> frozenset[str]:
    return owned(Fact) if type_ in FACT_RELS else _EDGE_PROPS


def desired(row_props: Props, id: str, current: Props | None, owns: frozenset[str]) -> Props:
    """Every property the node or relationship should hold: the row's, and others kept."""
    props = {**{k: v for k, v in row_props.items() if v is not None}, "id": id}
    for key, value in (current or {}).items():
        if key not in props and key not in STAMP and key not in owns:
            props[key] = value
    props.pop("_lock", None)
    return props


def same(current: Props, wanted: Props) -> bool:
    """Whether writing `wanted` would change nothing but the stamps."""

    def comparable(props: Props) -> Props:
        return {k: native(v) for k, v in props.items() if k not in STAMP}

    return comparable(current) == comparable(wanted)
