"""What every resolver gets in `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talentgraph.db import Graph
from talentgraph.settings import Settings


@dataclass
class Context:
    graph: Graph
    settings: Settings
    # Per-request DataLoaders, created on first use (resolvers/loaders.py).
    loaders: dict[Any, Any] = field(default_factory=dict)
