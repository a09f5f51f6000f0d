"""Keyset cursors survive writes: paging while entities are created and removed never
repeats or skips an item, forwards (`first`/`after`) and backwards (`last`/`before`),
on a root list and on a relationship, on both read paths.

Between page requests the test writes through the mutations: it creates people (and
their spells) that sort behind the walk and ahead of it, and removes (merges away) one
person already seen and one not yet reached. An offset cursor repeats or skips an item
here; a keyset cursor must not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings
from tests.graphql import data, load_graph

WRITE_KEY, WRITER = new_key("paging-writer", [Scope.READ, Scope.WRITE])
NAMES = ["Bo", "Cai", "Dong", "Fang", "Gao", "Hu", "Jin", "Kong", "Lu", "Ma", "Ning", "Pan"]
# The named traversals' lists: Walkers left Orbit for Dest one a year; Fund backed six startups.
WALKERS = "ABCDEFGH"
STARTUPS = "abcdef"
GRAPH = (
    "sources:\n  - {id: src, title: A source, publisher: Test}\n"
    "companies:\n  - {id: acme, name: Acme, kind: BIG_TECH, sources: [src]}\n"
    + "".join(
        f"  - {{id: {c}, name: {c.title()}, kind: BIG_TECH, sources: [src]}}\n"
        for c in ("orbit", "dest")
    )
    + "  - {id: fund, name: Fund, kind: INVESTOR, sources: [src]}\n"
    + "".join(
        f"  - {{id: st-{c}, name: Startup {c}, kind: STARTUP, sources: [src]}}\n" for c in STARTUPS
    )
    + "people:\n"
    + "".join(f"  - {{id: {n.lower()}, name: {n}, sources: [src]}}\n" for n in [*NAMES, "Keeper"])
    + "".join(
        f"  - {{id: walker-{w.lower()}, name: Walker {w}, sources: [src]}}\n" for w in WALKERS
    )
    + "rounds:\n"
    + "".join(
        f"  - {{id: r-{c}, name: Round {c}, company: st-{c}, announced: 2020,"
        " investors: [{id: fund}], sources: [src]}\n"
        for c in STARTUPS
    )
    + "facts:\n"
    + "".join(
        f"  - {{rel: WORKED_AT, from: {n.lower()}, to: acme, start: {2000 + i}, sources: [src]}}\n"
        for i, n in enumerate(NAMES)
    )
    + "".join(
        f"  - {{rel: WORKED_AT, from: walker-{w.lower()}, to: orbit, start: 2000, end: {2001 + i},"
        f" sources: [src]}}\n  - {{rel: WORKED_AT, from: walker-{w.lower()}, to: dest,"
        f" start: {2002 + i}, sources: [src]}}\n"
        for i, w in enumerate(WALKERS)
    )
)
PAGE = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id }"
ARGS = "first: $first, after: $after, last: $last, before: $before"
VARIABLES = "$first: Int, $after: String, $last: Int, $before: String"
PEOPLE = f"query ({VARIABLES}) {{ people({ARGS}) {{ {PAGE} }} }}"
SPELLS = f'query ({VARIABLES}) {{ company(id: "acme") {{ employments({ARGS}) {{ {PAGE} }} }} }}'
UPSERT = "mutation($input: PersonInput!) { upsertPerson(input: $input) { changed } }"
JOIN = "mutation($input: EmploymentInput!) { recordEmployment(input: $input) { changed } }"
MERGE = (
    "mutation($keep: ID!, $remove: ID!) { mergeEntities(keep: $keep, remove: $remove) { changed } }"
)


@pytest.fixture(params=[True, False], ids=["compiled", "reference"])
def client(
    request: pytest.FixtureRequest,
    settings: Settings,
    driver: neo4j.Driver,
    tmp_path: Path,
) -> Iterator[TestClient]:
    """The hand-made graph, loaded for each test (each writes), and a writer's client."""
    load_graph(tmp_path, GRAPH, settings, driver)
    app = settings.model_copy(update={"api_keys": [WRITER], "compile_reads": request.param})
    with TestClient(create_app(app), headers={"authorization": f"Bearer {WRITE_KEY}"}) as c:
        yield c


