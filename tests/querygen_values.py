"""The argument values of tests/querygen.py's operations: from a graph, or wrong on purpose.

Some arguments are wrong on purpose (an unknown id, an id of another kind, a bad
cursor, `first: -1`, a malformed date passed as a variable...): at most one per
query, and only where tests/querygen.py says one may be planted.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLType,
    Undefined,
    get_named_type,
)

from model.validation import RecordGraph
from resolvers import ordered
from resolvers.cursors import decode
from tests.querygen_scopes import Variable

# Generated filters, sorts and aggregates exist only on the compiled path (the reference
# executor refuses them), so they have tests of their own (tests/test_filters.py).
# The named traversals' connections and the keys of their cursors.
TRAVERSAL_ORDERS = {
    "DepartureConnection": ordered.DEPARTURES,
    "PortfolioCompanyConnection": ordered.PORTFOLIO,
    "SearchHitConnection": ordered.SEARCH,
    "MoveConnection": ordered.MOVES,
}
COMPILED_ONLY = frozenset({"where", "orderBy", "aggregate"})
MISSING_IDS = ("no-such-id", "nobody-at-all")
# Root lookups by kind: the label their id must carry.
ROOT_KINDS = {"person": "Person", "company": "Company", "model": "AIModel",
              "university": "University"}  # fmt: skip
# Arguments that name a company (the traversals).
COMPANY_ARGS = {
    ("portfolioAlumniHires", "investor"), ("portfolioAlumniHires", "alumniOf"),
    ("talentFlows", "from"), ("talentFlows", "to"), ("departures", "company"),
    ("coInvestors", "company"), ("portfolio", "investor"),
}  # fmt: skip


@dataclass(frozen=True)
class Universe:
    """The argument values queries draw from: what one graph holds, sorted for determinism."""

    ids: dict[str, tuple[str, ...]]  # label (Person, Company, ...) -> ids of that kind
    redirects: dict[str, str]  # id retired by a merge -> the label of the entity it names now
    roles: tuple[str, ...]
    dates: tuple[str, ...]
    texts: tuple[str, ...]  # full-text search input
    cursors: tuple[str, ...]  # cursors the API gave out
    facts: tuple[str, ...] = ()  # fact ids the API gave out

    @classmethod
    def of(
        cls,
        graph: RecordGraph,
        cursors: Iterable[str],
        merges: Iterable[tuple[str, str]] = (),
        facts: Iterable[str] = (),
    ) -> Universe:
        """The values of a seed graph, after the merges (keep, remove) applied to it."""
        merged = {remove: graph.kind_of(keep) or "" for keep, remove in merges}
        ids: dict[str, set[str]] = {}
        texts = {"no match at all", "zzz"}
        for section in ("sources", "people", "companies", "universities", "models",
                        "products", "rounds"):  # fmt: skip
            for record in graph.group(section).values():
                if record.id in merged:
                    continue
                ids.setdefault(type(record).__name__, set()).add(record.id)
                names = [getattr(record, "name", None) or getattr(record, "title", None)]
                names += [getattr(record, "nameZh", None), *getattr(record, "aliases", [])]
                for name in filter(None, names):
                    texts.add(name)
                    texts.add(name.split()[0])
        roles = {"no such role"}
        dates = {"2017", "2024-07", "2024-07-18", "1999", "2030"}
        for fact in graph.facts:
            if fact.role:
                roles.add(fact.role)
                roles.add(fact.role.split()[-1].upper())
            for date in (fact.start, fact.end):
                if date is not None:
                    dates.add(date.text)
                    dates.add(date.text[:4])
        return cls(
            ids={label: tuple(sorted(values)) for label, values in sorted(ids.items())},
            redirects=dict(sorted(merged.items())),
            roles=tuple(sorted(roles)),
            dates=tuple(sorted(dates)),
            texts=tuple(sorted(texts)),
            cursors=tuple(cursors),
            facts=tuple(facts),
        )

    def all_ids(self) -> tuple[str, ...]:
        return tuple(i for label in self.ids for i in self.ids[label])


class ArgumentValues:
    """The arguments of one field, as literals or variables: mixed into an operation,
    whose random source, universe, variables and planted mistake it shares."""

    rng: random.Random
    u: Universe
    planted: str | None
    variables: list[Variable]
    values: dict[str, Any]
    field_def: GraphQLField

    def _variable(self, type_: str, default: str | None) -> str:
        name = f"v{len(self.variables)}"
        self.variables.append(Variable(name, type_, default))
        return name

    def _arguments(
        self, parent: str, field_name: str, definition: GraphQLField, can_plant: bool
    ) -> str:
        parts = []
        chosen: dict[str, Any] = {}
        # The one argument that gets the mistake, if this field takes it.
        target = self.rng.randrange(len(definition.args)) if can_plant and definition.args else -1
        self.field_def = definition
        # `sort` first: which cursors a relationship takes depends on it.
        ordered = sorted(definition.args.items(), key=lambda item: item[0] != "sort")
        for index, (name, argument) in enumerate(ordered):
            if name in COMPILED_ONLY:
                continue
            before = self.planted
            value = self._argument(parent, field_name, name, argument, index == target, chosen)
            if value is _OMIT:
                continue
            chosen[name] = value
            planted_here = before is None and self.planted is not None
            passed = self._pass(argument, value, planted_here)
            left_out = self.variables[-1] if passed.startswith("$") else None
            if left_out and left_out.default is None and left_out.name not in self.values:
                chosen[name] = argument.default_value  # the argument's own default applies
            parts.append(f"{name}: {passed}")
        return ", ".join(parts)

    def _pass(self, argument: GraphQLArgument, value: Any, planted: bool) -> str:
        """The value as a literal, or as a variable (with or without a default)."""
        kind = argument.type
        if isinstance(value, _BadVariable):
            name = self._variable(str(kind), None)
            self.values[name] = value.value
            return f"${name}"
        if self.rng.random() >= 0.2:
            return _literal(value, kind)
        nullable = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        roll = self.rng.random()
        if roll < 0.2 and value is not None:
            # Declared with the value as its default and left out of the request.
            name = self._variable(str(nullable), _literal(value, nullable))
        elif roll < 0.3 and argument.default_value is not Undefined and not planted:
            # Declared nullable and left out: the argument's own default applies (that
            # default is what makes a nullable variable legal in a non-null place).
            name = self._variable(str(nullable), None)
        else:
            name = self._variable(str(kind), None)
            self.values[name] = value
        return f"${name}"

    def _argument(
        self,
        parent: str,
        field_name: str,
        name: str,
        argument: GraphQLArgument,
        plant: bool,
        chosen: dict[str, Any],
    ) -> Any:
        rng = self.rng
        u = self.u
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        if not required and not plant and rng.random() < 0.45:
            return _OMIT
        key = (field_name, name)
        if parent == "Query" and field_name in ROOT_KINDS and name == "id":
            return self._id(ROOT_KINDS[field_name], plant)
        if parent == "Query" and key in COMPANY_ARGS:
            return self._id("Company", plant)
        if parent == "Query" and name == "id":
            return self._id(None, plant)
        if parent == "Query" and field_name == "connections" and name in ("from", "to"):
            if name == "to" and plant and rng.random() < 0.5:
                self.planted = "`from` and `to` are the same entity"
                return chosen["from"]
            while True:
                picked = self._id(None, plant)
                if picked != chosen.get("from"):
                    return picked
        if name in ("first", "last"):
            if name == "last" and chosen.get("first") is not None:
                return _OMIT  # one or the other (both is an error of its own)
            if plant:
                self.planted = f"a negative `{name}`"
                return -1
            return rng.choice((0, 1, 1, 2, 2, 3, 5) if parent == "Query" else (0, 1, 1, 2, 3))
        if name == "revision":
            # The graph at a revision runs through the resolvers on both paths, and the
            # change log (which outlives resets) differs from run to run: tests/changes/.
            return _OMIT
        if name == "after" and field_name == "changes":
            return rng.randint(0, 3)  # a seq, not a cursor
        if name == "after" and field_name == "history" and not plant:
            return _OMIT  # history pages by seq: the universe's cursors are offsets
        if name in ("after", "before"):
            if plant:
                self.planted = "a cursor the API never gave out"
                return "bm90LWEtY3Vyc29y"
            orders = TRAVERSAL_ORDERS.get(getattr(get_named_type(self.field_def.type), "name", ""))
            if orders is not None:  # a traversal's: each key of its kind
                fitting = [c for c in u.cursors if ordered.fits(orders, _key(c))]
            else:
                fitting = [c for c in u.cursors if _keys(c) == self._cursor_keys(chosen)]
            return rng.choice(fitting) if fitting else _OMIT
        if name == "ids":
            pool = [*u.all_ids(), *u.redirects, *u.facts]
            return [
                rng.choice(MISSING_IDS) if rng.random() < 0.15 else rng.choice(pool)
                for _ in range(rng.randint(0, 4))
            ]
        if name == "maxHops":
            if plant:
                self.planted = "`maxHops` out of range"
                return rng.choice((0, 7))
            return rng.randint(1, 6)
        if name in ("since", "until", "asOf"):
            if plant:
                self.planted = "a malformed date"
                return _BadVariable(rng.choice(("2024-13", "July 2024", "2024-02-30")))
            return rng.choice((*u.dates, None))
        if name == "role":
            return rng.choice((*u.roles, None))
        if name == "text":
            if plant:
                self.planted = "empty search text"
                return "  "
            return rng.choice(u.texts)
        return self._by_type(argument.type)

    def _cursor_keys(self, chosen: dict[str, Any]) -> int:
        """How many keys the cursors of this connection hold: its sort's, and the id."""
        item = get_named_type(self.field_def.type)
        name = getattr(item, "name", "")
        if "sort" not in self.field_def.args:  # a root list: by name, Sources by id
            return 1 if name == "SourceConnection" else 2
        sort = chosen.get("sort", self.field_def.args["sort"].default_value)
        return 2 if getattr(sort, "value", sort) == "NAME" else 3

    def _id(self, kind: str | None, plant: bool) -> str:
        """An id of this kind (any kind: None), or with `plant` one that finds nothing."""
        rng = self.rng
        u = self.u
        if kind is None:
            pool = [*u.all_ids(), *u.redirects]
        else:
            pool = [*u.ids.get(kind, ()), *(i for i, k in u.redirects.items() if k == kind)]
        if plant or not pool:
            others = [i for i in u.all_ids() if i not in pool]
            if others and rng.random() < 0.5:
                self.planted = "an id of another kind"
                return rng.choice(others)
            self.planted = "an unknown id"
            return rng.choice(MISSING_IDS)
        return rng.choice(pool)

    def _by_type(self, kind: GraphQLType, nullable: bool = True, nesting: int = 0) -> Any:
        """A value for an argument the generator has no pool for, from its type alone.

        Input objects may nest (filters with AND/OR): below two levels only their required
        fields are filled, so the value stays small.
        """
        rng = self.rng
        if isinstance(kind, GraphQLNonNull):
            return self._by_type(kind.of_type, nullable=False, nesting=nesting)
        if nullable and rng.random() < 0.15:
            return None
        if isinstance(kind, GraphQLList):
            return [self._by_type(kind.of_type, nesting=nesting) for _ in range(rng.randint(0, 2))]
        if isinstance(kind, GraphQLEnumType):
            return rng.choice(list(kind.values))
        if isinstance(kind, GraphQLInputObjectType):
            return {
                name: self._by_type(f.type, nesting=nesting + 1)
                for name, f in kind.fields.items()
                if isinstance(f.type, GraphQLNonNull) or (nesting < 2 and rng.random() < 0.3)
            }
        scalar = getattr(kind, "name", "")
        if scalar == "Boolean":
            return rng.choice((True, False))
        if scalar == "Int":
            return rng.randint(0, 3)
        if scalar == "Float":
            return rng.choice((0.5, 1.0))
        if scalar == "ID":
            return rng.choice(self.u.all_ids() or MISSING_IDS)
        if scalar == "PartialDate":
            return rng.choice(self.u.dates)
        return rng.choice(self.u.texts)


def _key(cursor: str) -> list[Any]:
    """The key a cursor the API gave out holds, as the API reads it."""
    return decode(cursor, _keys(cursor), "after") or []


def _keys(cursor: str) -> int:
    """How many keys a cursor the API gave out holds."""
    return len(json.loads(base64.urlsafe_b64decode(cursor.encode())))


class _Omit:
    """An argument left out of the query."""


_OMIT: Any = _Omit()


@dataclass(frozen=True)
class _BadVariable:
    """A value the argument's scalar refuses: only ever sent as a variable, since as a
    literal it would be a validation error, which both paths share."""

    value: Any


def _literal(value: Any, kind: GraphQLType) -> str:
    named = get_named_type(kind)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        item = inner.of_type if isinstance(inner, GraphQLList) else inner
        return "[" + ", ".join(_literal(v, item) for v in value) + "]"
    if isinstance(value, dict):
        assert isinstance(named, GraphQLInputObjectType)
        return (
            "{"
            + ", ".join(f"{k}: {_literal(v, named.fields[k].type)}" for k, v in value.items())
            + "}"
        )
    if isinstance(named, GraphQLEnumType):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
