"""The root Mutation type and its payloads. Every mutation needs the `write` scope.

Each write is one transaction: it lands whole or not at all. A payload answers
the object as stored now, and `changed`: false when the graph already held
exactly this, so nothing was written (see docs/writing.md).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import mutations
from schema.inputs import (
    AffiliationInput,
    CompanyInput,
    ContributionInput,
    DevelopmentInput,
    EducationInput,
    EmploymentInput,
    EndEmploymentInput,
    FoundingInput,
    FundingRoundInput,
    MembershipInput,
    ModelInput,
    OwnershipInput,
    PersonInput,
    ProductInput,
    SourceInput,
    StakeInput,
    UniversityInput,
)
from schema.permissions import CanWrite
from schema.types import (
    Affiliation,
    AIModel,
    Company,
    Contribution,
    Development,
    Education,
    Employment,
    Entity,
    Founding,
    FundingRound,
    Membership,
    Ownership,
    Person,
    Product,
    Source,
    Stake,
    University,
)
from talentgraph.context import Context

CHANGED = (
    "False when the graph already held exactly this: nothing was written, not even `writtenAt`."
)


def _changed() -> bool:
    return strawberry.field(description=CHANGED)


@strawberry.type(description="What upsertSource wrote.")
class SourcePayload:
    source: Source = strawberry.field(description="The source as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertPerson wrote.")
class PersonPayload:
    person: Person = strawberry.field(description="The person as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertCompany wrote.")
class CompanyPayload:
    company: Company = strawberry.field(description="The company as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertUniversity wrote.")
class UniversityPayload:
    university: University = strawberry.field(description="The university as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertModel wrote.")
class ModelPayload:
    model: AIModel = strawberry.field(description="The model as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertProduct wrote.")
class ProductPayload:
    product: Product = strawberry.field(description="The product as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What upsertFundingRound wrote.")
class FundingRoundPayload:
    round: FundingRound = strawberry.field(
        description="The round as stored now; `investors` lists every investor recorded."
    )
    changed: bool = _changed()


@strawberry.type(description="What recordEmployment or endEmployment wrote.")
class EmploymentPayload:
    employment: Employment = strawberry.field(description="The spell as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordFounding wrote.")
class FoundingPayload:
    founding: Founding = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordEducation wrote.")
class EducationPayload:
    education: Education = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordContribution wrote.")
class ContributionPayload:
    contribution: Contribution = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordDevelopment wrote.")
class DevelopmentPayload:
    development: Development = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordMembership wrote.")
class MembershipPayload:
    membership: Membership = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordOwnership wrote.")
class OwnershipPayload:
    ownership: Ownership = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordAffiliation wrote.")
class AffiliationPayload:
    affiliation: Affiliation = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What recordStake wrote.")
class StakePayload:
    stake: Stake = strawberry.field(description="The fact as stored now.")
    changed: bool = _changed()


@strawberry.type(description="What mergeEntities did.")
class MergePayload:
    entity: Entity = strawberry.field(description="The kept entity as stored now.")
    changed: bool = strawberry.field(
        description="False when `remove` had already been merged into `keep`: nothing was done."
    )
    moved: int = strawberry.field(
        description="Relationships moved from the removed entity onto the kept one."
    )
    combined: int = strawberry.field(
        description="Relationships the kept entity already had (the same fact): folded into it."
    )
    dropped: int = strawberry.field(
        description="Relationships between the two entities, which would have pointed at itself."
    )
    redirected: list[strawberry.ID] = strawberry.field(
        description="Ids that now resolve to the kept entity: `remove`, and ids merged into it."
    )


Input = strawberry.argument(
    description="The record: a field left out keeps its stored value, null clears it."
)


@strawberry.type(description="Writes. Every one needs an API key with the `write` scope.")
class Mutation:
    @strawberry.mutation(
        permission_classes=[CanWrite], description="Create or update a source by id."
    )
    async def upsert_source(
        self, info: Info[Context, None], input: Annotated[SourceInput, Input]
    ) -> SourcePayload:
        source, changed = await mutations.upsert_entity(info, "Source", input)
        return SourcePayload(source=source, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Create or update a person by id."
    )
    async def upsert_person(
        self, info: Info[Context, None], input: Annotated[PersonInput, Input]
    ) -> PersonPayload:
        person, changed = await mutations.upsert_entity(info, "Person", input)
        return PersonPayload(person=person, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Create or update a company, unit, lab or investor.",
    )
    async def upsert_company(
        self, info: Info[Context, None], input: Annotated[CompanyInput, Input]
    ) -> CompanyPayload:
        company, changed = await mutations.upsert_entity(info, "Company", input)
        return CompanyPayload(company=company, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Create or update a university by id."
    )
    async def upsert_university(
        self, info: Info[Context, None], input: Annotated[UniversityInput, Input]
    ) -> UniversityPayload:
        university, changed = await mutations.upsert_entity(info, "University", input)
        return UniversityPayload(university=university, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Create or update an AI model, family or release (with its family).",
    )
    async def upsert_model(
        self, info: Info[Context, None], input: Annotated[ModelInput, Input]
    ) -> ModelPayload:
        model, changed = await mutations.upsert_entity(info, "AIModel", input)
        return ModelPayload(model=model, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Create or update a product by id."
    )
    async def upsert_product(
        self, info: Info[Context, None], input: Annotated[ProductInput, Input]
    ) -> ProductPayload:
        product, changed = await mutations.upsert_entity(info, "Product", input)
        return ProductPayload(product=product, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description=(
            "Create or update a funding round: the company that raised it (RAISED) and its "
            "investors (INVESTED_IN)."
        ),
    )
    async def upsert_funding_round(
        self, info: Info[Context, None], input: Annotated[FundingRoundInput, Input]
    ) -> FundingRoundPayload:
        round_, changed = await mutations.upsert_entity(info, "FundingRound", input)
        return FundingRoundPayload(round=round_, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description=(
            "Record that a person joined a company or university (WORKED_AT), or update that "
            "spell: a spell is identified by person, employer and start."
        ),
    )
    async def record_employment(
        self, info: Info[Context, None], input: Annotated[EmploymentInput, Input]
    ) -> EmploymentPayload:
        fact, changed = await mutations.record_fact(info, "employment", input)
        return EmploymentPayload(employment=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Record that a person left: ends a WORKED_AT spell, dated or not.",
    )
    async def end_employment(
        self, info: Info[Context, None], input: Annotated[EndEmploymentInput, Input]
    ) -> EmploymentPayload:
        fact, changed = await mutations.end_employment(info, input)
        return EmploymentPayload(employment=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Record that a person founded a company."
    )
    async def record_founding(
        self, info: Info[Context, None], input: Annotated[FoundingInput, Input]
    ) -> FoundingPayload:
        fact, changed = await mutations.record_fact(info, "founding", input)
        return FoundingPayload(founding=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Record that a person studied at a university."
    )
    async def record_education(
        self, info: Info[Context, None], input: Annotated[EducationInput, Input]
    ) -> EducationPayload:
        fact, changed = await mutations.record_fact(info, "education", input)
        return EducationPayload(education=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Record that a person contributed to a model."
    )
    async def record_contribution(
        self, info: Info[Context, None], input: Annotated[ContributionInput, Input]
    ) -> ContributionPayload:
        fact, changed = await mutations.record_fact(info, "contribution", input)
        return ContributionPayload(contribution=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Record that a company developed a model."
    )
    async def record_development(
        self, info: Info[Context, None], input: Annotated[DevelopmentInput, Input]
    ) -> DevelopmentPayload:
        fact, changed = await mutations.record_fact(info, "development", input)
        return DevelopmentPayload(development=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Record that a unit or subsidiary is part of a group (PART_OF).",
    )
    async def record_membership(
        self, info: Info[Context, None], input: Annotated[MembershipInput, Input]
    ) -> MembershipPayload:
        fact, changed = await mutations.record_fact(info, "membership", input)
        return MembershipPayload(membership=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Record that a company owns a product or another company (OWNS).",
    )
    async def record_ownership(
        self, info: Info[Context, None], input: Annotated[OwnershipInput, Input]
    ) -> OwnershipPayload:
        fact, changed = await mutations.record_fact(info, "ownership", input)
        return OwnershipPayload(ownership=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Record that a company is an affiliate of, not part of, another.",
    )
    async def record_affiliation(
        self, info: Info[Context, None], input: Annotated[AffiliationInput, Input]
    ) -> AffiliationPayload:
        fact, changed = await mutations.record_fact(info, "affiliation", input)
        return AffiliationPayload(affiliation=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Record that a company holds a stake in another."
    )
    async def record_stake(
        self, info: Info[Context, None], input: Annotated[StakeInput, Input]
    ) -> StakePayload:
        fact, changed = await mutations.record_fact(info, "stake", input)
        return StakePayload(stake=fact, changed=changed)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description=(
            "Merge two records of one entity: every relationship, name and source of `remove` "
            "moves onto `keep`, `remove` is deleted, and its id resolves to `keep` from then on. "
            "Both must be of one kind. Merging again changes nothing."
        ),
    )
    async def merge_entities(
        self,
        info: Info[Context, None],
        keep: Annotated[strawberry.ID, strawberry.argument(description="The id to keep.")],
        remove: Annotated[
            strawberry.ID, strawberry.argument(description="The id to fold into `keep`.")
        ],
    ) -> MergePayload:
        merged = await mutations.merge_entities(info, keep, remove)
        return MergePayload(
            entity=merged.entity,
            changed=merged.changed,
            moved=merged.moved,
            combined=merged.combined,
            dropped=merged.dropped,
            redirected=merged.redirected,  # type: ignore[arg-type]
        )
