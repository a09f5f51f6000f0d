"""The HTTP protocol with the real clients: Apollo Client's HttpLink and urql's fetchExchange
read the multipart stream (tests/clients/subscribe.mjs, whose Apollo part docs/history.md shows)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import neo4j

from talentgraph.settings import ROOT
from tests.conftest import run
from tests.subscriptions.support import READ_KEY, write

CLIENTS = ROOT / "tests" / "clients"

HISTORY_DOC = ROOT / "docs" / "history.md"


def test_apollo_client_and_urql_resume_from_a_cursor_over_multipart_http(
    graph: neo4j.Driver, writer_url: str, reader_url: str
) -> None:
    assert shutil.which("node"), "Node.js 20+ is needed for the client tests"
    assert (CLIENTS / "node_modules" / ".package-lock.json").is_file(), "run `make clients`"
    (row,) = run(graph, "MATCH (c:ChangeCounter) RETURN c.seq AS seq")
    cursor = int(row["seq"])  # type: ignore[call-overload]
    write(writer_url, "Sub Person (clients)")
    out = subprocess.run(
        ["node", "subscribe.mjs", f"{reader_url}/graphql", READ_KEY, str(cursor)],
        cwd=CLIENTS, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 0, (out.stdout, out.stderr)
    found = json.loads(out.stdout)
    for client in ("apollo", "urql"):
        assert found[client]["seq"] == cursor + 1, found
        assert found[client]["operation"] == "upsertPerson", found


def test_the_apollo_example_in_the_docs_is_the_one_tested() -> None:
    script = (CLIENTS / "subscribe.mjs").read_text()
    block = re.search(r"// docs:start[^\n]*\n(.*?)\n\s*// docs:end", script, re.S)
    assert block is not None
    lines = [line.strip() for line in block.group(1).splitlines()]
    doc = [line.strip() for line in HISTORY_DOC.read_text().splitlines()]
    text = "\n".join(doc)
    assert "\n".join(lines) in text
