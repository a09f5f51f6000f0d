"""Stored nodes and relationships back into seed-file records: model.rows.to_rows undone.

The exporter writes these records; the importer overlays an import's fields on
them for entities and facts already in the graph. Loading a record made here
gives back exactly the properties it was made from (tests/test_export.py
round-trips the whole graph).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from model.graph import STRUCTURAL_TYPES, RelType
from model.records import SECTIONS, Entity, Fact

KINDS: dict[str, str] = {cls.__name__: section for section, cls in SECTIONS.items()}
# Relationships a node record carries as a field; every other type is a fact.
DERIVED = frozenset(STRUCTURAL_TYPES)
FACT_TYPES = frozenset(map(str, RelType))


def kind_of(labels: Iterable[str]) -> str | None:
    """The node's kind (Person, Company...) among its labels, or None for a non-entity."""
    return next((label for label in labels if label in KINDS), None)


def first(values: list[str]) -> str | None:
    """A model's family or a round's company, from the list of the edges found (one at most)."""
    return values[0] if values else None


def _fields(cls: type[Entity | Fact], props: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        value = props.get(name)
        if name == "disputes":
            value = json.loads(value) if value else None
        if value is None or value == []:
            continue
        record[info.alias or name] = value
    return record


def entity(
    kind: str,
    props: dict[str, Any],
    *,
    family: str | None = None,
    company: str | None = None,
    investors: Iterable[tuple[str, dict[str, Any]]] = (),
) -> dict[str, Any]:
    """The record of a node of `kind`; `family`, `company` and `investors` from its edges.

    Generated data (`seed --synthetic`) says `synthetic: true`, so it stays marked."""
    cls = SECTIONS[KINDS[kind]]
    record = _fields(cls, props)
    if props.get("synthetic"):
        record["synthetic"] = True
    record.pop("versionOf", None)
    record.pop("company", None)
    record.pop("investors", None)
    if kind == "AIModel" and family is not None:
        record["versionOf"] = family
    if kind == "FundingRound":
        if company is not None:
            record["company"] = company
        listed = [_investor(id, edge, record.get("sources")) for id, edge in investors]
        if listed:
            record["investors"] = sorted(listed, key=lambda i: i["id"])
    return record


def _investor(id: str, edge: dict[str, Any], round_sources: list[str] | None) -> dict[str, Any]:
    investor: dict[str, Any] = {"id": id, "lead": bool(edge.get("lead"))}
    # The loader gives an investor without sources of its own the round's.
    sources = edge.get("sources")
    if sources and list(sources) != round_sources:
        investor["sources"] = list(sources)
    if edge.get("note") is not None:
        investor["note"] = edge["note"]
    return investor


def fact(type_: str, from_: str, to: str, props: dict[str, Any]) -> dict[str, Any]:
    """The record of a fact relationship (a type of RelType)."""
    record = {"rel": type_, "from": from_, "to": to, **_fields(Fact, props)}
    # The loader stores `ended` on every WORKED_AT (true with an end date too):
    # the record says `ended` only where no date does.
    record.pop("ended", None)
    if type_ == "WORKED_AT" and props.get("ended") and props.get("end") is None:
        record["ended"] = True
    return record
