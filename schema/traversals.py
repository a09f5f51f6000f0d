"""Result types of the named traversals: the questions users ask across the graph."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.scalars import JSON
from schema.types import Company, Employment, Entity, Evidence, FundingRound, Investment, Person


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
    from_: Company = strawberry.field(name="from")
    to: Company
    count: int = strawberry.field(description="How many moves (a person can move twice).")
    moves: list[Move]
    periods: list[FlowPeriod] = strawberry.field(
        description="The moves counted by the date they joined, oldest first (see `granularity`)."
    )


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
