"""The bench's Neo4j: NEO4J_URI when set (emptied by each load, so a graph holding real
entities is refused unless TALENTGRAPH_BENCH_RESET=1), else the local launcher in a
folder of its own (.neo4j/bench, port 17887), on a fresh store each time.

Shared by `make bench` (bench/run.py) and the measurements run alone
(bench/import_speed.py, bench/search_speed.py, bench/request_cost.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bench import server
from talentgraph.db import Graph
from talentgraph.local_neo4j import LocalNeo4j
from talentgraph.settings import ROOT, Settings

RESET_ENV = "TALENTGRAPH_BENCH_RESET"
# A long transaction timeout: emptying a million relationships between sizes
# (seeds.loader.empty, CALL {} IN TRANSACTIONS) runs past the default 30 s. And 1 GB
# of transaction memory: the import case writes 100,000 facts in one transaction,
# about 4-5 KB of transaction state each, at the launcher's default cap of 512 MB.
LOCAL = LocalNeo4j(
    home=ROOT / ".neo4j" / "bench",
    port=17887,
    heap="4g",
    pagecache="2g",
    tx_timeout="600s",
    tx_memory="1g",
)


@contextmanager
def neo4j_for(people: int) -> Iterator[Settings]:
    """A Neo4j to load `people` into: NEO4J_URI if set (emptied by the load), else the
    bench's own local Neo4j on a fresh store, stopped again at the end of the block.

    A fresh store, because an emptied one still scans as big as it was: the
    loader's first relationship batch after a reset is planned as an
    all-relationships scan (see docs/benchmarks.md), which on the store a
    million relationships leave behind runs at tens of rows a second.
    """
    if uri := os.environ.get("NEO4J_URI"):
        user = os.environ.get("NEO4J_USER", "neo4j")
        yield server.settings_for(uri, user, os.environ.get("NEO4J_PASSWORD", ""))
        return
    LOCAL.stop()  # the bench's own instance, left running by an interrupted run
    shutil.rmtree(LOCAL.data, ignore_errors=True)
    print(f"   a fresh local Neo4j for {people:,} people ({LOCAL.home}) ...", flush=True)
    LOCAL.start()
    try:
        yield server.settings_for(LOCAL.uri, "neo4j", LOCAL.password())
    finally:
        LOCAL.stop()


def where() -> str:
    if uri := os.environ.get("NEO4J_URI"):
        return f"NEO4J_URI ({uri})"
    return (
        f"the local launcher (Neo4j Community embedded), heap {LOCAL.heap}, page cache "
        f"{LOCAL.pagecache}, a fresh store per size"
    )


async def refuse_real_data(settings: Settings) -> None:
    graph = Graph(settings)
    try:
        (row,) = await graph.read("real_entity_count")
    finally:
        await graph.close()
    if row["count"] and os.environ.get(RESET_ENV) != "1":
        sys.exit(
            f"{settings.bolt_uri()} holds {row['count']} real entities and the benchmark empties "
            f"the graph; set {RESET_ENV}=1 to allow that, or unset NEO4J_URI to use its own Neo4j"
        )
