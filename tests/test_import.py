"""Import against a real Neo4j: CSV and JSON Lines, matching, dry runs, idempotency,
problems that name file, line and field with nothing written, and POST /import.

The records are illustrations (example.com sources), in the style of docs/writing.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import TransientError
from starlette.testclient import TestClient

from talentgraph import changelog
from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.cli import main
from talentgraph.settings import Settings, get_settings
from talentgraph.transfer import importer, writing
from tests.conftest import counts, run
from tests.test_export import import_files, snapshot

URL = "https://example.com/import-test-article"
S1_URL = "https://frominsideasia.com/alibaba-sees-ai-talent-depart-to-start-own-business-amid-chinas-unicorn-boom/"
WRITE_KEY, WRITER = new_key("importer", [Scope.READ, Scope.WRITE])
READ_KEY, READER = new_key("reader", [Scope.READ])


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def refused(settings: Settings, paths: list[Path]) -> list[str]:
    with pytest.raises(importer.ImportProblems) as caught:
        import_files(settings, paths)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def csv_files(tmp_path: Path) -> list[Path]:
    return [
        write(
            tmp_path,
            "sources.csv",
            f"""
            id,title,publisher,url,published,reliability
            example-press-2024,An example article,Example Press,{URL},2024-03-05,medium
            """,
        ),
        # The second row has no id: its name matches the stored zhou-chang.
        write(
            tmp_path,
            "people.csv",
            f"""
            id,name,nameZh,aliases,sources,note
            example-person,Example Person,示例人,E. Person|Person E,{URL},
            ,Zhou Chang,,,{URL},Cited by an example article too.
            """,
        ),
        # Ends by name ("Example Person", "Moonshot AI") and sources by URL.
        write(
            tmp_path,
            "facts.csv",
            f"""
            rel,from,to,role,start,sources,confidence
            WORKED_AT,Example Person,Moonshot AI,research engineer,2024-03,{URL},0.8
            """,
        ),
    ]


def test_a_csv_import_writes_its_records_once(
    seeded: neo4j.Driver, settings: Settings, csv_files: list[Path], tmp_path: Path
) -> None:
    plan = import_files(settings, csv_files)
    assert plan.written
    assert "Person example-person" in plan.created
    assert any(line.startswith("Person zhou-chang (") for line in plan.changed)
    assert any("'Zhou Chang' is the stored Person zhou-chang (by name)" in n for n in plan.notes)
    (row,) = run(
        seeded,
        """MATCH (p:Person {id: 'example-person'})-[r:WORKED_AT]->(c:Company)
           RETURN c.id AS company, r.start AS start, r.sources AS sources, r.confidence AS c,
                  p.aliases AS aliases, p.nameZh AS zh""",
    )
    assert row == {"company": "moonshot-ai", "start": "2024-03", "sources": ["example-press-2024"],
                   "c": 0.8, "aliases": ["E. Person", "Person E"], "zh": "示例人"}  # fmt: skip
    (zhou,) = run(seeded, "MATCH (p:Person {id: 'zhou-chang'}) RETURN p AS p")
    person: Any = zhou["p"]
    assert person["sources"][-1] == "example-press-2024"  # added to the stored ones
    assert len(person["sources"]) > 1
    assert person["nameZh"] == "周畅"  # a field the import left out keeps its value
    assert person["note"] == "Cited by an example article too."

    before = snapshot(seeded)
    again = import_files(settings, csv_files)
    assert (again.created, again.changed, again.written) == ([], [], False)
    assert snapshot(seeded) == before

    # A stored fact's dates are compared as text (lookups.relationships): a new end is a change.
    ended = write(tmp_path, "facts.csv", f"""
        rel,from,to,start,end,sources
        WORKED_AT,example-person,moonshot-ai,2024-03,2025-01,{URL}
        """)  # fmt: skip
    plan = import_files(settings, [ended])
    assert plan.changed == ["WORKED_AT example-person -> moonshot-ai (end, endMax, endMin, ended)"]
    (row,) = run(seeded, "MATCH (:Person {id: 'example-person'})-[r:WORKED_AT]->() "
                         "RETURN r.endMax AS last, r.role AS role")  # fmt: skip
    assert (row["last"].iso_format(), row["role"]) == ("2025-01-31", "research engineer")


def test_a_dry_run_says_what_would_change_and_writes_nothing(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, "companies.csv", f"""
        id,name,kind,sources
        example-lab,Example Lab,LAB,{S1_URL}
        moonshot-ai,Moonshot AI,STARTUP,s1
        """)  # fmt: skip
    before = snapshot(seeded)
    plan = import_files(settings, [path], dry_run=True)
    assert not plan.written
    assert plan.created == ["Company example-lab"]
    assert plan.changed == [] or all("moonshot-ai" in line for line in plan.changed)
    assert snapshot(seeded) == before


def test_problems_name_file_line_and_field_and_nothing_is_written(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    people = write(tmp_path, "people.csv", """
        id,name,born,sources,shoeSize
        fine-person,Fine Person,1980,s1,
        bad-person,Bad Person,1980-13,s1,
        """)  # fmt: skip
    facts = write(tmp_path, "facts.csv", """
        rel,from,to,sources
        WORKED_AT,fine-person,Nobody Known At All,s1
        FOUNDED,fine-person,tongyi-qianwen,s1
        """)  # fmt: skip
    before = counts(seeded)
    problems = refused(settings, [people, facts])
    assert f"{people}: line 1: shoeSize: unknown column" in problems
    assert any(p.startswith(f"{people}: line 3: born: '1980-13' is not a partial date")
               for p in problems)  # fmt: skip
    assert f"{facts}: line 2: to: 'Nobody Known At All' is not a known id or name" in problems
    assert any(p.startswith(f"{facts}: line 3: to: 'tongyi-qianwen' is of kind AIModel")
               for p in problems)  # fmt: skip
    assert counts(seeded) == before
    (row,) = run(seeded, "MATCH (p:Person {id: 'fine-person'}) RETURN count(p) AS n")
    assert row["n"] == 0  # the good record waits for the bad ones: all or nothing


def spells(years: range, **extra: Any) -> list[str]:
    """JSON Lines of zhou-chang's spells at Moonshot AI, one a year."""
    return [json.dumps({"type": "fact", "rel": "WORKED_AT", "from": "zhou-chang",
                        "to": "moonshot-ai", "start": str(year), "sources": ["s1"], **extra})
            for year in years]  # fmt: skip


