"""The explorer's views read the schema's vocabulary from the app, even with introspection off."""

from __future__ import annotations

from starlette.testclient import TestClient

import schema
from model.graph import FACT_TYPES
from schema.vocabulary import relations
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
    assert len(vocabulary["relations"]) == 26


def test_every_relationship_field_is_described_as_the_model_states_it() -> None:
    """The explorer draws edges from these entries: one per connection field over facts."""
    found = relations(schema.build(Settings(neo4j_password="unused"))._schema)
    by_field = {(r["entity"], r["field"]): r for r in found}
    assert by_field["Person", "employments"] == {
        "entity": "Person", "field": "employments", "type": "WORKED_AT", "direction": "out", "fact": "Employment",
        "from": "person", "to": "employer", "dated": True,
    }  # fmt: skip
    # An incoming field names the same ends as the outgoing one: `from` is where it leaves.
    assert by_field["Company", "employments"]["from"] == "person"
    assert by_field["AIModel", "versionOf"]["type"] == "VERSION_OF"
    # Every fact type is reached, and always with the same Neo4j type and ends.
    shapes = {r["fact"]: (r["type"], r["from"], r["to"]) for r in found}
    assert all(shapes[r["fact"]] == (r["type"], r["from"], r["to"]) for r in found)
    assert {t for t, _, _ in shapes.values()} == set(FACT_TYPES)
    assert len(shapes) == 12
