"""The change-log tests' fixtures: the mutation tests' small graph and a writer's app."""

from __future__ import annotations

from tests.graphql import graph_fixture
from tests.mutations.conftest import GRAPH, app_settings, client

graph = graph_fixture(GRAPH)

__all__ = ["app_settings", "client", "graph"]
