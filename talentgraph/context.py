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
    # The process's change feed (talentgraph/changefeed.py, a layer above this one),
    # which subscriptions read; None outside a served app.
    feed: Any = None
    # A WebSocket's connection_init payload (Strawberry sets it; its `Authorization`
    # stands for the header browsers cannot send on a WebSocket).
    connection_params: dict[str, Any] | None = None
    # Where the request came from: anonymous subscribers are counted per address.
    client_address: str | None = None

    def require(self, scope: Scope) -> Principal:
        if self.auth_error is not None:
            raise self.auth_error
        return require(self.principal, scope)

    def require_principal(self) -> Principal | None:
        """Who is asking, for checks made further in (the Cypher guard checks its own scope)."""
        if self.auth_error is not None:
            raise self.auth_error
        return self.principal
