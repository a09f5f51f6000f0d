"""Input types of the mutations: entities by id, facts by their endpoints.

Writes are patches. A field left out keeps what the graph holds; `null` clears
it; a value replaces it. `sources` is the exception: the sources a write cites
are added to those already recorded, so evidence accumulates. Every write cites
at least one source, by id (`sources`) or inline (`newSources`).

Dates are partial dates in text (`2017`, `2024-07`, `2024-07-18`), not the
`PartialDate` scalar: they are checked by the seed model's rules inside the
mutation, so a bad one comes back as BAD_USER_INPUT naming the input field
(`extensions.field: "input.start"`) rather than as a bare variable error.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from model.kinds import (
    ENTITY_KINDS,
    FACT_KINDS,
    FACT_ROW,
    End,
    EndInput,
    FactKind,
    Prop,
    WritableFact,
)
from schema.classes import SCALAR_TYPES, Fields, make, snake

PARTIAL_DATE = "As precise as the source: `2017`, `2024-07` or `2024-07-18`."


def _sources() -> Any:
    return strawberry.field(
        default_factory=list,
        description=(
            "Ids of existing sources that state this; added to those already recorded. "
            "Every write needs at least one source, here or in `newSources`."
        ),
    )


def _new_sources() -> Any:
    return strawberry.field(
        default_factory=list,
        description="Sources to create (or update) in the same transaction, and cite.",
    )


def _confidence() -> Any:
    return strawberry.field(
        default=UNSET,
        description=(
            "0..1: 1.0 when a reliable source states it directly, 0.8 for weak sources, "
            "0.6-0.7 for inferences. Left out: kept (1.0 when new)."
        ),
    )


def _note() -> Any:
    return strawberry.field(
        default=UNSET, description="What the sources leave open, or how the record was read."
    )


def _disputes() -> Any:
    return strawberry.field(
        default=UNSET,
        description="Other values other sources give; replaces the recorded list when given.",
    )


def _optional(description: str) -> Any:
    return strawberry.field(default=UNSET, description=description)


def _date(what: str) -> Any:
    return strawberry.field(default=UNSET, description=f"{what} {PARTIAL_DATE}")


@strawberry.input(description="Another value that other sources give for one field.")
class DisputeInput:
    field: str = strawberry.field(
        description="The field the sources disagree on (for facts: `from`, `to` or a property)."
    )
    value: str = strawberry.field(description="The other value, as text.")
    sources: list[strawberry.ID] = strawberry.field(
        description="Ids of the sources that give it (at least one)."
    )
    note: str | None = strawberry.field(default=None, description="Anything worth knowing.")


@strawberry.input(description="A source: an article, a paper, a filing. Upserted by id.")
class SourceInput:
    id: strawberry.ID = strawberry.field(description="A slug id, e.g. `s21`.")
    title: str | None = _optional("The title (required when new).")
    publisher: str | None = _optional("Who published it (required when new).")
    url: str | None = _optional("An http(s) URL; null when unknown.")
    published: str | None = _date("When it was published.")
    language: str | None = _optional("The language it is written in, e.g. `en`, `zh`.")
    reliability: str | None = _optional("`high`, `medium` (the default) or `low`.")
    note: str | None = _note()


# --- Entities -------------------------------------------------------------------------


@strawberry.input(description="Fields every entity but a source has.")
class EntityInput:
    id: strawberry.ID = strawberry.field(
        description=(
            "A slug id (`zhou-chang`): the entity to create or update. An id retired by a "
            "merge names the entity it was merged into."
        )
    )
    name: str | None = _optional("The name in English (required when new).")
    name_zh: str | None = _optional("The Chinese name.")
    aliases: list[str] | None = _optional("Other names; replaces the recorded list when given.")
    description: str | None = _optional("A short description in your own words.")
    sources: list[strawberry.ID] = _sources()
    new_sources: list[SourceInput] = _new_sources()
    confidence: float | None = _confidence()
    note: str | None = _note()
    disputes: list[DisputeInput] | None = _disputes()


@strawberry.input(description="One investor in a funding round (INVESTED_IN).")
class InvestorInput:
    investor: strawberry.ID = strawberry.field(description="The investing company's id.")
    lead: bool | None = _optional("True only where a source names it the lead (default false).")
    sources: list[strawberry.ID] | None = _optional(
        "Sources for this investment; left out, the round's sources vouch for it."
    )
    note: str | None = _note()


def _field(prop: Prop) -> tuple[Any, Any]:
    """A property as an input field: optional (left out, an update keeps it); dates as text."""
    kind = str if prop.type == "date" else SCALAR_TYPES[prop.type]
    return kind | None, (_date if prop.type == "date" else _optional)(prop.input)


# Fields of one kind beyond its properties: a round's investors, patched one by one.
_MORE: dict[str, Fields] = {
    "FundingRound": {
        "investors": (
            list[InvestorInput],
            strawberry.field(
                default_factory=list,
                description=(
                    "Investors to add or update; investors already recorded and not listed stay."
                ),
            ),
        )
    }
}

# `<Stem>Input` for each cited entity kind, from its row in the registry (model/kinds.toml).
for _entity in ENTITY_KINDS:
    if _entity.cited:
        _fields: Fields = {snake(p.name): _field(p) for p in _entity.props}
        _fields.update(_MORE.get(_entity.label, {}))
        make(strawberry.input, f"{_entity.stem}Input", __name__, _fields, _entity.input,
             (EntityInput,))  # fmt: skip


# --- Facts ------------------------------------------------------------------------------
# A fact is identified by its type, its two ends and its `start` (two spells at one
# company differ in start): writing the same identity again updates that fact.
# `<Name>Input` (and `End<Name>Input`) for each fact kind with a mutation are generated
# from its row in the registry (model/kinds.toml).


@strawberry.input(description="Fields every fact has: its evidence.")
class FactInput:
    sources: list[strawberry.ID] = _sources()
    new_sources: list[SourceInput] = _new_sources()
    confidence: float | None = _confidence()
    note: str | None = _note()
    disputes: list[DisputeInput] | None = _disputes()


def _fact_input(kind: WritableFact, row: FactKind) -> type:
    """`<Name>Input`: the two ends by id, then `start` (with the ends, the fact's identity),
    then the other properties, as the registry lists them."""
    fields: Fields = {end.field: _end(end) for end in (row.source, row.target)}
    props = sorted(row.props, key=lambda p: p.name != "start")
    fields.update((snake(p.name), _field(p)) for p in props)
    return make(strawberry.input, f"{kind.stem}Input", __name__, fields, kind.about, (FactInput,))


def _end_input(kind: WritableFact, row: FactKind, ending: EndInput) -> type:
    """`End<Name>Input`: the spell by its ends and start, when it ended, and the sources."""
    fields: Fields = {end.field: _end(end) for end in (row.source, row.target)}
    fields.update(
        start=(str | None, _date(ending.start)),
        end=(str | None, _date(ending.end)),
        sources=(list[strawberry.ID], _sources()),
        new_sources=(list[SourceInput], _new_sources()),
        note=(str | None, _note()),
    )
    return make(strawberry.input, f"End{kind.stem}Input", __name__, fields, ending.about)


def _end(end: End) -> tuple[Any, Any]:
    return strawberry.ID, strawberry.field(description=end.input)


for _kind in FACT_KINDS:
    _fact_input(_kind, FACT_ROW[_kind.name])
    if _kind.end_input is not None:
        _end_input(_kind, FACT_ROW[_kind.name], _kind.end_input)