def _join(client: TestClient, name: str, start: int | None = None) -> str:
    """A new person (with a spell at Acme from `start`); their id."""
    id_ = name.lower()
    data(client, UPSERT, input={"id": id_, "name": name, "sources": ["src"]})
    if start is not None:
        spell = {"person": id_, "employer": "acme", "start": str(start), "sources": ["src"]}
        data(client, JOIN, input=spell)
    return id_


def _remove(client: TestClient, id_: str) -> None:
    """A person leaves every list: merged into Keeper (who takes over their spells,
    as new facts)."""
    data(client, MERGE, keep="keeper", remove=id_)


def _walk(
    client: TestClient,
    query: str,
    pick: Callable[[dict[str, Any]], dict[str, Any]],
    backward: bool,
    write: Callable[[int, list[str]], None],
    ident: Callable[[dict[str, Any]], str] = lambda node: str(node["id"]),
    totals: list[int] | None = None,
) -> list[str]:
    """Every id of a list in list order, three a page, calling `write(page number, ids
    seen)` between pages; each page's info must say where it sits. `ident` reads an
    item's id; `totals` gets each page's `totalCount`."""
    seen: list[str] = []
    cursor = None
    for number in range(20):
        args = {"last": 3, "before": cursor} if backward else {"first": 3, "after": cursor}
        page = pick(data(client, query, **args))
        if totals is not None:
            totals.append(page["totalCount"])
        ids = [ident(n) for n in page["nodes"]]
        seen = ids + seen if backward else seen + ids
        info = page["pageInfo"]
        towards, behind = (
            ("hasPreviousPage", "hasNextPage") if backward else ("hasNextPage", "hasPreviousPage")
        )
        # Behind the walk lies at least the cursor's own item (none is removed there).
        assert info[behind] is (cursor is not None), info
        if not info[towards]:
            return seen
        cursor = info["startCursor"] if backward else info["endCursor"]
        write(number, seen)
    raise AssertionError("the walk never ended")


def _check(seen: list[str], before: list[str], removed: set[str], behind: str, ahead: str) -> None:
    assert len(seen) == len(set(seen)), f"an item came twice: {seen}"
    skipped = [i for i in before if i not in removed and i not in seen]
    assert not skipped, f"skipped {skipped}: {seen}"
    assert behind not in seen, f"{behind} was created behind the walk: {seen}"
    assert ahead in seen, f"{ahead} was created ahead of the walk: {seen}"


@pytest.mark.parametrize("backward", [False, True], ids=["forwards", "backwards"])
def test_a_list_by_name_never_repeats_or_skips(client: TestClient, backward: bool) -> None:
    before = [i["id"] for i in data(client, PEOPLE, first=100)["people"]["nodes"]]
    # By name: "Aa" sorts before everyone, "Zz" after; a walk backwards starts at the end.
    behind, ahead = ("zz", "aa") if backward else ("aa", "zz")
    unreached = "dong" if backward else "ma"
    removed: set[str] = set()

    def write(number: int, seen: list[str]) -> None:
        if number == 0:
            _join(client, behind.title())
            _join(client, ahead.title())
            _remove(client, seen[1])  # seen already
            _remove(client, unreached)  # not reached yet: gone when the walk gets there
            removed.update({seen[1], unreached})

    seen = _walk(client, PEOPLE, lambda d: d["people"], backward, write)
    _check(seen, before, removed, behind, ahead)
    assert unreached not in seen
    now = [i["id"] for i in data(client, PEOPLE, first=100)["people"]["nodes"]]
    assert [i for i in seen if i in now] == [i for i in now if i in seen], "out of order"


@pytest.mark.parametrize("backward", [False, True], ids=["forwards", "backwards"])
def test_a_relationship_by_start_never_repeats_or_skips(client: TestClient, backward: bool) -> None:
    spells = lambda d: d["company"]["employments"]  # noqa: E731
    before = [i["id"] for i in spells(data(client, SPELLS, first=100))["nodes"]]
    # Newest first: a spell from 2020 sorts before every other, one from 1990 after.
    behind_year, ahead_year = (1990, 2020) if backward else (2020, 1990)
    unreached = "cai" if not backward else "pan"
    removed: set[str] = set()
    created: dict[str, str] = {}

    def write(number: int, seen: list[str]) -> None:
        if number == 0:
            created["behind"] = (
                f"WORKED_AT:{_join(client, 'Behind', behind_year)}:acme:{behind_year}"
            )
            created["ahead"] = f"WORKED_AT:{_join(client, 'Ahead', ahead_year)}:acme:{ahead_year}"
            gone = [i for i in before if i.startswith(f"WORKED_AT:{unreached}:")]
            _remove(client, seen[1].split(":")[1])
            _remove(client, unreached)
            removed.update({seen[1], *gone})

    seen = _walk(client, SPELLS, spells, backward, write)
    _check(seen, before, removed, created["behind"], created["ahead"])
    now = [i["id"] for i in spells(data(client, SPELLS, first=100))["nodes"]]
    assert [i for i in seen if i in now] == [i for i in now if i in seen], "out of order"


