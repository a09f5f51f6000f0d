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

A field the compiler does not cover (introspection, `cypher`, disputes...)
raises `Unsupported` while planning, and its root field then runs through its
resolvers in the same request.
"""

from __future__ import annotations

import re
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
    OperationDefinitionNode,
    get_named_type,
)
from graphql.execution.collect_fields import (
    FieldDetailsList,
    FragmentDetails,
    collect_subfields,
)
from graphql.execution.values import VariableValues, get_argument_values

from compiler import scalars, shape
from compiler.filters import Predicates, check_order
from compiler.source import Src
from compiler.traversals import TRAVERSALS, Traversal
from model import OUT, Relation
from resolvers import arguments

Binder = Callable[[dict[str, Any], Any], dict[str, Any]]
"""(coerced arguments, settings) -> parameters; raises an AppError for a bad argument."""

_LOOKUPS = {"node": None, "person": "Person", "company": "Company", "model": "AIModel",
            "university": "University"}  # fmt: skip
_LISTS = {"people", "companies", "universities", "models", "products", "rounds", "sources"}
_SORTS = {
    "START_DESC": "{m} IS NULL, {m} DESC",
    "START_ASC": "{m} IS NULL, {m} ASC",
    "NAME": None,
}


_SUBQUERY = re.compile(r"\b(?:COLLECT|COUNT|EXISTS|CALL \([^)]*\)) \{")


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


class Compiler:
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
            t.name for t in schema.get_possible_types(_object_or_interface(schema, "Entity"))
        )

    def plan(self, root_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> Plan:
        calls, fields = [], []
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
        if name in _LOOKUPS:
            return self._lookup(field_def, details, _LOOKUPS[name])
        if name in _LISTS:
            return self._list(field_def, details)
        if name in TRAVERSALS:
            return self._traversal(field_def, details, TRAVERSALS[name])
        raise Unsupported(name)

    def _lookup(
        self, field_def: GraphQLField, details: FieldDetailsList, label: str | None
    ) -> tuple[str, shape.Build | None]:
        p = self._bind(field_def, details, lambda args, settings: {"id": args["id"]})
        n, kept, found = self.fresh("n"), self.fresh("k"), self.fresh("e")
        expr, build = self.project(Src(found), get_named_type(field_def.type), details)
        check = f"{found}:{_label(label)}" if label else f"{found} IS NOT NULL"
        text = (
            f"OPTIONAL MATCH ({n}:Entity {{id: ${p}id}})\n"
            f"OPTIONAL MATCH (:Redirect {{id: ${p}id}})-[:REDIRECTS_TO]->({kept}:Entity)\n"
            f"WITH coalesce({n}, {kept}) AS {found}\n"
            f"RETURN CASE WHEN {check} THEN {expr} END"
        )
        return text, build

    def _list(self, field_def: GraphQLField, details: FieldDetailsList) -> tuple[str, Any]:
        connection = _object(field_def.type)
        item = get_named_type(connection.fields["nodes"].type)
        label = _label(item.name)

        n = self.fresh("n")
        args = self._arguments(field_def, details)

        def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            skip = arguments.offset_after(args["after"])
            first = arguments.check_first(args["first"], settings.max_list_size)
            return {"skip": skip, "first": first, "limit": first + 1,
                    "cursors": arguments.cursors(skip, first), "synthetic": args["synthetic"],
                    **self._bound_filters(Src(n), item, args)}  # fmt: skip

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
        keys = ", ".join([*order, f"{n}.id"]) if order else f"{n}.name, {n}.id"
        # By name, a page walks the kind's name index in order and stops when full; the
        # planner takes that order only with the property known to exist. (Sources have
        # no name: by id, its constraint's index.)
        indexed = "id" if label == "Source" else "name"
        ordered = "" if order else f"{n}.{indexed} IS NOT NULL AND "
        match = (
            f"MATCH ({n}:{label}) WHERE {ordered}{where}\n"
            f"WITH {n} ORDER BY {keys} SKIP ${p}skip LIMIT ${p}limit\n"
        )
        page = lambda items: f"{match}RETURN {items}"  # noqa: E731
        scope = f"MATCH ({n}:{label}) WHERE {where}"
        body, build = self._connection(connection, details, p, total, page, Src(n), item, scope)
        return f"RETURN {body}", build

    def _traversal(
        self, field_def: GraphQLField, details: FieldDetailsList, traversal: Traversal
    ) -> tuple[str, Any]:
        """A named traversal: its reviewed statement, then the projection of what was asked."""
        p = self._bind(field_def, details, traversal.bind)
        body = traversal.body(p)
        items = self.each(
            traversal.column,
            lambda x: traversal.item(self, x, get_named_type(field_def.type), details),
        )
        found = " AND ".join(traversal.found) or "true"
        rows = (
            f"WITH collect({{{traversal.rows}}}) AS {traversal.column}\n" if traversal.rows else ""
        )
        text = f"CALL () {{\n{body}\n}}\n{rows}RETURN CASE WHEN {found} THEN {items[0]} END"
        return text, items[1]

    # --- Objects -------------------------------------------------------------

    def fields(self, gtype: GraphQLObjectType, details: FieldDetailsList) -> dict[str, Any]:
        """The selected fields of an object of type `gtype`, by response key."""
        return collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, gtype, details
        ).grouped_field_set

    def project(self, src: Src, gtype: Any, details: FieldDetailsList) -> tuple[str, Any]:
        """An entity, of a concrete type or of the `Entity` interface."""
        if isinstance(gtype, GraphQLObjectType):
            return self._object(src, gtype, details, f"'{_label(gtype.name)}'")
        labels = src.labels or f"labels({src.expr})"
        names = ", ".join(f"'{_label(t)}'" for t in self.entity_types)
        kind = self.fresh("kind")
        # Types whose selections are the same fields share one projection.
        shared: dict[tuple[Any, ...], tuple[str, Any]] = {}
        branches: dict[str, tuple[str, Any]] = {}
        for t in self.entity_types:
            gt = _object_or_interface(self.schema, t)
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
                expr, build = typename or f"'{_label(gtype.name)}'", None
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
            return self._relation(src, field_def, relation, details)
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
                source = _object_or_interface(self.schema, "Source")
                item, item_build = self._object(Src(s), source, fdetails, "'Source'")
                expr = (
                    f"COLLECT {{ UNWIND coalesce({props}.sources, []) AS {sid} "
                    f"MATCH ({s}:Source {{id: {sid}}}) RETURN {item} }}"
                )
                build = shape.many(item_build)
            elif name == "disputes":
                dispute = _object(gtype.fields["disputes"].type)
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

    # --- Relationships -------------------------------------------------------

    def _relation(
        self, src: Src, field_def: GraphQLField, relation: Relation, details: FieldDetailsList
    ) -> tuple[str, Any]:
        connection = _object(field_def.type)
        fact = _object(get_named_type(connection.fields["nodes"].type))
        args = self._arguments(field_def, details)
        sort = getattr(args["sort"], "value", args["sort"])
        if sort not in _SORTS:
            raise Unsupported(f"sort {sort}")
        r, m, anchor = self.fresh("r"), self.fresh("m"), self.fresh("a")
        parent = src if src.node else Src(anchor)
        fact_src = Src(r, ends={relation.parent_field: parent, relation.other_field: Src(m)})

        def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            skip = arguments.offset_after(args["after"])
            first = arguments.check_first(args["first"], settings.max_page_size)
            filters = arguments.edge_filters(
                current=args.get("current"), since=args.get("since"), until=args.get("until"),
                as_of=args.get("asOf"), role=args.get("role"),
            )  # fmt: skip
            return {"skip": skip, "first": first, "limit": first + 1,
                    "cursors": arguments.cursors(skip, first), **filters,
                    **self._bound_filters(fact_src, fact, args)}  # fmt: skip

        p = self._bind(field_def, details, bind)
        test, order_keys, _ = self._filters(fact_src, fact, args, p)
        start = src.expr if src.node else f"{anchor}:Entity {{id: {src.expr}.id}}"
        arrow = ("-", "->") if relation.direction == OUT else ("<-", "-")
        pattern = f"({start}){arrow[0]}[{r}:{relation.rel_type}]{arrow[1]}({m})"
        starts = f"coalesce({r}.startMin, {m}.announcedMin)"
        ended = f"coalesce({r}.ended, {r}.endMax IS NOT NULL)"
        # Only the filters this request sets reach the text (whether each is null is part
        # of the plan's cache key): a statement of unused `$x IS NULL OR ...` conditions
        # plans many times slower, and planning is most of a new statement's cost.
        conditions = []
        if relation.dated:
            given = {name for name, value in args.items() if value is not None}
            if "current" in given:
                conditions.append(f"{ended} = (NOT ${p}current)")
            if "role" in given:
                conditions.append(f"toLower({r}.role) CONTAINS toLower(${p}role)")
            for arg, low, high in (("until", None, "untilMax"), ("since", "sinceMin", None),
                                   ("asOf", "asOfMin", "asOfMax")):  # fmt: skip
                if arg not in given:
                    continue
                if high:
                    conditions.append(f"({starts} IS NULL OR {starts} <= ${p}{high})")
                if low:
                    conditions.append(
                        f"(NOT {ended} OR {r}.endMax IS NULL OR {r}.endMax >= ${p}{low})"
                    )
        if test != "true":
            conditions.append(test)
        where = " AND ".join(conditions) or "true"
        order = _SORTS[sort]
        order_by = f"{order.format(m=starts)}, " if order else ""
        if order_keys:
            order_by = ", ".join(order_keys) + ", "
        # Unfiltered, a count is the node's degree, which Neo4j keeps: no relationship is read.
        scope = f"MATCH {pattern}" + (f" WHERE {where}" if conditions else "")
        total = f"COUNT {{ {scope} }}"
        match = (
            f"{scope}\n"
            f"WITH {r}, {m} ORDER BY {order_by}{m}.name, {r}.id SKIP ${p}skip LIMIT ${p}limit\n"
        )
        page = lambda items: f"{match}RETURN {items}"  # noqa: E731
        return self._connection(connection, details, p, total, page, fact_src, fact, scope)

    def _connection(
        self,
        connection: GraphQLObjectType,
        details: FieldDetailsList,
        p: str,
        total: str,
        page: Callable[[str], str],
        item_src: Src,
        item_type: Any,
        scope: str,
    ) -> tuple[str, Any]:
        """A Relay connection; `page(items)` is a subquery returning `items` per item, in order.

        `scope` matches the whole list (`item_src` bound to each item), for `aggregate`.

        The page is fetched one item long (`$limit` = first + 1) to tell whether
        there is a next page; `totalCount` is counted only when asked for, and
        the page only fetched when something of it is.
        """
        pg, items, x = self.fresh("pg"), self.fresh("items"), self.fresh("x")
        consumers: list[str] = []

        def consumer(fdetails: FieldDetailsList) -> tuple[int, Any]:
            """One projection of each item for one `node`/`nodes` selection."""
            expr, build = self._item(item_src, item_type, fdetails)
            consumers.append(expr)
            return len(consumers) - 1, build

        keys, exprs, builds = [], [], []
        paged = False
        for key, fdetails in self.fields(connection, details).items():
            name = fdetails[0].node.name.value
            build = None
            if name == "__typename":
                expr = f"'{_label(connection.name)}'"
            elif name == "totalCount":
                expr = total
            elif name == "aggregate":
                expr, build = self._aggregate(connection, fdetails, scope, item_src, item_type)
            elif name == "pageInfo":
                expr, build = self._page_info(fdetails, connection, p, pg, items)
            elif name == "nodes":
                at, item_build = consumer(fdetails)
                expr, build = f"[{x} IN {items} | {x}[{at}]]", shape.many(item_build)
            else:  # edges
                expr, build = self._edges(fdetails, connection, p, items, consumer)
            paged = paged or name in ("pageInfo", "nodes", "edges")
            keys.append(key)
            exprs.append(expr)
            builds.append(build)
        body = "[" + ", ".join(exprs) + "]"
        if paged:
            collect = "COLLECT {\n" + page("[" + ", ".join(consumers) + "]") + "\n}"
            body = f"[{pg} IN [{collect}] | [{items} IN [{pg}[0..${p}first]] | {body}][0]][0]"
        return body, shape.obj(keys, builds)

    def _aggregate(
        self,
        connection: GraphQLObjectType,
        details: FieldDetailsList,
        scope: str,
        src: Src,
        item_type: Any,
    ) -> tuple[str, Any]:
        """Counts, extremes, sums and means over the whole list.

        Written with list functions over one `COLLECT {}` of the values, not with
        aggregating functions, which Neo4j refuses inside a list comprehension,
        where every nested connection is.
        """
        aggregate = _object(connection.fields["aggregate"].type)
        rows, row, columns = self.fresh("rows"), self.fresh("row"), []

        def column(expr: str) -> str:
            columns.append(expr)
            return f"{row}[{len(columns) - 1}]"

        def value(fn: str, name: str) -> str:
            field_def = item_type.fields[name]
            acc = self.fresh("acc")
            if get_named_type(field_def.type).name == "PartialDate":
                # The least date by its earliest day, the greatest by its latest; as given.
                prop, bound = f"{src.expr}.{_label(name)}", "Min" if fn == "min" else "Max"
                day, text = column(f"{prop}{bound}"), column(prop)
                better = f"{day} < {acc}[0]" if fn == "min" else f"{day} > {acc}[0]"
                step = f"CASE WHEN {day} IS NOT NULL AND ({acc} IS NULL OR {better}) THEN [{day}, {text}] ELSE {acc} END"
                return f"reduce({acc} = null, {row} IN {rows} | {step})[1]"
            v = column(scalars.expression(src, item_type, name, field_def))
            if fn in ("min", "max"):
                better = f"{v} < {acc}" if fn == "min" else f"{v} > {acc}"
                step = f"CASE WHEN {v} IS NOT NULL AND ({acc} IS NULL OR {better}) THEN {v} ELSE {acc} END"
                return f"reduce({acc} = null, {row} IN {rows} | {step})"
            total = f"reduce({acc} = 0.0, {row} IN {rows} | {acc} + coalesce(toFloat({v}), 0.0))"
            if fn == "sum":
                return total
            given = f"size([{row} IN {rows} WHERE {v} IS NOT NULL])"
            return f"CASE WHEN {given} = 0 THEN null ELSE {total} / {given} END"

        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            if name == "count":
                return f"size({rows})", None
            values = _object(aggregate.fields[name].type)
            return self.record(values, fdetails, lambda f, _: (value(name, f), None))

        expr, build = self.record(aggregate, details, field)
        collect = f"COLLECT {{ {scope} RETURN [{', '.join(columns)}] }}"
        return f"[{rows} IN [{collect}] | {expr}][0]", build

    def _item(self, src: Src, gtype: Any, details: FieldDetailsList) -> tuple[str, Any]:
        if src.ends:  # a fact
            return self._object(src, gtype, details, f"'{_label(gtype.name)}'")
        return self.project(src, gtype, details)

    def _page_info(
        self, details: FieldDetailsList, connection: GraphQLObjectType, p: str, pg: str, items: str
    ) -> tuple[str, Any]:
        info = _object(connection.fields["pageInfo"].type)
        keys, exprs = [], []
        for key, fdetails in self.fields(info, details).items():
            name = fdetails[0].node.name.value
            keys.append(key)
            exprs.append(
                {
                    "__typename": "'PageInfo'",
                    "hasNextPage": f"size({pg}) > ${p}first",
                    "hasPreviousPage": f"${p}skip > 0",
                    "startCursor": f"CASE WHEN size({items}) > 0 THEN ${p}cursors[0] END",
                    "endCursor": f"CASE WHEN size({items}) > 0 THEN ${p}cursors[size({items}) - 1] END",
                }[name]
            )
        return "[" + ", ".join(exprs) + "]", shape.obj(keys, [None] * len(keys))

    def _edges(
        self,
        details: FieldDetailsList,
        connection: GraphQLObjectType,
        p: str,
        items: str,
        consumer: Callable[[FieldDetailsList], tuple[str, Any]],
    ) -> tuple[str, Any]:
        edge = _object(connection.fields["edges"].type)
        j = self.fresh("j")
        keys, exprs, builds = [], [], []
        for key, fdetails in self.fields(edge, details).items():
            name = fdetails[0].node.name.value
            build = None
            if name == "__typename":
                expr = f"'{_label(edge.name)}'"
            elif name == "cursor":
                expr = f"${p}cursors[{j}]"
            else:  # node
                at, build = consumer(fdetails)
                expr = f"{items}[{j}][{at}]"
            keys.append(key)
            exprs.append(expr)
            builds.append(build)
        body = "[" + ", ".join(exprs) + "]"
        return f"[{j} IN range(0, size({items}) - 1) | {body}]", shape.many(shape.obj(keys, builds))

    # --- Helpers -------------------------------------------------------------

    def _bind(self, field_def: GraphQLField, details: FieldDetailsList, bind: Binder) -> str:
        """Register a field's binder; its parameters are prefixed with the returned name."""
        prefix = f"p{len(self.binders)}_"

        def prefixed(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            return {prefix + k: v for k, v in bind(args, settings).items()}

        self.binders.append((field_def, details[0], prefixed))
        return prefix

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
    ) -> tuple[str, list[str], dict[str, Any]]:
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


def _reads(definition: Any) -> bool:
    """Root fields behind the read scope only: others (cypher) keep their resolvers."""
    return [c.__name__ for c in definition.permission_classes] == ["CanRead"]


def _object(gtype: Any) -> GraphQLObjectType:
    while isinstance(gtype, GraphQLNonNull | GraphQLList):
        gtype = gtype.of_type
    if not isinstance(gtype, GraphQLObjectType):
        raise Unsupported(str(gtype))
    return gtype


def _object_or_interface(schema: GraphQLSchema, name: str) -> Any:
    found = schema.get_type(name)
    if not isinstance(found, GraphQLObjectType | GraphQLInterfaceType):
        raise Unsupported(name)
    return found


_label = scalars.identifier
