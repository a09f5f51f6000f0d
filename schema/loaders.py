"""Per-request DataLoaders: every parent of one level shares one statement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from strawberry.dataloader import DataLoader

from talentgraph.context import Context


def loader(
    context: Context, key: Hashable, batch: Callable[[list[str]], Awaitable[list[Any]]]
) -> DataLoader[str, Any]:
    """The request's loader for `key`, made on first use."""
    found = context.loaders.get(key)
    if found is None:
        found = context.loaders[key] = DataLoader(load_fn=batch)
    return found
