"""What the compiler makes, and what its parts share: the plan, the refusal, type lookups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
)
from graphql.execution.values import VariableValues, get_argument_values

from compiler import scalars, shape

Binder = Callable[[dict[str, Any], Any], dict[str, Any]]
"""(coerced arguments, settings) -> parameters; raises an AppError for a bad argument."""


class Unsupported(Exception):
    """The selection holds a field the compiler does not cover."""


@dataclass(frozen=True)
class RootField:
    key: str  # the response key
    column: str  # the statement's column holding the value
    build: shape.Build | None


@dataclass
class Plan:
    """One statement for the root fields in `fields`; the others run through resolvers."""

    text: str
    fields: list[RootField]
    binders: list[tuple[GraphQLField, Any, Binder]] = field(default_factory=list)

    def parameters(self, variables: VariableValues, settings: Any) -> dict[str, Any]:
        """This request's parameters; an AppError if an argument is refused."""
        params: dict[str, Any] = {}
        for field_def, details, bind in self.binders:
            args = get_argument_values(
                field_def, details.node, variables, details.fragment_variable_values
            )
            params.update(bind(args, settings))
        return params


def object_type(gtype: Any) -> GraphQLObjectType:
    while isinstance(gtype, GraphQLNonNull | GraphQLList):
        gtype = gtype.of_type
    if not isinstance(gtype, GraphQLObjectType):
        raise Unsupported(str(gtype))
    return gtype


def object_or_interface(schema: GraphQLSchema, name: str) -> Any:
    found = schema.get_type(name)
    if not isinstance(found, GraphQLObjectType | GraphQLInterfaceType):
        raise Unsupported(name)
    return found


ident = scalars.identifier
