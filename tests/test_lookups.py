"""Root lookups by id are nullable: one unknown id nulls its own field, never the response."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import post


@pytest.fixture(scope="module")
def client(settings: Settings, seeded: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_four_aliased_lookups_one_unknown_give_three_objects_and_one_null(
    client: TestClient,
) -> None:
    body = post(
        client,
        """{ a: person(id: "zhou-chang") { id name }
             b: company(id: "alibaba-cloud") { id }
             c: person(id: "no-such-person") { id }
             d: model(id: "m6") { id } }""",
    )
    assert body["data"] == {
        "a": {"id": "zhou-chang", "name": "Zhou Chang"},
        "b": {"id": "alibaba-cloud"},
        "c": None,
        "d": {"id": "m6"},
    }
    (error,) = body["errors"]
    assert error["path"] == ["c"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == "no person has the id 'no-such-person'"


@pytest.mark.parametrize(
    ("field", "id", "message"),
    [
        ("node", "nobody-at-all", "no entity or fact has the id 'nobody-at-all'"),
        ("entity", "nobody-at-all", "no entity has the id 'nobody-at-all'"),
        ("company", "zhou-chang", "'zhou-chang' is a person, not a company"),
        ("university", "m6", "'m6' is a model, not a university"),
    ],
)
def test_an_id_of_nothing_or_of_another_kind_nulls_only_its_field(
    client: TestClient, field: str, id: str, message: str
) -> None:
    body = post(client, f'{{ x: {field}(id: "{id}") {{ id }} stats {{ people }} }}')
    assert body["data"]["x"] is None
    assert body["data"]["stats"]["people"] > 0
    assert [(e["path"], e["message"]) for e in body["errors"]] == [(["x"], message)]


SPELL = "WORKED_AT:zhou-chang:alibaba-cloud"


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "reference"])
def test_node_finds_facts_and_nodes_answers_in_order_with_nulls(
    settings: Settings, seeded: neo4j.Driver, compiled: bool
) -> None:
    query = f"""{{
      fact: node(id: "{SPELL}") {{ __typename id ... on Employment {{ person {{ id }} }} }}
      many: nodes(ids: ["no-such-id", "{SPELL}", "alibaba-cloud", "alibaba-cloud"]) {{
        __typename id ... on Fact {{ evidence {{ confidence }} }} }}
    }}"""
    with TestClient(create_app(settings.model_copy(update={"compile_reads": compiled}))) as c:
        body = post(c, query)
    assert "errors" not in body, body
    assert body["data"]["fact"] == {
        "__typename": "Employment",
        "id": SPELL,
        "person": {"id": "zhou-chang"},
    }
    found = body["data"]["many"]
    assert found[0] is None
    assert found[1]["__typename"] == "Employment"
    assert found[1]["evidence"]["confidence"] > 0
    assert found[2] == found[3] == {"__typename": "Company", "id": "alibaba-cloud"}


def test_nodes_takes_at_most_a_page_of_ids(client: TestClient, settings: Settings) -> None:
    ids = ", ".join(f'"id-{i}"' for i in range(settings.max_page_size + 1))
    body = post(client, f"{{ nodes(ids: [{ids}]) {{ id }} }}")
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "ids"}
