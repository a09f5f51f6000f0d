"""The root Mutation type and its payloads. Every mutation needs the `write` scope.

Each write is one transaction: it lands whole or not at all. A payload answers
the object as stored now, and `changed`: false when the graph already held
exactly this, so nothing was written (see docs/writing.md).

One mutation and one payload per row of the registry (model/kinds.py):
`upsert<Stem>` for an entity kind, `record<Name>` (and `end<Name>` where the
kind can end) for a fact kind. This layer only turns inputs into patches
(plain dicts), calls the write path (writes/service.py) and turns the records
it answers into the schema's types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from model.kinds import ENTITY_KINDS, FACT_KINDS, WritableEntity, WritableFact
from resolvers import changes
from schema import inputs, types
from schema import records as convert
from schema.changes import Change
from schema.changes import change as change_of
from schema.permissions import CanWrite
from schema.types import ENTITY_TYPES, Entity
from talentgraph.context import Context
from writes import service

CHANGED = (
    "False when the graph already held exactly this: nothing was written, not even `writtenAt`."
)

Input = strawberry.argument(
    description="The record: a field left out keeps its stored value, null clears it."
)


# --- From input to patch ----------------------------------------------------------------


def patch_of(input: Any) -> dict[str, Any]:
    """The fields an input object sets, by their seed-model (camelCase) names."""
    return {
        to_camel_case(f.name): _plain(getattr(input, f.name))
        for f in dataclasses.fields(input)
        if getattr(input, f.name) is not UNSET
    }


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return patch_of(value)
    return value


# --- Generated payloads and fields -----------------------------------------------------


def _payload(stem: str, answer: str, type_: type, description: str, wrote: str) -> type:
    """`<stem>Payload`: the object written, under `answer`, and `changed`."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": {answer: type_, "changed": bool},
        answer: strawberry.field(description=description),
        "changed": strawberry.field(description=CHANGED),
    }
    return strawberry.type(
        type(f"{stem}Payload", (), namespace), description=f"What {wrote} wrote."
    )


Answer = Callable[[service.Written], Any]
Write = Callable[[Context, dict[str, Any]], Awaitable[service.Written]]


def _mutation(name: str, description: str, input_type: type, payload: type, write: Write,
              answer: Answer) -> Any:  # fmt: skip
    """A root field `name(input: <input_type>!): <payload>!` that runs `write` on the patch."""

    async def resolve(info: Info[Context, None], input: Any) -> Any:
        written = await write(info.context, patch_of(input))
        return answer(written)

    resolve.__annotations__ = {
        "info": Info[Context, None],
        "input": Annotated[input_type, Input],
        "return": payload,
    }
    return strawberry.mutation(
        resolver=resolve, name=name, permission_classes=[CanWrite], description=description
    )


def _upsert(kind: WritableEntity) -> tuple[str, Any]:
    wrote = f"upsert{kind.stem}"
    payload = _payload(
        kind.stem, kind.answer, ENTITY_TYPES[kind.label], kind.answer_description, wrote
    )

    def write(context: Context, patch: dict[str, Any]) -> Awaitable[service.Written]:
        return service.upsert_entity(context, kind.label, patch)

    def answer(written: service.Written) -> Any:
        return payload(**{kind.answer: convert.entity(written.record)}, changed=written.changed)

    input_type = getattr(inputs, f"{kind.stem}Input")
    return wrote, _mutation(wrote, kind.description, input_type, payload, write, answer)


def _record(kind: WritableFact) -> list[tuple[str, Any]]:
    wrote = f"record{kind.stem}" + (f" or end{kind.stem}" if kind.ending else "")
    fact_type = getattr(types, kind.stem)
    payload = _payload(kind.stem, kind.name, fact_type, kind.stored, wrote)

    def answer(written: service.Written) -> Any:
        ends = {field: convert.entity(props) for field, props in written.ends.items()}
        fact = convert.build(fact_type, written.record, **ends)
        return payload(**{kind.name: fact}, changed=written.changed)

    def record(context: Context, patch: dict[str, Any]) -> Awaitable[service.Written]:
        return service.record_fact(context, kind.name, patch)

    def end(context: Context, patch: dict[str, Any]) -> Awaitable[service.Written]:
        return service.end_fact(context, kind.name, patch)

    name = f"record{kind.stem}"
    fields = [(name, _mutation(name, kind.description, getattr(inputs, f"{kind.stem}Input"),
                               payload, record, answer))]  # fmt: skip
    if kind.ending:
        name = f"end{kind.stem}"
        fields.append((name, _mutation(name, kind.ending, getattr(inputs, f"End{kind.stem}Input"),
                                       payload, end, answer)))  # fmt: skip
    return fields


# --- Merging ------------------------------------------------------------------------------


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


@strawberry.mutation(
    permission_classes=[CanWrite],
    description=(
        "Merge two records of one entity: every relationship, name and source of `remove` "
        "moves onto `keep`, `remove` is deleted, and its id resolves to `keep` from then on. "
        "Both must be of one kind. Merging again changes nothing."
    ),
)
async def merge_entities(
    info: Info[Context, None],
    keep: Annotated[strawberry.ID, strawberry.argument(description="The id to keep.")],
    remove: Annotated[
        strawberry.ID, strawberry.argument(description="The id to fold into `keep`.")
    ],
) -> MergePayload:
    merged = await service.merge_entities(info.context, keep, remove)
    return MergePayload(
        entity=convert.entity(merged.entity),
        changed=merged.changed,
        moved=merged.moved,
        combined=merged.combined,
        dropped=merged.dropped,
        redirected=merged.redirected,  # type: ignore[arg-type]
    )


@strawberry.type(description="What revertChange did.")
class RevertPayload:
    reverted: int = strawberry.field(description="The seq of the change undone.")
    change: Change = strawberry.field(description="The new change that undid it.")


@strawberry.mutation(
    permission_classes=[CanWrite],
    description=(
        "Undo a change (by its seq) as a new change: every entity, fact and redirect it touched "
        "gets back what it held before, exactly; a merge's removed entity comes back with its "
        "relationships and citations. Refused with CONFLICT, naming them, when later changes "
        "touched the same ids (revert those first), and with BAD_USER_INPUT for a load."
    ),
)
async def revert_change(
    info: Info[Context, None],
    id: Annotated[int, strawberry.argument(description="The seq of the change to undo.")],
) -> RevertPayload:
    seq = await service.revert_change(info.context, id)
    (found,) = await changes.changes_after(info.context, seq - 1, 1)
    return RevertPayload(reverted=id, change=change_of(found))


_FIELDS: dict[str, Any] = dict(
    [
        *map(_upsert, ENTITY_KINDS),
        *(field for kind in FACT_KINDS for field in _record(kind)),
        ("mergeEntities", merge_entities),
        ("revertChange", revert_change),
    ]
)

Mutation: Any = strawberry.type(
    type("Mutation", (), {"__module__": __name__, **_FIELDS}),
    description="Writes. Every one needs an API key with the `write` scope.",
)
