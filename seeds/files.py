"""The seed files (seeds/data/*.yaml): read them and check every record, reporting every problem.

Each file is a mapping with one or more sections: `sources`, `people`, `companies`,
`universities`, `models`, `products`, `rounds`, `facts`. Ids are global across
files and kinds. `validate_files` checks each record on its own (model/records.py:
pydantic, with unknown fields refused), then the records as a whole
(model/validation.py), and returns every problem it found rather than the first.

Run `python -m seeds.files [FILE ...]` to check the seed data (all of
seeds/data by default).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from model.records import FACTS_SECTION, SECTIONS
from model.validation import Located, Problem, RecordGraph, parse_record, validate_records

DATA_DIR = Path(__file__).parent / "data"


class _SeedLoader(yaml.SafeLoader):
    """SafeLoader that leaves 2024-07-18 as text, for PartialDate to judge.

    YAML's own timestamps would turn the text into a date object, and raise a
    bare ValueError on 2024-02-30 instead of letting us name the record.
    """


_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def seed_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def validate_files(paths: list[Path]) -> tuple[RecordGraph, list[Problem]]:
    """Read and check the seed files; the graph is only fit to load when no problem is returned."""
    problems: list[Problem] = []
    located: list[Located] = []
    for path in paths:
        located.extend(_read_file(path, problems))
    graph, found = validate_records(located)
    problems.extend(found)
    # Stable sort: each file's problems together, in the order they were found.
    problems.sort(key=lambda problem: problem.file)
    return graph, problems


def _read_file(path: Path, problems: list[Problem]) -> Iterator[Located]:
    file = str(path)

    def problem(field: str, message: str) -> None:
        problems.append(Problem(file, "<file>", field, message))

    try:
        loader = _SeedLoader(path.read_text(encoding="utf-8"))
        try:
            content = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem("", f"YAML syntax error{at}: {error.problem}")
        return
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problem("", f"cannot read: {error}")
        return
    if not isinstance(content, dict):
        problem("", "expected a mapping of sections (sources, people, ..., facts)")
        return
    known = [*SECTIONS, FACTS_SECTION]
    for section, items in content.items():
        if section not in known:
            problem(str(section), f"unknown section (expected one of: {', '.join(known)})")
            continue
        if not isinstance(items, list):
            problem(section, "expected a list of records")
            continue
        for index, raw in enumerate(items):
            raw_id = raw.get("id") if isinstance(raw, dict) and section in SECTIONS else None
            label = raw_id if isinstance(raw_id, str) and raw_id else f"{section}[{index}]"
            if (found := parse_record(file, label, section, raw, problems)) is not None:
                yield found


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or seed_files()
    graph, problems = validate_files(paths)
    for problem in problems:
        print(problem)
    counts = ", ".join(f"{len(graph.group(section))} {section}" for section in SECTIONS)
    print(f"{len(problems)} problem(s); {counts}, {len(graph.facts)} facts")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
