"""API keys and scopes, shared by the GraphQL and the Cypher endpoints.

A client sends `Authorization: Bearer <key>`. The service keeps only each
key's SHA-256 (TALENTGRAPH_API_KEYS), so a leaked configuration leaks no key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from talentgraph.errors import Forbidden, Unauthenticated
from talentgraph.keys import ApiKey, Scope
from talentgraph.settings import Settings

__all__ = ["ANONYMOUS", "ApiKey", "Principal", "Scope", "authenticate", "new_key", "require"]


@dataclass(frozen=True)
class Principal:
    name: str
    scopes: frozenset[Scope]


ANONYMOUS = Principal("anonymous", frozenset({Scope.READ}))


def _digest(key: str) -> str:
    # Keys are 256 random bits (new_key), so a fast unsalted hash is enough:
    # there is no dictionary to try and nothing to gain from key stretching.
    return hashlib.sha256(key.encode()).hexdigest()


def authenticate(authorization: str | None, settings: Settings) -> Principal | None:
    """Who sent the request: a key's principal, the anonymous one, or None (nobody)."""
    if authorization is None:
        return ANONYMOUS if settings.anonymous_read else None
    scheme, _, key = authorization.strip().partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key or " " in key:
        raise Unauthenticated("the Authorization header must be `Bearer <key>`")
    digest = _digest(key)
    found: ApiKey | None = None
    for entry in settings.api_keys:
        # Constant-time, and no early exit: timing tells nothing about the keys.
        if hmac.compare_digest(digest, entry.sha256):
            found = entry
    if found is None:
        raise Unauthenticated("the API key is not valid")
    return Principal(found.name, frozenset(found.scopes))


def require(principal: Principal | None, scope: Scope) -> Principal:
    # Without a key (anonymous included) the fix is to send one: UNAUTHENTICATED.
    if principal is None or (principal is ANONYMOUS and scope not in principal.scopes):
        raise Unauthenticated(
            f"an API key with the {scope} scope is required: send Authorization: Bearer <key>"
        )
    if scope not in principal.scopes:
        raise Forbidden(f"the {scope} scope is required, and {principal.name!r} does not have it")
    return principal


def new_key(name: str, scopes: list[Scope]) -> tuple[str, ApiKey]:
    """A fresh key (shown once) and the entry that the service keeps for it."""
    key = secrets.token_urlsafe(32)
    return key, ApiKey(name=name, sha256=_digest(key), scopes=scopes)
