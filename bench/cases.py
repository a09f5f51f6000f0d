"""What is measured: each GraphQL request and its raw-driver twin.

A twin is the named statement the resolver runs, with the parameters the
resolver passes for those GraphQL arguments; the raw side runs it straight
through the driver. The ids are the synthetic generator's (seeds/synthetic.py):
syn-group-0 is a big company with units that also invests, syn-investor-0 a
fund, syn-person-N people.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Args = tuple[dict[str, Any], dict[str, Any]]  # (GraphQL variables, Cypher parameters)

PERSON_FIELDS = "id name nameZh aliases description note synthetic"
LIST_SIZE = 10_000


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "traversal", "lookup" or "list": which target applies
    query: str
    statement: str  # the cypher/ file the resolver runs
    args: Callable[[int], Args]  # the i-th request's arguments, for both sides
    root: str  # the root field, to count what came back


def fixed(variables: dict[str, Any], params: dict[str, Any]) -> Callable[[int], Args]:
    return lambda i: (variables, params)


def cases(people: int) -> list[Case]:
    # Lookups rotate over ids spread through the whole graph, so they hit cold and warm pages alike.
    ids = [f"syn-person-{n}" for n in random.Random(1).sample(range(people), min(people, 500))]
    return [
        Case(
            "portfolioAlumniHires", "traversal",
            """query($investor: ID!) { portfolioAlumniHires(investor: $investor) {
                company { id name }
                investments { lead investor { id name } round { id name announced amount } }
                hires { person { id name } left { role start end employer { id name } }
                        joined { role start } } } }""",
            "portfolio_alumni_hires",
            fixed({"investor": "syn-group-0"}, {"investor": "syn-group-0", "alumniOf": None}),
            "portfolioAlumniHires",
        ),
        Case(
            "talentFlows", "traversal",
            """query($from: ID, $first: Int!) { talentFlows(from: $from, first: $first) {
                from { id name } to { id name } count
                moves { person { id name } left { role start end } joined { role start } } } }""",
            "talent_flows",
            fixed({"from": "syn-group-0", "first": 10},
                  {"from": "syn-group-0", "to": None, "first": 10, "sinceMin": None, "untilMax": None}),
            "talentFlows",
        ),
        Case(
            "departures", "traversal",
            """query($company: ID!) { departures(company: $company) {
                person { id name } left { role start end employer { id name } }
                next { role start employer { id name } } } }""",
            "departures",
            fixed({"company": "syn-group-0"},
                  {"company": "syn-group-0", "sinceMin": None, "untilMax": None}),
            "departures",
        ),
        Case(
            "coInvestors", "traversal",
            """query($company: ID!) { coInvestors(company: $company) {
                investor { id name } count rounds { id name announced amount } } }""",
            "co_investors",
            fixed({"company": "syn-investor-0"}, {"company": "syn-investor-0"}),
            "coInvestors",
        ),
        Case(
            "portfolio", "traversal",
            """query($investor: ID!) { portfolio(investor: $investor) {
                company { id name kind }
                investments { lead investor { id name } round { id name announced amount } } } }""",
            "portfolio",
            fixed({"investor": "syn-investor-0"}, {"investor": "syn-investor-0"}),
            "portfolio",
        ),
        Case(
            "connections", "traversal",
            """query($from: ID!, $to: ID!) { connections(from: $from, to: $to, maxHops: 4, first: 10) {
                length hops { from { id name } to { id name } type forward properties
                              evidence { confidence } } } }""",
            "connections",
            fixed({"from": "syn-person-0", "to": "syn-person-1"},
                  {"from": "syn-person-0", "to": "syn-person-1", "maxHops": 4, "first": 10}),
            "connections",
        ),
        Case(
            "person(id)", "lookup",
            f"query($id: ID!) {{ person(id: $id) {{ {PERSON_FIELDS} }} }}",
            "entity_by_id",
            lambda i: ({"id": ids[i % len(ids)]}, {"ids": [ids[i % len(ids)]]}),
            "person",
        ),
        Case(
            f"people(first: {LIST_SIZE})", "list",
            f"""query($first: Int!) {{ people(first: $first, synthetic: true) {{
                nodes {{ {PERSON_FIELDS} }} }} }}""",
            "entity_list",
            fixed({"first": LIST_SIZE},
                  {"label": "Person", "skip": 0, "first": LIST_SIZE, "synthetic": True}),
            "people",
        ),
    ]  # fmt: skip


def count(data: Any) -> int:
    """How many objects a root field returned: list items, or a connection's nodes."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and "nodes" in data:
        return len(data["nodes"])
    return 0 if data is None else 1
