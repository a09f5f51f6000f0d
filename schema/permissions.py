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


class CanRead(_Needs):
    scope = Scope.READ


class CanWrite(_Needs):
    scope = Scope.WRITE


class CanRunCypher(_Needs):
    scope = Scope.CYPHER
