"""Writes that change nothing: a mutation sent twice, and refused writes, which name the field."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.graphql import data
from tests.mutations.support import (
    END_EMPLOYMENT,
    RECORD_EMPLOYMENT,
    UPSERT_COMPANY,
    UPSERT_MODEL,
    UPSERT_PERSON,
    UPSERT_ROUND,
    UPSERT_SOURCE,
    error,
    snapshot,
)

# --- Idempotency ------------------------------------------------------------------------

SAME_TWICE = [
    (UPSERT_PERSON, {"id": "eve", "name": "Eve", "born": "1990", "sources": ["src-a"],
                     "newSources": [{"id": "src-eve", "title": "Eve", "publisher": "Test"}],
                     "disputes": [{"field": "born", "value": "1989", "sources": ["src-c"]}]}),
    (UPSERT_PERSON, {"id": "ann", "note": "Seen twice.", "sources": ["src-c"]}),
    (UPSERT_COMPANY, {"id": "twice-co", "name": "Twice", "kind": "LAB", "sources": ["src-a"]}),
    (UPSERT_MODEL, {"id": "acme-lm-3", "name": "Acme LM 3", "versionOf": "acme-lm",
                    "sources": ["src-a"]}),
    (UPSERT_SOURCE, {"id": "src-e", "title": "E", "publisher": "Test"}),
    (UPSERT_ROUND, {"id": "newco-b", "name": "Newco B", "company": "newco", "amount": 5e6,
                    "currency": "CNY", "investors": [{"investor": "fund", "lead": True}],
                    "sources": ["src-a"]}),
    (RECORD_EMPLOYMENT, {"person": "ann", "employer": "newco", "start": "2016", "end": "2020",
                         "role": "founding engineer", "sources": ["src-a", "src-b"]}),
    (END_EMPLOYMENT, {"person": "ann", "employer": "acme", "start": "2010", "end": "2015",
                      "sources": ["src-a"]}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "input"),
    SAME_TWICE,
    ids=["new-person", "patch", "company", "model", "source", "round", "employment", "leave"],
)
def test_the_same_mutation_twice_changes_nothing_the_second_time(
    client: TestClient, graph: neo4j.Driver, query: str, input: dict[str, Any]
) -> None:
    name = next(iter(data(client, query, input=input)))
    before = snapshot(graph)
    again = data(client, query, input=input)[name]
    assert again["changed"] is False
    assert snapshot(graph) == before  # writtenAt included


# --- Refusals -------------------------------------------------------------------------

REFUSED = [
    ("no-source", UPSERT_PERSON, {"id": "zed", "name": "Zed"}, "BAD_USER_INPUT", "input.sources"),
    ("unknown-source", UPSERT_PERSON, {"id": "zed", "name": "Zed", "sources": ["src-zz"]},
     "NOT_FOUND", "input.sources[0]"),
    ("source-not-a-source", UPSERT_PERSON, {"id": "zed", "name": "Zed", "sources": ["ann"]},
     "BAD_USER_INPUT", "input.sources[0]"),
    ("bad-date", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2024-13", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.start"),
    ("end-before-start", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2024", "end": "2020-05", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.end"),
    ("end-and-ended", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "2001", "end": "2002", "ended": True,
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.ended"),
    ("unknown-currency", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "amount": 1, "currency": "EUR",
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.currency"),
    ("unknown-reliability", UPSERT_SOURCE,
     {"id": "src-z", "title": "Z", "publisher": "Z", "reliability": "sometimes"},
     "BAD_USER_INPUT", "input.reliability"),
    ("amount-without-currency", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "amount": 1, "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.currency"),
    ("wrong-endpoint-kind", RECORD_EMPLOYMENT,
     {"person": "ann", "employer": "acme-lm", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.employer"),
    ("wrong-investor-kind", UPSERT_ROUND,
     {"id": "zed-round", "name": "Z", "company": "newco", "investors": [{"investor": "ann"}],
      "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.investors[0].investor"),
    ("unknown-person", RECORD_EMPLOYMENT,
     {"person": "nobody", "employer": "acme", "sources": ["src-a"]}, "NOT_FOUND", "input.person"),
    ("unknown-family", UPSERT_MODEL,
     {"id": "zed-lm", "name": "Z", "versionOf": "no-such-model", "sources": ["src-a"]},
     "NOT_FOUND", "input.versionOf"),
    ("not-a-slug", UPSERT_PERSON, {"id": "Zed Z", "name": "Zed", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.id"),
    ("new-without-name", UPSERT_PERSON, {"id": "zed", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.name"),
    ("id-of-another-kind", UPSERT_COMPANY,
     {"id": "ann", "name": "Ann Inc", "kind": "STARTUP", "sources": ["src-a"]},
     "BAD_USER_INPUT", "input.id"),
    ("confidence", UPSERT_PERSON, {"id": "zed", "name": "Zed", "confidence": 1.5,
                                   "sources": ["src-a"]}, "BAD_USER_INPUT", "input.confidence"),
    ("dispute-field", UPSERT_PERSON,
     {"id": "zed", "name": "Zed", "sources": ["src-a"],
      "disputes": [{"field": "salary", "value": "1", "sources": ["src-b"]}]},
     "BAD_USER_INPUT", "input.disputes[0].field"),
    ("bad-inline-source", UPSERT_PERSON,
     {"id": "zed", "name": "Zed", "newSources": [{"id": "src-zed", "publisher": "Z"}]},
     "BAD_USER_INPUT", "input.newSources[0].title"),
    # The inline source is written first in the transaction, then the person is not
    # found: the transaction rolls back, and the source is not there either.
    ("atomic", RECORD_EMPLOYMENT,
     {"person": "nobody", "employer": "acme",
      "newSources": [{"id": "src-zed", "title": "Z", "publisher": "Z"}]},
     "NOT_FOUND", "input.person"),
    ("no-ongoing-spell", END_EMPLOYMENT,
     {"person": "ben", "employer": "acme-cloud", "sources": ["src-a"]}, "NOT_FOUND",
     "input.employer"),
    ("no-such-spell", END_EMPLOYMENT,
     {"person": "ann", "employer": "acme", "start": "1999", "sources": ["src-a"]},
     "NOT_FOUND", "input.start"),
    ("round-changes-company", UPSERT_ROUND,
     {"id": "newco-seed", "company": "acme", "sources": ["src-a"]}, "BAD_USER_INPUT",
     "input.company"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "input", "code", "field"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_refused_write_writes_nothing_and_names_the_field(
    client: TestClient,
    graph: neo4j.Driver,
    query: str,
    input: dict[str, Any],
    code: str,
    field: str,
) -> None:
    before = snapshot(graph)
    refused = error(client, query, input=input)
    assert refused["extensions"] == {"code": code, "field": field}
    assert refused["message"].startswith(f"{field}: ")
    assert snapshot(graph) == before


def test_graphql_type_errors_are_refused_before_any_write(
    client: TestClient, graph: neo4j.Driver
) -> None:
    before = snapshot(graph)
    refused = error(
        client, UPSERT_COMPANY, input={"id": "zed-co", "name": "Z", "kind": "GIANT",
                                       "sources": ["src-a"]},
    )  # fmt: skip
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    assert "GIANT" in refused["message"]
    assert ".kind" in refused["message"]
    assert snapshot(graph) == before
