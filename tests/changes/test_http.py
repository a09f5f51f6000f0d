"""GET /changes: the feed as JSON lines for scripts, its filters and its auth."""

from __future__ import annotations

import neo4j
import orjson
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.changes.support import last_seq
from tests.graphql import data
from tests.mutations.support import UPSERT_COMPANY, UPSERT_PERSON, WRITER

READ_KEY, READER = new_key("test-reader", [Scope.READ])
_CYPHER, CYPHER_ONLY = new_key("test-cypher", [Scope.CYPHER])


def test_get_changes_as_json_lines_with_filters_and_auth(
    client: TestClient, app_settings: Settings, graph: neo4j.Driver
) -> None:
    start = last_seq(graph)
    data(client, UPSERT_COMPANY, input={"id": "acme", "name": "Acme Co", "kind": "BIG_TECH",
                                        "sources": ["src-a"]})  # fmt: skip
    data(client, UPSERT_PERSON, input={"id": "ben", "note": "over http", "sources": ["src-a"]})
    lines = client.get("/changes", params={"ids": "ben,ann", "after": start})
    assert lines.status_code == 200
    assert lines.headers["content-type"] == "application/jsonl"
    (last,) = [orjson.loads(line) for line in lines.text.splitlines()]
    assert last["operation"] == "upsertPerson"
    assert last["revisions"][0]["after"]["note"] == "over http"
    after = client.get("/changes", params={"after": last["seq"]})
    assert after.status_code == 200
    assert after.text == ""
    kinds = client.get("/changes", params=[("kinds", "Company"), ("after", str(start))])
    assert [orjson.loads(x)["ids"] for x in kinds.text.splitlines()] == [["acme"]]
    capped = client.get("/changes", params={"first": 5000})
    assert capped.status_code == 400
    assert capped.json()["error"]["field"] == "first"
    assert client.get("/changes", params={"after": "x"}).json()["error"]["code"] == "BAD_USER_INPUT"

    locked = app_settings.model_copy(
        update={"api_keys": [WRITER, READER, CYPHER_ONLY], "anonymous_read": False}
    )
    with TestClient(create_app(locked)) as anonymous:
        refused = anonymous.get("/changes")
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "UNAUTHENTICATED"
        cypher_only = anonymous.get("/changes", headers={"authorization": "Bearer " + _CYPHER})
        assert cypher_only.status_code == 403
        assert cypher_only.json()["error"]["code"] == "FORBIDDEN"
        reader = anonymous.get("/changes", headers={"authorization": f"Bearer {READ_KEY}"})
        assert reader.status_code == 200
        assert reader.text
