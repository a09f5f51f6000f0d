"""Persisted operations and GraphQL-over-HTTP request parsing, without a database:
APQ registration and misses, trusted documents and their manifests, Accept
negotiation, request parameters, If-None-Match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talentgraph import graphql_request as http
from talentgraph.errors import Code
from talentgraph.graphql_request import GRAPHQL_RESPONSE, JSON, Operation, Refused
from talentgraph.http_cache import matches
from talentgraph.persisted import DocumentRefused, PersistedDocuments, load_manifest, sha256

pytestmark = pytest.mark.unit

QUERY = "{ stats { nodes } }"
OTHER = "{ __typename }"


def apq(digest: str, query: str | None = None) -> Operation:
    return Operation(
        query=query, extensions={"persistedQuery": {"version": 1, "sha256Hash": digest}}
    )


def documents(manifest: dict[str, str] | None = None, *, enforce: bool = False,
              automatic: bool = True, cache_bytes: int = 1_000) -> PersistedDocuments:  # fmt: skip
    return PersistedDocuments(
        manifest=manifest, enforce=enforce, automatic=automatic, cache_bytes=cache_bytes
    )


def refusal(store: PersistedDocuments, op: Operation) -> Code:
    with pytest.raises(DocumentRefused) as caught:
        store.text(op)
    return caught.value.code


def test_an_unknown_hash_is_not_found_then_registered_by_its_text() -> None:
    store = documents()
    digest = sha256(QUERY)
    assert refusal(store, apq(digest)) is Code.PERSISTED_QUERY_NOT_FOUND
    op = apq(digest, QUERY)
    assert store.text(op) == QUERY
    store.remember(op)
    assert store.text(apq(digest)) == QUERY
    assert store.known(apq(digest))
    assert not store.known(op)


def test_a_hash_that_does_not_match_its_text_is_refused() -> None:
    assert refusal(documents(), apq(sha256(OTHER), QUERY)) is Code.BAD_USER_INPUT


def test_the_cache_keeps_the_recent_texts_within_its_bytes() -> None:
    store = documents(cache_bytes=len(QUERY) + len(OTHER))
    third = "{ stats { people } }"
    for text in (QUERY, OTHER, third):
        store.remember(apq(sha256(text), text))
    assert refusal(store, apq(sha256(QUERY))) is Code.PERSISTED_QUERY_NOT_FOUND
    assert store.text(apq(sha256(third))) == third


def test_with_apq_off_a_hash_alone_is_not_supported() -> None:
    store = documents(automatic=False)
    assert refusal(store, apq(sha256(QUERY))) is Code.PERSISTED_QUERY_NOT_SUPPORTED
    store.remember(apq(sha256(QUERY), QUERY))
    assert refusal(store, apq(sha256(QUERY))) is Code.PERSISTED_QUERY_NOT_SUPPORTED


def test_trusted_documents_by_id_by_hash_and_by_text() -> None:
    store = documents({"abc123": QUERY}, enforce=True)
    assert store.text(Operation(query=None, document_id="abc123")) == QUERY
    assert store.text(Operation(query=None, document_id="sha256:abc123")) == QUERY
    assert store.text(apq(sha256(QUERY))) == QUERY  # APQ clients hash the same text
    assert store.text(Operation(query=QUERY)) == QUERY
    for op in (Operation(query=None, document_id="nope"), Operation(query=OTHER),
               apq(sha256(OTHER)), apq(sha256(OTHER), OTHER)):  # fmt: skip
        assert refusal(store, op) is Code.PERSISTED_QUERY_NOT_IN_LIST
    # Enforced, no client registers a text of its own.
    store.remember(apq(sha256(OTHER), OTHER))
    assert refusal(store, apq(sha256(OTHER))) is Code.PERSISTED_QUERY_NOT_IN_LIST


def test_manifests_of_codegen_relay_and_apollo(tmp_path: Path) -> None:
    flat = tmp_path / "persisted-documents.json"
    flat.write_text(json.dumps({"abc": QUERY}))
    assert load_manifest(flat) == {"abc": QUERY}
    apollo = tmp_path / "apollo.json"
    apollo.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1,
                                  "operations": [{"id": "x1", "body": QUERY, "name": "S",
                                                  "type": "query"}]}))  # fmt: skip
    assert load_manifest(apollo) == {"x1": QUERY}
    bad = tmp_path / "bad.json"
    for text in ("[1, 2]", '{"a": 1}', "{"):
        bad.write_text(text)
        with pytest.raises(ValueError, match=r"bad\.json"):
            load_manifest(bad)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json,application/json;q=0.9", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/json;q=1, application/graphql-response+json;q=0.5", JSON),
        ("text/html", None),
        ("application/graphql-response+json;q=0", None),
    ],
)
def test_negotiate(accept: str | None, media: str | None) -> None:
    assert http.negotiate(accept) == media


@pytest.mark.parametrize(
    ("content_type", "body", "rule"),
    [
        (None, b'{"query": "{ a }"}', "content-type"),
        ("text/plain", b'{"query": "{ a }"}', "content-type"),
        (JSON, b"", "empty-body"),
        (JSON, b'{"not a JSON', "not-json"),
        (JSON, b'{"notquery": "{ a }"}', "missing-query"),
        (JSON, b'{"query": 0}', "parameter-type"),
        (JSON, b'{"query": "{ a }", "variables": "x"}', "parameter-type"),
        (JSON, b'{"query": "{ a }", "extensions": []}', "parameter-type"),
        (JSON, b'[{"query": "{ a }"}, {"query": "{ b }"}, {"query": "{ c }"}]', "batch-too-large"),
        (JSON, b"[]", "empty-batch"),
        (JSON, b"[1]", "not-an-object"),
    ],
)
def test_malformed_posts_are_refused_by_rule(
    content_type: str | None, body: bytes, rule: str
) -> None:
    with pytest.raises(Refused) as caught:
        http.parse_post(content_type, body, max_batch=2)
    assert caught.value.rule == rule
    assert 400 <= caught.value.status < 500


def test_batching_off_by_default_and_a_batch_within_the_cap() -> None:
    body = b'[{"query": "{ a }"}, {"query": "{ b }"}]'
    with pytest.raises(Refused, match="batching is off"):
        http.parse_post(JSON, body, max_batch=0)
    assert [op.query for op in http.parse_post(JSON, body, max_batch=2)] == ["{ a }", "{ b }"]  # type: ignore[union-attr]


def test_get_parameters() -> None:
    op = http.parse_get([("query", QUERY), ("variables", '{"a": 1}'), ("operationName", "S")])
    assert (op.query, op.variables, op.operation_name) == (QUERY, {"a": 1}, "S")
    ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": "ab"}})
    assert http.parse_get([("extensions", ext)]).apq_hash == "ab"
    assert http.parse_get([("doc_id", "r1")]).document_id == "r1"
    with pytest.raises(Refused, match="`variables` parameter is not valid JSON"):
        http.parse_get([("query", QUERY), ("variables", "{")])


def test_if_none_match() -> None:
    etag = 'W/"abc"'
    assert matches('W/"abc"', etag)
    assert matches('"abc"', etag)  # weak comparison
    assert matches('"x", W/"abc"', etag)
    assert matches("*", etag)
    assert not matches('W/"abd"', etag)
    assert not matches(None, etag)
