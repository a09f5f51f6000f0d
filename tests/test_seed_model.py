"""The seed-file schema: the real seed data is clean, and each kind of mistake is named."""

from pathlib import Path
from textwrap import dedent

import pytest

from model.validation import Problem, RecordGraph
from seeds.files import seed_files, validate_files
from talentgraph.dates import PartialDate

BASE = """
sources:
  - {id: s1, title: A report, publisher: A paper}
people:
  - {id: ann, name: Ann, sources: [s1]}
companies:
  - {id: acme, name: Acme, kind: STARTUP, sources: [s1]}
models:
  - {id: llm, name: LLM, sources: [s1]}
"""


def write(directory: Path, name: str, *parts: str) -> Path:
    path = directory / name
    path.write_text("".join(dedent(part) for part in parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed() -> tuple[RecordGraph, list[Problem]]:
    return validate_files(seed_files())


def test_the_seed_data_has_no_problems(seed: tuple[RecordGraph, list[Problem]]) -> None:
    _, problems = seed
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize(
    ("id", "kind"),
    [
        ("seed-article", "Source"),
        ("zhou-chang", "Person"),
        ("yang-hongxia", "Person"),
        ("fu-ruiji", "Person"),
        ("alibaba-group", "Company"),
        ("alibaba-cloud", "Company"),
        ("damo-academy", "Company"),
        ("moonshot-ai", "Company"),
        ("baichuan", "Company"),
        ("zhipu-ai", "Company"),
        ("minimax", "Company"),
        ("bytedance", "Company"),
        ("kuaishou", "Company"),
        ("tencent", "Company"),
        ("peking-university", "University"),
        ("tongyi-qianwen", "AIModel"),
        ("m6", "AIModel"),
        ("tiktok", "Product"),
        ("douyin", "Product"),
        ("moonshot-ai-2024-02", "FundingRound"),
    ],
)
def test_the_ids_other_code_relies_on_exist(
    seed: tuple[RecordGraph, list[Problem]], id: str, kind: str
) -> None:
    graph, _ = seed
    assert graph.kind_of(id) == kind


def test_the_seed_keeps_dates_as_precise_as_the_sources(
    seed: tuple[RecordGraph, list[Problem]],
) -> None:
    graph, _ = seed
    spells = {f.to: f for f in graph.facts if f.rel == "WORKED_AT" and f.from_ == "zhou-chang"}
    # M6 at DAMO from 2017; no source dates his start on Qwen, a team of 2023.
    assert (spells["damo-academy"].start, spells["damo-academy"].ended) == (
        PartialDate("2017"),
        True,
    )
    assert (spells["alibaba-cloud"].start, spells["alibaba-cloud"].end) == (
        None,
        PartialDate("2024-07"),
    )
    assert graph.models["qwen2"].disputes[0].value == "2024-06-21"


def test_a_clean_file_has_no_problems(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ok.yaml",
        BASE,
        """
        facts:
          - {rel: WORKED_AT, from: ann, to: acme, start: 2017, end: 2024-07, sources: [s1]}
          - {rel: DEVELOPED, from: acme, to: llm, sources: [s1], confidence: 0.7, note: inferred}
        rounds:
          - id: acme-a
            name: Acme Series A
            company: acme
            announced: 2024-07-18
            amount: 1000000
            currency: USD
            investors: [{id: acme, lead: true, sources: [s1]}]
            sources: [s1]
        """,
    )
    graph, problems = validate_files([path])
    assert problems == []
    assert graph.kind_of("acme-a") == "FundingRound"
    assert graph.kind_of("nobody") is None
    assert graph.facts[0].start == PartialDate("2017")


@pytest.mark.parametrize(
    ("case", "text", "record", "field", "message"),
    [
        (
            "unknown reference",
            "facts:\n  - {rel: WORKED_AT, from: ann, to: nobody, sources: [s1]}",
            "facts[0]",
            "to",
            "'nobody' is not a known id",
        ),
        (
            "one page as two sources",
            "sources:\n  - {id: s2, title: A, publisher: P, url: 'https://example.com/a'}\n"
            "  - {id: s3, title: B, publisher: Q, url: 'https://example.com/a'}",
            "s3",
            "url",
            "the same page as source s2 in",
        ),
        (
            "unknown source",
            "people:\n  - {id: bob, name: Bob, sources: [s9]}",
            "bob",
            "sources[0]",
            "'s9' is not a known id (expected a Source)",
        ),
        (
            "duplicate id, across kinds",
            "people:\n  - {id: acme, name: Acme the person, sources: [s1]}",
            "acme",
            "id",
            "duplicate id (already a Company in",
        ),
        (
            "bad date",
            "people:\n  - {id: bob, name: Bob, born: 2024-13, sources: [s1]}",
            "bob",
            "born",
            "'2024-13' is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            "missing required field",
            "companies:\n  - {id: beta, name: Beta, sources: [s1]}",
            "beta",
            "kind",
            "required field is missing",
        ),
        (
            "missing sources",
            "facts:\n  - {rel: DEVELOPED, from: acme, to: llm}",
            "facts[0]",
            "sources",
            "required field is missing",
        ),
        (
            "unknown enum value",
            "companies:\n  - {id: beta, name: Beta, kind: UNICORN, sources: [s1]}",
            "beta",
            "kind",
            "(got 'UNICORN')",
        ),
        (
            "unknown relationship type",
            "facts:\n  - {rel: LIKES, from: ann, to: acme, sources: [s1]}",
            "facts[0]",
            "rel",
            "(got 'LIKES')",
        ),
        (
            "unknown field",
            "people:\n  - {id: bob, name: Bob, synthetic: true, sources: [s1]}",
            "bob",
            "synthetic",
            "unknown field",
        ),
        (
            "wrong endpoint kind",
            "facts:\n  - {rel: WORKED_AT, from: acme, to: acme, sources: [s1]}",
            "facts[0]",
            "from",
            "'acme' is of kind Company, expected Person; WORKED_AT goes from Person to",
        ),
        (
            "property of another relationship type",
            "facts:\n  - {rel: FOUNDED, from: ann, to: acme, team: core, sources: [s1]}",
            "facts[0]",
            "team",
            "not a property of FOUNDED (allowed: role, start)",
        ),
        (
            "the same fact twice",
            "facts:\n  - {rel: DEVELOPED, from: acme, to: llm, sources: [s1]}"
            "\n  - {rel: DEVELOPED, from: acme, to: llm, sources: [s1], note: again}",
            "facts[1]",
            "",
            "same rel, from, to and start as facts[0]",
        ),
        (
            "bad slug",
            "people:\n  - {id: Bob_Smith, name: Bob, sources: [s1]}",
            "Bob_Smith",
            "id",
            "'Bob_Smith' is not a slug",
        ),
        (
            "confidence above 1",
            "people:\n  - {id: bob, name: Bob, confidence: 1.5, sources: [s1]}",
            "bob",
            "confidence",
            "less than or equal to 1",
        ),
        (
            "end surely before start",
            "facts:\n  - {rel: WORKED_AT, from: ann, to: acme, start: 2024, end: 2023-12,"
            " sources: [s1]}",
            "facts[0]",
            "end",
            "2023-12 is before start 2024",
        ),
        (
            "both end and ended",
            "facts:\n  - {rel: WORKED_AT, from: ann, to: acme, end: 2023, ended: true,"
            " sources: [s1]}",
            "facts[0]",
            "ended",
            "either end",
        ),
        (
            "investor that is not a company",
            "rounds:\n  - {id: r1, name: R, company: acme, investors: [{id: ann}], sources: [s1]}",
            "r1",
            "investors[0].id",
            "'ann' is of kind Person, expected Company",
        ),
        (
            "amount without currency",
            "rounds:\n  - {id: r1, name: R, company: acme, amount: 5, sources: [s1]}",
            "r1",
            "currency",
            "required when amount is given",
        ),
        (
            "versionOf something that is not a model",
            "models:\n  - {id: llm-2, name: LLM 2, versionOf: acme, sources: [s1]}",
            "llm-2",
            "versionOf",
            "'acme' is of kind Company, expected AIModel",
        ),
        (
            "dispute citing an unknown source",
            "people:\n  - {id: bob, name: Bob, born: 1978, sources: [s1],"
            " disputes: [{field: born, value: 1979, sources: [s2]}]}",
            "bob",
            "disputes[0].sources[0]",
            "'s2' is not a known id",
        ),
        (
            "dispute about a field the record does not have",
            "people:\n  - {id: bob, name: Bob, sources: [s1],"
            " disputes: [{field: hq, value: Shanghai, sources: [s1]}]}",
            "bob",
            "disputes[0].field",
            "'hq' is not a disputable field",
        ),
        (
            "unknown section",
            "widgets: []",
            "<file>",
            "widgets",
            "unknown section",
        ),
        (
            "YAML syntax error",
            "people: [\n  - oops",
            "<file>",
            "",
            "YAML syntax error at line 2",
        ),
    ],
)
def test_each_mistake_is_reported_with_file_record_and_field(
    tmp_path: Path, case: str, text: str, record: str, field: str, message: str
) -> None:
    base = write(tmp_path, "base.yaml", BASE)
    bad = write(tmp_path, "bad.yaml", text)
    _, problems = validate_files([base, bad])
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert (problem.file, problem.record, problem.field) == (str(bad), record, field)
    assert message in problem.message
    assert str(problem).startswith(f"{bad}: {record}: ")


def test_problem_reads_as_one_line() -> None:
    problem = Problem(
        "seeds/data/people.yaml",
        "zhou-chang",
        "start",
        "'2024-13' is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    assert str(problem) == (
        "seeds/data/people.yaml: zhou-chang: start: "
        "'2024-13' is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    assert str(Problem("a.yaml", "<file>", "", "empty")) == "a.yaml: <file>: empty"


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "first.yaml",
        """
        sources:
          - {id: s1, title: A report, publisher: A paper}
        people:
          - {id: ann, name: Ann, sources: [s1]}
          - {id: bob, name: Bob, born: 2024-02-30, sources: [s1]}
          - {id: cy, name: Cy, nickname: C, sources: [s1]}
        models:
          - {id: llm, name: LLM, sources: [s1]}
        """,
    )
    second = write(
        tmp_path,
        "second.yaml",
        """
        companies:
          - {id: ann, name: Ann Corp, kind: STARTUP, sources: [s1]}
          - {id: acme, name: Acme, kind: STARTUP, sources: [s1]}
        facts:
          - {rel: STUDIED_AT, from: ann, to: nowhere, sources: [s1]}
          - {rel: DEVELOPED, from: acme, to: llm, sources: [s1], confidence: -0.1}
        """,
    )
    _, problems = validate_files([first, second])
    assert [(p.file, p.record, p.field) for p in problems] == [
        (str(first), "bob", "born"),
        (str(first), "cy", "nickname"),
        (str(second), "facts[1]", "confidence"),
        (str(second), "ann", "id"),
        (str(second), "facts[0]", "to"),
    ]
