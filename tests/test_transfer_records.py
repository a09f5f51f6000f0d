"""The import and export formats and the matching rules, as pure functions (no Neo4j)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from model.rows import Rows, to_rows
from seeds.files import seed_files, validate_files
from talentgraph.transfer import formats, resolve, stored
from talentgraph.transfer import records as fmt
from talentgraph.transfer.records import Raw
from talentgraph.transfer.resolve import Lookup, Stored

pytestmark = pytest.mark.unit


def test_csv_cells_become_record_fields() -> None:
    text = (
        "id,name,aliases,sources,disputes,note\n"
        'p1,"Name, With Comma",A|B ,s1| s2,"[{""field"": ""name"", ""value"": ""X"", ""sources"": [""s1""]}]",\n'
        'p2,Two,,s1,,"a note\nover two lines"\n'
        "p3,Three,,s1,,\n"
    )
    records, problems = fmt.parse_csv("people.csv", "people", text)
    assert problems == []
    assert [r.line for r in records] == [2, 3, 5]  # p2's cell spans lines 3 and 4
    assert records[0].data == {
        "id": "p1", "name": "Name, With Comma", "aliases": ["A", "B"], "sources": ["s1", "s2"],
        "disputes": [{"field": "name", "value": "X", "sources": ["s1"]}],
    }  # fmt: skip
    assert "aliases" not in records[1].data  # an empty cell is a field left out


def test_csv_problems_name_line_and_column() -> None:
    text = "rel,from,to,sources,ended,colour\nWORKED_AT,a,b,s1,true,red\nWORKED_AT,a,b,s1,maybe,\n"
    records, problems = fmt.parse_csv("facts.csv", "facts", text)
    assert [(p.line, p.field, p.message) for p in problems] == [(1, "colour", "unknown column")]
    assert records[0].data["ended"] is True
    assert records[1].data["ended"] == "maybe"  # left for the model to refuse, by name
    _, bad = fmt.parse_csv("people.csv", "people", 'id,disputes\np1,"[not json"\n')
    assert [(p.line, p.field) for p in bad] == [(2, "disputes")]


def test_investments_fold_into_their_rounds() -> None:
    rounds, _ = fmt.parse_csv("rounds.csv", "rounds", "id,name,company,sources\nr1,R,c,s1\n")
    investments, _ = fmt.parse_csv(
        "investments.csv", "investments", "round,investor,lead\nr1,i1,true\nr9,i2,false\n"
    )
    problems: list[fmt.ParseProblem] = []
    kept = fmt.attach_investments(rounds + investments, problems)
    assert kept == rounds
    assert rounds[0].data["investors"] == [{"id": "i1", "lead": True}]
    assert [(p.file, p.line, p.field) for p in problems] == [("investments.csv", 3, "round")]


def test_jsonl_lines_need_json_objects_with_a_type() -> None:
    text = '{"type": "person", "id": "p"}\n\nnot json\n[1]\n{"type": "alien"}\n'
    records, problems = fmt.parse_jsonl("x.jsonl", text)
    assert [(r.line, r.section) for r in records] == [(1, "people")]
    assert [(p.line, p.field) for p in problems] == [(3, ""), (4, ""), (5, "type")]


@pytest.mark.parametrize(
    ("stem", "section"),
    [("people", "people"), ("2024-facts", "facts"), ("my_investments", "investments"),
     ("peoples", None)],
)  # fmt: skip
def test_a_csv_file_is_named_for_its_kind(stem: str, section: str | None) -> None:
    assert fmt.section_of_csv(stem) == section


def _raw(section: str, line: int, **data: Any) -> Raw:
    return Raw("f.jsonl", line, section, {k.rstrip("_"): v for k, v in data.items()})


LOOKUP = Lookup(
    by_id={"zhou-chang": Stored("zhou-chang", "Person", {})},
    by_url={"https://example.com/s1": "s1"},
    by_name={
        "chang zhou": [("zhou-chang", "Person")],
        "twin": [("twin-a", "Person"), ("twin-b", "Person"), ("twin-co", "Company")],
    },
)


def test_records_and_references_match_by_id_then_by_name() -> None:
    records = [
        _raw("people", 1, name="Chang Zhou", sources=["https://example.com/s1"]),
        _raw("people", 2, name="New Person", sources=["s1"]),
        _raw("facts", 3, rel="WORKED_AT", from_="New Person", to="Twin", sources=["s1"]),
        _raw("facts", 4, rel="WORKED_AT", from_="Twin", to="Nobody", sources=["https://x.org/"]),
    ]
    resolved = resolve.resolve(records, LOOKUP)
    assert records[0].data == {"id": "zhou-chang", "name": "Chang Zhou", "sources": ["s1"]}
    assert records[1].data["id"] == "new-person"  # no id, no match: made from the name
    # "Twin" names one Company, and WORKED_AT goes to a Company: not ambiguous there.
    assert (records[2].data["from"], records[2].data["to"]) == ("new-person", "twin-co")
    assert [(p.line, p.field, p.message.split(":")[0]) for p in resolved.problems] == [
        (4, "from", "'Twin' names several entities"),
        (4, "to", "'Nobody' is not a known id or name"),
        (4, "sources[0]", "no source has the URL https"),
    ]
    assert (
        resolved.notes[0]
        == "f.jsonl line 1: 'Chang Zhou' is the stored Person zhou-chang (by name)"
    )


def test_an_ambiguous_record_match_is_a_problem() -> None:
    resolved = resolve.resolve([_raw("people", 7, name="TWIN", sources=["s1"])], LOOKUP)
    (problem,) = resolved.problems
    assert (problem.line, problem.field) == (7, "name")
    assert "twin-a, twin-b" in problem.message


def test_sources_are_one_per_url_and_inline_ones_become_records() -> None:
    records = [
        _raw("sources", 1, id="a", title="A", publisher="P", url="https://example.com/x"),
        _raw("sources", 2, id="b", title="B", publisher="P", url="https://example.com/x"),
        _raw("people", 3, id="p", name="P", sources=["b", {"url": "https://example.com/s1"}]),
    ]
    problems: list[fmt.ParseProblem] = []
    records = resolve.inline_sources(records, problems)
    resolved = resolve.resolve(records, LOOKUP)
    assert problems == resolved.problems == []
    sources = [r.data for r in resolved.records if r.section == "sources"]
    assert [s["id"] for s in sources] == ["a", "s1"]
    assert sources[0]["title"] == "B"  # the later record of one URL is laid over the first
    assert records[2].data["sources"] == ["a", "s1"]


def _records_from_rows(rows: Rows) -> list[tuple[str, dict[str, Any]]]:
    """What the exporter reads back, made from the loader's rows instead of Neo4j."""
    families = {r["from"]: r["to"] for r in rows.relationships if r["type"] == "VERSION_OF"}
    raisers = {r["to"]: r["from"] for r in rows.relationships if r["type"] == "RAISED"}
    investors: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for r in rows.relationships:
        if r["type"] == "INVESTED_IN":
            investors.setdefault(r["to"], []).append((r["from"], r["props"]))
    found = []
    for node in rows.nodes:
        record = stored.entity(
            node["label"], node["props"], family=families.get(node["id"]),
            company=raisers.get(node["id"]), investors=investors.get(node["id"], []),
        )  # fmt: skip
        found.append((stored.KINDS[node["label"]], {"id": node["id"], **record}))
    for r in rows.relationships:
        if r["type"] in stored.FACT_TYPES:
            found.append(("facts", stored.fact(r["type"], r["from"], r["to"], r["props"])))
    return found


def test_stored_records_load_back_into_the_same_rows() -> None:
    graph, problems = validate_files(seed_files())
    assert problems == []
    rows = to_rows(graph)
    again = formats.rows_of(_records_from_rows(rows))
    key = lambda row: row["id"]  # noqa: E731
    assert sorted(again.nodes, key=key) == sorted(rows.nodes, key=key)
    assert sorted(again.relationships, key=key) == sorted(rows.relationships, key=key)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("it's", "'it\\'s'"),
        ('a "quote" \\ and\nline', "'a \\\"quote\\\" \\\\ and\\nline'"),
        ("周畅", "'周畅'"),
        ([1.0, True, None], "[1.0, true, null]"),
        ({"a b": "x"}, "{`a b`: 'x'}"),
    ],
)
def test_cypher_literals_escape_text(value: object, text: str) -> None:
    assert formats.literal(value) == text


def test_jsonl_lines_carry_their_type() -> None:
    line = fmt.to_jsonl("people", {"id": "p", "name": "周"})
    assert json.loads(line) == {"type": "person", "id": "p", "name": "周"}
    assert "周" in line
