"""Generated types: a `where`, an `orderBy` and an `aggregate` for every type.

For each entity and fact type, `<Type>Where` holds one operator input per
scalar field (`StringFilter`, `DateFilter`...), `AND`/`OR`/`NOT`, one
`some`/`none`/`all` filter per relationship field, and for facts a filter on
each end; `<Type>Sort` names one scalar field to order by. They are written
out from the types' own fields, so a new property is filterable and sortable
without touching this file. The compiler (compiler/filters.py) turns them
into Cypher predicates with every value a parameter.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from compiler.filters import COMPILED_ONLY
from model import Relation
from model.graph import CompanyKind, MoneyQualifier
from schema import types
from schema.classes import Fields, make
from schema.connections import Connection, page_of
from schema.facts import FACT_TYPES
from schema.scalars import PartialDate
from talentgraph.errors import BadInput


@strawberry.enum(description="Which way to sort.")
class SortDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Conditions on an id; all that are given must hold.")
class IDFilter:
    eq: strawberry.ID | None = strawberry.field(default=None, description="Equal to this.")
    in_: list[strawberry.ID] | None = strawberry.field(
        name="in", default=None, description="One of these."
    )


@strawberry.input(description="Conditions on a text; all that are given must hold.")
class StringFilter:
    eq: str | None = strawberry.field(default=None, description="Equal to this.")
    in_: list[str] | None = strawberry.field(name="in", default=None, description="One of these.")
    contains: str | None = strawberry.field(default=None, description="Contains it (any case).")
    starts_with: str | None = strawberry.field(default=None, description="Starts with it.")


def _number_filter(kind: type, name: str, what: str) -> Any:
    """`<name>Filter`: one of these, or a range (the float and the whole-number filters)."""
    fields = {
        "eq": (kind | None, strawberry.field(default=None, description="Equal to this.")),
        "in_": (list[kind] | None, strawberry.field(name="in", default=None,  # type: ignore[valid-type]
                                                    description="One of these.")),
        **{op: (kind | None, strawberry.field(default=None, description=text))
           for op, text in (("lt", "Less than this."), ("lte", "At most this."),
                            ("gt", "Greater than this."), ("gte", "At least this."))},
    }  # fmt: skip
    return make(strawberry.input, f"{name}Filter", __name__, fields,
                f"Conditions on {what}; all that are given must hold.")  # fmt: skip


FloatFilter = _number_filter(float, "Float", "a number")
IntFilter = _number_filter(int, "Int", "a whole number")


@strawberry.input(description="A condition on a yes/no field.")
class BooleanFilter:
    eq: bool | None = strawberry.field(default=None, description="Equal to this.")


@strawberry.input(description="Conditions on a company kind; all that are given must hold.")
class CompanyKindFilter:
    eq: CompanyKind | None = strawberry.field(default=None, description="This kind.")
    in_: list[CompanyKind] | None = strawberry.field(
        name="in", default=None, description="One of these kinds."
    )


@strawberry.input(description="Conditions on a money qualifier; all that are given must hold.")
class MoneyQualifierFilter:
    eq: MoneyQualifier | None = strawberry.field(default=None, description="This qualifier.")
    in_: list[MoneyQualifier] | None = strawberry.field(
        name="in", default=None, description="One of these qualifiers."
    )


@strawberry.input(
    description=(
        "Conditions on a partial date, with the API's overlap semantics: a date stands for "
        'every day it could be, and a condition holds when it may hold. `eq: "2024"` matches '
        '`2024-07`; `lt: "2024-07"` matches `2024` (it may be before July). Missing dates '
        "match no condition."
    )
)
class DateFilter:
    eq: PartialDate | None = strawberry.field(default=None, description="May fall on it.")
    lt: PartialDate | None = strawberry.field(default=None, description="May be before it.")
    lte: PartialDate | None = strawberry.field(default=None, description="May be on or before.")
    gt: PartialDate | None = strawberry.field(default=None, description="May be after it.")
    gte: PartialDate | None = strawberry.field(default=None, description="May be on or after.")


FILTERS: dict[Any, type] = {
    strawberry.ID: IDFilter,
    str: StringFilter,
    float: FloatFilter,
    int: IntFilter,
    bool: BooleanFilter,
    CompanyKind: CompanyKindFilter,
    MoneyQualifier: MoneyQualifierFilter,
    PartialDate: DateFilter,
}
SORTABLE = {str, float, int, PartialDate, CompanyKind, MoneyQualifier, strawberry.ID}

FACTS: list[type] = list(FACT_TYPES.values())
ENTITIES: list[type] = [types.Entity, *types.INTERFACES.values(), *types.ENTITY_TYPES.values()]


def _scalars(cls: type) -> dict[str, Any]:
    """The type's scalar fields (GraphQL name -> Python type): what can be filtered."""
    found = {}
    for f in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        kind = f.type
        if isinstance(kind, StrawberryOptional):
            kind = kind.of_type
        if isinstance(kind, StrawberryEnumDefinition):  # the enum's class keys FILTERS
            kind = kind.wrapped_cls
        if f.base_resolver is None and not isinstance(kind, StrawberryList) and kind in FILTERS:
            found[f.graphql_name or to_camel_case(f.python_name)] = kind
    return found


def _relations(cls: type) -> dict[str, Relation]:
    found = {}
    for f in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        relation = f.metadata.get("relation")
        if isinstance(relation, Relation):
            found[f.graphql_name or to_camel_case(f.python_name)] = relation
    return found


