"""Session fixtures: one real Neo4j for the whole run, a clean graph per module."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import ExitStack

import neo4j
import pytest
from starlette.testclient import TestClient

from seeds import loader
from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.neo4j_server import Server, any_server, docker_engine, share_among_workers

# Markers of tests that need a database, a browser or a JVM of their own.
_NOT_UNIT = ("browser", "outage", "own_neo4j")


# The longest file by far (about a third of the suite's time). Run first, under
# pytest-xdist's `--dist loadfile --no-loadscope-reorder` (make test) one worker takes it
# from the start while the other works through the rest, instead of it running alone last.
_LONGEST = "test_differential.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs none of the Neo4j fixtures is in the unit tier (`pytest -m unit`)."""
    for item in items:
        needs = getattr(item, "fixturenames", ())
        if "server" not in needs and not any(item.get_closest_marker(m) for m in _NOT_UNIT):
            item.add_marker(pytest.mark.unit)
    items.sort(key=lambda item: item.path.name != _LONGEST)  # stable: the rest keep their order


_RUN = ExitStack()


def pytest_configure(config: pytest.Config) -> None:
    """pytest-xdist's controller (`-n N`) arranges the one launcher its workers share."""
    workers = getattr(config.option, "numprocesses", None)
    if workers and "PYTEST_XDIST_WORKER" not in os.environ:
        _RUN.enter_context(share_among_workers(workers))


def pytest_unconfigure(config: pytest.Config) -> None:
    _RUN.close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    with any_server() as s:
        yield s


def pytest_report_header(config: pytest.Config) -> str:
    return f"neo4j: NEO4J_URI, else testcontainers ({docker_engine() or 'Docker engine answers'}), else the local launcher"


@pytest.fixture(scope="session")
def settings(server: Server) -> Settings:
    # Anonymous reads on, as `make run` has them; the auth tests build their own.
    # Rate limits off: a module sends hundreds of requests from the one TestClient
    # address (tests/abuse_http/ turns them on where they are tested).
    return Settings(
        NEO4J_URI=server.uri,
        NEO4J_USER=server.user,
        NEO4J_PASSWORD=server.password,
        anonymous_read=True,
        rate_limit=False,
    )


@pytest.fixture(scope="session")
def driver(server: Server) -> Iterator[neo4j.Driver]:
    """A plain sync driver for arranging and checking the graph in tests."""
    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as d:
        yield d


def run(driver: neo4j.Driver, query: str, **params: object) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query(query, params, database_="neo4j")  # type: ignore[arg-type]
    return [r.data() for r in records]


def counts(driver: neo4j.Driver) -> tuple[int, int]:
    """Nodes and relationships of the graph, the change log's aside (docs/history.md)."""
    (row,) = run(
        driver,
        "RETURN COUNT { (n) } - COUNT { (:Change) } - COUNT { (:Revision) } "
        "- COUNT { (:ChangeCounter) } AS nodes, "
        "COUNT { ()-[r]->() } - COUNT { ()-[:TOUCHED]->() } AS rels",
    )
    return int(row["nodes"]), int(row["rels"])  # type: ignore[call-overload]


def wipe(driver: neo4j.Driver) -> None:
    # CALL {} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    with driver.session(database="neo4j") as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture(scope="module")
def empty_graph(driver: neo4j.Driver) -> neo4j.Driver:
    wipe(driver)
    return driver


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The real seed graph, loaded fresh for the module."""
    return load_seed(driver, settings)


def load_seed(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """Load the seed graph, unless it is there already and nothing has committed since.

    Neo4j's bookmark names its last committed transaction: if it is the one seen right
    after the last load, no test has changed the graph, and loading it again is waste.
    """
    if _SEEDED.get("at") != _last_commit(driver):
        wipe(driver)
        asyncio.run(loader.load_files(settings, loader.default_files()))
        _SEEDED["at"] = _last_commit(driver)
    return driver


_SEEDED: dict[str, frozenset[str]] = {}


def _last_commit(driver: neo4j.Driver) -> frozenset[str]:
    with driver.session(database="neo4j") as session:
        session.run("RETURN 1").consume()
        return frozenset(session.last_bookmarks().raw_values)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c
