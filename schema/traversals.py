"""Result types of the named traversals (the questions users ask across the graph),
and how the statements' rows become them."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry
from strawberry.types import Info

from resolvers import Record, ordered
from schema import records
from schema.connections import Connection, page_of
from schema.pagination import After, Before, FirstOfRelation, Last, connection, paging
from schema.scalars import JSON
from schema.types import Entity, Evidence
from talentgraph.context import Context

if TYPE_CHECKING:  # generated from the registry (schema/types.py, schema/facts.py)
    Company: TypeAlias = Any
    Employment: TypeAlias = Any
    FundingRound: TypeAlias = Any
    Investment: TypeAlias = Any
    Person: TypeAlias = Any
else:
    from schema.facts import Employment, Investment
    from schema.types import Company, FundingRound, Person


@strawberry.type(
    description="Someone who left the alumni company and later joined a portfolio company."
)
class AlumniHire:
    person: Person
    left: Employment = strawberry.field(description="The spell at the alumni company (or a unit).")
    joined: Employment = strawberry.field(description="The spell at the portfolio company.")


@strawberry.type(
    description="A company the investor backed that hired the alumni company's former staff."
)
class PortfolioHire:
    company: Company
    investments: list[Investment] = strawberry.field(
        description="How the investor (or one of its units) backed the company."
    )
    hires: list[AlumniHire]


@strawberry.type(description="One person's move from one company to another.")
class Move:
    person: Person
    left: Employment
    joined: Employment
    period: str = strawberry.field(
        description="The flow's period this move counts in (see `TalentFlow.periods`)."
    )


@strawberry.enum(description="How finely moves are bucketed in time.")
class Granularity(Enum):
    YEAR = "YEAR"
    QUARTER = "QUARTER"


@strawberry.type(description="How many moves of a flow joined in one year or quarter.")
class FlowPeriod:
    period: str = strawberry.field(
        description=(
            "`2024`, or `2024-Q3` by quarter; a move whose start is known only to the year "
            "stays in the year's bucket even by quarter."
        )
    )
    count: int = strawberry.field(description="How many of the flow's moves joined then.")


@strawberry.type(description="People who moved from one company to another.")
class TalentFlow:
    """One pair of companies and its moves.

    The moves are the connection, not the pairs: a pair between two big companies holds
    hundreds of people, while the pairs are a ranking (largest flow first) that clients
    read as a top `first`, which the reviewed statement cuts itself. Paging the pairs
    would make the statement build every pair of the graph for each page; a pair's
    moves are already in hand, and page by keyset like any connection.
    """

    from_: Company = strawberry.field(name="from")
    to: Company
    count: int = strawberry.field(
        description="How many moves (a person can move twice); `moves.totalCount` too."
    )
    periods: list[FlowPeriod] = strawberry.field(
        description="The moves counted by the date they joined, oldest first (see `granularity`)."
    )
    rows: strawberry.Private[list[Record]]

    @strawberry.field(description="Who moved, by the date they joined, oldest first.")
    def moves(
        self,
        info: Info[Context, None],
        first: FirstOfRelation = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> MoveConnection:
        cap = info.context.settings.max_page_size
        return move_connection(self.rows, paging(first, after, last, before), cap)


@strawberry.type(description="Someone who left a company, and where they went next.")
class Departure:
    person: Person
    left: Employment
    next: list[Employment] = strawberry.field(description="Later spells, earliest first.")


@strawberry.type(description="An investor that invested alongside, and the shared rounds.")
class CoInvestor:
    investor: Company
    count: int = strawberry.field(description="How many rounds they shared.")
    rounds: list[FundingRound]


@strawberry.type(description="A company in an investor's portfolio and how it was backed.")
class PortfolioCompany:
    company: Company
    investments: list[Investment]


@strawberry.type(description="A full-text hit.")
class SearchHit:
    node: Entity
    score: float = strawberry.field(description="Lucene relevance; higher is better.")


@strawberry.type(description="One step of a path: a relationship, in either direction.")
class Hop:
    from_: Entity = strawberry.field(name="from")
    to: Entity
    type: str = strawberry.field(description="The relationship type, e.g. WORKED_AT.")
    forward: bool = strawberry.field(
        description="True when the relationship points from `from` to `to`."
    )
    properties: JSON = strawberry.field(
        description="The relationship's properties (role, dates...)."
    )
    evidence: Evidence


@strawberry.type(description="A shortest path between two entities.")
class Path:
    length: int
    hops: list[Hop]


# --- From the statements' rows (resolvers/traversals.py) to these types ------------


def portfolio_hire(row: Record) -> PortfolioHire:
    company = records.entity(row["company"])
    hires = []
    for hire in row["hires"]:
        person = records.entity(hire["person"])
        left = _employment(hire["left"], person, records.entity(hire["leftAt"]))
        hires.append(AlumniHire(person=person, left=left, joined=_employment(hire["joined"], person, company)))  # fmt: skip
    return PortfolioHire(company=company, investments=_investments(row["investments"]), hires=hires)


def talent_flow(row: Record) -> TalentFlow:
    return TalentFlow(
        from_=records.entity(row["from"]),
        to=records.entity(row["to"]),
        count=len(row["moves"]),
        periods=[FlowPeriod(period=p["period"], count=p["count"]) for p in row["periods"]],
        rows=row["moves"],
    )


def move(row: Record) -> Move:
    person = records.entity(row["person"])
    left = _employment(row["left"], person, records.entity(row["leftAt"]))
    joined = _employment(row["joined"], person, records.entity(row["joinedAt"]))
    return Move(person=person, left=left, joined=joined, period=row["period"])


# The traversals' pages: Connection[...] under names and descriptions of their own (the
# order of each list). To mypy, each is the Connection it specialises.
if TYPE_CHECKING:
    MoveConnection: TypeAlias = Connection[Move]
    DepartureConnection: TypeAlias = Connection[Departure]
    PortfolioCompanyConnection: TypeAlias = Connection[PortfolioCompany]
    SearchHitConnection: TypeAlias = Connection[SearchHit]
else:
    MoveConnection = page_of(
        Move, "A page of a flow's moves, by the date they joined, oldest first.", __name__
    )
    DepartureConnection = page_of(
        Departure, "A page of departures, newest first (undated ones last).", __name__
    )
    PortfolioCompanyConnection = page_of(
        PortfolioCompany, "A page of an investor's portfolio, by company name.", __name__
    )
    SearchHitConnection = page_of(SearchHit, "A page of search hits, best first.", __name__)


def move_connection(rows: list[Record], args: dict[str, Any], cap: int) -> MoveConnection:
    asked = ordered.checked(args, ordered.MOVES, 20, cap)
    return connection(ordered.cut(rows, ordered.MOVES, asked), move)


def search_hit(row: Record) -> SearchHit:
    return SearchHit(node=records.entity(row["node"]), score=row["score"])


def departure(row: Record) -> Departure:
    person = records.entity(row["person"])
    return Departure(
        person=person,
        left=_employment(row["left"], person, records.entity(row["leftAt"])),
        next=[_employment(n["rel"], person, records.entity(n["at"])) for n in row["next"]],
    )


def co_investor(row: Record) -> CoInvestor:
    rounds = [records.entity(r) for r in row["rounds"]]
    return CoInvestor(investor=records.entity(row["investor"]), count=len(rounds), rounds=rounds)


def portfolio_company(row: Record) -> PortfolioCompany:
    return PortfolioCompany(
        company=records.entity(row["company"]), investments=_investments(row["investments"])
    )


def path(row: Record) -> Path:
    nodes = {n["id"]: records.entity(n) for n in row["nodes"]}
    order = [n["id"] for n in row["nodes"]]
    hops = [
        Hop(
            from_=nodes[order[i]],
            to=nodes[order[i + 1]],
            type=rel["type"],
            forward=rel["from"] == order[i],
            properties=JSON(records.plain(rel["props"])),
            evidence=records.evidence(rel["props"]),
        )
        for i, rel in enumerate(row["rels"])
    ]
    return Path(length=len(hops), hops=hops)


def _employment(props: Record, person: Any, employer: Any) -> Employment:
    return records.build(Employment, props, person=person, employer=employer)


def _investments(rows: list[Record]) -> list[Investment]:
    return [
        records.build(
            Investment,
            i["rel"],
            investor=records.entity(i["investor"]),
            round=records.entity(i["round"]),
        )
        for i in rows
    ]
