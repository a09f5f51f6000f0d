"""docs/frontends.md, run as a frontend would: its `file=` blocks written into a project
(tests/frontends/app, rebuilt each run) beside schema/schema.graphql; GraphQL Code
Generator over the Apollo files and relay-compiler over the Relay ones; `tsc --noEmit`
(strict); and the operations through the docs' Apollo Client and Relay environment
against a live server on the seed graph (tests/frontends/run.ts prints what came back).
The npm packages are pinned in tests/frontends (`make frontends`, which `make test`
runs); one codegen, one relay-compiler, one tsc and one node run for the whole module."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import neo4j
import pytest
from graphql import GraphQLObjectType, build_schema, get_named_type

from talentgraph.app import create_app
from talentgraph.settings import ROOT, Settings
from tests.live_server import serving

FRONTENDS = ROOT / "tests" / "frontends"
APP = FRONTENDS / "app"
DOC = ROOT / "docs" / "frontends.md"
SDL = ROOT / "schema" / "schema.graphql"
# A fenced block whose info string names a file: ```ts file=src/client.ts
BLOCK = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def doc_files() -> dict[str, str]:
    return dict(BLOCK.findall(DOC.read_text()))


def npm_bin(name: str, *args: str, cwd: Path = APP) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FRONTENDS / "node_modules" / ".bin" / name), *args],
        cwd=cwd, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def generated() -> Path:
    """The docs' project, its code generated: the one codegen run."""
    if shutil.which("node") is None:
        pytest.fail("Node.js 20+ is needed for the frontend tests")
    if not (FRONTENDS / "node_modules" / ".package-lock.json").is_file():
        pytest.fail("tests/frontends is not installed: run `make frontends` (make test does)")
    shutil.rmtree(APP, ignore_errors=True)
    for name, text in doc_files().items():
        (APP / name).parent.mkdir(parents=True, exist_ok=True)
        (APP / name).write_text(text)
    shutil.copy(SDL, APP / "schema.graphql")
    shutil.copy(SDL, APP / "relay" / "schema.graphql")
    shutil.copy(FRONTENDS / "run.ts", APP / "src" / "run.ts")
    done = npm_bin("graphql-codegen", "--config", "codegen.ts", "--silent")
    assert done.returncode == 0, done.stdout + done.stderr
    # relay-compiler refuses @refetchable without Node and node(id:), and @connection on
    # a field that cannot page.
    done = npm_bin("relay-compiler", cwd=APP / "relay")
    assert done.returncode == 0, done.stdout + done.stderr
    return APP / "src" / "gql"


@pytest.fixture(scope="module")
def type_checked(generated: Path) -> None:
    done = npm_bin("tsc", "--noEmit", "-p", ".")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def answers(type_checked: None, seeded: neo4j.Driver, settings: Settings) -> Any:
    """What the docs' operations answered through the docs' Apollo Client."""
    with serving(create_app(settings)) as base:
        # jiti (a dependency of codegen, pinned by the lock file) runs the TypeScript as is.
        done = npm_bin("jiti", "src/run.ts", f"{base}/graphql")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_docs_name_their_files() -> None:
    assert set(doc_files()) == {
        "codegen.ts", "src/scalars.ts", "tsconfig.json", "src/operations.ts",
        "src/client.ts", "src/career.ts",
        "relay/relay.config.json", "relay/src/Career.ts", "relay/src/environment.ts",
    }  # fmt: skip


def test_codegen_types_the_employer_and_the_scalars_precisely(generated: Path) -> None:
    types = (generated / "graphql.ts").read_text()
    assert "import type { JsonValue, PartialDate } from '../scalars';" in types
    career = types[types.index("export type CareerQuery =") :].split(";\n\n")[0]
    employer = career[career.index("employer:") : career.index("pageInfo")]
    assert re.findall(r"__typename: '(\w+)'", employer) == ["Company", "University"]
    assert "start: PartialDate | null" in career
    path = types[types.index("export type PathQuery =") :].split(";\n\n")[0]
    assert "properties: JsonValue" in path


