"""schema/schema.graphql is the exported SDL, kept in sync with the code."""

from __future__ import annotations

import schema as schema_package
from talentgraph.settings import ROOT, Settings

schema = schema_package.build(Settings())


def test_sdl_file_matches_the_code() -> None:
    exported = (ROOT / "schema" / "schema.graphql").read_text()
    assert exported == schema.as_str() + "\n", "run `make schema` and commit schema/schema.graphql"


def test_every_field_and_argument_is_described() -> None:
    from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

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
