"""The registry (model/kinds.toml) is the one place a property or a fact kind is declared:
the API's types, inputs and the seed model's fact record are made from it."""

from __future__ import annotations

import dataclasses

import pytest

from model import kinds
from model.records import Fact
from schema import inputs
from schema.facts import FACT_TYPES
from schema.types import ENTITY_TYPES


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]


def test_every_fact_row_is_a_type_with_its_ends_and_properties() -> None:
    for row in kinds.FACT_ROWS:
        fields = _fields(FACT_TYPES[row.stem])
        ends = [row.source.field, row.target.field]
        props = [p.name for p in row.props]
        assert fields[-len(ends) - len(props) :] == ends + [
            "as_of" if p == "asOf" else p for p in props
        ]


def test_written_facts_have_inputs_and_the_record_takes_their_properties() -> None:
    for kind in kinds.FACT_KINDS:
        row = kinds.FACT_ROW[kind.name]
        assert row.source.field in _fields(getattr(inputs, f"{kind.stem}Input"))
        assert {p.name for p in row.props} <= set(Fact.model_fields)
    assert kinds.RELATIONSHIPS[kinds.RelType.WORKED_AT].targets == ("Company", "University")


def test_entity_types_carry_their_rows_relationship_fields() -> None:
    for kind in kinds.ENTITY_KINDS:
        definition = ENTITY_TYPES[kind.label].__strawberry_definition__  # type: ignore[attr-defined]
        relations = [f.metadata["relation"] for f in definition.fields if "relation" in f.metadata]
        assert [r.edge_type for r in relations] == [
            kinds.FACT_ROW[f.fact].stem for f in kind.relations
        ]


def test_the_registry_refuses_an_end_that_is_not_one() -> None:
    row = kinds.FACT_ROW["employment"]
    with pytest.raises(ValueError, match="not an end"):
        row.relation(kinds.RelationField("jobs", "employment", "investor", "Jobs."))
    with pytest.raises(ValueError, match="not a property"):
        kinds.Prop("born", type="colour")
