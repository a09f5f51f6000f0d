"""What is measured: each GraphQL request, its twin on the peer, and its raw-driver twin.

The peer is `@neo4j/graphql` (bench/peer/server.mjs); its twin asks for the same
answer in its own dialect (`people(where: {id: {eq: ...}})` for `person(id:)`,
`employmentsConnection { edges { properties node } }` for `employments { edges {
node } }`, the named traversals by the same name). `talentgraph_answer` and
`peer_answer` bring both responses to one normal form, and the run stops on the
first case whose answers differ there.

The raw twin is a statement run straight through the driver: for the named
traversals, the lists and `person(id)`, the cypher/ file the resolver runs with the
parameters it passes; for the nested cases, one hand-written statement
(bench/cypher/twin_*.cypher) that returns the normal form itself, so its answer is
checked too.

The ids are the synthetic generator's (seeds/synthetic.py): syn-group-0 is a big
company with units that also invests, syn-investor-N funds, syn-person-N people;
the syn-anchor-* neighbourhood is the same at every size, which makes the
fixed-answer cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from seeds.synthetic import ANCHOR
from talentgraph.queries import QUERIES

Args = tuple[dict[str, Any], dict[str, Any]]  # (GraphQL variables for both APIs, Cypher parameters)

PERSON_FIELDS = "id name nameZh aliases description note synthetic"
LIST_SIZE = 10_000
TWINS = Path(__file__).parent / "cypher"
# Talentgraph's default order of a person's or a company's spells (START_DESC: newest
# first, then by the other end's name and the fact id), of an investor's rounds (by
# announcement, newest first) and of a round's raisers (NAME), in the peer's terms.
BY_START = "sort: [{edge: {startMin: DESC}}, {node: {name: ASC}}, {edge: {id: ASC}}]"
BY_ANNOUNCED = "sort: [{node: {announcedMin: DESC}}, {node: {name: ASC}}, {edge: {id: ASC}}]"
BY_NAME = "sort: [{node: {name: ASC}}, {edge: {id: ASC}}]"
PEOPLE_BY_NAME = "sort: [{name: ASC}, {id: ASC}]"
# The peer's connection field -> (talentgraph's field, the fact's field for the far end).
PEER_CONNECTIONS = {
    "employmentsConnection": ("employments", "employer"),
    "employeesConnection": ("employments", "person"),
    "investmentsConnection": ("investments", "round"),
    "raisedByConnection": ("raisedBy", "company"),
}


@dataclass(frozen=True)
class Case:
    name: str
    # Which raw-driver target applies: "traversal", "lookup", "list"; "nested" and
    # "fixed" have none (the nested cases' twin is the one-statement floor; the
    # fixed-answer cases are judged on growth).
    kind: str
    query: str  # talentgraph's request
    peer: str  # the peer's request for the same answer, with the same variables
    statement: str  # the raw twin: a cypher/ file, or a bench/cypher/twin_* file
    args: Callable[[int], Args]  # the i-th request's arguments, for all sides
    root: str  # talentgraph's root field
    peer_root: str | None = None  # the peer's root field, when it differs
    peer_one: bool = False  # the peer answers a list where talentgraph answers one object
    peer_first: int | None = None  # talentgraph pages the list: the peer's, cut to one page

    @property
    def fixed(self) -> bool:
        return self.kind == "fixed"

    @property
    def own_twin(self) -> bool:
        return self.statement.startswith("twin_")

    def raw_text(self) -> str:
        return _twin(self.statement) if self.own_twin else QUERIES[self.statement].text


@cache
def _twin(name: str) -> str:
    return (TWINS / f"{name}.cypher").read_text()


def page(label: str, first: int, synthetic: bool | None) -> dict[str, Any]:
    """cypher/entity_list.cypher's parameters for a first page of `first`, as the resolver
    sends them (resolvers/nodes.entities: one item more, to tell if a next page exists)."""
    return {"label": label, "backward": False, "flip": False, "limit": first + 1,
            "args": {"synthetic": synthetic, "after": None, "before": None}}  # fmt: skip


def fixed(variables: dict[str, Any], params: dict[str, Any]) -> Callable[[int], Args]:
    return lambda i: (variables, params)


def rotating(ids: list[str], **params: Any) -> Callable[[int], Args]:
    """The i-th request asks for ids[i % len(ids)]; the raw twin gets `id` and `params`."""
    return lambda i: ({"id": ids[i % len(ids)]}, {"id": ids[i % len(ids)], **params})


def _traversals(
    portfolio_investor: str, group: str, investor: str, path: tuple[str, str], kind: str
) -> list[Case]:
    """The named traversals, the same on both APIs, anchored on the given ids."""
    prefix = "fixed: " if kind == "fixed" else ""
    queries = [
        (
            "portfolioAlumniHires",
            """query($investor: ID!) { portfolioAlumniHires(investor: $investor) {
                company { id name }
                investments { lead investor { id name } round { id name announced amount } }
                hires { person { id name } left { role start end employer { id name } }
                        joined { role start } } } }""",
            "portfolio_alumni_hires",
            fixed({"investor": portfolio_investor},
                  {"investor": portfolio_investor, "alumniOf": None}),
        ),
        (
            "talentFlows",
            """query($from: ID, $first: Int!) { talentFlows(from: $from, first: $first) {
                from { id name } to { id name } count
                moves { person { id name } left { role start end } joined { role start } } } }""",
            "talent_flows",
            fixed({"from": group, "first": 10},
                  {"from": group, "to": None, "first": 10, "sinceMin": None, "untilMax": None,
                   "quarterly": False}),
        ),
        (
            "departures",
            """query($company: ID!) { departures(company: $company) {
                person { id name } left { role start end employer { id name } }
                next { role start employer { id name } } } }""",
            "departures",
            fixed({"company": group}, {"company": group, "sinceMin": None, "untilMax": None}),
        ),
        (
            "coInvestors",
            """query($company: ID!) { coInvestors(company: $company) {
                investor { id name } count rounds { id name announced amount } } }""",
            "co_investors",
            fixed({"company": investor}, {"company": investor}),
        ),
        (
            "portfolio",
            """query($investor: ID!) { portfolio(investor: $investor) {
                company { id name kind }
                investments { lead investor { id name } round { id name announced amount } } } }""",
            "portfolio",
            fixed({"investor": investor}, {"investor": investor}),
        ),
        (
            "connections",
            """query($from: ID!, $to: ID!) { connections(from: $from, to: $to, maxHops: 4, first: 10) {
                length hops { from { id name } to { id name } type forward properties
                              evidence { confidence } } } }""",
            "connections",
            fixed({"from": path[0], "to": path[1]},
                  {"from": path[0], "to": path[1], "maxHops": 4, "first": 10}),
        ),
    ]  # fmt: skip
    return [
        Case(prefix + root, kind, _paged(root, query), query, statement, args, root,
             peer_first=PAGE if root in PAGED else None)
        for root, query, statement, args in queries
    ]  # fmt: skip


# Talentgraph's named traversals that are connections (and a flow's moves): the peer
# (`@cypher` fields over the same statements) answers the plain list and cannot page it,
# so talentgraph asks for one page of the cap's size and the normal form compares its
# nodes with the peer's list cut to that size (bench/peer/server.mjs).
PAGE = 1000
PAGED = ("departures", "portfolio", "search")


def _paged(root: str, query: str) -> str:
    """Talentgraph's form of a traversal's query: the list under `nodes` of a page."""
    if root == "talentFlows":
        return query.replace("moves {", f"moves(first: {PAGE}) {{ nodes {{", 1) + " }"
    if root not in PAGED:
        return query
    start = query.index(root + "(")
    close = query.index(")", start)
    brace = query.index("{", close)
    return f"{query[:close]}, first: {PAGE}) {{ nodes {{{query[brace + 1 :]} }}"


def cases(people: int) -> list[Case]:
    # Lookups rotate over ids spread through the whole graph, so they hit cold and warm pages alike.
    ids = [f"syn-person-{n}" for n in random.Random(1).sample(range(people), min(people, 500))]
    groups = max(3, people // 5000)  # as seeds/synthetic.py makes them
    units = [f"syn-group-{g}-unit-{j}" for g in range(groups) for j in range(2)]
    investors = [f"syn-investor-{n}" for n in range(max(5, people // 1000))]
    return [
        *_traversals("syn-group-0", "syn-group-0", "syn-investor-0",
                     ("syn-person-0", "syn-person-1"), "traversal"),
        Case(
            "person(id)", "lookup",
            f"query($id: ID!) {{ person(id: $id) {{ {PERSON_FIELDS} }} }}",
            f"query($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ {PERSON_FIELDS} }} }}",
            "entity_by_id",
            lambda i: ({"id": ids[i % len(ids)]}, {"ids": [ids[i % len(ids)]]}),
            "person", "people", peer_one=True,
        ),
        Case(
            f"people(first: {LIST_SIZE})", "list",
            f"""query($first: Int!) {{ people(first: $first, synthetic: true) {{
                nodes {{ {PERSON_FIELDS} }} }} }}""",
            f"""query($first: Int!) {{ people(where: {{synthetic: {{eq: true}}}},
                {PEOPLE_BY_NAME}, limit: $first) {{ {PERSON_FIELDS} }} }}""",
            "entity_list",
            fixed({"first": LIST_SIZE},
                  page("Person", LIST_SIZE, True)),
            "people",
        ),
        # The issue's table: what the per-field design pays a statement per level for.
        Case(
            "person -> employments -> employer", "nested",
            """query($id: ID!) { person(id: $id) { id name employments(first: 20) {
                edges { node { role team start end employer { id name } } } } } }""",
            f"""query($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ id name
                employmentsConnection(first: 20, {BY_START}) {{
                edges {{ properties {{ role team start end }} node {{ id name }} }} }} }} }}""",
            "twin_person_employments", rotating(ids), "person", "people", peer_one=True,
        ),
        Case(
            "company -> investments -> round -> raisedBy", "nested",
            """query($id: ID!) { company(id: $id) { id name investments(first: 20) {
                edges { node { lead round { id name announced amount raisedBy(first: 20) {
                edges { node { company { id name } } } } } } } } } }""",
            f"""query($id: ID!) {{ companies(where: {{id: {{eq: $id}}}}) {{ id name
                investmentsConnection(first: 20, {BY_ANNOUNCED}) {{ edges {{ properties {{ lead }}
                node {{ id name announced amount raisedByConnection(first: 20, {BY_NAME}) {{
                edges {{ node {{ id name }} }} }} }} }} }} }} }}""",
            "twin_company_investments", rotating(investors), "company", "companies",
            peer_one=True,
        ),
        Case(
            "person -> employer -> people -> employers, 10 a level", "nested",
            # `nodes`, not `edges { node }`: within talentgraph's depth limit (12).
            """query($id: ID!) { person(id: $id) { id name employments(first: 10) {
                nodes { role employer { id name ... on Company { employments(first: 10) {
                nodes { role person { id name employments(first: 10) {
                nodes { role employer { id name } } } } } } } } } } } }""",
            f"""query($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ id name
                employmentsConnection(first: 10, {BY_START}) {{ edges {{ properties {{ role }}
                node {{ id name employeesConnection(first: 10, {BY_START}) {{
                edges {{ properties {{ role }} node {{ id name
                employmentsConnection(first: 10, {BY_START}) {{
                edges {{ properties {{ role }} node {{ id name }} }} }} }} }} }} }} }} }} }} }}""",
            "twin_three_levels", rotating(ids), "person", "people", peer_one=True,
        ),
        Case(
            "people(first: 1000) id name", "nested",
            """query($first: Int!) { people(first: $first, synthetic: true) { nodes { id name } } }""",
            f"""query($first: Int!) {{ people(where: {{synthetic: {{eq: true}}}},
                {PEOPLE_BY_NAME}, limit: $first) {{ id name }} }}""",
            "twin_people_page", fixed({"first": 1000}, {"first": 1000}), "people",
        ),
        Case(
            "company employments page of 20 + totalCount", "nested",
            """query($id: ID!) { company(id: $id) { employments(first: 20) { totalCount
                edges { node { role start end person { id name } } } } } }""",
            f"""query($id: ID!) {{ companies(where: {{id: {{eq: $id}}}}) {{
                employeesConnection(first: 20, {BY_START}) {{ totalCount
                edges {{ properties {{ role start end }} node {{ id name }} }} }} }} }}""",
            "twin_company_employments", rotating(units), "company", "companies",
            peer_one=True,
        ),
        # Fixed answers: the anchors' neighbourhood is the same at every size.
        *_traversals(f"{ANCHOR}-group", f"{ANCHOR}-group", f"{ANCHOR}-investor-0",
                     (f"{ANCHOR}-person-0", f"{ANCHOR}-investor-1"), "fixed"),
        Case(
            "fixed: people(first: 20)", "fixed",
            """query($first: Int!) { people(first: $first) { nodes { id name } } }""",
            f"""query($first: Int!) {{ people({PEOPLE_BY_NAME}, limit: $first) {{ id name }} }}""",
            "entity_list",
            fixed({"first": 20}, page("Person", 20, None)),
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


def _talentgraph_normal(value: Any) -> Any:
    if isinstance(value, list):
        return [_talentgraph_normal(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "edges" in value or "nodes" in value:  # a connection: its items, and totalCount if asked
        items = [e["node"] for e in value["edges"]] if "edges" in value else value["nodes"]
        items = _talentgraph_normal(items)
        return (
            {"totalCount": value["totalCount"], "items": items} if "totalCount" in value else items
        )
    return {k: _talentgraph_normal(v) for k, v in value.items()}


def _peer_normal(value: Any) -> Any:
    if isinstance(value, list):
        return [_peer_normal(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        if key in PEER_CONNECTIONS:  # edges' properties and node, as talentgraph's fact
            name, end = PEER_CONNECTIONS[key]
            items = [{**e.get("properties", {}), end: _peer_normal(e["node"])} for e in v["edges"]]
            out[name] = (
                {"totalCount": v["totalCount"], "items": items} if "totalCount" in v else items
            )
        else:
            out[key] = _peer_normal(v)
    return out


def talentgraph_answer(case: Case, data: dict[str, Any]) -> Any:
    """Talentgraph's `data` in the normal form: a connection becomes the list of its
    nodes (`{totalCount, items}` when totalCount is selected)."""
    return _talentgraph_normal(data[case.root])


def peer_answer(case: Case, data: dict[str, Any]) -> Any:
    """The peer's `data` in the normal form: its root renamed to talentgraph's (the one
    object of a by-id list), and each `xConnection { edges { properties node } }` as
    talentgraph's fact list (the properties, with the node under the fact's field)."""
    value = data[case.peer_root or case.root]
    if case.peer_one:
        if len(value) > 1:
            raise ValueError(f"{case.name}: the peer found {len(value)} objects for one id")
        value = value[0] if value else None
    if case.peer_first is not None:
        value = value[: case.peer_first]
    return _peer_normal(value)


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two normal forms first differ, as a path and the two values; None if equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'the first' if key in a else 'the second'}"
            if found := first_difference(a[key], b[key], f"{path}.{key}"):
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for k, (x, y) in enumerate(zip(a, b, strict=False)):
            if found := first_difference(x, y, f"{path}[{k}]"):
                return found
        return None if len(a) == len(b) else f"{path}: {len(a)} items against {len(b)}"
    return None if a == b else f"{path}: {a!r} against {b!r}"
