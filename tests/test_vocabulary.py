"""The explorer's views read the schema's vocabulary from the app, even with introspection off."""

from __future__ import annotations

from starlette.testclient import TestClient

from talentgraph.app import EXPLORER_DIST, create_app
from talentgraph.settings import Settings


def test_the_vocabulary_is_served_where_clients_may_not_introspect(settings: Settings) -> None:
    assert (EXPLORER_DIST / "vocabulary.graphql").is_file(), "run `make explorer` first"
    closed = settings.model_copy(update={"introspection": False})
    with TestClient(create_app(closed)) as client:
        refused = client.post("/graphql", json={"query": '{ __type(name: "Person") { name } }'})
        answer = client.get("/explore/vocabulary.json")
    assert refused.json().get("errors"), refused.json()
    assert answer.status_code == 200
    vocabulary = answer.json()
    person_fields = {f["name"] for f in vocabulary["person"]["fields"]}
    assert {"employments", "education", "foundings", "contributions"} <= person_fields
    facts = {t["name"] for t in vocabulary["facts"]["possibleTypes"]}
    assert {"Employment", "Education", "Founding", "Contribution"} <= facts
