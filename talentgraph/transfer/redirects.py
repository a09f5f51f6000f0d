"""Merge redirects as records: `{"type": "redirect", "id": OLD, "to": KEPT}`.

`mergeEntities` deletes the entity it removes and leaves a Redirect node with its
id, linked to the kept entity, so the old id keeps resolving
(cypher/merge_redirect.cypher). An export writes each redirect as a record; an
import creates those the graph lacks. Pure checks here; the importer asks the
graph and writes (talentgraph/transfer/writing.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from model.records import SLUG_PATTERN, slug_problem
from talentgraph.transfer.records import ParseProblem, Raw
from talentgraph.transfer.resolve import Lookup

SECTION = "redirects"
FIELDS = ("id", "to")
_SLUG = re.compile(SLUG_PATTERN)


@dataclass
class Planned:
    """The redirects an import creates (rows `{id, to}`), and how many are stored already."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    unchanged: int = 0


def plan(
    records: list[Raw], lookup: Lookup, entity_ids: set[str], kind_of: Callable[[str], str | None]
) -> tuple[Planned, list[ParseProblem]]:
    """Check the redirect records against the import's entities (`entity_ids`) and the graph.

    A redirect's id is one no entity has (a retired id); `to` is an entity, of the
    import or stored (`kind_of` knows both). A redirect the graph holds already is
    left alone if it goes to the same entity, and refused if it goes elsewhere.
    """
    planned = Planned()
    problems: list[ParseProblem] = []
    seen: dict[str, Raw] = {}
    for record in records:
        found = list(_problems(record, lookup, entity_ids, kind_of, seen))
        problems.extend(ParseProblem(record.file, record.line, f, m) for f, m in found)
        if found:
            continue
        id, to = record.data["id"], record.data["to"]
        if id in lookup.by_id:
            planned.unchanged += 1  # stored, to the same entity (checked above)
        else:
            planned.rows.append({"id": id, "to": to})
            planned.created.append(f"Redirect {id} -> {to}")
    return planned, problems


def _problems(
    record: Raw,
    lookup: Lookup,
    entity_ids: set[str],
    kind_of: Callable[[str], str | None],
    seen: dict[str, Raw],
) -> list[tuple[str, str]]:
    data = record.data
    found = [(name, "unknown field") for name in data if name not in FIELDS]
    for name in FIELDS:
        value = data.get(name)
        if value is None:
            found.append((name, "required field is missing"))
        elif not isinstance(value, str) or not _SLUG.fullmatch(value):
            found.append((name, slug_problem(value)))
    if found:
        return found
    id, to = data["id"], data["to"]
    if (earlier := seen.setdefault(id, record)) is not record:
        return [("id", f"duplicate redirect (already {earlier.label} in {earlier.file})")]
    stored = lookup.by_id.get(id)
    if id in entity_ids:
        return [("id", f"{id!r} is the id of an entity of this import; a redirect's id is "
                       "one no entity has")]  # fmt: skip
    if stored is not None and stored.id == id:
        return [("id", f"{id!r} is the id of a stored {stored.kind}; a redirect's id is one "
                       "no entity has")]  # fmt: skip
    if id == to:
        return [("to", "a redirect goes to another id than its own")]
    if kind_of(to) is None:
        return [("to", f"{to!r} is not a known id")]
    if stored is not None and stored.id != to:
        return [("to", f"{id!r} already redirects to {stored.id}")]
    return []
