"""The graph's node and relationship types.

Scalar fields are plain attributes, filled from one query's result: no resolver
runs per scalar. Relationship fields (see `schema.relations`) are the only
resolvers below the root, each batched across all parents by a DataLoader.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import strawberry
from strawberry.types import Info

from model.graph import CompanyKind, Kind, MoneyQualifier
from resolvers import evidence
from schema import changes, records
from schema.loaders import loader
from schema.relations import IN, OUT, relation
from schema.scalars import PartialDate
from talentgraph.context import Context


@strawberry.type(description="Another value that other sources give for one field.")
class Dispute:
    field: str = strawberry.field(description="The field the sources disagree on.")
    value: str = strawberry.field(description="The value these sources give instead.")
    note: str | None
    source_ids: list[strawberry.ID]

    @strawberry.field(description="The sources that give this value.")
    async def sources(self, info: Info[Context, None]) -> list[Source]:
        return await _sources(info.context, self.source_ids)


@strawberry.type(
    description="Why a fact is believed: its sources, a confidence, and disagreements."
)
class Evidence:
    confidence: float = strawberry.field(
        description="1.0 stated by a reliable source; lower for low-reliability sources or inferences."
    )
    source_ids: list[strawberry.ID]
    disputes: list[Dispute] = strawberry.field(
        description="Other values that other sources give; empty when the sources agree."
    )

    @strawberry.field(description="The sources that state the fact.")
    async def sources(self, info: Info[Context, None]) -> list[Source]:
        return await _sources(info.context, self.source_ids)


@strawberry.interface(description="Anything in the graph with a stable, human-readable id.")
class Entity:
    id: strawberry.ID = strawberry.field(description="A stable slug, e.g. `zhou-chang`.")
    name: str
    name_zh: str | None = strawberry.field(default=None, description="The Chinese name, if known.")
    aliases: list[str] = strawberry.field(default_factory=list)
    description: str | None = None
    note: str | None = strawberry.field(default=None, description="What the sources leave open.")
    synthetic: bool = strawberry.field(
        default=False, description="True for generated scale-test data, never real facts."
    )
    evidence: Evidence = strawberry.field(description="The sources for this entity.")

    @strawberry.field(description="Every recorded change to it, newest first (docs/history.md).")
    async def history(
        self,
        info: Info[Context, None],
        first: changes.HistoryFirst = changes.HISTORY_FIRST,
        after: changes.HistoryAfter = None,
    ) -> changes.RevisionConnection:
        return await changes.history(info.context, self.id, first, after)


@strawberry.type(description="A source a fact cites: an article, a paper, a filing.")
class Source(Entity):
    title: str
    publisher: str
    url: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    reliability: str = strawberry.field(default="medium", description="high, medium or low.")
    note: str | None = None


# One list of kinds for the seed files, the mutations and the API: strawberry.enum
# marks the seed model's enum itself as a GraphQL enum.
strawberry.enum(CompanyKind, description="What a company is.")
strawberry.enum(Kind, name="EntityKind", description="A kind of entity: its label in the graph.")
strawberry.enum(
    MoneyQualifier,
    description=(
        "How a sum is meant, as the source hedges it: `EXACT`, `ABOUT`, `AT_LEAST` "
        '("more than US$300 million") or `AT_MOST`.'
    ),
)


# --- Relationships ------------------------------------------------------------------


@strawberry.interface(description="A relationship between two entities, with its evidence.")
class Fact:
    id: strawberry.ID = strawberry.field(description="Stable id of the fact.")
    note: str | None = None
    evidence: Evidence

    @strawberry.field(description="Every recorded change to it, newest first (docs/history.md).")
    async def history(
        self,
        info: Info[Context, None],
        first: changes.HistoryFirst = changes.HISTORY_FIRST,
        after: changes.HistoryAfter = None,
    ) -> changes.RevisionConnection:
        return await changes.history(info.context, self.id, first, after)


@strawberry.type(description="A person's spell at a company or university (WORKED_AT).")
class Employment(Fact):
    person: Person
    employer: Entity = strawberry.field(
        description="A Company, or a University for academic posts."
    )
    role: str | None = None
    team: str | None = None
    level: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    ended: bool = strawberry.field(
        default=False, description="True when the spell is over, even if no source dates its end."
    )


@strawberry.type(description="A person founded a company (FOUNDED).")
class Founding(Fact):
    person: Person
    company: Company
    role: str | None = None
    start: PartialDate | None = None


@strawberry.type(description="A person studied at a university (STUDIED_AT).")
class Education(Fact):
    person: Person
    university: University
    degree: str | None = None
    field: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


@strawberry.type(description="A person contributed to a model (CONTRIBUTED_TO).")
class Contribution(Fact):
    person: Person
    model: AIModel
    role: str | None = None


@strawberry.type(description="A company developed a model (DEVELOPED).")
class Development(Fact):
    company: Company
    model: AIModel


@strawberry.type(
    description="A unit belongs to a group (PART_OF); ex-staff of a unit are ex-staff of the group."
)
class Membership(Fact):
    unit: Company
    group: Company
    start: PartialDate | None = None


@strawberry.type(
    description="An affiliate that is not part of the group (AFFILIATE_OF), e.g. Ant Group."
)
class Affiliation(Fact):
    affiliate: Company
    company: Company


@strawberry.type(description="A company owns a product or another company (OWNS).")
class Ownership(Fact):
    owner: Company
    asset: Entity
    start: PartialDate | None = None


@strawberry.type(description="A company holds a stake in another (HOLDS_STAKE).")
class Stake(Fact):
    holder: Company
    company: Company
    share: str | None = None
    as_of: PartialDate | None = None


@strawberry.type(description="A company raised a funding round (RAISED).")
class Raise(Fact):
    company: Company
    round: FundingRound


@strawberry.type(description="An investor took part in a funding round (INVESTED_IN).")
class Investment(Fact):
    investor: Company
    round: FundingRound
    lead: bool = strawberry.field(
        default=False, description="True only where a source names the lead."
    )


@strawberry.type(description="A model release belongs to a model family (VERSION_OF).")
class Version(Fact):
    version: AIModel
    family: AIModel


# --- Entities -----------------------------------------------------------------------


@strawberry.type(description="A person: engineer, researcher, founder, executive.")
class Person(Entity):
    born: PartialDate | None = None
    born_place: str | None = None

    employments = relation("WORKED_AT", OUT, Employment, "person", "employer", dated=True,
                           description="Where the person worked, newest first.")  # fmt: skip
    foundings = relation("FOUNDED", OUT, Founding, "person", "company", dated=True,
                         description="Companies the person founded.")  # fmt: skip
    education = relation("STUDIED_AT", OUT, Education, "person", "university", dated=True,
                         description="Where the person studied.")  # fmt: skip
    contributions = relation("CONTRIBUTED_TO", OUT, Contribution, "person", "model",
                             description="Models the person helped build.")  # fmt: skip


@strawberry.type(description="A company, business unit, lab or investor.")
class Company(Entity):
    kind: CompanyKind
    founded: PartialDate | None = None
    hq: str | None = None
    listed: str | None = None

    employments = relation("WORKED_AT", IN, Employment, "employer", "person", dated=True,
                           description="People who worked here (this company only; see `units`).")  # fmt: skip
    founders = relation("FOUNDED", IN, Founding, "company", "person", dated=True,
                        description="The company's founders.")  # fmt: skip
    models = relation("DEVELOPED", OUT, Development, "company", "model",
                      description="Models the company developed.")  # fmt: skip
    units = relation("PART_OF", IN, Membership, "group", "unit",
                     description="Business units and subsidiaries that are part of this company.")  # fmt: skip
    groups = relation("PART_OF", OUT, Membership, "unit", "group",
                      description="The group this company is part of.")  # fmt: skip
    affiliates = relation("AFFILIATE_OF", IN, Affiliation, "company", "affiliate",
                          description="Affiliates that are not part of the group.")  # fmt: skip
    affiliate_of = relation("AFFILIATE_OF", OUT, Affiliation, "affiliate", "company",
                            description="Groups this company is an affiliate of.")  # fmt: skip
    owns = relation("OWNS", OUT, Ownership, "owner", "asset",
                    description="Products and companies this company owns.")  # fmt: skip
    owned_by = relation("OWNS", IN, Ownership, "asset", "owner",
                        description="Companies that own this one.")  # fmt: skip
    stakes = relation("HOLDS_STAKE", OUT, Stake, "holder", "company",
                      description="Stakes this company holds in others.")  # fmt: skip
    stakeholders = relation("HOLDS_STAKE", IN, Stake, "company", "holder",
                            description="Companies holding a stake in this one.")  # fmt: skip
    rounds = relation("RAISED", OUT, Raise, "company", "round", dated=True,
                      description="Funding rounds the company raised, newest first.")  # fmt: skip
    investments = relation("INVESTED_IN", OUT, Investment, "investor", "round", dated=True,
                           description="Rounds this company invested in, newest first.")  # fmt: skip


@strawberry.type(description="A university.")
class University(Entity):
    city: str | None = None

    alumni = relation("STUDIED_AT", IN, Education, "university", "person", dated=True,
                      description="People who studied here.")  # fmt: skip
    employments = relation("WORKED_AT", IN, Employment, "employer", "person", dated=True,
                           description="People who held posts here.")  # fmt: skip


@strawberry.type(
    description="An AI model, a model family (Tongyi Qianwen) or one of its releases (Qwen2)."
)
class AIModel(Entity):
    released: PartialDate | None = None
    open_sourced: PartialDate | None = None
    parameters: str | None = None
    modality: str | None = None

    contributors = relation("CONTRIBUTED_TO", IN, Contribution, "model", "person",
                            description="People who contributed to the model.")  # fmt: skip
    developers = relation("DEVELOPED", IN, Development, "model", "company",
                          description="Companies that developed the model.")  # fmt: skip
    versions = relation("VERSION_OF", IN, Version, "family", "version",
                        description="Releases of this model family.")  # fmt: skip
    version_of = relation("VERSION_OF", OUT, Version, "version", "family",
                          description="The family this release belongs to.")  # fmt: skip


@strawberry.type(description="A product, e.g. TikTok or Douyin.")
class Product(Entity):
    launched: PartialDate | None = None

    owned_by = relation("OWNS", IN, Ownership, "asset", "owner",
                        description="Companies that own the product.")  # fmt: skip


@strawberry.type(description="A funding round: who raised how much, from whom, when.")
class FundingRound(Entity):
    series: str | None = None
    announced: PartialDate | None = strawberry.field(
        default=None, description="When it was announced; null when no source dates it."
    )
    amount: float | None = strawberry.field(default=None, description="In units of `currency`.")
    amount_qualifier: MoneyQualifier | None = None
    amount_text: str | None = strawberry.field(
        default=None, description='The source\'s own words when it hedges ("over US$300 million").'
    )
    currency: str | None = None
    valuation: float | None = None
    valuation_qualifier: MoneyQualifier | None = None
    valuation_currency: str | None = None

    raised_by = relation("RAISED", IN, Raise, "round", "company",
                         description="The company that raised the round.")  # fmt: skip
    investors = relation("INVESTED_IN", IN, Investment, "round", "investor",
                         description="The round's investors; `lead` marks named leads.")  # fmt: skip


ENTITY_TYPES: dict[str, type[Entity]] = {
    "Person": Person,
    "Company": Company,
    "University": University,
    "AIModel": AIModel,
    "Product": Product,
    "FundingRound": FundingRound,
    "Source": Source,
}
records.register(*ENTITY_TYPES.values(), Evidence, Dispute)


async def _sources(context: Context, ids: Sequence[str]) -> list[Source]:
    """The sources behind facts: every fact of a level shares one statement."""
    batch = partial(evidence.sources, context)
    found = await loader(context, "sources", batch).load_many(list(ids))
    return [records.entity(s) for s in found if s is not None]
