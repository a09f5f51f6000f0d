"""Strawberry classes made from tables rather than written out: the one way this package
generates a type or an input (schema/types.py, schema/facts.py, schema/inputs.py,
schema/generated.py, schema/mutation.py do), and the registry's properties as fields.

A generated class is a module attribute of the module named, like a written one,
so string annotations and `strawberry.lazy` references find it by its name.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import strawberry

from model.graph import CompanyKind, MoneyQualifier
from model.kinds import Prop
from schema.scalars import PartialDate

REQUIRED = object()
"""A field's value when it has no default and no description of its own."""

Fields = dict[str, tuple[Any, Any]]
"""Attribute -> (annotation, value): a default, a `strawberry.field(...)`, or REQUIRED."""


def make(
    decorator: Callable[..., Any],
    name: str,
    module: str,
    fields: Fields,
    description: str,
    bases: tuple[type, ...] = (),
) -> Any:
    """The class `name` of `module`, with `fields` in order, made a type by `decorator`
    (`strawberry.type`, `strawberry.input`...)."""
    namespace: dict[str, Any] = {
        "__module__": module,
        "__annotations__": {f: annotation for f, (annotation, _) in fields.items()},
    }
    namespace.update({f: value for f, (_, value) in fields.items() if value is not REQUIRED})
    made = decorator(type(name, bases, namespace), description=description)
    setattr(sys.modules[module], name, made)
    return made


def snake(name: str) -> str:
    """The Python attribute for a camelCase API name (`asOf` -> `as_of`)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# A registry property type (model/kinds.py PROP_TYPES) as a GraphQL type.
SCALAR_TYPES: dict[str, Any] = {
    "text": str,
    "date": PartialDate,
    "flag": bool,
    "number": float,
    "id": strawberry.ID,
    "CompanyKind": CompanyKind,
    "MoneyQualifier": MoneyQualifier,
}


def output(prop: Prop) -> tuple[Any, Any] | None:
    """A property as a type's field: nullable unless required (a flag is false where the
    graph holds nothing); None for an `id`, which the type shows as a relationship field.
    Without an `about`, schema/glossary.py describes it."""
    if prop.type == "id":
        return None
    kind = SCALAR_TYPES[prop.type]
    annotation, default = (
        (kind, False) if prop.type == "flag" else (kind, REQUIRED) if prop.required
        else (kind | None, None)
    )  # fmt: skip
    if prop.about and default is REQUIRED:
        return annotation, strawberry.field(description=prop.about)
    if prop.about:
        return annotation, strawberry.field(default=default, description=prop.about)
    return annotation, default
