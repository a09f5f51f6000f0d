"""What an API key is, as configured: its scopes and its record in TALENTGRAPH_API_KEYS.

It sits below settings.py (which parses the keys) and auth.py (which checks them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    CYPHER = "cypher"
    METRICS = "metrics"  # GET /metrics where it is not public (production)


class ApiKey(BaseModel):
    """One entry of TALENTGRAPH_API_KEYS."""

    model_config = ConfigDict(frozen=True)

    name: str
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]
    scopes: list[Scope]
