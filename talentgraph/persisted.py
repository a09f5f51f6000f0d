"""Persisted operations: Apollo's automatic persisted queries, and trusted documents.

Automatic persisted queries (APQ): a client sends only the sha256 of its query
(`extensions.persistedQuery.sha256Hash`); an unknown hash answers
`PERSISTED_QUERY_NOT_FOUND` (message `PersistedQueryNotFound`, which Apollo
Client and urql look for), the client sends the text with its hash once, and
from then on the hash alone does, over GET too. The texts live in a bounded
in-process LRU per worker: a miss costs one retry, never a wrong answer.

Trusted documents: a manifest of the operations the frontends were built with,
`{"<id>": "<query text>", ...}` as @graphql-codegen/client-preset
(persisted-documents.json) and relay-compiler's persistConfig write it, or
Apollo's persisted query manifest. Clients send the id (`documentId`, or
Relay's `doc_id`/`id`, or the APQ hash); with the manifest enforced, nothing
else runs, and no client can register a text of its own.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

import orjson

from talentgraph.errors import Code
from talentgraph.graphql_request import Operation
from talentgraph.settings import Settings

# Apollo's exact message: urql's persisted exchange matches it, not the code.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
_UNTRUSTED = "only trusted documents run here: send the id of an operation in the manifest"


class DocumentRefused(Exception):
    """A persisted-operation error: a GraphQL request error with its own code."""

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """id -> query text, from a client-preset/relay map or an Apollo manifest.

    Refuses a file it cannot read whole, so the service never starts with half a list.
    """
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as e:
        raise ValueError(f"the trusted documents manifest {path} cannot be read: {e}") from e
    if isinstance(data, dict) and data.get("format") == "apollo-persisted-query-manifest":
        operations = data.get("operations")
        if not isinstance(operations, list):
            raise ValueError(f"{path}: an Apollo manifest needs an `operations` list")
        data = {op.get("id"): op.get("body") for op in operations if isinstance(op, dict)}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: the manifest must map each document id to its query text")
    return data


class PersistedDocuments:
    """Where an operation's text comes from: its own, a trusted document, or the APQ cache."""

    def __init__(
        self,
        *,
        manifest: dict[str, str] | None,
        enforce: bool,
        automatic: bool,
        cache_bytes: int,
    ):
        self.manifest = manifest or {}
        # APQ clients hash the text themselves: manifest texts answer their sha256 too.
        self._trusted_texts = {sha256(text): text for text in self.manifest.values()}
        self.enforce = enforce
        # With the manifest enforced, registration would let anyone add to it.
        self.automatic = automatic and not enforce
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._cached_bytes = 0

    def text(self, op: Operation) -> str:
        """The text to run, or DocumentRefused with the code clients act on."""
        if op.document_id is not None and op.query is None:
            found = self.manifest.get(op.document_id) or self.manifest.get(
                op.document_id.removeprefix("sha256:")
            )
            if found is None:
                raise DocumentRefused(Code.PERSISTED_QUERY_NOT_IN_LIST,
                                      f"no trusted document has the id {op.document_id!r}")  # fmt: skip
            return found
        digest = op.apq_hash
        if digest is not None:
            return self._automatic(op, digest)
        if op.query is None:  # graphql_request.operation refuses an empty request first
            raise RuntimeError("an operation with neither a query nor a document id")
        if self.enforce and sha256(op.query) not in self._trusted_texts:
            raise DocumentRefused(Code.PERSISTED_QUERY_NOT_IN_LIST, _UNTRUSTED)
        return op.query

    def known(self, op: Operation) -> bool:
        """Whether the operation names a stored document rather than carrying its text."""
        return op.query is None and (op.document_id is not None or op.apq_hash is not None)

    def remember(self, op: Operation) -> None:
        """Keep an APQ text once it ran without request errors (parsed, valid)."""
        digest = op.apq_hash
        if digest is None or op.query is None or not self.automatic or digest in self._cache:
            return
        self._cache[digest] = op.query
        self._cached_bytes += len(op.query)
        while self._cached_bytes > self.cache_bytes:
            _, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= len(dropped)

    def _automatic(self, op: Operation, digest: str) -> str:
        trusted = self._trusted_texts.get(digest)
        if op.query is None:
            found = trusted or self._cache.get(digest)
            if found is not None:
                if digest in self._cache:
                    self._cache.move_to_end(digest)
                return found
            if self.enforce:
                raise DocumentRefused(Code.PERSISTED_QUERY_NOT_IN_LIST,
                                      f"no trusted document has the sha256 {digest!r}")  # fmt: skip
            if not self.automatic:
                raise DocumentRefused(Code.PERSISTED_QUERY_NOT_SUPPORTED,
                                      "PersistedQueryNotSupported")  # fmt: skip
            raise DocumentRefused(Code.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
        if sha256(op.query) != digest.lower():
            raise DocumentRefused(Code.BAD_USER_INPUT,
                                  "the persistedQuery sha256Hash does not match the query's text")  # fmt: skip
        if self.enforce and trusted is None:
            raise DocumentRefused(Code.PERSISTED_QUERY_NOT_IN_LIST, _UNTRUSTED)
        return op.query


def from_settings(settings: Settings) -> PersistedDocuments:
    """The documents the settings ask for; a manifest that cannot be read stops the start."""
    manifest = load_manifest(settings.trusted_documents) if settings.trusted_documents else None
    return PersistedDocuments(
        manifest=manifest,
        enforce=settings.trusted_documents_only,
        automatic=settings.persisted_queries,
        cache_bytes=settings.persisted_queries_cache_bytes,
    )
