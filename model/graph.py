"""The graph's vocabulary: its node labels, its relationship types and their ends.

The bottom layer (it imports nothing of the project). The seed model, the
writes, the read paths and the API's enums take these names from here, so a
label or a relationship type is declared once. Every name here may reach
Cypher text as an identifier: they are fixed code, never request text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Every kind of node that is an entity (has an id, a name and evidence), by label."""

    PERSON = "Person"
    COMPANY = "Company"
    UNIVERSITY = "University"
    AI_MODEL = "AIModel"
    PRODUCT = "Product"
    FUNDING_ROUND = "FundingRound"
    SOURCE = "Source"


ENTITY_LABELS = tuple(Kind)


class CompanyKind(StrEnum):
    BIG_TECH = "BIG_TECH"
    BUSINESS_UNIT = "BUSINESS_UNIT"
    LAB = "LAB"
    STARTUP = "STARTUP"
    INVESTOR = "INVESTOR"
    MEDIA = "MEDIA"
    STATE_FUND = "STATE_FUND"
    OTHER = "OTHER"


class MoneyQualifier(StrEnum):
    """How a sum is meant: the source's hedge ("about", "more than") as a value to filter on."""

    EXACT = "EXACT"
    ABOUT = "ABOUT"
    AT_LEAST = "AT_LEAST"
    AT_MOST = "AT_MOST"


class RelType(StrEnum):
    WORKED_AT = "WORKED_AT"
    FOUNDED = "FOUNDED"
    STUDIED_AT = "STUDIED_AT"
    CONTRIBUTED_TO = "CONTRIBUTED_TO"
    DEVELOPED = "DEVELOPED"
    PART_OF = "PART_OF"
    AFFILIATE_OF = "AFFILIATE_OF"
    OWNS = "OWNS"
    HOLDS_STAKE = "HOLDS_STAKE"


# Relationships the seed files write from a record's own fields rather than as facts.
STRUCTURAL_TYPES = ("RAISED", "INVESTED_IN", "VERSION_OF")
# Every relationship type that states a fact (never the redirects merges leave).
FACT_TYPES = (*RelType, *STRUCTURAL_TYPES)


@dataclass(frozen=True)
class Relationship:
    """A fact type's rule: the labels it may start and end at, the properties it may carry."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    props: tuple[str, ...] = ()


RELATIONSHIPS: dict[RelType, Relationship] = {
    RelType.WORKED_AT: Relationship(
        ("Person",), ("Company", "University"), ("role", "team", "start", "end", "ended", "level")
    ),
    RelType.FOUNDED: Relationship(("Person",), ("Company",), ("role", "start")),
    RelType.STUDIED_AT: Relationship(
        ("Person",), ("University",), ("degree", "field", "start", "end")
    ),
    RelType.CONTRIBUTED_TO: Relationship(("Person",), ("AIModel",), ("role",)),
    RelType.DEVELOPED: Relationship(("Company",), ("AIModel",)),
    RelType.PART_OF: Relationship(("Company",), ("Company",), ("start",)),
    RelType.AFFILIATE_OF: Relationship(("Company",), ("Company",)),
    RelType.OWNS: Relationship(("Company",), ("Product", "Company"), ("start",)),
    RelType.HOLDS_STAKE: Relationship(("Company",), ("Company",), ("share", "asOf")),
}


# The API's type for each relationship type (a fact's kind in the change log and history).
FACT_TYPE_NAMES: dict[str, str] = {
    "WORKED_AT": "Employment",
    "FOUNDED": "Founding",
    "STUDIED_AT": "Education",
    "CONTRIBUTED_TO": "Contribution",
    "DEVELOPED": "Development",
    "PART_OF": "Membership",
    "AFFILIATE_OF": "Affiliation",
    "OWNS": "Ownership",
    "HOLDS_STAKE": "Stake",
    "RAISED": "Raise",
    "INVESTED_IN": "Investment",
    "VERSION_OF": "Version",
}
