"""What every limit shares: one walk per fragment, and the error a refusal carries."""

from __future__ import annotations

from typing import Generic, TypeVar

from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, Node

from talentgraph.errors import Code

T = TypeVar("T")


class PerFragment(Generic[T]):
    """A walk that computes each fragment's value once, however often it is spread.

    A subclass says what one fragment is worth (`walk`) and what an unknown or
    cyclic fragment counts for (`none`); graphql-core's own rules report those.
    """

    def __init__(self, document: DocumentNode, none: T):
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.none = none
        self.done: dict[str, T] = {}
        self.started: set[str] = set()

    def fragment(self, name: str) -> T:
        if name in self.done:
            return self.done[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.started:
            return self.none
        self.started.add(name)
        self.done[name] = value = self.walk(fragment)
        return value

    def walk(self, fragment: FragmentDefinitionNode) -> T:
        raise NotImplementedError


def refusal(message: str, node: Node | None = None, field: str | None = None) -> GraphQLError:
    """A request refused for its size: the client's to fix, so BAD_USER_INPUT."""
    extensions = {"code": str(Code.BAD_USER_INPUT)}
    if field is not None:
        extensions["field"] = field
    return GraphQLError(message, node, extensions=extensions)
