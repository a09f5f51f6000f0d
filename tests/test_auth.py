"""API keys and scopes: authenticate, require, the key maker, the settings entry."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from talentgraph.auth import ANONYMOUS, ApiKey, Principal, Scope, authenticate, new_key, require
from talentgraph.cli import main
from talentgraph.errors import Code, Forbidden, Unauthenticated
from talentgraph.settings import Settings

KEY = "test-key-with-enough-randomness-for-a-fixture"
ENTRY = ApiKey(name="analyst", sha256=hashlib.sha256(KEY.encode()).hexdigest(), scopes=[Scope.READ])


def settings_with(*, anonymous_read: bool) -> Settings:
    return Settings(api_keys=[ENTRY], anonymous_read=anonymous_read)


@pytest.mark.parametrize(("anonymous_read", "expected"), [(True, ANONYMOUS), (False, None)])
def test_no_header_is_anonymous_only_when_allowed(
    anonymous_read: bool, expected: Principal | None
) -> None:
    assert authenticate(None, settings_with(anonymous_read=anonymous_read)) == expected


def test_anonymous_may_only_read() -> None:
    assert Principal("anonymous", frozenset({Scope.READ})) == ANONYMOUS


def test_a_good_key_gives_its_principal() -> None:
    principal = authenticate(f"Bearer {KEY}", settings_with(anonymous_read=False))
    assert principal == Principal("analyst", frozenset({Scope.READ}))
    # The scheme is case-insensitive (RFC 7235).
    assert authenticate(f"bearer {KEY}", settings_with(anonymous_read=False)) == principal


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", f"Basic {KEY}", KEY, f"Bearer {KEY} extra", "Token abc"],
)
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(Unauthenticated, match="Bearer <key>"):
        authenticate(header, settings_with(anonymous_read=True))


@pytest.mark.parametrize("key", ["not-a-key", KEY[:-1], KEY + "x", KEY.upper()])
def test_an_unknown_key_is_refused_even_with_anonymous_read(key: str) -> None:
    with pytest.raises(Unauthenticated) as refused:
        authenticate(f"Bearer {key}", settings_with(anonymous_read=True))
    assert refused.value.message == "the API key is not valid"
    assert refused.value.code == Code.UNAUTHENTICATED


READER = Principal("reader", frozenset({Scope.READ}))
POWER = Principal("power", frozenset(Scope))


@pytest.mark.parametrize(
    ("principal", "scope", "outcome"),
    [
        (None, Scope.READ, Unauthenticated),
        (None, Scope.CYPHER, Unauthenticated),
        (ANONYMOUS, Scope.READ, None),
        (ANONYMOUS, Scope.WRITE, Unauthenticated),  # the fix is to send a key
        (ANONYMOUS, Scope.CYPHER, Unauthenticated),
        (READER, Scope.READ, None),
        (READER, Scope.WRITE, Forbidden),
        (READER, Scope.CYPHER, Forbidden),
        (POWER, Scope.READ, None),
        (POWER, Scope.WRITE, None),
        (POWER, Scope.CYPHER, None),
    ],
)
def test_require(
    principal: Principal | None, scope: Scope, outcome: type[Exception] | None
) -> None:
    if outcome is None:
        assert require(principal, scope) is principal
        return
    with pytest.raises(outcome) as refused:
        require(principal, scope)
    if outcome is Forbidden:
        assert f"the {scope} scope is required" in str(refused.value)
    else:
        assert "Authorization: Bearer <key>" in str(refused.value)


def test_new_key_is_random_and_its_entry_authenticates_it() -> None:
    key, entry = new_key("bot", [Scope.READ, Scope.CYPHER])
    other, _ = new_key("bot", [Scope.READ])
    assert key != other
    assert len(key) >= 43  # 32 random bytes, base64url
    assert KEY not in entry.model_dump_json()
    assert key not in entry.model_dump_json()
    settings = Settings(api_keys=[ENTRY, entry])
    assert authenticate(f"Bearer {key}", settings) == Principal(
        "bot", frozenset({Scope.READ, Scope.CYPHER})
    )


def test_keys_come_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTGRAPH_API_KEYS", orjson.dumps([ENTRY.model_dump()]).decode())
    monkeypatch.setenv("TALENTGRAPH_ANONYMOUS_READ", "true")
    settings = Settings()
    assert settings.api_keys == [ENTRY]
    assert settings.anonymous_read is True


def test_an_entry_needs_a_sha256_hex_digest() -> None:
    with pytest.raises(ValueError, match="sha256"):
        ApiKey(name="x", sha256="not-a-digest", scopes=[Scope.READ])


def test_cli_prints_the_key_once_and_its_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apikey", "--name", "ci", "--scopes", "read,cypher"]) == 0
    key, entry_json = capsys.readouterr().out.split()
    entry = ApiKey.model_validate_json(entry_json)
    assert entry.name == "ci"
    assert entry.scopes == [Scope.READ, Scope.CYPHER]
    assert key not in entry_json
    principal = authenticate(f"Bearer {key}", Settings(api_keys=[entry]))
    assert principal == Principal("ci", frozenset({Scope.READ, Scope.CYPHER}))


def test_cli_refuses_an_unknown_scope(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["apikey", "--name", "ci", "--scopes", "read,admin"])
    assert "scopes are read, write, cypher" in capsys.readouterr().err
