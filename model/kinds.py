"""The registry of what can be written: entity kinds and fact kinds, one row each.

The bottom layer: it imports nothing of the project. The write path (writes/)
takes each kind's label, relationship type and ends from here, and the GraphQL
layer (schema/mutation.py) writes one mutation and one payload type per row,
so adding a kind is adding a row (docs/architecture.md has the checklist).
The seed model (seeds/model.py) still holds the field rules of each kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = re.compile(r"[A-Z][A-Za-z]*")
_TYPE = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class EntityKind:
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
        # Labels reach Cypher as parameters only, but refuse anything odd all the same.
        if not (_LABEL.fullmatch(self.label) and _LABEL.fullmatch(self.stem)):
            raise ValueError(f"not an entity kind: {self}")

    @property
    def answer_description(self) -> str:
        return self.stored or f"The {self.answer} as stored now."


@dataclass(frozen=True)
class FactKind:
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
        if not (self.name.isalpha() and self.name.islower() and _TYPE.fullmatch(self.rel_type)):
            raise ValueError(f"not a fact kind: {self}")

    @property
    def stem(self) -> str:
        """The GraphQL type answered, and the stem of the mutation's names."""
        return self.name.capitalize()


ENTITY_KINDS: tuple[EntityKind, ...] = (
    EntityKind("Source", "Source", "source", "Create or update a source by id.", cited=False),
    EntityKind("Person", "Person", "person", "Create or update a person by id."),
    EntityKind("Company", "Company", "company", "Create or update a company, unit, lab or investor."),
    EntityKind("University", "University", "university", "Create or update a university by id."),
    EntityKind(
        "AIModel", "Model", "model",
        "Create or update an AI model, family or release (with its family).",
    ),
    EntityKind("Product", "Product", "product", "Create or update a product by id."),
    EntityKind(
        "FundingRound", "FundingRound", "round",
        "Create or update a funding round: the company that raised it (RAISED) and its "
        "investors (INVESTED_IN).",
        stored="The round as stored now; `investors` lists every investor recorded.",
    ),
)  # fmt: skip

FACT_KINDS: tuple[FactKind, ...] = (
    FactKind(
        "employment", "WORKED_AT", ("person", "employer"),
        "Record that a person joined a company or university (WORKED_AT), or update that "
        "spell: a spell is identified by person, employer and start.",
        ending="Record that a person left: ends a WORKED_AT spell, dated or not.",
        stored="The spell as stored now.",
    ),
    FactKind("founding", "FOUNDED", ("person", "company"),
             "Record that a person founded a company."),
    FactKind("education", "STUDIED_AT", ("person", "university"),
             "Record that a person studied at a university."),
    FactKind("contribution", "CONTRIBUTED_TO", ("person", "model"),
             "Record that a person contributed to a model."),
    FactKind("development", "DEVELOPED", ("company", "model"),
             "Record that a company developed a model."),
    FactKind("membership", "PART_OF", ("unit", "group"),
             "Record that a unit or subsidiary is part of a group (PART_OF)."),
    FactKind("ownership", "OWNS", ("owner", "asset"),
             "Record that a company owns a product or another company (OWNS)."),
    FactKind("affiliation", "AFFILIATE_OF", ("affiliate", "company"),
             "Record that a company is an affiliate of, not part of, another."),
    FactKind("stake", "HOLDS_STAKE", ("holder", "company"),
             "Record that a company holds a stake in another."),
)  # fmt: skip

ENTITIES = {kind.label: kind for kind in ENTITY_KINDS}
FACTS = {kind.name: kind for kind in FACT_KINDS}
