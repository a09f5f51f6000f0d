"""relay-compiler accepts the schema, and Relay's generated queries run against it.

tests/relay is a small Relay project (relay-compiler and relay-runtime, pinned by its
lock file; `make relay`, which `make test` runs, installs it) with `@refetchable`,
`@connection` (forwards on a relationship, backwards on a root list) and
`@argumentDefinitions`. The test compiles it against schema/schema.graphql, which
relay-compiler refuses without `Node`, `node(id:)` and connections it can page, then
runs its refetch queries through relay-runtime against a live server: the person
comes back through `node(id:)`, and the second page continues where the first ended.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from talentgraph.app import create_app
from talentgraph.settings import ROOT, Settings
from tests.live_server import serving

RELAY = ROOT / "tests" / "relay"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


def npx(*args: str) -> str:
    done = subprocess.run(
        ["node", *args], cwd=RELAY, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def compiled() -> None:
    if not (RELAY / "node_modules" / ".package-lock.json").is_file():
        pytest.fail("tests/relay is not installed: run `make relay` (make test does)")
    for old in (RELAY / "src" / "__generated__").glob("*.graphql.js"):
        old.unlink()
    out = npx("node_modules/relay-compiler/cli.js")
    assert "Compilation completed" in out or "compiled documents" in out, out


@pytest.fixture(scope="module")
def url(seeded: neo4j.Driver, settings: Settings) -> Iterator[str]:
    with serving(create_app(settings)) as base:
        yield base


def test_relay_compiler_accepts_the_schema(compiled: None) -> None:
    generated = RELAY / "src" / "__generated__"
    text = (generated / "PersonSpellsRefetchQuery.graphql.js").read_text()
    # The refetch query goes through Relay's `node(id:)`, paging with first/after.
    assert "node(id: $id)" in text
    assert "employments(first: $count, after: $cursor, sort: $sort)" in text
    backwards = (generated / "CompaniesListRefetchQuery.graphql.js").read_text()
    assert "companies(last: $last, before: $before)" in backwards


def test_the_generated_queries_run_against_the_server(compiled: None, url: str) -> None:
    out = json.loads(npx("run.mjs", f"{url}/graphql"))
    answers: list[dict[str, Any]] = out["answers"]
    assert all("errors" not in a["body"] for a in answers), answers
    first, second, last, earlier = (a["body"]["data"] for a in answers)
    assert first["node"]["id"] == "zhou-chang"
    assert first["node"]["name"] == "Zhou Chang"
    spells = first["node"]["employments"]
    assert spells["pageInfo"]["hasNextPage"] is True
    assert len(spells["edges"]) == 2
    more = second["node"]["employments"]
    ids = [e["node"]["id"] for e in [*spells["edges"], *more["edges"]]]
    assert len(ids) == len(set(ids)) == spells["totalCount"]
    # Backwards: the last three companies by name, then the three before them.
    tail, head = last["companies"], earlier["companies"]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    assert len(tail["edges"]) == 3
    names = [e["node"]["name"] for e in [*head["edges"], *tail["edges"]]]
    assert names == sorted(names)
    assert len(names) == 6
    assert out["typename"] == "Person"
