"""Objects into Cypher: the selected fields of entities, facts and their evidence.

`ObjectWriter` holds the compiler's state (the schema, the request's fragments
and variables, the binders, fresh names) and writes one object at a time as the
list of its selected fields; the relationship writer (relations.py) and the
root fields (compile.py) build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues, get_argument_values

from compiler import scalars, shape
from compiler.filters import Predicates, check_order
from compiler.keyset import Key
from compiler.plan import Binder, Unsupported, ident, object_or_interface, object_type
from compiler.source import Src
from model import Relation


class ObjectWriter:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        operation: OperationDefinitionNode,
        max_subqueries: int = 32,
    ):
        self.schema = schema
        self.max_subqueries = max_subqueries
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.binders: list[tuple[GraphQLField, Any, Binder]] = []
        self.count = 0
        self.entity_types = sorted(
            t.name for t in schema.get_possible_types(object_or_interface(schema, "Entity"))
        )

    # --- Objects -------------------------------------------------------------

    def fields(self, gtype: GraphQLObjectType, details: FieldDetailsList) -> dict[str, Any]:
        """The selected fields of an object of type `gtype`, by response key."""
        return collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, gtype, details
        ).grouped_field_set

    def project(self, src: Src, gtype: Any, details: FieldDetailsList) -> tuple[str, Any]:
        """An entity, of a concrete type or of an interface (`Entity`, `Employer`): the
        interface's own implementations are the labels it can be."""
        if isinstance(gtype, GraphQLObjectType):
            return self._object(src, gtype, details, f"'{ident(gtype.name)}'")
        labels = src.labels or f"labels({src.expr})"
        possible = sorted(t.name for t in self.schema.get_possible_types(gtype))
        names = ", ".join(f"'{ident(t)}'" for t in possible)
        kind = self.fresh("kind")
        # Types whose selections are the same fields share one projection.
        shared: dict[tuple[Any, ...], tuple[str, Any]] = {}
        branches: dict[str, tuple[str, Any]] = {}
        for t in possible:
            gt = object_or_interface(self.schema, t)
            same = tuple(
                (k, *map(id, (d.node for d in v))) for k, v in self.fields(gt, details).items()
            )
            if same not in shared:
                shared[same] = self._object(src, gt, details, kind)
            branches[t] = shared[same]
        if len(shared) == 1:
            ((body, _),) = shared.values()
        else:
            cases = " ".join(f"WHEN '{t}' THEN {e}" for t, (e, _) in branches.items())
            body = f"CASE {kind} {cases} END"
        expr = f"[{kind} IN [[l IN {labels} WHERE l IN [{names}]][0]] | [{kind}] + {body}][0]"
        return expr, shape.abstract({t: b for t, (_, b) in branches.items()})

    def _object(
        self, src: Src, gtype: GraphQLObjectType, details: FieldDetailsList, typename: str
    ) -> tuple[str, Any]:
        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            return self._field(src, gtype, gtype.fields[name], name, fdetails)

        return self.record(gtype, details, field, typename)

    def record(
        self,
        gtype: GraphQLObjectType,
        details: FieldDetailsList,
        field: Callable[[str, FieldDetailsList], tuple[str, Any]],
        typename: str | None = None,
    ) -> tuple[str, Any]:
        """An object as the list of its selected fields; `field(name, details)` writes each."""
        keys, exprs, builds = [], [], []
        for key, fdetails in self.fields(gtype, details).items():
            name = fdetails[0].node.name.value
            if name == "__typename":
                expr, build = typename or f"'{ident(gtype.name)}'", None
            else:
                expr, build = field(name, fdetails)
            keys.append(key)
            exprs.append(expr)
            builds.append(build)
        return "[" + ", ".join(exprs) + "]", shape.obj(keys, builds)

    def each(self, items: str, item: Callable[[str], tuple[str, Any]]) -> tuple[str, Any]:
        """A list: `item(var)` projects one element bound to `var`."""
        var = self.fresh("x")
        expr, build = item(var)
        return f"[{var} IN {items} | {expr}]", shape.many(build)

    def _field(
        self,
        src: Src,
        gtype: GraphQLObjectType,
        field_def: GraphQLField,
        name: str,
        details: FieldDetailsList,
    ) -> tuple[str, Any]:
        definition = field_def.extensions.get("strawberry-definition")
        relation = definition.metadata.get("relation") if definition else None
        if isinstance(relation, Relation):
            return self.relation(src, field_def, relation, details)
        named = get_named_type(field_def.type)
        if name in src.ends:
            return self.project(src.ends[name], named, details)
        if named.name == "Evidence":
            return self.evidence(src.expr, named, details)
        if definition is None or definition.base_resolver is not None:
            raise Unsupported(f"{gtype.name}.{name}")
        if named.name not in scalars.SCALARS:
            raise Unsupported(f"{gtype.name}.{name}")
        return scalars.expression(src, gtype, name, field_def), None

    def evidence(self, props: str, gtype: Any, details: FieldDetailsList) -> tuple[str, Any]:
        """Why a fact is believed, from the properties of the node or relationship `props`."""
        keys, exprs, builds = [], [], []
        for key, fdetails in self.fields(gtype, details).items():
            name = fdetails[0].node.name.value
            build = None
            if name == "__typename":
                expr = "'Evidence'"
            elif name == "confidence":
                expr = f"toFloat(coalesce({props}.confidence, 1.0))"
            elif name == "sourceIds":
                expr = f"coalesce({props}.sources, [])"
            elif name == "sources":
                sid, s = self.fresh("sid"), self.fresh("s")
                source = object_or_interface(self.schema, "Source")
                item, item_build = self._object(Src(s), source, fdetails, "'Source'")
                expr = (
                    f"COLLECT {{ UNWIND coalesce({props}.sources, []) AS {sid} "
                    f"MATCH ({s}:Source {{id: {sid}}}) RETURN {item} }}"
                )
                build = shape.many(item_build)
            elif name == "disputes":
                dispute = object_type(gtype.fields["disputes"].type)
                selected = [
                    (k, d[0].node.name.value) for k, d in self.fields(dispute, fdetails).items()
                ]
                if any(n not in shape.DISPUTE_FIELDS for _, n in selected):
                    raise Unsupported("Dispute.sources")  # their ids are inside the JSON
                expr, build = f"{props}.disputes", shape.disputes(selected)
            else:
                raise Unsupported(f"Evidence.{name}")
            keys.append(key)
            exprs.append(expr)
            builds.append(build)
        return "[" + ", ".join(exprs) + "]", shape.obj(keys, builds)

    def relation(
        self, src: Src, field_def: GraphQLField, relation: Relation, details: FieldDetailsList
    ) -> tuple[str, Any]:
        """A relationship field's connection: written by relations.RelationWriter."""
        raise Unsupported(str(relation))

    # --- Helpers -------------------------------------------------------------

    def _bind(self, field_def: GraphQLField, details: FieldDetailsList, bind: Binder) -> str:
        """Register a field's binder; the text reads its values as `$<returned prefix>name`.

        The values go in one map parameter per field (`$p0.limit`, `$p0.id`): Neo4j plans
        a statement once per combination of its parameters' types, where null, a list's
        size and a string's length each count, but a map is one type whatever it holds.
        So one plan serves every request of the same text (docs/benchmarks.md).
        """
        name = f"p{len(self.binders)}"

        def mapped(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            return {name: bind(args, settings)}

        self.binders.append((field_def, details[0], mapped))
        return f"{name}."

    def _arguments(self, field_def: GraphQLField, details: FieldDetailsList) -> dict[str, Any]:
        """The arguments as this request gives them, for what shapes the text (enums, filters)."""
        return get_argument_values(
            field_def, details[0].node, self.variables, details[0].fragment_variable_values
        )

    def _bound_filters(self, src: Src, gtype: Any, args: dict[str, Any]) -> dict[str, Any]:
        """This request's values for the plan's filters (the same walk, no text kept)."""
        check_order(args.get("orderBy"))
        return self._filters(src, gtype, args, "")[2]

    def _filters(
        self, src: Src, gtype: Any, args: dict[str, Any], prefix: str
    ) -> tuple[str, list[Key], dict[str, Any]]:
        """`where` and `orderBy`: the predicate, the sort keys and their parameters."""
        predicates = Predicates(self.schema, prefix, self.fresh if prefix else str)
        test = "true"
        if args.get("where") is not None:
            test = predicates.where(src, gtype, args["where"])
        order = predicates.order(src, gtype, args["orderBy"]) if args.get("orderBy") else []
        return test, order, predicates.values

    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"
