"""The hardening tests' fixtures: settings with the cypher key, and the app over the seed graph."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.settings import Settings
from tests.conftest import load_seed
from tests.hardening.support import KEY_ENTRY, app_with


@pytest.fixture(scope="package")
def seeded(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The seed graph, loaded once for every hardening module: none of them changes it."""
    return load_seed(driver, settings)


@pytest.fixture(scope="module")
def base_settings(settings: Settings) -> Settings:
    # One key with the cypher scope, so hostile text reaches the Cypher guard too.
    return settings.model_copy(update={"api_keys": [KEY_ENTRY]})


@pytest.fixture(scope="module")
def api(seeded: neo4j.Driver, base_settings: Settings) -> Iterator[TestClient]:
    """The app over the seed graph; a 500 comes back as a response, not an exception."""
    with app_with(base_settings) as c:
        yield c
