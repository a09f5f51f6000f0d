"""Limits on what one GraphQL request may ask, each checked in time linear in its size.

A document may spread a fragment many times, and fragments spread each other:
`{...F0} fragment F0 on Query {...F1 ...F1} fragment F1 on Query {...F2 ...F2} ...`
doubles at every level, so a check that walks into every spread takes time
exponential in the document (753 bytes held the event loop for 10 s). Every
check here computes each fragment's contribution once and reuses it wherever
the fragment is spread: the document's shape (depth, aliases, fields once
fragments are inlined, spreads) in `document_limits`, the cost in `_Estimate`.

The cost of a query is, summed over every field, the product of the `first`
arguments on the way down to it (an unset `first` counts as its default), so
`people(first: 1000) { employments(first: 5) {...} }` costs 1000 + 5000.
Variables count with the values the query will run with: those sent, else the
variable's default, else the argument's default. A list asked only for its
`totalCount` costs nothing, since no items come back. The cost is linear in
that product, so a fragment's cost for a weight w is w times its cost for 1.

IDs are capped in length, in literals (a validation rule) and in variables
(checked on their coerced values): an id of a few kilobytes is never real, and
over ~8 KB Neo4j's index refuses it with an error the client could not act on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    Node,
    ObjectFieldNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    type_from_ast,
)
from graphql.execution.values import get_variable_values
from graphql.language import ArgumentNode
from graphql.language.visitor import SKIP, VisitorAction
from strawberry.extensions import SchemaExtension

from talentgraph.errors import Code

# -- The document's shape: depth, aliases, inlined fields, spreads -----------------------


@dataclass(frozen=True)
class _Shape:
    """What a selection set adds to a query wherever it appears."""

    depth: int = 0  # levels of fields with selections below it (introspection not counted)
    aliases: int = 0  # aliased fields, fragments inlined
    fields: int = 0  # fields, fragments inlined: what a naive executor would visit

    def __add__(self, other: _Shape) -> _Shape:
        return _Shape(
            max(self.depth, other.depth), self.aliases + other.aliases, self.fields + other.fields
        )


_EMPTY = _Shape()


class _Shapes:
    """Each fragment's shape, computed once however often it is spread."""

    def __init__(self, document: DocumentNode):
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.done: dict[str, _Shape] = {}
        self.started: set[str] = set()

    def of(self, selections: SelectionSetNode | None) -> _Shape:
        shape = _EMPTY
        for node in selections.selections if selections else ():
            if isinstance(node, FieldNode):
                below = self.of(node.selection_set)
                # Introspection is as deep as the type system, not as the data.
                nested = node.selection_set and not node.name.value.startswith("__")
                shape += _Shape(
                    1 + below.depth if nested else 0,
                    below.aliases + (1 if node.alias else 0),
                    below.fields + 1,
                )
            elif isinstance(node, InlineFragmentNode):
                shape += self.of(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                shape += self.fragment(node.name.value)
        return shape

    def fragment(self, name: str) -> _Shape:
        if name in self.done:
            return self.done[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.started:
            return _EMPTY  # unknown or cyclic: graphql-core's own rules report it
        self.started.add(name)
        self.done[name] = shape = self.of(fragment.selection_set)
        return shape


def document_limits(
    max_depth: int, max_aliases: int, max_fields: int, max_spreads: int
) -> type[ValidationRule]:
    """A validation rule that refuses documents too deep, too aliased or too big once inlined.

    It replaces Strawberry's QueryDepthLimiter and MaxAliasesLimiter (same
    limits, same counting: introspection fields add no depth, aliases count
    every time their fragment is spread), whose walks revisit every spread.
    """

    class DocumentLimits(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> VisitorAction:
            spreads = _count_spreads(node)
            if spreads > max_spreads:
                # Refused before anything walks the fragments.
                self.report_error(
                    _refusal(
                        f"the document has {spreads} fragment spreads, over the limit of "
                        f"{max_spreads}: spread fewer fragments"
                    )
                )
                return SKIP
            try:
                self._check(node)
            except RecursionError:
                self.report_error(_refusal("the document nests too deeply to be checked"))
            return SKIP

        def _check(self, document: DocumentNode) -> None:
            shapes = _Shapes(document)
            total = _EMPTY
            for definition in document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                shape = shapes.of(definition.selection_set)
                if shape.depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    self.report_error(
                        _refusal(
                            f"operation '{name}' is {shape.depth} levels deep, over the "
                            f"maximum operation depth of {max_depth}",
                            definition,
                        )
                    )
                total += shape
            if total.aliases > max_aliases:
                self.report_error(
                    _refusal(f"{total.aliases} aliases found, over the limit of {max_aliases}")
                )
            if total.fields > max_fields:
                self.report_error(
                    _refusal(
                        f"the query selects {total.fields:,} fields once its fragments are "
                        f"inlined, over the limit of {max_fields:,}: spread fragments less often"
                    )
                )

    return DocumentLimits


def _count_spreads(document: DocumentNode) -> int:
    count = 0
    pending: list[Any] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    # A stack, not recursion: the count must hold before anything else walks the document.
    while pending:
        selections = pending.pop()
        for node in selections.selections if selections else ():
            if isinstance(node, FragmentSpreadNode):
                count += 1
            elif node.selection_set is not None:
                pending.append(node.selection_set)
    return count


def _refusal(message: str, node: Node | None = None) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": str(Code.BAD_USER_INPUT)})


# -- ID length ----------------------------------------------------------------------------


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
    return GraphQLError(
        f"{where} is an ID of {length:,} characters, over the limit of {max_length:,}",
        node,
        extensions={"code": str(Code.BAD_USER_INPUT), "field": where},
    )


def _long_ids(value: Any, type_: GraphQLInputType, where: str, cap: int) -> Iterator[GraphQLError]:
    """An error for each ID in a coerced variable value longer than `cap`."""
    type_ = get_nullable_type(type_)  # type: ignore[assignment]
    if value is None:
        return
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            yield from _long_ids(item, type_.of_type, f"{where}[{index}]", cap)
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, field in type_.fields.items():
            # Strawberry's input types coerce to dicts keyed by their GraphQL names.
            if name in value:
                yield from _long_ids(value[name], field.type, f"{where}.{name}", cap)
    elif type_ is GraphQLID and len(str(value)) > cap:
        yield _too_long(where, len(str(value)), cap)


# -- Variables as the query will run: ID caps and the cost --------------------------------


class RequestLimits(SchemaExtension):
    """The limits that depend on the variables, checked once the document is valid.

    Validation results are cached per document, so what depends on the values
    sent is checked here, on the values graphql-core will run with: the ones
    sent, coerced, and the defaults the document declares.
    """

    def __init__(self, max_cost: int, max_id_length: int):
        self.max_cost = max_cost
        self.max_id_length = max_id_length

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # The cache may already have set an empty list: test for errors, not None.
        if document is not None and not context.pre_execution_errors:
            # Set before validation's own hook returns, so the query never executes.
            context.pre_execution_errors = self._check(
                context.schema._schema, document, context.operation_name, context.variables
            )
        yield

    def _check(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
        sent: dict[str, Any] | None,
    ) -> list[GraphQLError]:
        operation = _operation(document, operation_name)
        if operation is None:
            return []  # execution reports the missing operation
        coerced = get_variable_values(
            schema, operation.variable_definitions or (), sent or {}, max_errors=1
        )
        if isinstance(coerced, list):
            return []  # values that do not fit their types: execution reports them
        errors = [
            error
            for definition in operation.variable_definitions or ()
            for error in _long_ids(
                coerced.coerced.get(definition.variable.name.value),
                type_from_ast(schema, definition.type),  # type: ignore[arg-type]
                f"${definition.variable.name.value}",
                self.max_id_length,
            )
        ]
        if errors:
            return errors
        cost = _Estimate(schema, document, coerced.coerced).total(operation_name)
        if cost > self.max_cost:
            return [
                _refusal(
                    f"the query could return {cost:,} items, over the limit of "
                    f"{self.max_cost:,}: ask for fewer (`first`) or nest less"
                )
            ]
        return []


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name and definition.name.value == name)
        ):
            return definition
    return None


class _Estimate:
    """The cost of one operation, given the coerced values of its variables."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]):
        self.schema = schema
        self.document = document
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # A fragment's cost at weight 1; its cost at weight w is w times that.
        self.unit: dict[str, int] = {}
        self.started: set[str] = set()

    def total(self, operation_name: str | None) -> int:
        op = _operation(self.document, operation_name)
        root = self.schema.get_root_type(op.operation) if op else None
        return self._cost(op.selection_set, root, 1) if op and root else 0

    def _cost(self, selections: SelectionSetNode | None, parent: Any, weight: int) -> int:
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
                cost += self._cost(node.selection_set, child, weight * factor)
            elif isinstance(node, InlineFragmentNode):
                target = self._type(node.type_condition, parent)
                cost += self._cost(node.selection_set, target, weight)
            elif isinstance(node, FragmentSpreadNode):
                cost += weight * self._fragment(node.name.value)
        return cost

    def _fragment(self, name: str) -> int:
        if name in self.unit:
            return self.unit[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.started:
            return 0  # unknown or cyclic: validation reports it
        self.started.add(name)
        target = self._type(fragment.type_condition, None)
        self.unit[name] = cost = self._cost(fragment.selection_set, target, 1)
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
            # Coerced values hold the variable's default when none was sent.
            if isinstance(value, VariableNode) and value.name.value in self.variables:
                given = self.variables[value.name.value]
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
