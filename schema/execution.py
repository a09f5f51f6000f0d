"""The read path: a query's root fields run as one compiled Cypher statement.

Strawberry runs parsing, validation, the limits and the extensions as usual;
this executor takes over where graphql-core would call the root resolvers.
Every root field the compiler covers (compiler/) goes into one statement whose
answer already has the response's shape, so no resolver runs per object. The
rest (introspection, `cypher`, `stats`, a selection the compiler does not
cover) runs through its resolvers in the same request, as does a compiled
field whose answer is null or whose arguments are refused: the resolvers then
give exactly the error, path and partial data they always gave.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    OperationType,
    get_named_type,
    located_error,
    type_from_ast,
)
from graphql.execution.collect_fields import FieldDetailsList
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from compiler.compile import Compiler
from compiler.filters import structure
from compiler.plan import Plan
from schema.extensions import QuietExecutor
from talentgraph.auth import Scope
from talentgraph.context import Context
from talentgraph.db import StoredValueMismatch
from talentgraph.errors import AppError

_PLANS: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()
_MAX_PLANS = 1_000


class CompilingExecutor(StrawberryGraphQLCoreExecutionContext):
    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: dict[str, FieldDetailsList],
        serially: bool,
        position_context: Any,
    ) -> Any:
        context: Context | None = self.context_value
        plan = None
        if (
            isinstance(context, Context)
            and not serially
            and position_context is None
            and self.operation.operation == OperationType.QUERY
            and context.settings.compile_reads
        ):
            plan = self._plan(root_type, grouped_field_set)
        if plan is None or not plan.fields or context is None:
            return self._resolve(root_type, root_value, grouped_field_set)
        try:
            context.require(Scope.READ)
            params = plan.parameters(self.variable_values, context.settings)
        except AppError:
            # The resolvers refuse it with the error, path and partial data they always give.
            return self._resolve(root_type, root_value, grouped_field_set)
        return self._run(plan, params, root_type, root_value, grouped_field_set)

    async def _run(
        self,
        plan: Plan,
        params: dict[str, Any],
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped: dict[str, FieldDetailsList],
    ) -> dict[str, Any]:
        context: Context = self.context_value
        values: dict[str, Any] = {}
        try:
            row = await context.graph.read_compiled(plan.text, params)
        except StoredValueMismatch:
            row = {}  # the resolvers report the faulty field, its path and the partial data
        except Exception as e:  # an AppError keeps its message; others are masked as INTERNAL
            first = plan.fields[0].key
            raise located_error(e, [d.node for d in grouped[first]], [first]) from e
        for field in plan.fields:
            value = row.get(field.column)
            if value is not None:
                values[field.key] = field.build(value) if field.build else value
        rest = {key: details for key, details in grouped.items() if key not in values}
        if rest:
            resolved = self._resolve(root_type, root_value, rest)
            values.update(await resolved if self.is_awaitable(resolved) else resolved)
        return {key: values[key] for key in grouped if key in values}

    def _resolve(
        self, root_type: GraphQLObjectType, root_value: Any, grouped: dict[str, FieldDetailsList]
    ) -> Any:
        return super().execute_root_grouped_field_set(root_type, root_value, grouped, False, None)

    def _plan(self, root_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> Plan:
        """The cached plan for this document, operation and text-shaping variables."""
        operation = self.operation
        settings = self.context_value.settings
        source = operation.loc.source.body if operation.loc else None
        key = None
        if source is not None:
            # The schema and the subquery cap too: apps with other settings share the cache.
            name = operation.name.value if operation.name else None
            key = (id(self.schema), settings.compile_max_subqueries, source, name,
                   *self._shaping())  # fmt: skip
            found = _PLANS.get(key)
            if found is not None:
                _PLANS.move_to_end(key)
                return found
        plan = Compiler(
            self.schema,
            self.fragments,
            self.variable_values,
            operation,
            max_subqueries=settings.compile_max_subqueries,
        ).plan(root_type, grouped)
        if key is not None:
            _PLANS[key] = plan
            if len(_PLANS) > _MAX_PLANS:
                _PLANS.popitem(last=False)
        return plan

    def _shaping(self) -> tuple[Any, ...]:
        """What of the variables can change the statement's text: which are null
        (a null filter value drops its condition), booleans (`@skip`/`@include`),
        enums (a sort order) and the structure of input objects (`where`).
        Their other values are only parameters."""
        coerced = self.variable_values.coerced
        shaping: list[Any] = [tuple(sorted(name for name, v in coerced.items() if v is not None))]
        for definition in self.operation.variable_definitions or ():
            name = definition.variable.name.value
            named = get_named_type(type_from_ast(self.schema, definition.type))
            if isinstance(named, GraphQLEnumType) or named is GraphQLBoolean:
                shaping.append(repr(coerced.get(name)))
            elif isinstance(named, GraphQLInputObjectType):
                shaping.append(structure(coerced.get(name)))
        return tuple(shaping)


class QuietCompilingExecutor(QuietExecutor, CompilingExecutor):
    """The compiling executor without "Did you mean ...?" hints (production)."""
