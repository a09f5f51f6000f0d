"""`where` and `orderBy` inputs (schema/generated.py) into Cypher.

The text follows the input's structure (which fields are set), which is why
that structure is part of a plan's cache key; the values go into parameters,
collected in the same walk, so a binder can re-walk a request's input to get
its values without writing text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLSchema, get_named_type

from compiler import scalars
from compiler.keyset import Key
from compiler.source import Src
from model import OUT, Relation
from talentgraph.dates import PartialDate
from talentgraph.errors import BadInput

_COMPARE = {"eq": "=", "in": "IN", "startsWith": "STARTS WITH",
            "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}  # fmt: skip
# Partial dates, `may` semantics: (the stored bound, operator, the bound of the given date).
_DATES = {
    "lt": [("Min", "<", "earliest")],
    "lte": [("Min", "<=", "latest")],
    "gt": [("Max", ">", "latest")],
    "gte": [("Max", ">=", "earliest")],
    "eq": [("Min", "<=", "latest"), ("Max", ">=", "earliest")],
}


def items(value: Any) -> list[tuple[str, Any]]:
    """An input object's fields that are set: graphql-core's coerced dict (GraphQL names),
    or the resolvers' Strawberry input (Python names)."""
    if not isinstance(value, dict):
        value = {name: getattr(value, name) for name in value.__dataclass_fields__}
    return [(name, v) for name, v in value.items() if v is not None]


def structure(value: Any) -> Any:
    """What of an input shapes the statement's text: the fields set, recursively."""
    if isinstance(value, dict):
        return tuple((name, structure(v)) for name, v in items(value))
    if isinstance(value, list):
        return tuple(structure(v) for v in value)
    return getattr(value, "value", None)  # sort directions shape the text; values do not


def check_order(order_by: list[Any] | None) -> None:
    for i, key in enumerate(order_by or ()):
        if len(items(key)) != 1:
            raise BadInput(f"`orderBy[{i}]` must name exactly one field", field="orderBy")


COMPILED_ONLY = (
    "`where`, `orderBy` and `aggregate` are answered by the compiled read path, which does not "
    "cover this selection (`Dispute.sources`); ask for `sourceIds` there instead"
)


def compiled_only(where: Any, order_by: Any) -> None:
    """For the resolvers (the reference executor), which have no filters of their own:
    the same check of `orderBy` as the compiled path, then a clear refusal."""
    check_order(order_by)
    if where is not None or order_by is not None:
        raise BadInput(COMPILED_ONLY, field="where" if where is not None else "orderBy")


class Predicates:
    """Writes predicates and sort keys; `values` collects their parameters in order."""

    def __init__(self, schema: GraphQLSchema, prefix: str, fresh: Callable[[str], str]):
        self.schema = schema
        self.prefix = prefix
        self.fresh = fresh
        self.values: dict[str, Any] = {}

    def where(self, src: Src, gtype: Any, where: Any) -> str:
        parts = []
        for name, value in items(where):
            if name in ("AND", "OR"):
                joined = f" {name} ".join(self.where(src, gtype, w) for w in value)
                parts.append(f"({joined})" if value else "true")
            elif name == "NOT":
                parts.append(f"NOT ({self.where(src, gtype, value)})")
            elif name in src.ends:
                end = get_named_type(gtype.fields[name].type)
                parts.append(self.where(src.ends[name], end, value))
            else:
                field_def = gtype.fields[name]
                definition = field_def.extensions.get("strawberry-definition")
                relation = definition.metadata.get("relation") if definition else None
                if isinstance(relation, Relation):
                    parts.append(self._relation(src, relation, value))
                else:
                    parts.append(self._scalar(src, gtype, name, field_def, value))
        return " AND ".join(parts) or "true"

    def order(self, src: Src, gtype: Any, order_by: list[Any]) -> list[Key]:
        keys = []
        for key in order_by:
            for name, direction in items(key):
                named = get_named_type(gtype.fields[name].type).name
                expr = scalars.expression(src, gtype, name, gtype.fields[name])
                if named == "PartialDate":
                    expr = f"{src.expr}.{scalars.identifier(name)}Min"
                # Missing values last, whichever way, as undated facts are (keyset.order).
                keys.append(Key(expr, descending=direction.value == "DESC"))
        return keys

    def _param(self, value: Any) -> str:
        name = f"{self.prefix}w{len(self.values)}"
        self.values[name] = getattr(value, "value", value)
        return f"${name}"

    def _scalar(self, src: Src, gtype: Any, name: str, field_def: Any, ops: Any) -> str:
        named = get_named_type(field_def.type).name
        parts = []
        for op, value in items(ops):
            if named == "PartialDate":
                prop = f"{src.expr}.{scalars.identifier(name)}"
                given = value if isinstance(value, PartialDate) else PartialDate(value)
                for bound, sign, end in _DATES[op]:
                    parts.append(f"{prop}{bound} {sign} {self._param(getattr(given, end))}")
                continue
            if op == "in":
                value = [getattr(v, "value", v) for v in value]
            expr = scalars.expression(src, gtype, name, field_def)
            if op == "contains":  # any case, as the `role` argument has always been
                parts.append(f"toLower({expr}) CONTAINS toLower({self._param(value)})")
                continue
            parts.append(f"{expr} {_COMPARE[op]} {self._param(value)}")
        return " AND ".join(parts) or "true"

    def _relation(self, src: Src, relation: Relation, filters: Any) -> str:
        fact = self.schema.get_type(relation.edge_type)
        parts = []
        for quantifier, where in items(filters):
            r, m, anchor = self.fresh("r"), self.fresh("m"), self.fresh("a")
            start = src.expr if src.node else f"{anchor}:Entity {{id: {src.expr}.id}}"
            arrow = ("-", "->") if relation.direction == OUT else ("<-", "-")
            pattern = f"({start}){arrow[0]}[{r}:{relation.rel_type}]{arrow[1]}({m})"
            parent = src if src.node else Src(anchor)
            ends = {relation.parent_field: parent, relation.other_field: Src(m)}
            test = self.where(Src(r, ends=ends), fact, where)
            if quantifier == "some":
                parts.append(f"EXISTS {{ MATCH {pattern} WHERE {test} }}")
            elif quantifier == "none":
                parts.append(f"NOT EXISTS {{ MATCH {pattern} WHERE {test} }}")
            else:  # all
                parts.append(f"NOT EXISTS {{ MATCH {pattern} WHERE NOT ({test}) }}")
        return " AND ".join(parts) or "true"
