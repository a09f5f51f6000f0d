"""No schema hints in production, capped ids, plain names, real URLs (issue 13): hostile
input is refused naming the field, before anything is written.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from model.records import Person, Source
from talentgraph.settings import Settings
from tests import abuse
from tests.abuse import WRITE, gql, refusal
from tests.conftest import run

# The shared module-scoped fixtures (tests/abuse.py), under their names here.
api = abuse.api
base = abuse.base
production = abuse.production


# -- 7. No schema hints in production, capped ids, plain names, real URLs ------------------

HINTS = [
    pytest.param("{ cyphr }", None, "'cypher'", id="field"),
    pytest.param('{ person(idd: "x") { id } }', None, "'id'", id="argument"),
    pytest.param(
        "{ stats { ...F } } fragment F on GraphStat { nodes }", None, "'GraphStats'", id="type"
    ),
    pytest.param(
        "mutation($i: CompanyInput!) { upsertCompany(input: $i) { changed } }",
        {"i": {"id": "x", "name": "X", "kind": "BIG_TEK", "sources": ["s"]}},
        "'BIG_TECH'",
        id="enum-in-variable",
    ),
    pytest.param(
        "mutation($i: CompanyInput!) { upsertCompany(input: $i) { changed } }",
        {"i": {"id": "x", "nmae": "X", "sources": ["s"]}},
        "'name'",
        id="input-field-in-variable",
    ),
]


@pytest.mark.parametrize(("query", "variables", "hint"), HINTS)
def test_suggestions_locally_but_not_in_production(
    api: TestClient,
    production: TestClient,
    query: str,
    variables: dict[str, Any] | None,
    hint: str,
) -> None:
    local = " ".join(e["message"] for e in gql(api, query, variables)["errors"])
    hidden = gql(production, query, variables)
    assert "Did you mean" in local
    assert hint in local
    assert hidden["data"] is None
    for error in hidden["errors"]:
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "Did you mean" not in error["message"]
        assert hint not in error["message"]


def test_long_literal_ids_are_refused_naming_the_argument(api: TestClient, base: Settings) -> None:
    long = "x" * 9_000  # past Neo4j's index key limit: an INTERNAL error before
    error = refusal(gql(api, f'{{ person(id: "{long}") {{ id }} }}'))
    assert error["extensions"]["field"] == "id"
    assert "9,000 characters" in error["message"]
    assert f"{base.max_id_length}" in error["message"]
    at_cap = gql(api, f'{{ person(id: "{"x" * base.max_id_length}") {{ id }} }}')
    assert at_cap["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_long_ids_in_variables_are_refused_naming_the_variable(api: TestClient) -> None:
    query = "query($who: ID!) { person(id: $who) { id } }"
    error = refusal(gql(api, query, {"who": "x" * 9_000}))
    assert error["extensions"]["field"] == "$who"
    by_default = refusal(
        gql(api, f'query($who: ID! = "{"y" * 300}") {{ person(id: $who) {{ id }} }}')
    )
    assert by_default["extensions"]["field"] == "$who"


def test_long_ids_inside_inputs_are_refused_before_any_write(
    api: TestClient, seeded: neo4j.Driver
) -> None:
    query = "mutation($i: PersonInput!) { upsertPerson(input: $i) { changed } }"
    person = {"id": "abuse-long-source", "name": "Long Source", "sources": ["a", "s" * 300]}
    error = refusal(gql(api, query, {"i": person}, WRITE))
    assert error["extensions"]["field"] == "$i.sources[1]"
    literal = (
        'mutation { upsertPerson(input: {id: "abuse-long-source", name: "L", '
        f'sources: ["{"s" * 300}"]}}) {{ changed }} }}'
    )
    assert refusal(gql(api, literal, headers=WRITE))["extensions"]["field"] == "input.sources"
    assert not run(seeded, "MATCH (n {id: 'abuse-long-source'}) RETURN n")


HIDDEN_CHARACTERS = ["Zhou\x00Chang", "Zhou\x1b[31mChang", "Zhou\u202eChang", "Zhou\u2066Chang"]


@pytest.mark.parametrize("name", HIDDEN_CHARACTERS, ids=["nul", "ansi", "rlo", "lri"])
def test_names_with_hidden_characters_are_refused(
    api: TestClient, seeded: neo4j.Driver, name: str
) -> None:
    query = "mutation($i: PersonInput!) { upsertPerson(input: $i) { changed } }"
    person = {"id": "abuse-hidden", "name": name, "sources": ["seed-article"]}
    error = refusal(gql(api, query, {"i": person}, WRITE))
    assert error["extensions"]["field"] == "input.name"
    assert "control character" in error["message"]
    aliases = refusal(
        gql(api, query, {"i": {**person, "name": "Z", "aliases": ["ok", name]}}, WRITE)
    )
    assert aliases["extensions"]["field"].startswith("input.aliases")
    assert not run(seeded, "MATCH (n {id: 'abuse-hidden'}) RETURN n")


@pytest.mark.parametrize("name", HIDDEN_CHARACTERS, ids=["nul", "ansi", "rlo", "lri"])
def test_the_seed_model_refuses_hidden_characters_in_every_name(name: str) -> None:
    for record in (
        {"id": "p", "name": name, "sources": ["s"]},
        {"id": "p", "name": "P", "nameZh": name, "sources": ["s"]},
        {"id": "p", "name": "P", "aliases": [name], "sources": ["s"]},
    ):
        with pytest.raises(ValidationError, match="control character"):
            Person.model_validate(record)
    with pytest.raises(ValidationError, match="title"):
        Source.model_validate({"id": "s", "title": name, "publisher": "P"})


def test_free_text_may_break_lines_but_hides_nothing() -> None:
    kept = Person.model_validate({"id": "p", "name": "P", "note": "a\n\tb", "sources": ["s"]})
    assert kept.note == "a\n\tb"
    with pytest.raises(ValidationError, match="note"):
        Person.model_validate({"id": "p", "name": "P", "note": "a\x1b[2J", "sources": ["s"]})


BAD_URLS = [
    pytest.param("javascript://example.com/%0aalert(1)", "http:// or https://", id="scheme"),
    pytest.param("https://user:pass@example.com/", "credentials", id="credentials"),
    pytest.param("https://example.com/a b", "whitespace", id="space"),
    pytest.param("https://example.com/\x00", "control", id="nul"),
    pytest.param("http://localhost/admin", "public host", id="localhost"),
    pytest.param("http://127.0.0.1:7474/", "public host", id="loopback"),
    pytest.param("http://169.254.169.254/latest", "public host", id="link-local"),
    pytest.param("https://intranet/", "public host", id="no-dot"),
    pytest.param("https:///path-only", "public host", id="no-host"),
    pytest.param("https://example.com:99999/", "not a URL", id="bad-port"),
]


@pytest.mark.parametrize(("url", "reason"), BAD_URLS)
def test_source_urls_are_parsed_and_checked(url: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as refused:
        Source.model_validate({"id": "s", "title": "T", "publisher": "P", "url": url})
    assert refused.value.errors()[0]["loc"] == ("url",)


def test_real_source_urls_pass() -> None:
    for url in [
        "https://www.scmp.com/tech/a?b=1#c",
        "http://123.123.enodoworks.com",
        "https://8.8.8.8/x",
    ]:
        assert (
            Source.model_validate({"id": "s", "title": "T", "publisher": "P", "url": url}).url
            == url
        )


def test_a_bad_url_is_refused_by_the_mutation_naming_the_field(
    api: TestClient, seeded: neo4j.Driver
) -> None:
    query = "mutation($i: SourceInput!) { upsertSource(input: $i) { changed } }"
    source = {"id": "abuse-url", "title": "T", "publisher": "P", "url": "https://u:p@example.com/"}
    error = refusal(gql(api, query, {"i": source}, WRITE))
    assert error["extensions"]["field"] == "input.url"
    assert "credentials" in error["message"]
    assert not run(seeded, "MATCH (n {id: 'abuse-url'}) RETURN n")
