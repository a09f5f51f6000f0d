"""A cost limit: how many items a query could ask for, counted before it runs.

Strawberry's own extensions bound depth, aliases and tokens; none bounds list
sizes. The cost of a query is, summed over every field, the product of the
`first` arguments on the way down to it (an unset `first` counts as its
default), so `people(first: 1000) { employments(first: 5) {...} }` costs 1000
+ 5000. Variables count with their values; a list asked only for its
`totalCount` costs nothing, since no items come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from talentgraph.errors import Code


class CostLimiter(SchemaExtension):
    def __init__(self, max_cost: int):
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # ValidationCache may already have set an empty list: test for errors, not None.
        if document is not None and not context.pre_execution_errors:
            cost = _Estimate(context.schema._schema, document, context.variables or {}).total(
                context.operation_name
            )
            if cost > self.max_cost:
                # Set before validation runs, so the query is refused without executing.
                context.pre_execution_errors = [
                    GraphQLError(
                        f"the query could return {cost:,} items, over the limit of "
                        f"{self.max_cost:,}: ask for fewer (`first`) or nest less",
                        extensions={"code": str(Code.BAD_USER_INPUT)},
                    )
                ]
        yield


class _Estimate:
    def __init__(self, schema: GraphQLSchema, document: Any, variables: dict[str, Any]):
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]

    def total(self, operation_name: str | None) -> int:
        for op in self.operations:
            if operation_name is None or (op.name and op.name.value == operation_name):
                root = self.schema.get_root_type(op.operation)
                return self._cost(op.selection_set, root, 1, frozenset()) if root else 0
        return 0

    def _cost(
        self, selections: SelectionSetNode | None, parent: Any, weight: int, seen: frozenset[str]
    ) -> int:
        if selections is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        cost = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                field = parent.fields.get(node.name.value)
                if field is None:
                    continue  # validation reports it
                factor = self._first(node, field)
                if factor > 1 and not _selects_items(node):
                    continue  # only `totalCount` or `pageInfo`: one count, no items
                child = get_named_type(field.type)
                cost += weight * factor if factor > 1 else 0
                cost += self._cost(node.selection_set, child, weight * factor, seen)
            elif isinstance(node, InlineFragmentNode):
                target = self._type(node.type_condition, parent)
                cost += self._cost(node.selection_set, target, weight, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic: validation reports it
                target = self._type(fragment.type_condition, parent)
                cost += self._cost(fragment.selection_set, target, weight, seen | {name})
        return cost

    def _type(self, condition: Any, parent: Any) -> Any:
        return self.schema.get_type(condition.name.value) if condition else parent

    def _first(self, node: FieldNode, field: Any) -> int:
        if "first" not in field.args:
            return 1
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int):
                    return max(given, 1)
        default = field.args["first"].default_value
        return default if isinstance(default, int) and default > 1 else 1


def _selects_items(node: FieldNode) -> bool:
    """Whether a connection's selection asks for its items, not only for its count."""
    if node.selection_set is None:
        return True
    return any(
        not isinstance(child, FieldNode) or child.name.value not in {"totalCount", "pageInfo"}
        for child in node.selection_set.selections
    )
