"""A statement past Neo4j's transaction memory answers BAD_USER_INPUT with `rule: memory`
on the compiled read path too (talentgraph/db.py), never INTERNAL."""

from __future__ import annotations

import asyncio

import pytest

from talentgraph.db import Graph
from talentgraph.errors import Code, Refused
from talentgraph.settings import Settings

# Sixty rows that each carry a list of 100,000 strings, sorted with a LIMIT: Neo4j 5.26
# charges the list to every kept row (compiler/traversals.py), past the test server's
# 512 MB of transaction memory.
HEAVY = """UNWIND range(1, 100000) AS i WITH collect(toString(i) + $pad) AS l
UNWIND range(1, 60) AS j WITH l, j ORDER BY j LIMIT 50 RETURN count(*) AS n"""


def test_a_compiled_read_past_the_memory_limit_names_the_rule(settings: Settings) -> None:
    async def attempt() -> None:
        graph = Graph(settings)
        try:
            await graph.read_compiled(HEAVY, {"pad": "x" * 70})
        finally:
            await graph.close()

    with pytest.raises(Refused) as refused:
        asyncio.run(attempt())
    assert refused.value.code == Code.BAD_USER_INPUT
    assert refused.value.details["rule"] == "memory"
