"""The cost of one operation: the items it could return, given its variables' values."""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from schema.limits.fragments import PerFragment


def operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs: the one named, else the first."""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name and definition.name.value == name)
        ):
            return definition
    return None


class Estimate(PerFragment[int]):
    """The cost of one operation, given the coerced values of its variables.

    A fragment's value is its cost at weight 1; its cost at weight w is w times that.
    """

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]):
        super().__init__(document, 0)
        self.schema = schema
        self.document = document
        self.variables = variables

    def total(self, operation_name: str | None) -> int:
        op = operation(self.document, operation_name)
        root = self.schema.get_root_type(op.operation) if op else None
        return self._cost(op.selection_set, root, 1) if op and root else 0

    def walk(self, fragment: FragmentDefinitionNode) -> int:
        target = self._type(fragment.type_condition, None)
        return self._cost(fragment.selection_set, target, 1)

    def _cost(self, selections: SelectionSetNode | None, parent: Any, weight: int) -> int:
        if selections is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        cost = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                field = parent.fields.get(node.name.value)
                if field is None:
                    continue  # validation reports it
                factor = self._first(node, field, parent)
                if factor > 1 and not _selects_items(node):
                    continue  # only `totalCount` or `pageInfo`: one count, no items
                child = get_named_type(field.type)
                cost += weight * factor if factor > 1 else 0
                cost += self._cost(node.selection_set, child, weight * factor)
            elif isinstance(node, InlineFragmentNode):
                target = self._type(node.type_condition, parent)
                cost += self._cost(node.selection_set, target, weight)
            elif isinstance(node, FragmentSpreadNode):
                cost += weight * self.fragment(node.name.value)
        return cost

    def _type(self, condition: Any, parent: Any) -> Any:
        return self.schema.get_type(condition.name.value) if condition else parent

    def _first(self, node: FieldNode, field: Any, parent: Any = None) -> int:
        """How many items a field may return: its `first` or `last` (connections), or
        the default page when neither is given; its `ids` (`nodes`); 1 for a field that
        is no list."""
        if "ids" in field.args:
            for argument in node.arguments or ():
                ids: Any = argument.value
                if isinstance(ids, VariableNode):
                    ids = self.variables.get(ids.name.value)
                if argument.name.value == "ids":
                    found = ids.values if isinstance(ids, ListValueNode) else ids
                    return max(len(found), 1) if isinstance(found, list | tuple) else 1
        if "first" not in field.args:
            return 1
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            # Coerced values hold the variable's default when none was sent.
            if isinstance(value, VariableNode) and value.name.value in self.variables:
                given = self.variables[value.name.value]
                if isinstance(given, int):
                    return max(given, 1)
        default = field.args["first"].default_value
        if "last" in field.args and not isinstance(default, int):
            # A connection pages 100 at the root (lists) and 20 below (relationships).
            return 100 if parent is not None and parent.name == "Query" else 20
        return default if isinstance(default, int) and default > 1 else 1


def _selects_items(node: FieldNode) -> bool:
    """Whether a connection's selection asks for its items, not only for its count."""
    if node.selection_set is None:
        return True
    return any(
        not isinstance(child, FieldNode) or child.name.value not in {"totalCount", "pageInfo"}
        for child in node.selection_set.selections
    )