def test_possible_types_come_from_the_schema(generated: Path) -> None:
    text = (generated / "possible-types.ts").read_text()
    result = re.search(
        r"const result: PossibleTypesResultData = (\{.*?\});\s*export default", text, re.S
    )
    assert result is not None, text
    found = json.loads(result.group(1))
    schema = build_schema(SDL.read_text())
    for interface, implementations in found["possibleTypes"].items():
        expected = {t.name for t in schema.get_possible_types(schema.get_type(interface))}  # type: ignore[arg-type]
        assert set(implementations) == expected
    assert set(found["possibleTypes"]["Employer"]) == {"Company", "University"}


def test_the_type_policies_cover_every_connection() -> None:
    """The docs' client names every connection field of the schema, and nothing else."""
    client = doc_files()["src/client.ts"]
    named = {
        (owner, field)
        for owner, fields in re.findall(r"(\w+): connections\(([^)]*)\)", client)
        for field in re.findall(r'"(\w+)"', fields)
    }
    schema = build_schema(SDL.read_text())
    connections = {
        (name, field)
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType)
        for field, definition in t.fields.items()
        if get_named_type(definition.type).name.endswith("Connection")
    }
    assert named == connections


def test_the_docs_type_check_strictly(type_checked: None) -> None:
    tsconfig = json.loads(doc_files()["tsconfig.json"])
    assert tsconfig["compilerOptions"]["strict"] is True


def test_apollo_client_pages_a_career_into_one_cached_list(answers: Any) -> None:
    assert answers["error"] is None
    employers = answers["employers"]
    # Yang Hongxia's spells, oldest first (undated last), over three pages of two.
    assert answers["totalCount"] == len(employers) == 5
    assert [e["start"] for e in employers[:2]] == ["2023-03", "2024-07"]
    kinds = {e["typename"] for e in employers}
    assert kinds == {"Company", "University"}
    polyu = next(e for e in employers if e["id"] == "hong-kong-polytechnic-university")
    assert (polyu["typename"], polyu["start"], polyu["kind"]) == ("University", "2024-07", None)
    damo = next(e for e in employers if e["id"] == "damo-academy")
    assert (damo["typename"], damo["kind"], damo["city"]) == ("Company", "LAB", None)


def test_a_fragment_on_an_interface_reads_from_the_cache(answers: Any) -> None:
    """Only with the generated possibleTypes does `... on Employer` match a University."""
    fragment = answers["fragment"]
    assert fragment["__typename"] == "University"
    assert fragment["id"] == "hong-kong-polytechnic-university"
    assert fragment["name"] == "The Hong Kong Polytechnic University"
    # The same read by a client without them finds only the typename.
    assert answers["bareFragment"] == {"__typename": "University"}


def test_json_comes_back_as_json(answers: Any) -> None:
    (path,) = answers["path"]
    assert path["length"] == len(path["hops"]) >= 1
    assert path["hops"][0]["from"]["name"] == "Zhou Chang"
    assert all(isinstance(hop["properties"], dict) for hop in path["hops"])


def test_relay_compiles_the_docs_fragment_into_a_node_refetch(generated: Path) -> None:
    artifacts = APP / "relay" / "src" / "__generated__"
    paging = (artifacts / "CareerPaginationQuery.graphql.ts").read_text()
    assert "node(id: $id)" in paging
    assert "employments(first: $count, after: $cursor, sort: START_ASC)" in paging
    # customScalarTypes: the dates come out as strings, not `any`.
    fragment = (artifacts / "Career_person.graphql.ts").read_text()
    assert "readonly start: string | null | undefined;" in fragment


def test_relay_pages_a_career_through_node(answers: Any) -> None:
    first, second = answers["relay"]
    assert "errors" not in first
    assert "errors" not in second
    page = first["data"]["person"]["employments"]
    assert page["pageInfo"]["hasNextPage"] is True
    # The second page, fetched by the generated query through `node(id:)`.
    refetched = second["data"]["node"]
    assert (refetched["__typename"], refetched["id"]) == ("Person", "yang-hongxia")
    ids = [e["node"]["id"] for e in [*page["edges"], *refetched["employments"]["edges"]]]
    assert len(ids) == len(set(ids)) == 4
    assert ids[:2] == [
        "WORKED_AT:yang-hongxia:bytedance:2023-03",
        "WORKED_AT:yang-hongxia:hong-kong-polytechnic-university:2024-07",
    ]
