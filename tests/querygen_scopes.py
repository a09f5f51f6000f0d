"""Response-key scopes for tests/querygen.py: what makes every generated selection mergeable.

Every response key of a selection set is bound to one field signature (name,
arguments, type) and one child scope, shared by every fragment that reaches that
set, so fields always merge (graphql-core's OverlappingFieldsCanBeMerged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    GraphQLType,
)


@dataclass
class Entry:
    signature: tuple[str, str, str]  # field name, arguments as written, its type
    child: Scope


@dataclass
class Scope:
    """The response keys of one selection set (and of every fragment merged into it).

    `shadow` is the scope a fragment body is being generated for: its keys constrain
    the body, while `entries` records only the body's own, for later reuse elsewhere.
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    shadow: Scope | None = None

    def find(self, key: str) -> Entry | None:
        found = self.entries.get(key)
        if found is None and self.shadow is not None:
            return self.shadow.find(key)
        return found

    def bind(self, key: str, signature: tuple[str, str, str]) -> Scope | None:
        """The child scope for `key` with this signature, or None if the key means another field."""
        mine = self.entries.get(key)
        if mine is not None:
            return mine.child if mine.signature == signature else None
        outer = self.shadow.find(key) if self.shadow is not None else None
        if outer is not None and outer.signature != signature:
            return None
        child = Scope(shadow=outer.child if outer is not None else None)
        self.entries[key] = Entry(signature, child)
        return child

    def accepts(self, other: Scope) -> bool:
        """Whether `other`'s keys agree with this scope's, all the way down."""
        for key, theirs in other.entries.items():
            mine = self.find(key)
            if mine is None:
                continue
            if mine.signature != theirs.signature or not mine.child.accepts(theirs.child):
                return False
        return True

    def absorb(self, other: Scope) -> None:
        """Record `other`'s keys here too (copied: scopes never share entries, so no cycles)."""
        for key, theirs in other.entries.items():
            child = self.bind(key, theirs.signature)
            assert child is not None, f"absorbed a conflicting key {key!r}: check accepts() first"
            child.absorb(theirs.child)


@dataclass
class Fragment:
    name: str
    condition: GraphQLNamedType
    text: str
    scope: Scope
    height: int  # composite levels inside the body (0: leaves only)


@dataclass
class Variable:
    name: str
    type: str
    default: str | None


def is_list(kind: GraphQLType) -> bool:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def overlaps(schema: GraphQLSchema, condition: GraphQLNamedType, parent: GraphQLNamedType) -> bool:
    def possible(t: GraphQLNamedType) -> set[str]:
        if isinstance(t, GraphQLInterfaceType):
            return {o.name for o in schema.get_possible_types(t)}
        return {t.name}

    return bool(possible(condition) & possible(parent))
