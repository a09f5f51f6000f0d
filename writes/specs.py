"""One row per kind of write: what the write path needs to know of each entity and fact kind.

Built from the registry (model/kinds.py) and the seed model's record types,
so the write path has no special case by name: a kind's edges kept as fields
(`Link`) and its investors are columns of its row.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from model import graph, kinds
from model.graph import RelType
from writes.validation import RECORDS, SECTIONS

# The allowlist: a relationship type reaches Cypher only from here.
EDGE_TYPES = frozenset(map(str, graph.FACT_TYPES))
# The types recorded as the seed model's facts (the rest are fields of their records).
FACT_RELS = frozenset(map(str, RelType))


@dataclass(frozen=True)
class Link:
    """An edge an entity's record keeps as a field, set once (a release's family).

    `kind`: what the field names; `column`: the write_lock column with the
    stored ends; `outgoing`: the edge starts at the entity written;
    `itself`: the refusal when the field names the entity itself.
    """

    field: str
    kind: str
    column: str
    outgoing: bool
    itself: str = ""


@dataclass(frozen=True)
class EntitySpec:
    kind: kinds.WritableEntity
    record: type[BaseModel]
    section: str
    link: Link | None = None
    investors: bool = False  # INVESTED_IN edges listed in the record, patched one by one

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class FactSpec:
    kind: kinds.WritableFact
    rel: RelType

    @property
    def ends(self) -> tuple[str, str]:
        return self.kind.ends

    @property
    def renames(self) -> dict[str, str]:
        """Seed-model field -> input field, for errors that name the input."""
        return {"from": self.ends[0], "to": self.ends[1]}


_LINKS = {
    "AIModel": Link("versionOf", "AIModel", "families", True, "a model is not a version of itself"),
    "FundingRound": Link("company", "Company", "raisers", False),
}

ENTITIES: dict[str, EntitySpec] = {
    label: EntitySpec(
        kind,
        RECORDS[label],
        SECTIONS[label],
        _LINKS.get(label),
        "investors" in RECORDS[label].model_fields,
    )
    for label, kind in kinds.ENTITIES.items()
}
FACTS: dict[str, FactSpec] = {
    name: FactSpec(kind, RelType(kind.rel_type)) for name, kind in kinds.FACTS.items()
}


def entity_spec(label: str) -> EntitySpec:
    """The row of an entity kind; the schema passes only labels from the registry."""
    try:
        return ENTITIES[label]
    except KeyError:
        raise ValueError(f"not an entity kind: {label!r}") from None


def fact_spec(name: str) -> FactSpec:
    try:
        return FACTS[name]
    except KeyError:
        raise ValueError(f"not a fact kind: {name!r}") from None