def _ends(cls: type) -> dict[str, str]:
    """A fact's ends: field name -> the type filtered there."""
    ends = {}
    for f in cls.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        kind = getattr(f.type, "__name__", "")
        if f.python_name != "evidence" and kind in {c.__name__ for c in ENTITIES}:
            ends[f.python_name] = kind
    return ends


def _class(name: str, fields: dict[str, tuple[str, str]], description: str, kind: Any) -> Any:
    """A class named `name` in this module: fields as (annotation string, description)."""
    made: Fields = {
        f: (annotation, strawberry.field(default=None if annotation.endswith("| None")
                                         else strawberry.UNSET, description=text))
        for f, (annotation, text) in fields.items()
    }  # fmt: skip
    return make(kind, name, __name__, made, description)


def _input(name: str, fields: dict[str, tuple[str, str]], description: str) -> type:
    return _class(name, fields, description, strawberry.input)


def _where(cls: type) -> type:
    name = cls.__name__
    fields = {
        prop: (f"{FILTERS[kind].__name__} | None", f"Conditions on `{prop}`.")
        for prop, kind in _scalars(cls).items()
    }
    for prop, relation in _relations(cls).items():
        fields[prop] = (f"{relation.edge_type}ListFilter | None", f"Conditions on `{prop}`.")
    for end, kind in _ends(cls).items():
        fields[end] = (f"{kind}Where | None", f"Conditions on the {end}.")
    fields.update(
        AND=(f"list[{name}Where] | None", "Every one of these holds."),
        OR=(f"list[{name}Where] | None", "At least one of these holds."),
        NOT=(f"{name}Where | None", "This does not hold."),
    )
    return _input(f"{name}Where", fields, f"Conditions on a {name}; all that are given must hold.")


def _list_filter(cls: type) -> type:
    where = f"{cls.__name__}Where | None"
    return _input(
        f"{cls.__name__}ListFilter",
        {
            "some": (where, "At least one of the facts matches."),
            "none": (where, "None of the facts matches."),
            "all": (where, "Every fact matches (true when there are none)."),
        },
        f"Conditions on a list of {cls.__name__} facts: some, none or all of them match.",
    )


def _sort(cls: type) -> type | None:
    fields = {
        p: ("SortDirection | None", f"Sort by `{p}` (partial dates by their earliest day).")
        for p, kind in _scalars(cls).items()
        if kind in SORTABLE
    }
    if not fields:
        return None
    return _input(
        f"{cls.__name__}Sort",
        fields,
        f"One field of a {cls.__name__} to sort by (give exactly one per list item); "
        "missing values sort last.",
    )


WHERE = {cls.__name__: _where(cls) for cls in [*ENTITIES, *FACTS]}
# Made for their side effect: each is a class of this module that `<Type>Where` names.
for _fact in FACTS:
    _list_filter(_fact)
SORTS = {cls.__name__: s for cls in [*ENTITIES, *FACTS] if (s := _sort(cls)) is not None}


# --- Aggregates and the connections that carry them ---------------------------------

NUMBERS = {float, int}


def _values(cls: type, name: str, kinds: set[Any], description: str) -> type | None:
    fields = {
        p: (f"{_OUTPUT[kind]} | None", f"Of `{p}`; null when no item has one.")
        for p, kind in _scalars(cls).items()
        if kind in kinds
    }
    return _class(name, fields, description, strawberry.type) if fields else None


_OUTPUT = {str: "str", float: "float", int: "int", PartialDate: "PartialDate",
           CompanyKind: "CompanyKind", MoneyQualifier: "MoneyQualifier",
           strawberry.ID: "strawberry.ID"}  # fmt: skip


def _aggregate(cls: type) -> type:
    name = cls.__name__
    fields: dict[str, str] = {"count": "int"}
    descriptions = {"count": "How many there are (the whole list, not the page)."}
    extremes = _values(cls, f"{name}Extremes", SORTABLE - {strawberry.ID},
                       f"The least or greatest value of each field over a list of {name}; "
                       "a partial date compares by its earliest (least) or latest (greatest) day.")  # fmt: skip
    if extremes is not None:
        fields.update(min=extremes.__name__, max=extremes.__name__)
        descriptions.update(min="The least value of each field.", max="The greatest.")
    numbers = _values(cls, f"{name}Numbers", NUMBERS, f"Sums or means over a list of {name}.")
    if numbers is not None:
        fields.update(avg=f"{numbers.__name__} | None", sum=numbers.__name__)
        descriptions.update(avg="The mean of each number (null on an empty list).", sum="Totals.")
    made = {f: (fields[f], strawberry.field(description=d)) for f, d in descriptions.items()}
    return make(strawberry.type, f"{name}Aggregate", __name__, made,
                f"Counts and extremes over a whole list of {name}, computed in Neo4j.")  # fmt: skip


def _connection(cls: type) -> type:
    aggregate = _aggregate(cls)

    def resolve(self: Any) -> Any:
        raise BadInput(COMPILED_ONLY, field="aggregate")

    resolve.__annotations__["return"] = aggregate
    aggregated = strawberry.field(resolver=resolve, description="Over the whole list.")
    described = Connection.__strawberry_definition__.description  # type: ignore[attr-defined]
    return page_of(cls, described, __name__, aggregate=aggregated)


CONNECTIONS = {cls.__name__: _connection(cls) for cls in [*types.ENTITY_TYPES.values(), *FACTS]}
