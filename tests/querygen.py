"""Random GraphQL read operations, generated from the schema, for the differential tests.

`generate(schema, universe, seed, count)` gives `count` valid query operations over
Query's read root fields (never `cypher`, never mutations): random selections to a
depth of 4 (as Strawberry's depth limiter counts it: composite fields nest at most 4
deep), arguments drawn from values that exist in a graph (`Universe`) and some that do
not, aliases (the same field twice with different arguments under different names),
named and inline fragments on interfaces and concrete types, `__typename`,
`@include`/`@skip` with literal and variable conditions, and variables with and
without defaults. Query `i` of a seed depends only on (seed, i), so a failing query is
reproduced by its number alone.

Validity is built in, not filtered for: every response key of a selection set is
bound to one field signature (name, arguments, type) and one child scope, shared by
every fragment that reaches that set, so fields always merge (the rule graphql-core
checks as OverlappingFieldsCanBeMerged); named fragments are spread only where their
keys agree with the keys already there, and only fragments defined earlier are used
inside a fragment, so there are no cycles.

Some arguments are wrong on purpose (an unknown id, an id of another kind, a bad
cursor, `first: -1`, a malformed date passed as a variable...): at most one per query,
never below a list (the response holds exactly one error, wherever the executor happens
to finish first), and never inside a fragment or under `@include`/`@skip` (where it
might not run at all), so that every such query must answer with an error.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    Undefined,
    get_named_type,
    is_composite_type,
    is_leaf_type,
)

from seeds.model import SeedGraph

# Generated filters, sorts and aggregates exist only on the compiled path (the reference
# executor refuses them), so they have tests of their own (tests/test_filters.py).
COMPILED_ONLY = frozenset({"where", "orderBy", "aggregate"})
# Query's read root fields; `cypher` needs its own scope and is not a graph read.
ROOT_FIELDS = (
    "node", "person", "company", "model", "university", "people", "companies", "universities",
    "models", "products", "rounds", "sources", "search", "stats", "portfolioAlumniHires",
    "talentFlows", "departures", "coInvestors", "portfolio", "connections",
)  # fmt: skip
MAX_DEPTH = 4  # composite fields nest at most this deep (root fields are at 1)
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

    @classmethod
    def of(
        cls, graph: SeedGraph, cursors: Iterable[str], merges: Iterable[tuple[str, str]] = ()
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
        )

    def all_ids(self) -> tuple[str, ...]:
        return tuple(i for label in self.ids for i in self.ids[label])


@dataclass(frozen=True)
class GeneratedQuery:
    number: int
    query: str
    variables: dict[str, Any]
    operation_name: str | None
    planted: str | None  # the deliberate mistake, if any: the response must hold an error

    def body(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"query": self.query, "variables": self.variables}
        if self.operation_name is not None:
            payload["operationName"] = self.operation_name
        return payload


def generate(
    schema: GraphQLSchema, universe: Universe, seed: int, count: int
) -> list[GeneratedQuery]:
    return [
        _Operation(schema, universe, random.Random(f"{seed}:{i}"), i).build() for i in range(count)
    ]


# --- Response-key scopes: what makes every generated selection mergeable -------------------


@dataclass
class _Entry:
    signature: tuple[str, str, str]  # field name, arguments as written, its type
    child: _Scope


@dataclass
class _Scope:
    """The response keys of one selection set (and of every fragment merged into it).

    `shadow` is the scope a fragment body is being generated for: its keys constrain
    the body, while `entries` records only the body's own, for later reuse elsewhere.
    """

    entries: dict[str, _Entry] = field(default_factory=dict)
    shadow: _Scope | None = None

    def find(self, key: str) -> _Entry | None:
        found = self.entries.get(key)
        if found is None and self.shadow is not None:
            return self.shadow.find(key)
        return found

    def bind(self, key: str, signature: tuple[str, str, str]) -> _Scope | None:
        """The child scope for `key` with this signature, or None if the key means another field."""
        mine = self.entries.get(key)
        if mine is not None:
            return mine.child if mine.signature == signature else None
        outer = self.shadow.find(key) if self.shadow is not None else None
        if outer is not None and outer.signature != signature:
            return None
        child = _Scope(shadow=outer.child if outer is not None else None)
        self.entries[key] = _Entry(signature, child)
        return child

    def accepts(self, other: _Scope) -> bool:
        """Whether `other`'s keys agree with this scope's, all the way down."""
        for key, theirs in other.entries.items():
            mine = self.find(key)
            if mine is None:
                continue
            if mine.signature != theirs.signature or not mine.child.accepts(theirs.child):
                return False
        return True

    def absorb(self, other: _Scope) -> None:
        """Record `other`'s keys here too (copied: scopes never share entries, so no cycles)."""
        for key, theirs in other.entries.items():
            child = self.bind(key, theirs.signature)
            assert child is not None, f"absorbed a conflicting key {key!r}: check accepts() first"
            child.absorb(theirs.child)


