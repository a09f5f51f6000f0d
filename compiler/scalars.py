"""Scalar fields in Cypher: each rendered exactly as the API serialises it.

A property missing from the graph takes the type's default (`aliases: []`,
`synthetic: false`), as the resolvers' objects do; Float fields are cast, so
an integer stored by hand still answers `1.0`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from compiler.source import Src

SCALARS = {"String", "ID", "Int", "Float", "Boolean", "PartialDate", "CompanyKind"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def identifier(name: str) -> str:
    """A label, type or property name from the schema, checked before it reaches Cypher."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not an identifier: {name!r}")
    return name


def expression(src: Src, gtype: Any, name: str, field_def: Any) -> str:
    """The value of scalar field `name` of the object `src` of type `gtype`."""
    definition = field_def.extensions.get("strawberry-definition")
    # Sources are entities whose name is their title (resolvers/convert.py).
    prop = "title" if (gtype.name, name) == ("Source", "name") else identifier(name)
    expr = f"{src.expr}.{prop}"
    default = _default(definition) if definition is not None else None
    if default is not None:
        expr = f"coalesce({expr}, {_literal(default)})"
    kind = field_def.type
    while hasattr(kind, "of_type"):
        kind = kind.of_type
    return f"toFloat({expr})" if kind.name == "Float" else expr


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
