"""The registry of what can be written: entity kinds and fact kinds, one row each.

The rows are data, in model/kinds.toml; this module types and checks them.
The bottom layer: it imports nothing of the project. The write path (writes/)
takes each kind's label, relationship type and ends from here, and the GraphQL
layer (schema/mutation.py) writes one mutation and one payload type per row,
so adding a kind is adding a row (docs/architecture.md has the checklist).
model/records.py holds the field rules of each kind.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from model.graph import Kind, RelType

_LABEL = re.compile(r"[A-Z][A-Za-z]*")


@dataclass(frozen=True)
class WritableEntity:
    """A node kind written by `upsert<stem>(input: <stem>Input!): <stem>Payload!`.

    `label` is the node's Neo4j label, the seed model's record type and the
    GraphQL type; `answer` is the payload field holding the entity as stored;
    `cited`: a write must cite a source (a Source itself is the citation).
    """

    label: str
    stem: str
    answer: str
    description: str
    stored: str = ""
    cited: bool = True

    def __post_init__(self) -> None:
        # Only a kind of node the graph has; the stem names GraphQL types.
        if self.label not in set(map(str, Kind)) or not _LABEL.fullmatch(self.stem):
            raise ValueError(f"not an entity kind: {self}")

    @property
    def answer_description(self) -> str:
        return self.stored or f"The {self.answer} as stored now."


@dataclass(frozen=True)
class WritableFact:
    """A relationship written by `record<Name>(input: <Name>Input!): <Name>Payload!`.

    `ends` name the input fields (and the answer type's fields) for the
    relationship's start and end node; `ending`, when set, is the description
    of an `end<Name>(input: End<Name>Input!)` mutation that closes a spell.
    """

    name: str
    rel_type: str
    ends: tuple[str, str]
    description: str
    ending: str = ""
    stored: str = "The fact as stored now."

    def __post_init__(self) -> None:
        # The type reaches Cypher as an identifier: only a fact type of the graph will do.
        fact_type = self.rel_type in {str(t) for t in RelType}
        if not (self.name.isalpha() and self.name.islower() and fact_type and len(self.ends) == 2):
            raise ValueError(f"not a fact kind: {self}")

    @property
    def stem(self) -> str:
        """The GraphQL type answered, and the stem of the mutation's names."""
        return self.name.capitalize()


def _load() -> tuple[tuple[WritableEntity, ...], tuple[WritableFact, ...]]:
    table = tomllib.loads((Path(__file__).parent / "kinds.toml").read_text())
    entities = tuple(WritableEntity(**row) for row in table["entity"])
    facts = tuple(WritableFact(**{**row, "ends": tuple(row["ends"])}) for row in table["fact"])
    return entities, facts


ENTITY_KINDS, FACT_KINDS = _load()
ENTITIES = {kind.label: kind for kind in ENTITY_KINDS}
FACTS = {kind.name: kind for kind in FACT_KINDS}
