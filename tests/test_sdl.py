"""schema/schema.graphql is the exported SDL, kept in sync with the code."""

from __future__ import annotations

import re

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    parse,
    specified_scalar_types,
    validate,
)

import schema as schema_package
from model.graph import RelType
from model.kinds import RELATIONSHIPS
from talentgraph.settings import ROOT, Settings

schema = schema_package.build(Settings())


# docs/queries.md's examples run against the seed graph (test_queries_doc.py), the README's
# in GraphiQL (test_graphiql.py); every other page's are held to the schema here.
DOC_BLOCKS = [
    pytest.param(block, id=f"{path.name}:{n}")
    for path in sorted((ROOT / "docs").glob("*.md"))
    if path.name != "queries.md"
    for n, block in enumerate(re.findall(r"```graphql\n(.*?)```", path.read_text(), re.S), 1)
]


@pytest.mark.parametrize("block", DOC_BLOCKS)
def test_the_docs_graphql_examples_are_valid(block: str) -> None:
    errors = validate(schema._schema, parse(block))
    assert errors == [], [e.message for e in errors]


def test_sdl_file_matches_the_code() -> None:
    exported = (ROOT / "schema" / "schema.graphql").read_text()
    assert exported == schema.as_str() + "\n", "run `make schema` and commit schema/schema.graphql"


def test_every_field_and_argument_is_described() -> None:
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(
            type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            continue
        for field_name, field in type_.fields.items():
            if name in {"PageInfo"} or name.endswith(("Connection", "Edge")):
                continue  # Relay's own, documented by the spec
            if not field.description:
                missing.append(f"{name}.{field_name}")
            args = getattr(field, "args", {}) or {}
            for arg_name, arg in args.items():
                if not arg.description:
                    missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []


def test_employer_is_what_worked_at_can_reach() -> None:
    """`Employment.employer` is typed by the model's rule for WORKED_AT, no wider: codegen
    then types it as a company or a university, not as any of the seven entities."""
    employer = get_named_type(schema._schema.get_type("Employment").fields["employer"].type)  # type: ignore[union-attr]
    possible = {t.name for t in schema._schema.get_possible_types(employer)}  # type: ignore[arg-type]
    assert possible == set(RELATIONSHIPS[RelType.WORKED_AT].targets)


def test_every_custom_scalar_is_specified_by_an_absolute_url() -> None:
    custom = [
        t
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLScalarType) and name not in specified_scalar_types
    ]
    assert {t.name for t in custom} == {"PartialDate", "JSON", "DateTime"}
    for scalar in custom:
        assert (scalar.specified_by_url or "").startswith("https://"), scalar.name
        assert "docs/scalars.md" in (scalar.description or ""), scalar.name
