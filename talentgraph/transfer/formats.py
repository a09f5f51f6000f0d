"""The export formats that are not records: GraphML and a Cypher script.

Both are made from the rows the seed loader would write (model.rows.to_rows), so
they hold exactly the stored nodes and relationships, the round and version edges
included, with the `synthetic` flag of generated entities and the merge redirects
(a Redirect node per retired id, REDIRECTS_TO the entity kept). GraphML keeps
every property as an attribute (lists and disputes as JSON text, dates as ISO
text); `label` is the name to show, `kind` the Neo4j label. The Cypher script
upserts by id with the loader's own MERGE statements, with the values written as
Cypher literals (properties without a value left out), so running it twice leaves
the same graph.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any, TextIO

from model.records import SECTIONS, Fact
from model.rows import Rows, to_rows
from model.validation import RecordGraph
from talentgraph.errors import BadInput
from talentgraph.progress import Progress
from talentgraph.transfer import records as fmt
from talentgraph.transfer import stored

CYPHER_BATCH = 500
_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def rows_of(items: Iterable[tuple[str, dict[str, Any]]]) -> Rows:
    """The loader's rows for exported records (checked by the seed model on the way);
    redirects are not rows (see `redirects_of`)."""
    graph = RecordGraph()
    synthetic = set()
    for section, record in items:
        if section == fmt.REDIRECTS:
            continue
        if record.get(fmt.SYNTHETIC):
            synthetic.add(record["id"])
        record = {k: v for k, v in record.items() if k != fmt.SYNTHETIC}
        cls = SECTIONS.get(section, Fact)
        try:
            valid = cls.model_validate(record)
        except ValueError as error:
            name = (
                record.get("id")
                or f"{record.get('rel')} {record.get('from')} -> {record.get('to')}"
            )
            raise BadInput(f"the stored record {name} does not fit the model: {error}") from error
        if isinstance(valid, Fact):
            graph.facts.append(valid)
        else:
            graph.group(section)[valid.id] = valid
    rows = to_rows(graph)
    for row in rows.nodes:
        if row["id"] in synthetic:
            row["props"][fmt.SYNTHETIC] = True
    return rows


def redirects_of(items: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The merge redirects among exported records: `{id, to}`."""
    return [record for section, record in items if section == fmt.REDIRECTS]


def _attribute(value: Any) -> tuple[str, str]:
    """(GraphML attr.type, text) of a property value."""
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int | float):
        return "double", repr(float(value))
    if isinstance(value, datetime.date):
        return "string", value.isoformat()
    if isinstance(value, list | dict):
        return "string", json.dumps(value, ensure_ascii=False)
    return "string", str(value)


def write_graphml(
    items: Iterable[tuple[str, dict[str, Any]]], out: TextIO, progress: Progress
) -> None:
    items = list(items)
    rows = rows_of(items)
    keys: dict[tuple[str, str], str] = {}  # (for, name) -> attr.type; mixed types become string
    nodes = []
    for row in rows.nodes:
        props = {
            "kind": row["label"],
            "label": row["props"].get("name") or row["props"].get("title"),
        }
        nodes.append((row["id"], _typed({**props, **row["props"]}, "node", keys)))
    edges = []
    for row in rows.relationships:
        props = {"type": row["type"], **row["props"]}
        edges.append((row["id"], row["from"], row["to"], _typed(props, "edge", keys)))
    for redirect in redirects_of(items):  # a retired id, and the entity it resolves to
        id, to = redirect["id"], redirect["to"]
        nodes.append((id, _typed({"kind": "Redirect", "label": id}, "node", keys)))
        attributes = _typed({"type": "REDIRECTS_TO"}, "edge", keys)
        edges.append((f"REDIRECTS_TO:{id}:{to}", id, to, attributes))
    root = ET.Element("graphml", xmlns=_GRAPHML_NS)
    ids = {}
    for n, ((kind, name), type_) in enumerate(sorted(keys.items())):
        ids[(kind, name)] = f"{kind[0]}{n}"
        ET.SubElement(root, "key", {"id": ids[(kind, name)], "for": kind, "attr.name": name,
                                    "attr.type": type_})  # fmt: skip
    graph = ET.SubElement(root, "graph", id="talentgraph", edgedefault="directed")
    for id, attributes in nodes:
        node = ET.SubElement(graph, "node", id=id)
        _data(node, "node", attributes, keys, ids)
        progress.advance()
    for id, source, target, attributes in edges:
        edge = ET.SubElement(graph, "edge", id=id, source=source, target=target)
        _data(edge, "edge", attributes, keys, ids)
        progress.advance()
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _typed(
    props: dict[str, Any], kind: str, keys: dict[tuple[str, str], str]
) -> dict[str, tuple[str, str]]:
    typed = {}
    for name, value in props.items():
        if value is None:
            continue
        type_, text = _attribute(value)
        if keys.setdefault((kind, name), type_) != type_:
            keys[(kind, name)] = "string"
        typed[name] = (type_, text)
    return typed


