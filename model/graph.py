"""The graph's vocabulary: its node labels, its relationship types and their ends.

The bottom layer (it imports nothing of the project). The seed model, the
writes, the read paths and the API's enums take these names from here, so a
label or a relationship type is declared once. Every name here may reach
Cypher text as an identifier: they are fixed code, never request text.
"""

from __future__ import annotations

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
# Each type's ends and properties: its row in model/kinds.toml (`kinds.RELATIONSHIPS`).
