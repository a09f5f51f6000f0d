"""Records as Neo4j rows: one row a node, one a relationship, with the properties stored.

The one translation from validated records (model/records.py) to what the Cypher
files write: partial dates expanded into text and bounds, disputes as JSON, fact ids
from type, ends and start. The seed loader, the importer and the writes all use it,
so a fact written any of those ways is stored the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from model.graph import RelType
from model.records import SECTIONS, AIModel, Fact, FundingRound
from model.validation import RecordGraph
from talentgraph.dates import PartialDate

# Per-record fields that become relationships rather than properties.
_STRUCTURAL = {"id", "company", "investors", "versionOf", "disputes"}


@dataclass
class Rows:
    nodes: list[dict[str, Any]]
    relationships: list[dict[str, Any]]

    def kinds(self) -> set[str]:
        """The labels and relationship types of the rows, for a load's change's `kinds`."""
        return {*(r["label"] for r in self.nodes), *(r["type"] for r in self.relationships)}


def properties(fields: dict[str, Any], *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Record fields as Neo4j properties: partial dates become text plus Min/Max dates."""
    props: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _STRUCTURAL or key in exclude:
            continue
        if isinstance(value, PartialDate):
            props.update(value.stored(key))
        else:
            props[key] = value
    return props


def _disputes(record: Any) -> str | None:
    # A list of maps is no Neo4j property type; JSON keeps each alternative whole.
    if not record.disputes:
        return None
    return json.dumps(
        [d.model_dump(exclude_none=True) for d in record.disputes], ensure_ascii=False
    )


def fact_id(rel: str, from_: str, to: str, start: PartialDate | None = None) -> str:
    # The start tells apart two spells at one company (someone who left and came back).
    return f"{rel}:{from_}:{to}" + (f":{start.text}" if start else "")


def to_rows(graph: RecordGraph) -> Rows:
    nodes: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    for section, kind in SECTIONS.items():
        label = kind.__name__
        for record in graph.group(section).values():
            props = properties(_fields(record))
            if label != "Source":
                props["aliasText"] = " ".join(record.aliases) or None
                props["disputes"] = _disputes(record)
            nodes.append({"id": record.id, "label": label, "props": props})
            if isinstance(record, AIModel) and record.versionOf:
                rels.append(_rel("VERSION_OF", record.id, record.versionOf, record.sources))
            if isinstance(record, FundingRound):
                rels.extend(_round_rels(record))
    rels.extend(fact_row(fact) for fact in graph.facts)
    return Rows(nodes, rels)


def _rel(type_: str, from_: str, to: str, sources: list[str], **props: Any) -> dict[str, Any]:
    return {
        "id": fact_id(type_, from_, to),
        "type": type_,
        "from": from_,
        "to": to,
        "props": {"sources": sources, "confidence": props.pop("confidence", 1.0), **props},
    }


def _round_rels(round_: FundingRound) -> Iterator[dict[str, Any]]:
    yield _rel("RAISED", round_.company, round_.id, round_.sources, confidence=round_.confidence)
    for investor in round_.investors:
        yield _rel(
            "INVESTED_IN", investor.id, round_.id, investor.sources or round_.sources,
            lead=investor.lead, note=investor.note, confidence=round_.confidence,
        )  # fmt: skip


def _fields(record: BaseModel) -> dict[str, Any]:
    # A pydantic model keeps its fields' values in its __dict__, in the fields' order (and
    # nothing else: the records have no cached properties). Asking `model_fields` and
    # getattr for each field took half of to_rows on an import of 100,000 facts.
    return record.__dict__


_NOT_FACT_PROPS = {"rel", "from_", "to"}


def fact_row(fact: Fact) -> dict[str, Any]:
    """A fact as its relationship's row (the importer makes them a part at a time)."""
    props = properties(_fields(fact), exclude=_NOT_FACT_PROPS)
    props["disputes"] = _disputes(fact)
    if fact.rel == RelType.WORKED_AT:
        # "Former" is one property to test, whether or not the end is dated.
        props["ended"] = fact.end is not None or bool(fact.ended)
    return {
        "id": fact_id(fact.rel, fact.from_, fact.to, fact.start),
        "type": str(fact.rel),
        "from": fact.from_,
        "to": fact.to,
        "props": props,
    }