def _data(
    element: ET.Element,
    kind: str,
    attributes: dict[str, tuple[str, str]],
    keys: dict[tuple[str, str], str],
    ids: dict[tuple[str, str], str],
) -> None:
    for name, (_, text) in attributes.items():
        ET.SubElement(element, "data", key=ids[(kind, name)]).text = text


def literal(value: Any) -> str:
    """A value as a Cypher literal; text is escaped, so no value can end the statement."""
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)  # null, true, false and numbers: JSON writes them as Cypher does
    if isinstance(value, datetime.date):
        return f"date({literal(value.isoformat())})"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    # JSON's escapes (\\, \", \n, \uXXXX...) are Cypher's too; only the quote differs.
    text = json.dumps(str(value), ensure_ascii=False)[1:-1]
    return "'" + text.replace("'", "\\'") + "'"


def _given(props: dict[str, Any]) -> dict[str, Any]:
    """The properties that have a value. Neo4j parses and plans every literal of a script's
    statement, so each `null` costs time (a fifth of the seed graph's script was `null`s),
    and leaving them out upserts as an import does: the fields given replace, the others stay.
    """
    return {k: v for k, v in props.items() if v is not None}


def write_cypher(
    items: Iterable[tuple[str, dict[str, Any]]], out: TextIO, progress: Progress
) -> None:
    items = list(items)
    rows = rows_of(items)
    out.write(
        "// talentgraph export: upserts by id, so running it twice changes nothing.\n"
        "// Run on a database with talentgraph's constraints (talentgraph seed applies them):\n"
        "//   cypher-shell -f export.cypher\n"
    )
    labels = sorted({row["label"] for row in rows.nodes})
    for label in labels:
        # Labels and types reach the script's text only from the model.
        if label not in stored.KINDS:
            raise ValueError(f"not a kind of entity: {label!r}")
        batch = [
            {"id": r["id"], "props": _given(r["props"])} for r in rows.nodes if r["label"] == label
        ]
        for i in range(0, len(batch), CYPHER_BATCH):
            part = batch[i : i + CYPHER_BATCH]
            out.write(
                f"UNWIND {literal(part)} AS row\nMERGE (n:Entity {{id: row.id}})\n"
                f"SET n:`{label}`\nSET n += row.props;\n"
            )
            progress.advance(len(part))
    types = sorted({row["type"] for row in rows.relationships})
    for type_ in types:
        if type_ not in stored.FACT_TYPES | stored.DERIVED:
            raise ValueError(f"not a relationship type of the model: {type_!r}")
        batch = [r for r in rows.relationships if r["type"] == type_]
        for i in range(0, len(batch), CYPHER_BATCH):
            part = [
                {"id": r["id"], "from": r["from"], "to": r["to"], "props": _given(r["props"])}
                for r in batch[i : i + CYPHER_BATCH]
            ]
            out.write(
                f"UNWIND {literal(part)} AS row\nMATCH (a:Entity {{id: row.from}})\n"
                f"MATCH (b:Entity {{id: row.to}})\nMERGE (a)-[r:`{type_}` {{id: row.id}}]->(b)\n"
                "SET r += row.props;\n"
            )
            progress.advance(len(part))
    moved = redirects_of(items)
    for i in range(0, len(moved), CYPHER_BATCH):
        part = moved[i : i + CYPHER_BATCH]
        out.write(
            f"UNWIND {literal(part)} AS row\nMATCH (kept:Entity {{id: row.to}})\n"
            "MERGE (redirect:Redirect {id: row.id})\nMERGE (redirect)-[:REDIRECTS_TO]->(kept);\n"
        )
        progress.advance(len(part))
