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

import random
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_composite_type,
    is_leaf_type,
)

from tests.querygen_scopes import Fragment, Scope, Variable, is_list, overlaps
from tests.querygen_values import (
    COMPILED_ONLY,
    ROOT_KINDS,
    ArgumentValues,
    Universe,
)

# Query's read root fields; `cypher` needs its own scope and is not a graph read.
ROOT_FIELDS = (
    "node", "person", "company", "model", "university", "people", "companies", "universities",
    "models", "products", "rounds", "sources", "search", "stats", "portfolioAlumniHires",
    "talentFlows", "departures", "coInvestors", "portfolio", "connections",
)  # fmt: skip
MAX_DEPTH = 4  # composite fields nest at most this deep (root fields are at 1)


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


# --- One operation ------------------------------------------------------------------------


class _Operation(ArgumentValues):
    def __init__(self, schema: GraphQLSchema, universe: Universe, rng: random.Random, number: int):
        self.schema = schema
        self.u = universe
        self.rng = rng
        self.number = number
        self.variables: list[Variable] = []
        self.values: dict[str, Any] = {}
        self.fragments: list[Fragment] = []
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
        root = Scope()
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
        self, parent: GraphQLNamedType, scope: Scope, level: int, in_list: bool, guarded: bool
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

    def _typename(self, scope: Scope) -> str | None:
        alias = self._alias("typename") if self.rng.random() < 0.3 else None
        if scope.bind(alias or "__typename", ("__typename", "", "String!")) is None:
            return None
        return f"{alias}: __typename" if alias else "__typename"

    def _any_field(
        self, parent: GraphQLNamedType, scope: Scope, level: int, in_list: bool, guarded: bool
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
        scope: Scope,
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
            below = in_list or is_list(definition.type)
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
        self, parent: GraphQLNamedType, scope: Scope, level: int, in_list: bool
    ) -> str:
        condition = self._condition(parent)
        head = "..." + (f" on {condition.name}" if condition is not None else "")
        directive = self._directive(always=condition is None)
        # Inside a fragment a mistake may never run: its type may not apply, or it be skipped.
        body = self._selection_set(condition or parent, scope, level, in_list, guarded=True)
        return f"{head}{directive} {{ {body} }}"

    def _condition(self, parent: GraphQLNamedType) -> GraphQLNamedType | None:
        """A type condition that overlaps `parent`: itself, one of its interfaces, one of its
        implementations, or none at all. Under `Employment.employer` (an `Employer`) that
        is `Employer`, `Entity`, `Company` or `University`; never `Person`, which could not
        be there and which validation refuses."""
        options: list[GraphQLNamedType | None] = [None, parent]
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            options += parent.interfaces
        if isinstance(parent, GraphQLInterfaceType):
            options += self.schema.get_possible_types(parent)
        return self.rng.choice(options)

    def _spread(
        self, parent: GraphQLNamedType, scope: Scope, level: int, in_list: bool
    ) -> str | None:
        usable = [
            f
            for f in self.fragments
            if overlaps(self.schema, f.condition, parent)
            and level + f.height - 1 <= MAX_DEPTH
            and scope.accepts(f.scope)
        ]
        if usable and self.rng.random() < 0.5:
            fragment = self.rng.choice(usable)
            if fragment.height:
                self.deepest = max(self.deepest, level + fragment.height - 1)
        elif len(self.fragments) < 3 and self.budget > 0:
            condition = self._condition(parent) or parent
            own = Scope(shadow=scope)
            outer, self.deepest = self.deepest, level - 1
            text = self._selection_set(condition, own, level, in_list, guarded=True)
            height, self.deepest = self.deepest - (level - 1), max(outer, self.deepest)
            # Appended after the fragments its body spreads: none refers to a later one.
            fragment = Fragment(f"F{len(self.fragments)}", condition, text, own, height)
            self.fragments.append(fragment)
        else:
            return None
        scope.absorb(fragment.scope)
        return f"...{fragment.name}" + self._directive()

    # Directives -------------------------------------------------------------

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
