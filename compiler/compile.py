"""A validated query operation into one Cypher statement and the shape of its answer.

Each root field the compiler covers becomes a `CALL () { ... }` subquery that
returns that field's whole value: nested relationships as `COLLECT {}`
subqueries, each object as the list of exactly the fields selected, in
response order (shape.py zips the keys back on). Fields are collected with
graphql-core's own `collect_subfields`, so fragments, inline fragments,
`@skip`/`@include` and field merging follow the specification exactly.

What reaches the Cypher text: labels and relationship types from the model
(`model.Relation`, read from the schema's fields), property names that are the
schema's own field names, fresh variable names, and literals of the schema's
defaults. Every value from the request is a parameter, bound per request by
the binders the plan keeps, so one plan serves every request with the same
document, operation and directive-relevant variables.

A field the compiler does not cover (introspection, `cypher`, disputes, the
change log's `changes` and `history`, a field with `revision:`...)
raises `Unsupported` while planning, and its root field then runs through its
resolvers in the same request.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, get_named_type
from graphql.execution.collect_fields import FieldDetailsList

from compiler import shape
from compiler.keyset import Key
from compiler.lookups import LookupWriter, at_present
from compiler.plan import Plan, RootField, Unsupported, ident, object_type
from compiler.relations import Listing, Scope, paging
from compiler.source import Src
from compiler.traversals import TRAVERSALS, Traversal, paged, window

_SUBQUERY = re.compile(r"\b(?:COLLECT|COUNT|EXISTS|CALL \([^)]*\)) \{")


class Compiler(LookupWriter):
    """A request's root fields into one statement (`plan`); the writers it inherits do the rest."""

    def plan(self, root_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> Plan:
        calls: list[str] = []
        fields: list[RootField] = []
        subqueries = 0
        for key, details in grouped.items():
            name = details[0].node.name.value
            saved = (len(self.binders), self.count)
            try:
                text, build = self._root(root_type, name, details)
            except Unsupported:
                del self.binders[saved[0] :]
                continue
            # Neo4j plans a new statement once, but planning grows fast with its
            # subqueries: past the cap, a field runs through the resolvers, whose
            # statements are few and planned already, so no request can make Neo4j
            # plan for seconds.
            count = 1 + len(_SUBQUERY.findall(text))  # its own CALL, and those inside
            if subqueries + count > self.max_subqueries:
                del self.binders[saved[0] :]
                continue
            subqueries += count
            column = f"f{len(fields)}"
            calls.append(f"CALL () {{\n{text} AS {column}\n}}")
            fields.append(RootField(key, column, build))
        if not fields:
            return Plan("", [])
        returns = ", ".join(f.column for f in fields)
        return Plan("\n".join([*calls, f"RETURN {returns}"]), fields, self.binders)

    # --- Root fields ---------------------------------------------------------

    def _root(
        self, root_type: GraphQLObjectType, name: str, details: FieldDetailsList
    ) -> tuple[str, shape.Build | None]:
        field_def = root_type.fields.get(name)  # None: __typename, introspection
        if field_def is None:
            raise Unsupported(name)
        definition = field_def.extensions.get("strawberry-definition")
        if definition is None or not _reads(definition):
            raise Unsupported(name)
        # The root fields of schema/lists.py say what they read.
        if "lookup" in definition.metadata:
            return self._lookup(field_def, details, definition.metadata["lookup"])
        if name == "node":
            return self._node(field_def, details)
        if name == "nodes":
            return self._nodes(field_def, details)
        if "list" in definition.metadata:
            return self._list(field_def, details)
        if name in TRAVERSALS:
            return self._traversal(field_def, details, TRAVERSALS[name])
        raise Unsupported(name)

    def _list(self, field_def: GraphQLField, details: FieldDetailsList) -> tuple[str, Any]:
        connection = object_type(field_def.type)
        item = get_named_type(connection.fields["nodes"].type)
        label = ident(item.name)

        n = self.fresh("n")
        args = self._arguments(field_def, details)
        # By name (Sources, which have no name: by id), then by id; or by `orderBy`'s keys.
        keys = [Key(f"{n}.id", nullable=False)]
        if label != "Source":
            keys.insert(0, Key(f"{n}.name", nullable=False))

        def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            filters = self._bound_filters(Src(n), item, args)
            return {**paging(args, len(keys), 100, settings.max_list_size),
                    "synthetic": args["synthetic"], **filters}  # fmt: skip

        p = self._bind(field_def, details, bind)
        test, order, _ = self._filters(Src(n), item, args, p)
        where = f"(${p}synthetic IS NULL OR coalesce({n}.synthetic, false) = ${p}synthetic)"
        if test == "true":
            # Unfiltered, the total comes from the count store.
            total = (
                f"CASE WHEN ${p}synthetic IS NULL THEN COUNT {{ (:{label}) }} "
                f"ELSE COUNT {{ ({n}:{label}) WHERE {where} }} END"
            )
        else:
            where = f"{where} AND {test}"
            total = f"COUNT {{ ({n}:{label}) WHERE {where} }}"
        if order:
            keys = [*order, keys[-1]]
        listing = Listing(keys, args, p)
        # By name, a page walks the kind's name index in order (either way) and stops when
        # full, from a cursor's name on; the planner takes that order only with the property
        # known to exist. (Sources have no name: by id, its constraint's index.)
        conditions = [where, *listing.cursors(ranged=not order)]
        if not order:
            conditions.insert(0, f"{keys[0].expr} IS NOT NULL")
        match = (
            f"MATCH ({n}:{label}) WHERE {' AND '.join(conditions)}\n"
            f"WITH {n} ORDER BY {listing.order()} LIMIT ${p}limit\n"
        )
        page = lambda items: f"{match}RETURN {items}"  # noqa: E731
        scope = Scope(f"MATCH ({n}:{label})", [where])
        body, build = self._connection(
            connection, details, listing, total, page, Src(n), item, scope
        )
        return f"RETURN {body}", build

    def _traversal(
        self, field_def: GraphQLField, details: FieldDetailsList, traversal: Traversal
    ) -> tuple[str, Any]:
        """A named traversal: its reviewed statement, then the projection of what was asked."""
        at_present(details)  # at a revision, through the resolvers (resolvers/revisions.py)
        bind = traversal.bind
        orders = traversal.orders
        if orders is not None:
            default = traversal.default

            def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
                paged = window(args, orders, default, settings)  # checked first, as resolvers do
                return {**traversal.bind(args, settings), **paged}

        p = self._bind(field_def, details, bind)
        body = traversal.body(p)
        if orders is None:
            items = self.each(
                traversal.column,
                lambda x: traversal.item(self, x, object_type(field_def.type), details),
            )
        else:
            item = lambda x, t, d: traversal.item(self, x, t, d)  # noqa: E731
            items = paged(self, field_def, details, traversal.column, orders, item, p)
        found = " AND ".join(traversal.found) or "true"
        rows = (
            f"WITH collect({{{traversal.rows}}}) AS {traversal.column}\n" if traversal.rows else ""
        )
        text = f"CALL () {{\n{body}\n}}\n{rows}RETURN CASE WHEN {found} THEN {items[0]} END"
        return text, items[1]


def _reads(definition: Any) -> bool:
    """Root fields behind the read scope only: others (cypher) keep their resolvers."""
    return [c.__name__ for c in definition.permission_classes] == ["CanRead"]
