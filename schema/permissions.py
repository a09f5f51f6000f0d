"""Scopes on root fields, through Strawberry's permission classes."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from talentgraph.auth import Scope


class _Needs(BasePermission):
    scope: Scope

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # Raises UNAUTHENTICATED or FORBIDDEN with a message that says what to send.
        info.context.require(self.scope)
        return True


def _needs(scope: Scope) -> type[BasePermission]:
    """The permission class for fields that a key with `scope` may run."""
    return type(f"Can{scope.name.title()}", (_Needs,), {"scope": scope})


CanRead = _needs(Scope.READ)
CanWrite = _needs(Scope.WRITE)
CanRunCypher = _needs(Scope.CYPHER)