@dataclass
class _Fragment:
    name: str
    condition: GraphQLNamedType
    text: str
    scope: _Scope
    height: int  # composite levels inside the body (0: leaves only)


@dataclass
class _Variable:
    name: str
    type: str
    default: str | None


# --- One operation ------------------------------------------------------------------------


class _Operation:
    def __init__(self, schema: GraphQLSchema, universe: Universe, rng: random.Random, number: int):
        self.schema = schema
        self.u = universe
        self.rng = rng
        self.number = number
        self.variables: list[_Variable] = []
        self.values: dict[str, Any] = {}
        self.fragments: list[_Fragment] = []
        self.planted: str | None = None
        # About one query in six carries one deliberate mistake.
        self.may_plant = rng.random() < 0.17
        self.aliases = 0
        self.deepest = 0  # the deepest composite level reached so far
        # Fields left to spend: small queries keep the suite fast (validation, whose cost
        # grows faster than the query, is most of the time a query takes here).
        self.budget = rng.randint(4, 30)

    # The document -------------------------------------------------------------------------

    def build(self) -> GeneratedQuery:
        query = self.schema.query_type
        assert query is not None
        root = _Scope()
        # Lookups of a kind the graph lacks could only fail: they are left out.
        names = [
            name
            for name in ROOT_FIELDS
            if name in query.fields and (name not in ROOT_KINDS or self.u.ids.get(ROOT_KINDS[name]))
        ]
        selections: list[str] = []
        for _ in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            name = self.rng.choice(names)
            text = self._field(query, name, root, level=1, in_list=False, guarded=False)
            if text:
                selections.append(text)
        if not selections:
            selections.append("__typename")
        named = self.rng.random() < 0.5 or bool(self.variables)
        operation_name = f"Q{self.number}" if named else None
        header = ""
        if named:
            definitions = ", ".join(
                f"${v.name}: {v.type}" + (f" = {v.default}" if v.default is not None else "")
                for v in self.variables
            )
            header = f"query {operation_name}" + (f"({definitions})" if definitions else "") + " "
        text = header + "{ " + " ".join(selections) + " }"
        for fragment in self.fragments:
            text += f"\nfragment {fragment.name} on {fragment.condition.name} {{ {fragment.text} }}"
        # Sometimes the request names its operation, although the document has only one.
        chosen = operation_name if named and self.rng.random() < 0.5 else None
        return GeneratedQuery(self.number, text, dict(self.values), chosen, self.planted)

    # Selection sets -----------------------------------------------------------------------

    def _selection_set(
        self, parent: GraphQLNamedType, scope: _Scope, level: int, in_list: bool, guarded: bool
    ) -> str:
        """The selections of one set, whose fields sit at `level` (root fields are at 1)."""
        parts: list[str] = []
        for _ in range(self.rng.choice((1, 1, 2, 2, 3)) if self.budget > 0 else 1):
            roll = self.rng.random()
            part: str | None
            if roll < 0.07:
                part = self._typename(scope)
            elif roll < 0.16:
                part = self._inline_fragment(parent, scope, level, in_list)
            elif roll < 0.24:
                part = self._spread(parent, scope, level, in_list)
            else:
                part = self._any_field(parent, scope, level, in_list, guarded)
            if part:
                parts.append(part)
        if not parts:
            parts.append(self._typename(scope) or "__typename")
        return " ".join(parts)

    def _typename(self, scope: _Scope) -> str | None:
        alias = self._alias("typename") if self.rng.random() < 0.3 else None
        if scope.bind(alias or "__typename", ("__typename", "", "String!")) is None:
            return None
        return f"{alias}: __typename" if alias else "__typename"

    def _any_field(
        self, parent: GraphQLNamedType, scope: _Scope, level: int, in_list: bool, guarded: bool
    ) -> str | None:
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        names = [
            name
            for name, definition in parent.fields.items()
            if (level <= MAX_DEPTH or is_leaf_type(get_named_type(definition.type)))
            and name not in COMPILED_ONLY
        ]
        # Favour composite fields near the top, so that queries often reach depth 4.
        composite = [n for n in names if is_composite_type(get_named_type(parent.fields[n].type))]
        leaves = [n for n in names if n not in composite]
        if self.budget <= 0:
            if not leaves:
                return self._typename(scope)
            names = leaves
        elif composite and level <= 2 and self.rng.random() < 0.5:
            names = composite
        name = self.rng.choice(names)
        text = self._field(parent, name, scope, level, in_list, guarded)
        # Now and then the same field again, with other arguments, under another name.
        if text and parent.fields[name].args and self.rng.random() < 0.12:
            again = self._field(parent, name, scope, level, in_list, guarded, force_alias=True)
            if again:
                text += " " + again
        return text

    def _field(
        self,
        parent: GraphQLObjectType | GraphQLInterfaceType,
        name: str,
        scope: _Scope,
        level: int,
        in_list: bool,
        guarded: bool,
        *,
        force_alias: bool = False,
    ) -> str | None:
        """One field and its selections, or None (and nothing spent) when its key is taken."""
        definition = parent.fields[name]
        self.budget -= 1
        saved = (len(self.variables), dict(self.values), self.planted, self.aliases)
        directive = self._directive()
        can_plant = (
            self.may_plant
            and self.planted is None
            and not in_list
            and not guarded
            and not directive
        )
        arguments = self._arguments(parent.name, name, definition, can_plant)
        signature = (name, arguments, str(definition.type))
        alias = self._alias(name) if force_alias or self.rng.random() < 0.15 else None
        child = scope.bind(alias or name, signature)
        if child is None and not force_alias:
            alias = self._alias(name)
            child = scope.bind(alias, signature) if alias else None
        if child is None:
            count, self.values, self.planted, self.aliases = saved
            del self.variables[count:]
            return None
        text = f"{alias}: {name}" if alias else name
        text += f"({arguments})" if arguments else ""
        text += directive
        target = get_named_type(definition.type)
        if is_composite_type(target):
            self.deepest = max(self.deepest, level)
            below = in_list or _is_list(definition.type)
            below_guarded = guarded or bool(directive)
            text += (
                " { " + self._selection_set(target, child, level + 1, below, below_guarded) + " }"
            )
        return text

    def _alias(self, name: str) -> str | None:
        if self.aliases >= 8:
            return None
        self.aliases += 1
        return f"{name.strip('_')}{self.rng.randrange(100)}"

    def _inline_fragment(
        self, parent: GraphQLNamedType, scope: _Scope, level: int, in_list: bool
    ) -> str:
        condition = self._condition(parent)
        head = "..." + (f" on {condition.name}" if condition is not None else "")
        directive = self._directive(always=condition is None)
        # Inside a fragment a mistake may never run: its type may not apply, or it be skipped.
        body = self._selection_set(condition or parent, scope, level, in_list, guarded=True)
        return f"{head}{directive} {{ {body} }}"

    def _condition(self, parent: GraphQLNamedType) -> GraphQLNamedType | None:
        """A type condition that overlaps `parent`: itself, one of its interfaces, one of its
        implementations, or none at all."""
        options: list[GraphQLNamedType | None] = [None, parent]
        if isinstance(parent, GraphQLObjectType):
            options += parent.interfaces
        elif isinstance(parent, GraphQLInterfaceType):
            options += self.schema.get_possible_types(parent)
        return self.rng.choice(options)

    def _spread(
        self, parent: GraphQLNamedType, scope: _Scope, level: int, in_list: bool
    ) -> str | None:
        usable = [
            f
            for f in self.fragments
            if _overlaps(self.schema, f.condition, parent)
            and level + f.height - 1 <= MAX_DEPTH
            and scope.accepts(f.scope)
        ]
        if usable and self.rng.random() < 0.5:
            fragment = self.rng.choice(usable)
            if fragment.height:
                self.deepest = max(self.deepest, level + fragment.height - 1)
        elif len(self.fragments) < 3 and self.budget > 0:
            condition = self._condition(parent) or parent
            own = _Scope(shadow=scope)
            outer, self.deepest = self.deepest, level - 1
            text = self._selection_set(condition, own, level, in_list, guarded=True)
            height, self.deepest = self.deepest - (level - 1), max(outer, self.deepest)
            # Appended after the fragments its body spreads: none refers to a later one.
            fragment = _Fragment(f"F{len(self.fragments)}", condition, text, own, height)
            self.fragments.append(fragment)
        else:
            return None
        scope.absorb(fragment.scope)
        return f"...{fragment.name}" + self._directive()

    # Directives and variables -------------------------------------------------------------

    def _directive(self, *, always: bool = False) -> str:
        if not always and self.rng.random() > 0.1:
            return ""
        which = self.rng.choice(("include", "skip"))
        shape = self.rng.random()
        if shape < 0.5:
            return f" @{which}(if: {self.rng.choice(('true', 'false'))})"
        if shape < 0.8:
            name = self._variable("Boolean!", None)
            self.values[name] = self.rng.choice((True, False))
        else:
            # A nullable variable with a default, left out of the request: the default applies.
            name = self._variable("Boolean", self.rng.choice(("true", "false")))
        return f" @{which}(if: ${name})"

    def _variable(self, type_: str, default: str | None) -> str:
        name = f"v{len(self.variables)}"
        self.variables.append(_Variable(name, type_, default))
        return name

    # Arguments ----------------------------------------------------------------------------

    def _arguments(
        self, parent: str, field_name: str, definition: GraphQLField, can_plant: bool
    ) -> str:
        parts = []
        chosen: dict[str, Any] = {}
        # The one argument that gets the mistake, if this field takes it.
        target = self.rng.randrange(len(definition.args)) if can_plant and definition.args else -1
        for index, (name, argument) in enumerate(definition.args.items()):
            if name in COMPILED_ONLY:
                continue
            before = self.planted
            value = self._argument(parent, field_name, name, argument, index == target, chosen)
            if value is _OMIT:
                continue
            chosen[name] = value
            planted_here = before is None and self.planted is not None
            parts.append(f"{name}: {self._pass(argument, value, planted_here)}")
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
        if name == "first":
            if plant:
                self.planted = "a negative `first`"
                return -1
            return rng.choice((0, 1, 1, 2, 2, 3, 5) if parent == "Query" else (0, 1, 1, 2, 3))
        if name == "after":
            if plant:
                self.planted = "a cursor the API never gave out"
                return "bm90LWEtY3Vyc29y"
            return rng.choice(u.cursors) if u.cursors else _OMIT
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


class _Omit:
    """An argument left out of the query."""


_OMIT: Any = _Omit()


@dataclass(frozen=True)
class _BadVariable:
    """A value the argument's scalar refuses: only ever sent as a variable, since as a
    literal it would be a validation error, which both paths share."""

    value: Any


def _is_list(kind: GraphQLType) -> bool:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def _overlaps(schema: GraphQLSchema, condition: GraphQLNamedType, parent: GraphQLNamedType) -> bool:
    def possible(t: GraphQLNamedType) -> set[str]:
        if isinstance(t, GraphQLInterfaceType):
            return {o.name for o in schema.get_possible_types(t)}
        return {t.name}

    return bool(possible(condition) & possible(parent))


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