TRAVERSED = f"totalCount {PAGE.replace('nodes { id }', '')}"
TRAVERSALS: dict[str, tuple[str, Callable[[dict[str, Any]], Any], Callable[[Any], str]]] = {
    "departures": (
        f'departures(company: "orbit", {ARGS}) {{ {TRAVERSED} nodes {{ person {{ id }} left {{ id }} }} }}',
        lambda d: d["departures"],
        lambda n: f"{n['person']['id']}|{n['left']['id']}",
    ),
    "moves": (
        f'talentFlows(from: "orbit", to: "dest") {{ moves({ARGS}) {{ {TRAVERSED} '
        "nodes { person { id } joined { id } } } }",
        lambda d: d["talentFlows"][0]["moves"],
        lambda n: f"{n['person']['id']}|{n['joined']['id']}",
    ),
    "search": (
        f'search(text: "Walker", kinds: [PERSON], {ARGS}) {{ {TRAVERSED} nodes {{ node {{ id }} }} }}',
        lambda d: d["search"],
        lambda n: n["node"]["id"],
    ),
    "portfolio": (
        f'portfolio(investor: "fund", {ARGS}) {{ {TRAVERSED} nodes {{ company {{ id }} }} }}',
        lambda d: d["portfolio"],
        lambda n: n["company"]["id"],
    ),
}


def _walker(client: TestClient, name: str, left: int) -> None:
    """A new Walker who left Orbit in `left` and joined Dest the year after."""
    id_ = f"walker-{name.lower()}"
    data(client, UPSERT, input={"id": id_, "name": f"Walker {name}", "sources": ["src"]})
    for employer, start, end in (("orbit", left - 5, left), ("dest", left + 1, None)):
        spell = {"person": id_, "employer": employer, "start": str(start), "sources": ["src"]}
        data(client, JOIN, input={**spell, **({"end": str(end)} if end else {})})


def _walk_traversal(client: TestClient, name: str, backward: bool) -> None:
    field, pick, ident = TRAVERSALS[name]
    query = f"query ({VARIABLES}) {{ {field} }}"

    def whole() -> list[str]:
        return [ident(n) for n in pick(data(client, query, first=100))["nodes"]]

    before = whole()
    totals: list[int] = []

    def write(number: int, seen: list[str]) -> None:
        if number != 0 or name == "search":
            # Lucene's scores follow the index's word statistics, which any write
            # changes: a search's order (and so its cursors) holds between writes only.
            return
        unreached = next(
            i.split("|")[0]  # a person's id
            for i in (before if backward else before[::-1])
            if i not in seen and not i.startswith("keeper")
        )
        if name == "portfolio":
            data(client, MERGE, keep=seen[0], remove=unreached)
            return
        # A Walker who left last (first among departures, last among moves).
        _walker(client, f"Zz{name[:2]}{int(backward)}", 2030)
        _remove(client, unreached)

    seen = _walk(client, query, pick, backward, write, ident, totals)
    now = whole()
    assert len(seen) == len(set(seen)), f"{name}: an item came twice: {seen}"
    skipped = [i for i in before if i in now and i not in seen]
    assert not skipped, f"{name}: skipped {skipped}: {seen}"
    assert [i for i in seen if i in now] == [i for i in now if i in seen], name
    assert totals[0] == len(before), (name, totals, before)
    assert totals[-1] == len(now), (name, totals, now)


def test_the_traversals_never_repeat_or_skip(client: TestClient) -> None:
    """Departures, a flow's moves, search and a portfolio, each walked both ways while
    a Walker joins (sorting at one end) and unreached items are merged away (search:
    without writes, see `write`); each page's `totalCount` is the list's size then."""
    for name in TRAVERSALS:
        for backward in (False, True):
            _walk_traversal(client, name, backward)
