"""The limits that depend on the variables: ID caps on their values, and the cost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, type_from_ast
from graphql.execution.values import get_variable_values
from strawberry.extensions import SchemaExtension

from schema.limits.cost import Estimate, operation
from schema.limits.fragments import refusal
from schema.limits.ids import long_ids


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
        op = operation(document, operation_name)
        if op is None:
            return []  # execution reports the missing operation
        coerced = get_variable_values(
            schema, op.variable_definitions or (), sent or {}, max_errors=1
        )
        if isinstance(coerced, list):
            return []  # values that do not fit their types: execution reports them
        errors = [
            error
            for definition in op.variable_definitions or ()
            for error in long_ids(
                coerced.coerced.get(definition.variable.name.value),
                type_from_ast(schema, definition.type),  # type: ignore[arg-type]
                f"${definition.variable.name.value}",
                self.max_id_length,
            )
        ]
        if errors:
            return errors
        cost = Estimate(schema, document, coerced.coerced).total(operation_name)
        if cost > self.max_cost:
            return [
                refusal(
                    f"the query could return {cost:,} items, over the limit of "
                    f"{self.max_cost:,}: ask for fewer (`first`) or nest less"
                )
            ]
        return []
