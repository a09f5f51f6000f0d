"""Every example in docs/queries.md gives the answer shown there, on the seed graph.

Each example is a ```graphql block followed by a ```json block holding the exact
response body; the test runs the query through the app and compares the parsed JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import ROOT, Settings
from tests.conftest import run

DOC = ROOT / "docs" / "queries.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)


def examples() -> list[tuple[str, str, Any]]:
    """(name, query, answer) per example, in the order of the document."""
    text = DOC.read_text(encoding="utf-8")
    blocks = list(_BLOCK.finditer(text))
    found = []
    for index, block in enumerate(blocks):
        if block.group(1) != "graphql":
            continue
        answer = blocks[index + 1] if index + 1 < len(blocks) else None
        line = text.count("\n", 0, block.start()) + 1
        where = f"{DOC.name}:{line}"
        assert answer is not None, f"{where}: a graphql block must be followed by its json answer"
        assert answer.group(1) == "json", f"{where}: a graphql block's answer must be json"
        between = text[block.end() : answer.start()]
        assert not between.strip(), f"{where}: text between a query and its answer"
        headings = _HEADING.findall(text, 0, block.start())
        name = f"line {line}: {headings[-1] if headings else 'top'}"
        found.append((name, block.group(2), json.loads(answer.group(2))))
    return found


EXAMPLES = examples()


@pytest.fixture(scope="module")
def client(settings: Settings, seeded: neo4j.Driver) -> Iterator[TestClient]:
    run(seeded, "CALL db.awaitIndexes(60)")
    # Reads need no API key here: the examples are about answers, not about auth.
    with TestClient(create_app(settings.model_copy(update={"anonymous_read": True}))) as c:
        yield c


def test_the_users_example_comes_first() -> None:
    name, query, _ = EXAMPLES[0]
    assert 'portfolioAlumniHires(investor: "alibaba-group")' in query, name


def test_the_document_covers_the_questions_users_ask() -> None:
    queries = "\n".join(query for _, query, _ in EXAMPLES)
    for field in (
        "portfolioAlumniHires",
        "talentFlows",
        "departures",
        "coInvestors",
        "portfolio(",
        "connections",
        "search",
        "person(",
        "units",
        "versions",
        "asOf",
    ):
        assert field in queries, f"no example uses {field}"


@pytest.mark.parametrize(
    ("query", "answer"), [pytest.param(q, a, id=name) for name, q, a in EXAMPLES]
)
def test_example_gives_the_answer_shown(client: TestClient, query: str, answer: Any) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.json() == answer
