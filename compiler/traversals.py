"""The named traversals, compiled: each reviewed statement from cypher/, wrapped.

The statement runs as written (its parameters renamed into the field's own
namespace); the compiler adds only the projection of what the client asked
for, read from the maps the statement returns. The binders check arguments
exactly as the resolvers do (resolvers/arguments.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, get_named_type

from compiler import shape
from compiler.objects import ObjectWriter
from compiler.plan import Unsupported
from compiler.source import fact_from_map, from_map
from resolvers import arguments
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


def _moves(
    c: ObjectWriter, gtype: Any, x: str, name: str, joined_at: Callable[[str], str]
) -> Writer:
    """The list field `name` of moves: who, the spell they left, the one they joined
    (at the employer `joined_at(move)`)."""

    def write(d: Any) -> tuple[str, Any]:
        move = _type(gtype, name)
        return c.each(
            f"{x}.{name}",
            lambda m: _record(c, move, d, {
                "person": _entity(c, move, "person", f"{m}.person"),
                "left": _fact(c, move, "left", f"{m}.left", person=f"{m}.person", employer=f"{m}.leftAt"),
                "joined": _fact(c, move, "joined", f"{m}.joined", person=f"{m}.person", employer=joined_at(m)),
                "period": lambda _: (f"{m}.period", None),
            }),
        )  # fmt: skip

    return write


def _portfolio_hire(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    # A hire joined the portfolio company itself.
    return _record(c, gtype, details, {
        "company": _entity(c, gtype, "company", f"{x}.company"),
        "investments": _investments(c, gtype, x),
        "hires": _moves(c, gtype, x, "hires", lambda _: f"{x}.company"),
    })  # fmt: skip


def _talent_flow(c: ObjectWriter, x: str, gtype: Any, details: Any) -> tuple[str, Any]:
    return _record(c, gtype, details, {
        "from": _entity(c, gtype, "from", f"{x}.`from`"),
        "to": _entity(c, gtype, "to", f"{x}.`to`"),
        "count": _count(f"{x}.moves"),
        "moves": _moves(c, gtype, x, "moves", lambda m: f"{m}.joinedAt"),
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
        _departure,
    ),
    "coInvestors": Traversal(
        "co_investors", "coInvestors", ("found",),
        lambda a, s: {"company": a["company"]},
        _co_investor,
    ),
    "portfolio": Traversal(
        "portfolio", "portfolio", ("found",),
        lambda a, s: {"investor": a["investor"]},
        _portfolio_company,
    ),
    "connections": Traversal("connections", "paths", ("fromFound", "toFound"), _connections, _path),
    "search": Traversal(
        "search", "hits", (),
        lambda a, s: {"text": arguments.search_text(a["text"]), "labels": arguments.kinds(a["kinds"]),
                      "first": arguments.check_first(a["first"], s.max_page_size)},
        _search_hit,
        rows="node: node, score: score",
    ),
}  # fmt: skip
