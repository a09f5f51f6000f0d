"""The write path's entry points: a request context and plain data in, plain records out.

Called by the GraphQL layer (schema/mutation.py) with the input as a patch
(a dict by the seed model's field names) and answering property maps, which
that layer turns into its types. Each runs one transaction (see writes/__init__).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel

from talentgraph import changelog
from talentgraph.auth import Scope
from talentgraph.context import Context
from talentgraph.db import Tx
from talentgraph.errors import BadInput
from writes import patch as patching
from writes import records
from writes.errors import refuse
from writes.merge import Merged, merge
from writes.revert import revert
from writes.specs import EntitySpec, FactSpec, entity_spec, fact_spec
from writes.stored import Props
from writes.unit import Unit
from writes.validation import Fact, precheck, precheck_sources

T = TypeVar("T")

__all__ = [
    "Merged", "Written", "end_fact", "merge_entities", "record_fact", "revert_change",
    "upsert_entity",
]  # fmt: skip


@dataclass(frozen=True)
class Written:
    """A record as stored now (properties, with `label` for an entity), and whether the
    write changed the graph; a fact's `ends` are its two entities, by the input's names."""

    record: Props
    changed: bool
    ends: dict[str, Props] = field(default_factory=dict)


async def _transaction(context: Context, operation: str, work: Callable[[Unit], Awaitable[T]]) -> T:
    # The permission check in the schema has already passed; this names who writes,
    # and refuses anyone else who calls the write path.
    by = context.require(Scope.WRITE).name

    async def run(tx: Tx) -> T:
        unit = Unit(tx, by)
        result = await work(unit)
        # Last, in the same transaction: a write that fails before here leaves no record.
        unit.seq = await changelog.append(
            tx, by=by, operation=operation, revisions=unit.log.revisions(), reverts=unit.reverts
        )
        return result

    try:
        result = await context.graph.transaction(run)
    except ConstraintError:
        # Two writers created one new id at once and this one lost the race; the
        # managed transaction retries only transient errors. Run again: it now
        # finds the winner's node and updates it (or changes nothing).
        result = await context.graph.transaction(run)
    # Fields of the answer read the graph as written, not as cached before.
    context.loaders.clear()
    return result


def _checked(
    patch: Props, cited: bool, record: type[BaseModel], renames: dict[str, str]
) -> tuple[Props, list[Props]]:
    """The patch without its inline sources, and those, each checked as far as it goes
    before any database work; refused when nothing is cited."""
    patch = dict(patch)
    new_sources = patch.pop("newSources", [])
    if cited:
        patching.require_sources(patch, new_sources)
    precheck(record, patch, "input", renames)
    precheck_sources(new_sources)
    return patch, new_sources


async def upsert_entity(context: Context, label: str, patch: Props) -> Written:
    """Create or update an entity of the kind `label` from a patch."""
    spec: EntitySpec = entity_spec(label)
    if spec.investors:
        patch = patching.investors(patch)
    patch, new_sources = _checked(patch, spec.kind.cited, spec.record, {})

    async def work(unit: Unit) -> Written:
        cited = await records.new_sources(unit, new_sources)
        given = patching.cite(patch, cited) if spec.kind.cited else patch
        node = await records.entity(unit, spec, given, "input")
        return Written(node, unit.changed)

    return await _transaction(context, f"upsert{spec.kind.stem}", work)


def _fact_patch(spec: FactSpec, patch: Props) -> tuple[Props, list[Props]]:
    return _checked(patching.fact_patch(spec, patch), True, Fact, spec.renames)


async def record_fact(context: Context, name: str, patch: Props) -> Written:
    """Create or update one fact (a relationship) identified by its type, ends and start."""
    spec = fact_spec(name)
    patch, new_sources = _fact_patch(spec, patch)

    async def work(unit: Unit) -> Written:
        cited = await records.new_sources(unit, new_sources)
        return await _write_fact(unit, spec, patching.cite(patch, cited))

    return await _transaction(context, f"record{spec.kind.stem}", work)


async def _write_fact(unit: Unit, spec: FactSpec, patch: Props) -> Written:
    props, a, b = await records.fact(unit, spec, patch, "input")
    return Written(props, unit.changed, records.answer_ends(spec, a, b))


async def end_fact(context: Context, name: str, patch: Props) -> Written:
    """Mark a spell as ended: with the date given, or without one."""
    spec = fact_spec(name)
    if not spec.kind.ending:
        raise ValueError(f"a {name} does not end")
    patch, new_sources = _fact_patch(spec, patching.ending(patch))

    async def work(unit: Unit) -> Written:
        cited = await records.new_sources(unit, new_sources)
        cited_patch = patching.cite(patch, cited)
        spell = await records.spell(unit, spec, cited_patch, "input")
        cited_patch["start"] = spell.get("start")
        if spell.get("end") is not None and "end" not in cited_patch:
            cited_patch.pop("ended")  # already dated: "ended, date unknown" adds nothing
        return await _write_fact(unit, spec, cited_patch)

    return await _transaction(context, f"end{spec.kind.stem}", work)


async def merge_entities(context: Context, keep: str, remove: str) -> Merged:
    """Fold `remove` into `keep`: its relationships, names and evidence; its id redirects."""
    if keep == remove:
        raise refuse(BadInput, "an entity cannot be merged with itself", field="remove")

    async def work(unit: Unit) -> Merged:
        return await merge(unit, keep, remove)

    return await _transaction(context, "mergeEntities", work)


async def revert_change(context: Context, seq: int) -> int:
    """Undo change `seq` as a new change (refused on conflict); the new change's seq."""

    async def work(unit: Unit) -> Unit:
        await revert(unit, seq)
        return unit

    unit = await _transaction(context, "revertChange", work)
    if unit.seq is None:
        raise ValueError("a revert always changes the graph")  # revisions are never empty
    return unit.seq
