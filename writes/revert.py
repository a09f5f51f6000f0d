"""Undo: a change's inverse, applied as a new change (`revertChange`).

The change's revisions say what each node, relationship and redirect held
before and after it. A revert locks the entities they name (as every writer
does), refuses when a later change touched one of its ids (naming them) or the
graph no longer holds what the change left, then puts every `before` back
exactly, stamps included: a merge's removed entity comes back with its
relationships, citations and redirects. Its own revisions are the inverse, so a
revert can itself be reverted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talentgraph.changelog import REDIRECT, REDIRECTS_TO, Props, decode, encode
from talentgraph.errors import BadInput, Conflict, NotFound
from writes.specs import EDGE_TYPES, ENTITIES
from writes.unit import Unit

_LOADS = frozenset({"seed", "import"})


@dataclass(frozen=True)
class Step:
    """One revision to undo: what to find now (`now`) and what to put back (`then`)."""

    id: str
    type: str
    now: Props | None
    then: Props | None
    ends: tuple[str, str] | None


def _steps(change: dict[str, Any]) -> list[Step]:
    steps = []
    for r in change["revisions"]:
        type_ = r["type"]
        if type_ not in ENTITIES and type_ not in EDGE_TYPES and type_ != REDIRECT:
            raise ValueError(f"a revision of an unknown type: {type_!r}")  # never written
        ends = (r["from"], r["to"]) if r.get("from") is not None else None
        steps.append(Step(r["id"], type_, decode(r["after"]), decode(r["before"]), ends))
    return steps


def _refuse_later(seq: int, later: list[int]) -> None:
    if later:
        named = ", ".join(map(str, later))
        raise Conflict(
            f"change {seq} cannot be reverted: later changes touched the same ids or loaded "
            f"data ({named}); revert those first, newest first",
            field="id",
            later=later,
        )


def _locks(steps: list[Step]) -> list[str]:
    """The entities a revert must lock: those it touches, the ends and targets it names."""
    ids: set[str] = set()
    for step in steps:
        if step.ends is not None:
            ids.update(step.ends)
        elif step.type == REDIRECT:
            ids.update(s[REDIRECTS_TO] for s in (step.now, step.then) if s)
        else:
            ids.add(step.id)
    return sorted(ids)


async def _check_state(unit: Unit, seq: int, steps: list[Step]) -> None:
    """Refuse unless the graph holds exactly what the change left (loads write no revisions)."""
    (found,) = await unit.run(
        "revert_state",
        nodes=[s.id for s in steps if s.type in ENTITIES],
        relationships=[{"id": s.id, "from": s.ends[0], "to": s.ends[1]} for s in steps if s.ends],
        redirects=[s.id for s in steps if s.type == REDIRECT],
    )
    now: dict[tuple[str, bool], str | None] = {}
    for row in found["nodes"] + found["relationships"]:
        now[row["id"], False] = encode(row["props"])
    for row in found["redirects"]:
        now[row["id"], True] = encode({**row["props"], REDIRECTS_TO: row["to"]})
    stale = sorted(s.id for s in steps if now.get((s.id, s.type == REDIRECT)) != encode(s.now))
    if stale:
        raise Conflict(
            f"change {seq} cannot be reverted: the graph no longer holds what it left for "
            f"{', '.join(stale[:10])}",
            field="id",
        )


async def _apply(unit: Unit, steps: list[Step]) -> None:
    gone = [s for s in steps if s.then is None]
    await unit.run(
        "revert_delete",
        relationships=[{"id": s.id, "from": s.ends[0], "to": s.ends[1]} for s in gone if s.ends],
        redirects=[s.id for s in gone if s.type == REDIRECT],
        nodes=[s.id for s in gone if s.type in ENTITIES],
    )
    back = [s for s in steps if s.then is not None]
    redirects = []
    for s in back:
        if s.type == REDIRECT and s.then is not None:
            props = {k: v for k, v in s.then.items() if k != REDIRECTS_TO}
            redirects.append({"id": s.id, "props": props, "to": s.then[REDIRECTS_TO]})
    await unit.run(
        "revert_put",
        nodes=[{"id": s.id, "label": s.type, "props": s.then} for s in back if s.type in ENTITIES],
        redirects=redirects,
        relationships=[
            {"id": s.id, "type": s.type, "from": s.ends[0], "to": s.ends[1], "props": s.then}
            for s in back
            if s.ends
        ],
    )
    for s in steps:
        unit.log.touch(s.id, s.type, s.now, s.then, s.ends)
    unit.changed = True


async def revert(unit: Unit, seq: int) -> None:
    """Apply the inverse of change `seq` through the unit (see the module's docstring)."""
    rows = await unit.run("revert_read", seq=seq)
    if not rows:
        raise NotFound(f"no change has the seq {seq}", field="id")
    change = rows[0]["change"]
    if change["operation"] in _LOADS:
        raise BadInput(
            f"change {seq} is a {change['operation']} load: loads keep counts, not revisions, "
            "and cannot be reverted",
            field="id",
        )
    steps = _steps(change)
    await unit.run("write_lock", ids=_locks(steps))
    # Read again under the locks: a writer that committed meanwhile is seen now.
    (row,) = await unit.run("revert_read", seq=seq)
    _refuse_later(seq, sorted(set(row["later"]))[:20])
    await _check_state(unit, seq, steps)
    await _apply(unit, steps)
    unit.reverts = seq
