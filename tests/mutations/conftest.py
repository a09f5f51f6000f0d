"""The mutation tests' fixtures: a small graph through the real loader, and a writer's app."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import SOURCES, graph_fixture
from tests.mutations.support import WRITER, WRITER_HEADERS

GRAPH = (
    SOURCES
    + """
people:
  - {id: ann, name: Ann, nameZh: 安, aliases: [Annie], born: 1985, sources: [src-a]}
  - {id: ben, name: Ben, sources: [src-a]}

companies:
  - {id: acme, name: Acme, kind: BIG_TECH, founded: 2009, sources: [src-a]}
  - {id: acme-cloud, name: Acme Cloud, kind: BUSINESS_UNIT, sources: [src-a]}
  - {id: newco, name: Newco, kind: STARTUP, sources: [src-a]}
  - {id: fund, name: Fund, kind: INVESTOR, sources: [src-a]}

universities:
  - {id: uni, name: Test University, sources: [src-a]}

models:
  - {id: acme-lm, name: Acme LM, sources: [src-a]}

products:
  - {id: acme-app, name: Acme App, sources: [src-a]}

rounds:
  - {id: newco-seed, name: Newco seed, company: newco, investors: [{id: fund}], sources: [src-a]}

facts:
  - {rel: PART_OF, from: acme-cloud, to: acme, sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: acme, role: engineer, start: 2010, sources: [src-a]}
"""
)


graph = graph_fixture(GRAPH)


@pytest.fixture(scope="module")
def app_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_keys": [WRITER], "anonymous_read": True})


@pytest.fixture(scope="module")
def client(app_settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    """The app, with the write key on every request."""
    with TestClient(create_app(app_settings), headers=WRITER_HEADERS) as c:
        yield c
