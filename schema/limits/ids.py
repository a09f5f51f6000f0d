"""ID length: capped in literals (a validation rule) and in coerced variable values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    IntValueNode,
    Node,
    ObjectFieldNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    VariableDefinitionNode,
    get_named_type,
    get_nullable_type,
)
from graphql.language import ArgumentNode

from schema.limits.fragments import refusal


def id_length_limit(max_length: int) -> type[ValidationRule]:
    """A validation rule that refuses ID literals (in arguments or variable defaults) over the cap."""

    class IdLength(ValidationRule):
        def __init__(self, context: ValidationContext):
            super().__init__(context)
            self.where: list[str] = []

        def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
            self.where.append(node.name.value)

        def leave_argument(self, *_: Any) -> None:
            self.where.pop()

        def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
            self.where.append(f"${node.variable.name.value}")

        def leave_variable_definition(self, *_: Any) -> None:
            self.where.pop()

        def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
            self.where.append(node.name.value)

        def leave_object_field(self, *_: Any) -> None:
            self.where.pop()

        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            self._check(node.value, node)

        def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
            self._check(node.value, node)

        def _check(self, value: str, node: Node) -> None:
            if (
                len(value) > max_length
                and get_named_type(self.context.get_input_type()) is GraphQLID
            ):
                where = ".".join(self.where)
                self.report_error(_too_long(where, len(value), max_length, node))

    return IdLength


def _too_long(where: str, length: int, max_length: int, node: Node | None = None) -> GraphQLError:
    return refusal(
        f"{where} is an ID of {length:,} characters, over the limit of {max_length:,}",
        node,
        field=where,
    )


def long_ids(value: Any, type_: GraphQLInputType, where: str, cap: int) -> Iterator[GraphQLError]:
    """An error for each ID in a coerced variable value longer than `cap`."""
    type_ = get_nullable_type(type_)  # type: ignore[assignment]
    if value is None:
        return
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            yield from long_ids(item, type_.of_type, f"{where}[{index}]", cap)
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, field in type_.fields.items():
            # Strawberry's input types coerce to dicts keyed by their GraphQL names.
            if name in value:
                yield from long_ids(value[name], field.type, f"{where}.{name}", cap)
    elif type_ is GraphQLID and len(str(value)) > cap:
        yield _too_long(where, len(str(value)), cap)
