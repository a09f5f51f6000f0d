"""The benchmark's answer check, its fixed anchors and how it judges their growth (no
database: these are pure functions)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from bench.cases import (
    PEER_CONNECTIONS,
    cases,
    first_difference,
    peer_answer,
    talentgraph_answer,
)
from bench.measure import ORDERS
from bench.targets import GROWTH_LIMIT, growth, targets
from seeds import synthetic

CASES = {c.name: c for c in cases(300)}


def test_a_connection_and_the_peers_edges_meet_in_one_normal_form() -> None:
    case = CASES["company employments page of 20 + totalCount"]
    mine = {
        "company": {
            "employments": {
                "totalCount": 2,
                "edges": [
                    {"node": {"role": "engineer", "start": "2019", "person": {"id": "a"}}},
                    {"node": {"role": None, "start": "2018-03", "person": {"id": "b"}}},
                ],
            }
        }
    }
    theirs = {
        "companies": [
            {
                "employeesConnection": {
                    "totalCount": 2,
                    "edges": [
                        {"properties": {"role": "engineer", "start": "2019"}, "node": {"id": "a"}},
                        {"properties": {"role": None, "start": "2018-03"}, "node": {"id": "b"}},
                    ],
                }
            }
        ]
    }
    normal = talentgraph_answer(case, mine)
    assert normal == {
        "employments": {
            "totalCount": 2,
            "items": [
                {"role": "engineer", "start": "2019", "person": {"id": "a"}},
                {"role": None, "start": "2018-03", "person": {"id": "b"}},
            ],
        }
    }
    assert first_difference(normal, peer_answer(case, theirs)) is None


def test_nodes_lists_and_by_id_lists_normalise() -> None:
    case = CASES["person -> employer -> people -> employers, 10 a level"]
    mine = {
        "person": {"id": "p", "employments": {"nodes": [{"role": "x", "employer": {"id": "c"}}]}}
    }
    theirs = {
        "people": [
            {
                "id": "p",
                "employmentsConnection": {
                    "edges": [{"properties": {"role": "x"}, "node": {"id": "c"}}]
                },
            }
        ]
    }
    assert talentgraph_answer(case, mine) == peer_answer(case, theirs)
    assert peer_answer(case, {"people": []}) is None
    with pytest.raises(ValueError, match="2 objects for one id"):
        peer_answer(case, {"people": [{"id": "p"}, {"id": "p"}]})


@pytest.mark.parametrize(
    ("a", "b", "where"),
    [
        ({"x": [1, 2]}, {"x": [1, 3]}, ".x[1]: 2 against 3"),
        ({"x": [1, 2]}, {"x": [1]}, ".x: 2 items against 1"),
        ({"x": 1, "y": 2}, {"x": 1}, ".y: only in the first"),
        ({"x": {"amount": 2.5}}, {"x": {"amount": 2}}, ".x.amount: 2.5 against 2"),
    ],
)
def test_first_difference_says_where(a: Any, b: Any, where: str) -> None:
    assert first_difference(a, b) == where


def test_numbers_compare_by_value() -> None:
    # talentgraph renders a Float as 2.0 where the peer may send 2.
    assert first_difference({"amount": 2.0}, {"amount": 2}) is None


def test_every_peer_connection_the_cases_use_is_known() -> None:
    used = {name for c in cases(300) for name in PEER_CONNECTIONS if name in c.peer}
    assert used == set(PEER_CONNECTIONS)
    assert {c.name for c in cases(300) if c.fixed} >= {
        "fixed: portfolioAlumniHires",
        "fixed: talentFlows",
        "fixed: departures",
        "fixed: coInvestors",
        "fixed: portfolio",
        "fixed: connections",
        "fixed: people(first: 20)",
    }


def _anchor_rows(people: int) -> list[tuple[str, dict[str, Any]]]:
    def is_anchor(row: dict[str, Any]) -> bool:
        return any(str(row.get(k, "")).startswith(synthetic.ANCHOR) for k in ("id", "from", "to"))

    return [(kind, row) for kind, row in synthetic.generate(people) if is_anchor(row)]


def test_the_anchors_are_the_same_at_every_size_and_linked_to_nothing_else() -> None:
    small, large = _anchor_rows(300), _anchor_rows(3_000)
    assert small == large
    rels = [row for kind, row in small if kind == "rel"]
    assert rels
    assert all(
        row["from"].startswith(synthetic.ANCHOR) and row["to"].startswith(synthetic.ANCHOR)
        for row in rels
    )
    spells = [row for row in rels if row["type"] == "WORKED_AT"]
    assert all(row["props"]["startMin"] for row in spells)  # all dated: no order depends on nulls


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_raw_twin_gets_exactly_its_statements_parameters(case: Any) -> None:
    # Comments name parameters too (`$after`...); only the code's count.
    code = "\n".join(line.split("//")[0] for line in case.raw_text().splitlines())
    wanted = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", code))
    assert set(case.args(0)[1]) == wanted


def test_a_fixed_cases_growth_is_judged_from_its_run_without_the_peer() -> None:
    def row(scale: str, interleaved: float, alone: float) -> dict[str, Any]:
        p50 = {"p50_ms": interleaved}
        return {
            "case": "fixed: people(first: 20)", "kind": "fixed", "scale": scale,
            "relationships": 0, "statements_per_request": 1,
            "graphql": p50, "raw": p50, "peer": {"p50_ms": interleaved * 10},
            "alone": {"graphql": {"p50_ms": alone}, "raw": {"p50_ms": alone / 2}},
        }  # fmt: skip

    rows = [row("10k", 2.0, 2.0), row("1.0M", 3.6, 2.1)]
    (g,) = growth(rows)
    assert (g["graphql"], g["raw"], g["interleaved"], g["peer"]) == (1.05, 1.05, 1.8, 1.8)
    assert g["p50_ms"] == {"10k": 2.0, "1.0M": 2.1}
    seed = {"speedup_at_scale": 30.0, "speedup": 30.0, "rows": 1}
    scales = [{"name": "10k"}, {"name": "1.0M"}]
    (judged,) = [t for t in targets(rows, scales, seed) if t["target"].startswith("fixed")]
    assert (judged["measured"], judged["limit"], judged["result"]) == (1.05, GROWTH_LIMIT, "PASS")
    # A row from before the run alone existed is judged by the interleaved run.
    for r in rows:
        del r["alone"]
    assert growth(rows)[0]["graphql"] == 1.8


def test_each_side_follows_each_other_side_equally_often() -> None:
    # A request that leaves Neo4j busy slows the next: no side may follow another more often.
    sequence = [side for order in ORDERS for side in order]
    follows = Counter(zip(sequence, sequence[1:] + sequence[:1], strict=True))
    assert {follows[a, b] for a in range(3) for b in range(3) if a != b} == {3}
    assert {Counter(order[k] for order in ORDERS)[side] for k in range(3) for side in range(3)} == {
        2
    }
