"""Relationship fields and connections into Cypher: pages, totals, filters and aggregates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, get_named_type
from graphql.execution.collect_fields import FieldDetailsList

from compiler import keyset, scalars, shape
from compiler.keyset import Key
from compiler.objects import ObjectWriter
from compiler.plan import Unsupported, ident, object_type
from compiler.source import Src
from model import OUT, Relation
from resolvers import arguments, cursors

# The first sort key of `sort`: by start, newest first (descending) or oldest first.
_SORTS = {"START_DESC": True, "START_ASC": False, "NAME": None}


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

        keys = [Key(f"{m}.name"), Key(f"{r}.id", nullable=False)]
        order = _SORTS[sort]
        starts = f"coalesce({r}.startMin, {m}.announcedMin)"
        if order is not None:
            keys.insert(0, Key(starts, descending=order))

        def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            filters = arguments.edge_filters(
                current=args.get("current"), since=args.get("since"), until=args.get("until"),
                as_of=args.get("asOf"), role=args.get("role"),
            )  # fmt: skip
            bound = self._bound_filters(fact_src, fact, args)
            # `keys` as the plan ends up with them (`orderBy`'s, if given; see below).
            return {**paging(args, len(keys), 20, settings.max_page_size), **filters, **bound}

        p = self._bind(field_def, details, bind)
        test, order_keys, _ = self._filters(fact_src, fact, args, p)
        if order_keys:
            keys = [*order_keys, *keys[-2:]]
        start = src.expr if src.node else f"{anchor}:Entity {{id: {src.expr}.id}}"
        arrow = ("-", "->") if relation.direction == OUT else ("<-", "-")
        pattern = f"({start}){arrow[0]}[{r}:{relation.rel_type}]{arrow[1]}({m})"
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
        # Unfiltered, a count is the node's degree, which Neo4j keeps: no relationship is read.
        scope = Scope(f"MATCH {pattern}", conditions)
        listing = Listing(keys, args, p)
        total = f"COUNT {{ {scope.text()} }}"
        match = (
            f"{scope.text(listing.cursors())}\n"
            f"WITH {r}, {m} ORDER BY {listing.order()} LIMIT ${p}limit\n"
        )
        page = lambda items: f"{match}RETURN {items}"  # noqa: E731
        return self._connection(connection, details, listing, total, page, fact_src, fact, scope)

    def _connection(
        self,
        connection: GraphQLObjectType,
        details: FieldDetailsList,
        listing: Listing,
        total: str,
        page: Callable[[str], str],
        item_src: Src,
        item_type: Any,
        scope: Scope,
        item: Callable[[FieldDetailsList], tuple[str, Any]] | None = None,
    ) -> tuple[str, Any]:
        """A Relay connection; `page(items)` is a subquery returning `items` per item, in the
        order `listing` reads them (backwards for `last`), `$limit` of them at most.
        `item` projects one item (default: `item_src` as an entity or fact of `item_type`).

        `scope` matches the whole list (`item_src` bound to each item), for `aggregate`
        and for whether anything lies beyond the cursor the page starts from.

        The page is fetched one item long (`$limit` = count + 1) to tell whether
        there is a next (or, backwards, previous) page; `totalCount` is counted only
        when asked for, and the page only fetched when something of it is.
        """
        p = listing.prefix
        pg, items, x = self.fresh("pg"), self.fresh("items"), self.fresh("x")
        consumers: list[str] = [keyset.values(listing.keys)]  # 0: the key, for cursors

        def consumer(fdetails: FieldDetailsList) -> tuple[int, Any]:
            """One projection of each item for one `node`/`nodes` selection."""
            expr, build = (item or (lambda d: self._item(item_src, item_type, d)))(fdetails)
            consumers.append(expr)
            return len(consumers) - 1, build

        paged = False

        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            nonlocal paged
            paged = paged or name in ("pageInfo", "nodes", "edges")
            if name == "totalCount":
                return total, None
            if name == "aggregate":
                return self._aggregate(connection, fdetails, scope.text(), item_src, item_type)
            if name == "pageInfo":
                return self._page_info(fdetails, connection, listing, scope, pg, items)
            if name == "nodes":
                at, item_build = consumer(fdetails)
                return f"[{x} IN {items} | {x}[{at}]]", shape.many(item_build)
            return self._edges(fdetails, connection, items, consumer)

        body, build = self.record(connection, details, field)
        if paged:
            collect = "COLLECT {\n" + page("[" + ", ".join(consumers) + "]") + "\n}"
            cut = f"{pg}[0..${p}count]"
            cut = f"reverse({cut})" if listing.backward else cut
            body = f"[{pg} IN [{collect}] | [{items} IN [{cut}] | {body}][0]][0]"
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
        self,
        details: FieldDetailsList,
        connection: GraphQLObjectType,
        listing: Listing,
        scope: Scope,
        pg: str,
        items: str,
    ) -> tuple[str, Any]:
        """As the Relay specification has it: the side the page was read towards knows by
        the extra item fetched; the side it started from, by whether any item is not past
        its cursor (false without one)."""
        info = object_type(connection.fields["pageInfo"].type)
        p = listing.prefix
        more = f"size({pg}) > ${p}count"
        lead = "before" if listing.backward else "after"
        beyond = "false"
        if listing.given(lead):
            beyond = f"EXISTS {{ {scope.text([f'NOT {listing.past(lead)}'])} }}"
        last = f"{items}[size({items}) - 1][0]"
        fields = {
            "hasNextPage": beyond if listing.backward else more,
            "hasPreviousPage": more if listing.backward else beyond,
            "startCursor": f"CASE WHEN size({items}) > 0 THEN {items}[0][0] END",
            "endCursor": f"CASE WHEN size({items}) > 0 THEN {last} END",
        }
        cursors = {"startCursor", "endCursor"}
        return self.record(
            info,
            details,
            lambda name, _: (fields[name], keyset.cursor_shape if name in cursors else None),
        )

    def _edges(
        self,
        details: FieldDetailsList,
        connection: GraphQLObjectType,
        items: str,
        consumer: Callable[[FieldDetailsList], tuple[int, Any]],
    ) -> tuple[str, Any]:
        edge = object_type(connection.fields["edges"].type)
        j = self.fresh("j")

        def field(name: str, fdetails: FieldDetailsList) -> tuple[str, Any]:
            if name == "cursor":
                return f"{items}[{j}][0]", keyset.cursor_shape
            at, build = consumer(fdetails)  # node
            return f"{items}[{j}][{at}]", build

        body, build = self.record(edge, details, field)
        return f"[{j} IN range(0, size({items}) - 1) | {body}]", shape.many(build)


def paging(args: dict[str, Any], size: int, default: int, cap: int) -> dict[str, Any]:
    """A connection's paging parameters: the window's size and the cursors' keys."""
    asked = cursors.window(args, size, default, cap)
    return {"count": asked.count, "limit": asked.limit, "after": asked.after,
            "before": asked.before}  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """The whole list: a MATCH and the conditions its items meet (none: every match)."""

    match: str
    conditions: list[str]

    def text(self, more: list[str] = ()) -> str:  # type: ignore[assignment]
        conditions = [*self.conditions, *more]
        return self.match + (f" WHERE {' AND '.join(conditions)}" if conditions else "")


class Listing:
    """How a connection reads its list: its keys, its direction, the cursors given."""

    def __init__(self, keys: list[Key], args: dict[str, Any], prefix: str):
        self.keys = keys
        self.args = args
        self.prefix = prefix
        self.backward = args.get("last") is not None

    def given(self, cursor: str) -> bool:
        return self.args.get(cursor) is not None

    def past(self, cursor: str) -> str:
        return keyset.past(self.keys, f"${self.prefix}{cursor}", later=cursor == "after")

    def order(self) -> str:
        return keyset.order(self.keys, self.backward)

    def cursors(self, ranged: bool = False) -> list[str]:
        """The conditions of the cursors given; `ranged` adds a bare range on the first
        key (a non-null ascending one), which Neo4j seeks in an index."""
        found = []
        for cursor in ("after", "before"):
            if self.given(cursor):
                if ranged:
                    sign = ">=" if cursor == "after" else "<="
                    found.append(f"{self.keys[0].expr} {sign} ${self.prefix}{cursor}[0]")
                found.append(self.past(cursor))
        return found
