"""GraphQL arguments into Cypher parameters: one set of rules for both read paths.

The resolvers (the reference executor) and the compiler check and convert
arguments here, so both refuse the same input with the same error and send
Neo4j the same values.
"""

from __future__ import annotations

import re
from typing import Any

from talentgraph.dates import PartialDate
from talentgraph.errors import BadInput

# Lucene's query syntax: special characters are escaped, and its operator words
# (only operators in capitals) lowered, so user text is always plain words.
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_LUCENE_OPERATORS = re.compile(r"\b(AND|OR|NOT|TO)\b")


def check_first(first: int, cap: int) -> int:
    if not 0 <= first <= cap:
        raise BadInput(f"`first` must be between 0 and {cap}, got {first}", field="first")
    return first


def bound(value: PartialDate | str | None, end: str) -> Any:
    """The earliest or latest day a partial date may mean, or None."""
    if value is None:
        return None
    return getattr(value if isinstance(value, PartialDate) else PartialDate(value), end)


def edge_filters(
    *,
    current: bool | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    as_of: PartialDate | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    """A relationship field's filters, null when unused (see cypher/edges_out.cypher)."""
    return {
        "current": current,
        "role": role,
        "sinceMin": bound(since, "earliest"),
        "untilMax": bound(until, "latest"),
        "asOfMin": bound(as_of, "earliest"),
        "asOfMax": bound(as_of, "latest"),
    }


def search_text(text: str) -> str:
    """Search text as a Lucene query of plain words, for search as you type.

    Each word matches as itself, as a prefix (`Qwe` finds Qwen, `通义` finds
    通义千问) and, from four characters on, fuzzily (one typo); the boosts rank
    an exact hit above a prefix hit above a fuzzy one. Refuses empty or
    overlong text.
    """
    words = text.strip()
    if not words:
        raise BadInput("`text` must not be empty", field="text")
    if len(words) > 200:
        raise BadInput("`text` is limited to 200 characters", field="text")
    escaped = _LUCENE_SPECIAL.sub(r"\\\1", words)
    terms = _LUCENE_OPERATORS.sub(lambda m: m.group(1).lower(), escaped).split()
    # Prefix and fuzzy terms skip the analyzer, so they are lowered here as the index is.
    query = f"({' '.join(terms)})^4 OR ({' '.join(t.lower() + '*' for t in terms)})^2"
    fuzzy = [t.lower() + "~1" for t in terms if len(t) >= 4]
    return f"{query} OR ({' '.join(fuzzy)})" if fuzzy else query


def kinds(given: list[Any] | None) -> list[str] | None:
    """The labels a `kinds` argument names (enum members or their values), or None for all."""
    return [str(getattr(k, "value", k)) for k in given] if given else None
