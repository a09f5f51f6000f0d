"""Descriptions for the fields that mean the same thing wherever they appear.

GraphiQL's docs pane is the users' reference, so every field is described.
Fields with a meaning of their own carry `description=` where they are
defined; the shared vocabulary lives here once, by field name, and
`describe` fills it in before the schema is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

GLOSSARY: dict[str, str] = {
    # Entities
    "name": "The name in English (or as the sources give it).",
    "aliases": "Other names the entity goes by, e.g. `Qwen` for Tongyi Qianwen.",
    "description": "A short description in the project's own words.",
    "note": "What the sources leave open, or how a fact was read.",
    "evidence": "The sources behind this, a confidence, and what other sources say instead.",
    "born": "Date of birth, as precise as the source.",
    "born_place": "Place of birth.",
    "kind": "What kind of company this is.",
    "founded": "When it was founded, as precise as the source.",
    "hq": "Where it is headquartered.",
    "listed": "Where and when it listed, if it did.",
    "city": "The city it is in.",
    "released": "When it was released or unveiled.",
    "open_sourced": "When its weights were opened.",
    "parameters": "Its size as the source gives it, e.g. `72B`.",
    "modality": "What it handles: text, vision, audio, multimodal.",
    "launched": "When it launched.",
    "series": "The round's series, e.g. `A1`.",
    "currency": "ISO currency code of `amount`.",
    "amount_qualifier": "How `amount` is meant (exact, about, at least, at most); null when unsaid.",
    "valuation_qualifier": "How `valuation` is meant; null when the record does not say.",
    "valuation": "Post-money valuation the sources report, in `valuationCurrency`.",
    "valuation_currency": "ISO currency code of `valuation`.",
    "title": "The source's title (ours, and marked so, when the original is unknown).",
    "publisher": "Who published it.",
    "url": "Where to read it; null when the original address is unknown.",
    "published": "When it was published.",
    "language": "The language it is written in.",
    # Facts
    "person": "The person.",
    "company": "The company.",
    "university": "The university.",
    "model": "The model.",
    "employer": "The company or university.",
    "role": "The role as the sources describe it.",
    "team": "The team or project.",
    "level": "Internal level, where reported (e.g. Alibaba's P9).",
    "start": "When it began, as precise as the source; null when no source dates it.",
    "end": "When it ended, as precise as the source; null when ongoing or undated.",
    "degree": "The degree, e.g. PhD.",
    "field": "The field of study.",
    "unit": "The business unit or subsidiary.",
    "group": "The group it belongs to.",
    "affiliate": "The affiliated company.",
    "owner": "The owning company.",
    "asset": "What is owned: a product or a company.",
    "holder": "The company holding the stake.",
    "share": "The stake as reported, e.g. `~36%`.",
    "as_of": "When the stake was reported.",
    "round": "The funding round.",
    "investor": "The investor.",
    "version": "The release.",
    "family": "The model family.",
    "source_ids": "Ids of the sources.",
    # Traversal results and utilities
    "node": "The entity.",
    "left": "The spell that ended.",
    "joined": "The spell that began after it.",
    "moves": "Each move, earliest first.",
    "hires": "Each hire: who, and their spells on both sides.",
    "investments": "Each investment: which investor entity, which round, whether it led.",
    "rounds": "The funding rounds.",
    "from_": "Where it starts.",
    "to": "Where it ends.",
    "hops": "The steps, from `from` to `to`.",
    "length": "How many hops.",
    "people": "How many people.",
    "companies": "How many companies, units, labs and investors.",
    "models": "How many models and releases.",
}


def describe(types: Iterable[Any]) -> None:
    """Give every undescribed field the glossary's text for its name."""
    for type_ in types:
        definition = getattr(type_, "__strawberry_definition__", None)
        if definition is None:
            continue
        for field in getattr(definition, "fields", ()):
            if field.description is None and field.python_name in GLOSSARY:
                field.description = GLOSSARY[field.python_name]
