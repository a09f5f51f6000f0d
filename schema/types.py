"""The graph's entity types, and the interfaces of entities and facts.

Scalar fields are plain attributes, filled from one query's result: no resolver
runs per scalar. Relationship fields are the only resolvers below the root,
each batched across all parents by a DataLoader. The entity types (but
`Source`) are generated from their rows in the registry (model/kinds.toml):
their properties, then the relationship fields the row lists
(`with_relations`). The fact types are generated too (schema/facts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import strawberry
from strawberry.types import Info

from model import kinds
from model.graph import CompanyKind, Kind, MoneyQualifier
from model.kinds import ENTITY_KINDS, WritableEntity
from resolvers import evidence
from schema import changes, records
from schema.classes import Fields, make, output, snake
from schema.loaders import loader
from schema.relations import with_relations
from schema.scalars import PartialDate
from talentgraph.context import Context


async def _cited(root: Any, info: Info[Context, None]) -> list[Source]:
    """`sources` of evidence and of a dispute: the sources their ids name."""
    return await _sources(info.context, root.source_ids)


async def _history(
    root: Any,
    info: Info[Context, None],
    first: changes.HistoryFirst = changes.HISTORY_FIRST,
    after: changes.HistoryAfter = None,
) -> changes.RevisionConnection:
    """`history` of every entity and fact (the change log)."""
    return await changes.history(info.context, root.id, first, after)


@strawberry.type(description="Another value that other sources give for one field.")
class Dispute:
    field: str = strawberry.field(description="The field the sources disagree on.")
    value: str = strawberry.field(description="The value these sources give instead.")
    note: str | None
    source_ids: list[strawberry.ID]

    sources: list[Source] = strawberry.field(
        resolver=_cited, description="The sources that give this value."
    )


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

    sources: list[Source] = strawberry.field(
        resolver=_cited, description="The sources that state the fact."
    )


@strawberry.interface(
    description="Anything `node(id:)` finds again by its id: every entity and every fact (Relay)."
)
class Node:
    id: strawberry.ID = strawberry.field(description="A stable id, unique in the graph.")


@strawberry.interface(description="Anything in the graph with a stable, human-readable id.")
class Entity(Node):
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

    history: changes.RevisionConnection = strawberry.field(
        resolver=_history,
        description="Every recorded change to it, newest first (docs/history.md).",
    )


@strawberry.interface(
    description=(
        "Where a person can work (the far end of WORKED_AT): a Company, or a University for "
        "academic posts. Narrower than `Entity`, so clients type `Employment.employer` as "
        "exactly these two."
    )
)
class Employer(Entity):
    pass


# The interfaces an end of a fact may be (model/kinds.toml: `interface` on a `from` or `to`);
# each entity type an end lists implements it.
INTERFACES: dict[str, type[Entity]] = {"Employer": Employer}


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


# --- Facts: the interface; the types are generated (schema/facts.py) ---------------


@strawberry.interface(description="A relationship between two entities, with its evidence.")
class Fact(Node):
    id: strawberry.ID = strawberry.field(description="Stable id of the fact.")
    note: str | None = None
    evidence: Evidence

    history: changes.RevisionConnection = strawberry.field(
        resolver=_history,
        description="Every recorded change to it, newest first (docs/history.md).",
    )


# --- Entities: generated from the registry (model/kinds.toml) ----------------------


def _entity_type(kind: WritableEntity) -> Any:
    """The entity type of a registry row: its properties, then its relationship fields."""
    fields: Fields = {snake(p.name): f for p in kind.props if (f := output(p)) is not None}

    def decorate(cls: type, description: str) -> Any:
        return strawberry.type(with_relations(cls), description=description)

    bases = tuple(INTERFACES[name] for name in kinds.interfaces(kind.label)) or (Entity,)
    return make(decorate, kind.label, __name__, fields, kind.about, bases)


# Every cited kind's type is generated; a source's is written above.
ENTITY_TYPES: dict[str, type[Entity]] = {
    **{kind.label: _entity_type(kind) for kind in ENTITY_KINDS if kind.cited},
    "Source": Source,
}
records.register(*ENTITY_TYPES.values(), Evidence, Dispute)


async def _sources(context: Context, ids: Sequence[str]) -> list[Source]:
    """The sources behind facts: every fact of a level shares one statement."""
    batch = partial(evidence.sources, context)
    found = await loader(context, "sources", batch).load_many(list(ids))
    return [records.entity(s) for s in found if s is not None]
