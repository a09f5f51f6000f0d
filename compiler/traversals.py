"""The named traversals, compiled: each reviewed statement from cypher/, wrapped.

The statement runs as written (its parameters renamed into the field's own
namespace); the compiler adds only the projection of what the client asked
for, read from the maps the statement returns. The binders check arguments
exactly as the resolvers do (resolvers/arguments.py).

The long lists (departures, portfolio, search, a flow's moves) are Relay
connections: the page is cut from the statement's whole list by keyset, in the
statement's order with a unique id last (resolvers/ordered.py holds the keys,
which the reference resolvers apply in Python).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, get_named_type

from compiler import shape
from compiler.keyset import Key
from compiler.objects import ObjectWriter
from compiler.plan import Unsupported, object_type
from compiler.relations import Listing, RelationWriter, Scope
from compiler.source import Src, fact_from_map, from_map
from resolvers import arguments, ordered
from resolvers.traversals import SEARCH_DEPTH
from talentgraph.errors import BadInput
from talentgraph.queries import QUERIES

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
Writer = Callable[[Any], tuple[str, Any]]


@dataclass(frozen=True)
class Traversal:
    statement: str  # the cypher/ file
    column: str  # its column holding the list of results
    found: tuple[str, ...]  # its columns saying the ids were found
    bind: Callable[[dict[str, Any], Any], dict[str, Any]]
    item: Callable[[ObjectWriter, str, GraphQLObjectType, Any], tuple[str, Any]]
    rows: str = ""  # for a statement returning rows, not one list: the map of a row
    orders: list[ordered.Order] | None = None  # a connection over the list, in this order
    default: int = 100  # a connection's page when neither `first` nor `last` is given

    def body(self, prefix: str) -> str:
        """The statement, its parameters renamed `$<prefix><name>`."""
        return _PARAM.sub(lambda m: f"${prefix}{m.group(1)}", QUERIES[self.statement].text)


def _record(
    c: ObjectWriter, gtype: Any, details: Any, writers: dict[str, Writer]
) -> tuple[str, Any]:
    def field(name: str, fdetails: Any) -> tuple[str, Any]:
        if name not in writers:
            raise Unsupported(f"{gtype.name}.{name}")
        return writers[name](fdetails)

    return c.record(gtype, details, field)


def _type(gtype: Any, name: str) -> Any:
    return get_named_type(gtype.fields[name].type)


def _entity(c: ObjectWriter, gtype: Any, name: str, expr: str) -> Writer:
    return lambda d: c.project(from_map(expr), _type(gtype, name), d)


def _fact(c: ObjectWriter, gtype: Any, name: str, props: str, **ends: str) -> Writer:
    return lambda d: c.project(fact_from_map(props, **ends), _type(gtype, name), d)


def _count(items: str) -> Writer:
    return lambda d: (f"size({items})", None)


def _investments(c: ObjectWriter, gtype: Any, x: str) -> Writer:
    def write(d: Any) -> tuple[str, Any]:
        investment = _type(gtype, "investments")
        return c.each(
            f"{x}.investments",
            lambda i: c.project(
                fact_from_map(f"{i}.rel", investor=f"{i}.investor", round=f"{i}.round"),
                investment,
                d,
            ),
        )

    return write


def paged(
    c: RelationWriter,
    field_def: Any,
    details: Any,
    items: str,
    orders: list[ordered.Order],
    item: Callable[[str, Any, Any], tuple[str, Any]],
    prefix: str | None = None,
) -> tuple[str, Any]:
    """A connection over the list `items` (a statement's, whole), in `orders`' order:
    the page is read from it by keyset, as resolvers/ordered.py cuts it. `item(x, type,
    details)` projects one item; `prefix` is the field's binder if it has one already."""
    x = c.fresh("x")
    keys = [Key(_key_path(x, o.path), o.descending, o.nullable) for o in orders]
    p = prefix or c._bind(field_def, details, lambda a, s: window(a, orders, 20, s))
    listing = Listing(keys, c._arguments(field_def, details), p)
    each = f"UNWIND {items} AS {x} WITH {x}"
    cursors = listing.cursors()
    match = each + (f" WHERE {' AND '.join(cursors)}" if cursors else "")
    # No LIMIT: under ORDER BY ... LIMIT, Neo4j 5.26 charges every kept row with the whole
    # list it came from (a page of 1,000 of a big company's departures then counts a
    # thousand copies against the transaction's memory; tests/test_big_lists.py). The
    # page is cut from the sorted list outside (`_connection`'s `[0..$count]`).
    match += f"\nWITH {x} ORDER BY {listing.order()}\n"
    connection = object_type(field_def.type)
    node = get_named_type(connection.fields["nodes"].type)
    return c._connection(
        connection, details, listing, f"size({items})", lambda out: f"{match}RETURN {out}",
        Src(x), node, Scope(each, []), item=lambda d: item(x, node, d),
    )  # fmt: skip


def window(
    args: dict[str, Any], orders: list[ordered.Order], default: int, settings: Any
) -> dict[str, Any]:
    """A connection's paging parameters, checked as the resolvers check them."""
    asked = ordered.checked(args, orders, default, settings.max_page_size)
    return {"count": asked.count, "limit": asked.limit, "after": asked.after,
            "before": asked.before}  # fmt: skip


def _key_path(x: str, path: tuple[str, ...]) -> str:
    return ".".join([x, *path])


def _move(
    c: ObjectWriter, m: str, move: Any, d: Any, joined_at: Callable[[str], str]
) -> tuple[str, Any]:
    """One move: who, the spell they left, the one they joined (at `joined_at(move)`)."""
    return _record(c, move, d, {
        "person": _entity(c, move, "person", f"{m}.person"),
        "left": _fact(c, move, "left", f"{m}.left", person=f"{m}.person", employer=f"{m}.leftAt"),
        "joined": _fact(c, move, "joined", f"{m}.joined", person=f"{m}.person", employer=joined_at(m)),
        "period": lambda _: (f"{m}.period", None),
    })  # fmt: skip


def _moves(
    c: ObjectWriter, gtype: Any, x: str, name: str, joined_at: Callable[[str], str]
) -> Writer:
    """The list field `name` of moves."""

    def write(d: Any) -> tuple[str, Any]:
        move = _type(gtype, name)
        return c.each(f"{x}.{name}", lambda m: _move(c, m, move, d, joined_at))

    return write


def _portfolio_hire(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    # A hire joined the portfolio company itself.
    return _record(c, gtype, details, {
        "company": _entity(c, gtype, "company", f"{x}.company"),
        "investments": _investments(c, gtype, x),
        "hires": _moves(c, gtype, x, "hires", lambda _: f"{x}.company"),
    })  # fmt: skip


def _talent_flow(c: Any, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    def moves(d: Any) -> tuple[str, Any]:
        joined_at = lambda m: f"{m}.joinedAt"  # noqa: E731
        item = lambda m, move, nd: _move(c, m, move, nd, joined_at)  # noqa: E731
        return paged(c, gtype.fields["moves"], d, f"{x}.moves", ordered.MOVES, item)

    return _record(c, gtype, details, {
        "from": _entity(c, gtype, "from", f"{x}.`from`"),
        "to": _entity(c, gtype, "to", f"{x}.`to`"),
        "count": _count(f"{x}.moves"),
        "moves": moves,
        "periods": lambda d: c.each(
            f"{x}.periods",
            lambda b: _record(c, _type(gtype, "periods"), d, {
                "period": lambda _: (f"{b}.period", None),
                "count": lambda _: (f"{b}.count", None),
            }),
        ),
    })  # fmt: skip


def _departure(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    def following(d: Any) -> tuple[str, Any]:
        employment = _type(gtype, "next")
        return c.each(
            f"{x}.next",
            lambda n: c.project(
                fact_from_map(f"{n}.rel", person=f"{x}.person", employer=f"{n}.at"), employment, d
            ),
        )

    return _record(c, gtype, details, {
        "person": _entity(c, gtype, "person", f"{x}.person"),
        "left": _fact(c, gtype, "left", f"{x}.left", person=f"{x}.person", employer=f"{x}.leftAt"),
        "next": following,
    })  # fmt: skip


def _co_investor(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    def rounds(d: Any) -> tuple[str, Any]:
        return c.each(f"{x}.rounds", lambda r: c.project(from_map(r), _type(gtype, "rounds"), d))

    return _record(c, gtype, details, {
        "investor": _entity(c, gtype, "investor", f"{x}.investor"),
        "count": _count(f"{x}.rounds"),
        "rounds": rounds,
    })  # fmt: skip


def _portfolio_company(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    return _record(c, gtype, details, {
        "company": _entity(c, gtype, "company", f"{x}.company"),
        "investments": _investments(c, gtype, x),
    })  # fmt: skip


def _path(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    def hops(d: Any) -> tuple[str, Any]:
        hop = _type(gtype, "hops")
        k = c.fresh("k")
        rel, here, there = f"{x}.rels[{k}]", f"{x}.nodes[{k}]", f"{x}.nodes[{k} + 1]"
        expr, build = _record(c, hop, d, {
            "from": _entity(c, hop, "from", here),
            "to": _entity(c, hop, "to", there),
            "type": lambda _: (f"{rel}.type", None),
            "forward": lambda _: (f"{rel}.`from` = {here}.id", None),
            "evidence": lambda e: c.evidence(f"{rel}.props", _type(hop, "evidence"), e),
            "properties": lambda _: (f"{rel}.props", shape.relationship_properties),
        })  # fmt: skip
        return f"[{k} IN range(0, size({x}.rels) - 1) | {expr}]", shape.many(build)

    return _record(c, gtype, details, {"length": _count(f"{x}.rels"), "hops": hops})


def _search_hit(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    return _record(c, gtype, details, {
        "node": _entity(c, gtype, "node", f"{x}.node"),
        "score": lambda _: (f"toFloat({x}.score)", None),
    })  # fmt: skip


def _window(args: dict[str, Any]) -> dict[str, Any]:
    return {
        "sinceMin": arguments.bound(args["since"], "earliest"),
        "untilMax": arguments.bound(args["until"], "latest"),
    }


def _connections(args: dict[str, Any], settings: Any) -> dict[str, Any]:
    cap = settings.max_hops
    if not 1 <= args["maxHops"] <= cap:
        raise BadInput(
            f"`maxHops` must be between 1 and {cap}, got {args['maxHops']}", field="maxHops"
        )
    if args["from"] == args["to"]:
        raise BadInput("`from` and `to` are the same entity", field="to")
    return {
        "from": args["from"],
        "to": args["to"],
        "maxHops": args["maxHops"],
        "first": arguments.check_first(args["first"], settings.max_page_size),
    }


TRAVERSALS: dict[str, Traversal] = {
    "portfolioAlumniHires": Traversal(
        "portfolio_alumni_hires", "results", ("investorFound", "alumniOfFound"),
        lambda a, s: {"investor": a["investor"], "alumniOf": a["alumniOf"]},
        _portfolio_hire,
    ),
    "talentFlows": Traversal(
        "talent_flows", "flows", ("fromFound", "toFound"),
        lambda a, s: {"from": a["from"], "to": a["to"], **_window(a),
                      "first": arguments.check_first(a["first"], s.max_page_size),
                      "quarterly": getattr(a["granularity"], "value", a["granularity"])
                      == "QUARTER"},
        _talent_flow,
    ),
    "departures": Traversal(
        "departures", "departures", ("found",),
        lambda a, s: {"company": a["company"], **_window(a)},
        _departure, orders=ordered.DEPARTURES,
    ),
    "coInvestors": Traversal(
        "co_investors", "coInvestors", ("found",),
        lambda a, s: {"company": a["company"]},
        _co_investor,
    ),
    "portfolio": Traversal(
        "portfolio", "portfolio", ("found",),
        lambda a, s: {"investor": a["investor"]},
        _portfolio_company, orders=ordered.PORTFOLIO,
    ),
    "connections": Traversal("connections", "paths", ("fromFound", "toFound"), _connections, _path),
    "search": Traversal(
        "search", "hits", (),
        lambda a, s: {"text": arguments.search_text(a["text"]), "labels": arguments.kinds(a["kinds"]),
                      "first": SEARCH_DEPTH},
        _search_hit,
        rows="node: node, score: score", orders=ordered.SEARCH, default=10,
    ),
}  # fmt: skip
