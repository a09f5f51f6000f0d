"""Scalar fields in Cypher: each rendered exactly as the API serialises it.

A property missing from the graph takes the type's default (`aliases: []`,
`synthetic: false`), as the resolvers' objects do; Float fields are cast, so
an integer stored by hand still answers `1.0`.

Each value is checked against its GraphQL type in the statement itself. A
value that does not fit (a person without a name, a number where a list
belongs: data no loader writes, but a hand edit can) makes the statement fail
with a division by zero, the one error Cypher lets a query raise; the
executor then answers with the resolvers, which report the field error with
its path and partial data exactly as the specification asks.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, get_named_type

from compiler.source import Src

SCALARS = {"String", "ID", "Int", "Float", "Boolean", "PartialDate", "CompanyKind",
           "MoneyQualifier"}  # fmt: skip
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def identifier(name: str) -> str:
    """A label, type or property name from the schema, checked before it reaches Cypher."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not an identifier: {name!r}")
    return name


def expression(src: Src, gtype: Any, name: str, field_def: Any) -> str:
    """The value of scalar field `name` of the object `src` of type `gtype`."""
    definition = field_def.extensions.get("strawberry-definition")
    # Sources are entities whose name is their title (schema/records.py).
    prop = "title" if (gtype.name, name) == ("Source", "name") else identifier(name)
    expr = f"{src.expr}.{prop}"
    default = _default(definition) if definition is not None else None
    if default is not None:
        expr = f"coalesce({expr}, {_literal(default)})"
    expr = _checked(expr, field_def.type)
    kind = field_def.type
    while hasattr(kind, "of_type"):
        kind = kind.of_type
    return f"toFloat({expr})" if kind.name == "Float" else expr


# The Cypher value types each GraphQL scalar serialises from without a fault.
_CYPHER_TYPES = {"String": ["STRING"], "ID": ["STRING"], "PartialDate": ["STRING"],
                 "CompanyKind": ["STRING"], "MoneyQualifier": ["STRING"], "Boolean": ["BOOLEAN"], "Int": ["INTEGER"],
                 "Float": ["INTEGER", "FLOAT"]}  # fmt: skip
FAULT = "1 / toInteger(rand() * 0)"  # not a constant, so the planner cannot fold it away


def _checked(expr: str, gtype: Any) -> str:
    required = isinstance(gtype, GraphQLNonNull)
    inner = gtype.of_type if required else gtype
    if isinstance(inner, GraphQLList):
        item_required = isinstance(inner.of_type, GraphQLNonNull)
        item = get_named_type(inner)
        kinds = [
            f"LIST<{k}{' NOT NULL' if item_required else ''}>" for k in _CYPHER_TYPES[item.name]
        ]
    else:
        kinds = _CYPHER_TYPES[get_named_type(inner).name]
    test = f"{expr} IS :: " + " | ".join(f"{k} NOT NULL" if required else k for k in kinds)
    named = get_named_type(inner)
    if isinstance(named, GraphQLEnumType):  # only the enum's own names serialise
        names = ", ".join(f"'{identifier(n)}'" for n in named.values)
        test = f"{test} AND ({expr} IS NULL OR {expr} IN [{names}])"
    return f"CASE WHEN {test} THEN {expr} ELSE {FAULT} END"


def _default(definition: Any) -> Any:
    if definition.default_factory is not dataclasses.MISSING:
        return definition.default_factory()
    if definition.default is dataclasses.MISSING:
        return None
    return definition.default


def _literal(value: Any) -> str:
    """A schema default as a Cypher literal (never a request value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if value == []:
        return "[]"
    if isinstance(value, str) and _IDENTIFIER.fullmatch(value):
        return f"'{value}'"
    raise ValueError(f"no literal for {value!r}")