def test_a_problem_in_a_later_part_undoes_the_parts_written_before_it(
    seeded: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Facts are planned a part at a time while the parts before them are written: a
    problem found in the third part refuses the import after the first two were sent."""
    monkeypatch.setattr(importer, "FACTS_PER_PART", 1)
    sent: list[str] = []
    wire = writing.wire

    def spied(rows: list[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
        sent.extend(row["id"] for row in rows)
        return wire(rows, **kwargs)

    monkeypatch.setattr(writing, "wire", spied)
    bad = json.loads(spells(range(1990, 1991))[0]) | {"end": "1980"}  # ends before it starts
    path = write(tmp_path, "spells.jsonl", "\n".join([*spells(range(1988, 1990)), json.dumps(bad)]))
    before = snapshot(seeded)
    problems = refused(settings, [path])
    assert problems == [f"{path}: line 3: end: 1980 is before start 1990"]
    assert len(sent) == 2  # the first two parts' facts were sent to Neo4j, and rolled back
    assert snapshot(seeded) == before


def test_a_retried_transaction_plans_its_parts_again(
    seeded: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Neo4j may ask for a write transaction to be retried; the driver runs its work again,
    and the import plans its parts again: every fact is written once and counted once."""
    monkeypatch.setattr(importer, "FACTS_PER_PART", 2)
    failures = [TransientError("a deadlock, say")]
    append = changelog.append_load

    async def fails_once(*args: Any, **kwargs: Any) -> int:
        if failures:
            raise failures.pop()
        return await append(*args, **kwargs)

    monkeypatch.setattr(changelog, "append_load", fails_once)
    path = write(tmp_path, "spells.jsonl", "\n".join(spells(range(1981, 1986), role="tester")))
    plan = import_files(settings, [path])
    assert failures == []  # the first attempt failed
    assert (len(plan.created), plan.records, plan.written) == (5, 5, True)
    (row,) = run(seeded, "MATCH (:Person {id: 'zhou-chang'})-[r:WORKED_AT {role: 'tester'}]->() "
                         "RETURN count(r) AS n, count(DISTINCT r.start) AS starts")  # fmt: skip
    assert row == {"n": 5, "starts": 5}
    (change,) = run(seeded, "MATCH (c:Change {operation: 'import'}) WITH c "
                            "ORDER BY c.seq DESC LIMIT 1 RETURN c.counts AS counts")  # fmt: skip
    assert json.loads(change["counts"]) == {"changed": 0, "created": 5, "records": 5}


def test_an_ambiguous_name_is_reported_never_guessed(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    twins = write(tmp_path, "twins.jsonl", "\n".join(
        json.dumps({"type": "person", "id": f"twin-{x}", "name": f"Twin {x.upper()}",
                    "aliases": ["The Twin"], "sources": ["s1"]})
        for x in "ab"
    ))  # fmt: skip
    import_files(settings, [twins])
    ambiguous = write(tmp_path, "ambiguous.jsonl", "\n".join([
        json.dumps({"type": "person", "name": "the twin", "sources": ["s1"]}),
        json.dumps({"type": "fact", "rel": "WORKED_AT", "from": "The Twin", "to": "bytedance",
                    "sources": ["s1"]}),
    ]))  # fmt: skip
    problems = refused(settings, [ambiguous])
    assert (
        f"{ambiguous}: line 1: name: matches several stored Persons by name: twin-a, twin-b; give the id of one"
        in problems
    )
    assert any(p.startswith(f"{ambiguous}: line 2: from: 'The Twin' names several entities")
               for p in problems)  # fmt: skip


def test_sources_are_one_per_url(seeded: neo4j.Driver, settings: Settings, tmp_path: Path) -> None:
    lines = [
        {"type": "source", "id": "dup-one", "title": "One", "publisher": "P", "url": URL + "?dup"},
        {"type": "source", "id": "dup-two", "title": "Two", "publisher": "P", "url": URL + "?dup"},
        # Inline, with the URL of the stored s1: it is s1.
        {"type": "fact", "rel": "WORKED_AT", "from": "zhou-chang", "to": "bytedance",
         "start": "2030", "sources": ["dup-two", {"url": S1_URL, "title": "x", "publisher": "y"}]},
    ]  # fmt: skip
    path = write(tmp_path, "sources.jsonl", "\n".join(map(json.dumps, lines)))
    plan = import_files(settings, [path])
    assert plan.written
    rows = run(seeded, "MATCH (s:Source) WHERE s.url = $url RETURN s.id AS id, s.title AS t",
               url=URL + "?dup")  # fmt: skip
    assert rows == [{"id": "dup-one", "t": "Two"}]
    (fact,) = run(seeded, "MATCH ()-[r:WORKED_AT {id: 'WORKED_AT:zhou-chang:bytedance:2030'}]->() "
                          "RETURN r.sources AS s")  # fmt: skip
    assert fact["s"] == ["dup-one", "s1"]
    (s1,) = run(seeded, "MATCH (s:Source {id: 's1'}) RETURN s.title AS t")
    assert s1["t"] == "x"  # the inline record is laid over s1, as any matched record is


def test_a_stored_source_is_cited_by_its_url_alone(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    # Nothing else in the file names s1: the graph is asked about it only by URL.
    line = {"type": "fact", "rel": "WORKED_AT", "from": "zhou-chang", "to": "bytedance",
            "start": "2031", "sources": [S1_URL]}  # fmt: skip
    plan = import_files(settings, [write(tmp_path, "cite.jsonl", json.dumps(line))])
    assert plan.created == ["WORKED_AT zhou-chang -> bytedance"]
    (fact,) = run(seeded, "MATCH ()-[r:WORKED_AT {id: 'WORKED_AT:zhou-chang:bytedance:2031'}]->() "
                          "RETURN r.sources AS s")  # fmt: skip
    assert fact["s"] == ["s1"]


@pytest.fixture(scope="module")
def http(settings: Settings) -> Iterator[TestClient]:
    keyed = settings.model_copy(update={"api_keys": [WRITER, READER]})
    with TestClient(create_app(keyed)) as client:
        yield client


def test_post_import_needs_the_write_scope(seeded: neo4j.Driver, http: TestClient) -> None:
    body = json.dumps({"type": "company", "id": "http-co", "name": "HTTP Co", "kind": "OTHER",
                       "sources": ["s1"]})  # fmt: skip
    jsonl = {"content-type": "application/x-ndjson"}
    assert (
        http.post("/import", content=body, headers=jsonl).json()["error"]["code"]
        == "UNAUTHENTICATED"
    )
    answer = http.post("/import", content=body,
                       headers={**jsonl, "authorization": f"Bearer {READ_KEY}"})  # fmt: skip
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "FORBIDDEN")

    writer = {**jsonl, "authorization": f"Bearer {WRITE_KEY}"}
    answer = http.post("/import?dryRun=true", content=body, headers=writer)
    assert answer.status_code == 200
    assert answer.json()["plan"]["created"] == ["Company http-co"]
    assert answer.json()["written"] is False
    answer = http.post("/import", content=body, headers=writer)
    assert (answer.json()["created"], answer.json()["written"]) == (1, True)
    assert http.post("/import", content=body, headers=writer).json()["created"] == 0
    # Stamped as the mutations stamp: who (the key's name) and when.
    (row,) = run(seeded, "MATCH (c:Company {id: 'http-co'}) RETURN c.writtenBy AS by, "
                         "c.writtenAt IS NOT NULL AS at")  # fmt: skip
    assert row == {"by": "importer", "at": True}


def test_post_import_refusals_are_json_with_a_code(seeded: neo4j.Driver, http: TestClient) -> None:
    writer = {"authorization": f"Bearer {WRITE_KEY}"}
    csv = "id,name,kind,sources\nbad-co,Bad Co,NOT_A_KIND,s1\n"
    answer = http.post("/import?kind=companies", content=csv,
                       headers={**writer, "content-type": "text/csv"})  # fmt: skip
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "BAD_USER_INPUT"
    (problem,) = error["problems"]
    assert (problem["file"], problem["record"], problem["field"]) == (
        "body.companies",
        "line 2",
        "kind",
    )
    answer = http.post("/import", content=csv, headers={**writer, "content-type": "text/plain"})
    assert (answer.status_code, answer.json()["error"]["field"]) == (400, "content-type")
    (row,) = run(seeded, "MATCH (c:Company {id: 'bad-co'}) RETURN count(c) AS n")
    assert row["n"] == 0


def test_the_import_command(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("NEO4J_URI", str(settings.neo4j_uri))
    monkeypatch.setenv("NEO4J_PASSWORD", settings.password())
    get_settings.cache_clear()
    good = write(tmp_path, "people.csv", "id,name,sources\ncli-person,CLI Person,s1\n")
    bad = write(tmp_path, "products.csv", "id,name,sources\nx-product,X,no-such-source\n")
    try:
        assert main(["import", "--dry-run", str(good)]) == 0
        out = capsys.readouterr().out
        assert "would create Person cli-person" in out
        assert "dry run, nothing written" in out
        assert main(["import", str(good), str(bad)]) == 1
        err = capsys.readouterr().err
        (row,) = run(seeded, "MATCH (p:Person {id: 'cli-person'}) RETURN count(p) AS n")
        assert row["n"] == 0
        assert main(["import", str(good)]) == 0
    finally:
        get_settings.cache_clear()
    assert f"{bad}: line 2: sources[0]: 'no-such-source' is not a known id" in err
    assert "1 problem(s); nothing was written" in err
    # The command stamps what it writes with the names of the files it was given.
    (row,) = run(seeded, "MATCH (p:Person {id: 'cli-person'}) RETURN p.writtenBy AS by, "
                         "p.writtenAt IS NOT NULL AS at")  # fmt: skip
    assert row == {"by": "import:people.csv", "at": True}


def test_redirects_and_the_synthetic_flag_are_checked(
    seeded: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    run(seeded, "MATCH (k:Company {id: 'bytedance'}) MERGE (:Redirect {id: 'byte-dance'})"
                "-[:REDIRECTS_TO]->(k)")  # fmt: skip
    lines = [
        {"type": "redirect", "id": "zhou-chang", "to": "bytedance"},
        {"type": "redirect", "id": "gone-co", "to": "no-such-entity"},
        {"type": "redirect", "id": "byte-dance", "to": "moonshot-ai"},
        {"type": "redirect", "id": "Not A Slug", "to": "bytedance", "extra": 1},
        {"type": "person", "id": "flagged", "name": "Flagged", "sources": ["s1"],
         "synthetic": "yes"},
    ]  # fmt: skip
    path = write(tmp_path, "redirects.jsonl", "\n".join(map(json.dumps, lines)))
    problems = refused(settings, [path])
    assert sorted(problems) == [
        f"{path}: line 1: id: 'zhou-chang' is the id of a stored Person; a redirect's id is "
        "one no entity has",
        f"{path}: line 2: to: 'no-such-entity' is not a known id",
        f"{path}: line 3: to: 'byte-dance' already redirects to bytedance",
        f"{path}: line 4: extra: unknown field",
        f"{path}: line 4: id: 'Not A Slug' is not a slug (lowercase a-z and 0-9 words joined by '-')",
        f"{path}: line 5: synthetic: true or false (got 'yes')",
    ]
    good = [
        {"type": "redirect", "id": "byte-dance", "to": "bytedance"},  # stored: left alone
        {"type": "redirect", "id": "flagged-old", "to": "flagged"},
        {"type": "person", "id": "flagged", "name": "Flagged", "sources": ["s1"], "synthetic": True},
    ]  # fmt: skip
    plan = import_files(settings, [write(tmp_path, "good.jsonl", "\n".join(map(json.dumps, good)))])
    assert (plan.created, plan.unchanged) == (
        ["Person flagged", "Redirect flagged-old -> flagged"],
        1,
    )
    (row,) = run(seeded, "MATCH (:Redirect {id: 'flagged-old'})-[:REDIRECTS_TO]->(p:Person) "
                         "RETURN p.id AS id, p.synthetic AS synthetic")  # fmt: skip
    assert row == {"id": "flagged", "synthetic": True}
