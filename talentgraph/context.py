"""What every resolver gets in `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talentgraph.auth import Principal, Scope, require
from talentgraph.db import Graph
from talentgraph.errors import AppError
from talentgraph.settings import Settings


@dataclass
class Context:
    graph: Graph
    settings: Settings
    principal: Principal | None = None
    # A bad Authorization header, kept to be raised where a scope is checked.
    auth_error: AppError | None = None
    # Per-request DataLoaders, created on first use (schema/loaders.py).
    loaders: dict[Any, Any] = field(default_factory=dict)

    def require(self, scope: Scope) -> Principal:
        if self.auth_error is not None:
            raise self.auth_error
        return require(self.principal, scope)

    def require_principal(self) -> Principal | None:
        """Who is asking, for checks made further in (the Cypher guard checks its own scope)."""
        if self.auth_error is not None:
            raise self.auth_error
        return self.principal
