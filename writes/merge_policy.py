"""How two records of one thing become one. Pure functions, no database.

The kept record's values win; nothing of the other is lost: its names become
aliases, its differing values disputes carrying its sources, its
relationships move onto the kept entity.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from writes.patch import union
from writes.stored import STAMP, Node, native
from writes.validation import field_names

Props = dict[str, Any]

# Fields whose differing values a merge turns into aliases, unions or joins, not disputes.
_NOT_DISPUTED = frozenset(
    {"id", "sources", "confidence", "disputes", "note", "name", "nameZh", "aliases",
     "versionOf", "company", "investors"}
)  # fmt: skip


def disputable(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of a record type whose differing values a merge records as disputes."""
    if "disputes" not in field_names(cls):
        return frozenset()  # a Source keeps its own values
    return frozenset(field_names(cls) - _NOT_DISPUTED)


def text(value: Any) -> str:
    """A value as a dispute states it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _note(mine: str | None, other: str | None) -> str | None:
    if not other or other == mine:
        return mine
    return f"{mine}\n{other}" if mine else other


def combine(kept: Props, gone: Props, disputed: frozenset[str], origin: str) -> Props:
    """Two records of one thing as one: the kept one's values win, the other's are kept aside.

    Sources are united, disputes concatenated, notes joined; a value only the
    other has fills the gap; a value that differs becomes a dispute carrying
    the other record's sources.
    """
    out = dict(kept)
    disputes = list(kept.get("disputes") or [])
    for key, value in gone.items():
        mine = out.get(key)
        if key == "sources":
            out[key] = union(mine or [], value)
        elif key == "disputes":
            disputes += [d for d in value if d not in disputes]
        elif key == "note":
            out[key] = _note(mine, value)
        elif key in {"id", "aliases"}:
            continue
        elif mine is None:
            out[key] = value
        elif mine != value and key in disputed and gone.get("sources"):
            dispute = {"field": key, "value": text(value), "sources": gone["sources"],
                       "note": origin}  # fmt: skip
            if dispute not in disputes:
                disputes.append(dispute)
    if disputes:
        out["disputes"] = disputes
    return out


def combine_edge(kept: Props, gone: Props, origin: str) -> Props:
    """Two copies of a round's or release's edge as one; `lead` holds if either says it."""
    out = combine(
        {k: native(v) for k, v in kept.items()},
        {k: native(v) for k, v in gone.items()},
        frozenset(),
        origin,
    )
    if "lead" in out:
        out["lead"] = bool(kept.get("lead") or gone.get("lead"))  # a source named it lead
    return {k: v for k, v in out.items() if k not in STAMP}


def merged_aliases(record: Props, kept: Node, gone: Node) -> list[str]:
    """The kept entity's aliases and every name of the other, but the kept record's own."""
    own = {record.get("name"), record.get("nameZh")}
    names = [
        *(kept.props.get("aliases") or []),
        gone.props.get("name"),
        gone.props.get("nameZh"),
        *(gone.props.get("aliases") or []),
    ]
    return union([], (n for n in names if n and n not in own))


def moved(taken: list[dict[str, Any]], keep: str, remove: str) -> tuple[list[dict[str, Any]], int]:
    """The removed entity's relationships, re-ended on the kept one, under their new fact ids;
    and how many were dropped (between the two, they would point at itself)."""
    rows: dict[str, dict[str, Any]] = {}
    dropped = 0
    for edge in taken:
        other = edge["other"]
        if other in {keep, remove}:
            dropped += 1
            continue
        a, b = (keep, other) if edge["outgoing"] else (other, keep)
        old = str(edge["props"].get("id") or "").split(":")
        id = ":".join([edge["type"], a, b, *old[3:]])
        rows[id] = {"id": id, "type": edge["type"], "from": a, "to": b, "props": edge["props"]}
    return list(rows.values()), dropped
