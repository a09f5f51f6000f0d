"""Relationship fields and connections into Cypher: pages, totals, filters and aggregates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, get_named_type
from graphql.execution.collect_fields import FieldDetailsList

from compiler import scalars, shape
from compiler.objects import ObjectWriter
from compiler.plan import Unsupported, ident, object_type
from compiler.source import Src
from model import OUT, Relation
from resolvers import arguments

_SORTS = {
    "START_DESC": "{m} IS NULL, {m} DESC",
    "START_ASC": "{m} IS NULL, {m} ASC",
    "NAME": None,
}


class RelationWriter(ObjectWriter):
    # --- Relationships -------------------------------------------------------

    def relation(
        self, src: Src, field_def: GraphQLField, relation: Relation, details: FieldDetailsList
    ) -> tuple[str, Any]:
        connection = object_type(field_def.type)
        fact = object_type(get_named_type(connection.fields["nodes"].type))
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

        paged = False

        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            nonlocal paged
            paged = paged or name in ("pageInfo", "nodes", "edges")
            if name == "totalCount":
                return total, None
            if name == "aggregate":
                return self._aggregate(connection, fdetails, scope, item_src, item_type)
            if name == "pageInfo":
                return self._page_info(fdetails, connection, p, pg, items)
            if name == "nodes":
                at, item_build = consumer(fdetails)
                return f"[{x} IN {items} | {x}[{at}]]", shape.many(item_build)
            return self._edges(fdetails, connection, p, items, consumer)

        body, build = self.record(connection, details, field)
        if paged:
            collect = "COLLECT {\n" + page("[" + ", ".join(consumers) + "]") + "\n}"
            body = f"[{pg} IN [{collect}] | [{items} IN [{pg}[0..${p}first]] | {body}][0]][0]"
        return body, build

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
        aggregate = object_type(connection.fields["aggregate"].type)
        rows, row, columns = self.fresh("rows"), self.fresh("row"), []

        def column(expr: str) -> str:
            columns.append(expr)
            return f"{row}[{len(columns) - 1}]"

        def value(fn: str, name: str) -> str:
            field_def = item_type.fields[name]
            acc = self.fresh("acc")
            if get_named_type(field_def.type).name == "PartialDate":
                # The least date by its earliest day, the greatest by its latest; as given.
                prop, bound = f"{src.expr}.{ident(name)}", "Min" if fn == "min" else "Max"
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
            values = object_type(aggregate.fields[name].type)
            return self.record(values, fdetails, lambda f, _: (value(name, f), None))

        expr, build = self.record(aggregate, details, field)
        collect = f"COLLECT {{ {scope} RETURN [{', '.join(columns)}] }}"
        return f"[{rows} IN [{collect}] | {expr}][0]", build

    def _item(self, src: Src, gtype: Any, details: FieldDetailsList) -> tuple[str, Any]:
        if src.ends:  # a fact
            return self._object(src, gtype, details, f"'{ident(gtype.name)}'")
        return self.project(src, gtype, details)

    def _page_info(
        self, details: FieldDetailsList, connection: GraphQLObjectType, p: str, pg: str, items: str
    ) -> tuple[str, Any]:
        info = object_type(connection.fields["pageInfo"].type)
        fields = {
            "hasNextPage": f"size({pg}) > ${p}first",
            "hasPreviousPage": f"${p}skip > 0",
            "startCursor": f"CASE WHEN size({items}) > 0 THEN ${p}cursors[0] END",
            "endCursor": f"CASE WHEN size({items}) > 0 THEN ${p}cursors[size({items}) - 1] END",
        }
        return self.record(info, details, lambda name, _: (fields[name], None))

    def _edges(
        self,
        details: FieldDetailsList,
        connection: GraphQLObjectType,
        p: str,
        items: str,
        consumer: Callable[[FieldDetailsList], tuple[int, Any]],
    ) -> tuple[str, Any]:
        edge = object_type(connection.fields["edges"].type)
        j = self.fresh("j")

        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            if name == "cursor":
                return f"${p}cursors[{j}]", None
            at, build = consumer(fdetails)  # node
            return f"{items}[{j}][{at}]", build

        body, build = self.record(edge, details, field)
        return f"[{j} IN range(0, size({items}) - 1) | {body}]", shape.many(build)
