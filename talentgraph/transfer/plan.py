"""What an import does (or, in a dry run, would do), as the importer plans it a part at
a time (talentgraph/transfer/importer.py) and the writer writes it (writing.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.rows import Rows


@dataclass
class Plan:
    """An import's plan, or one part of it."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    rows: Rows = field(default_factory=lambda: Rows([], []))  # to upsert
    new_relationships: list[dict[str, Any]] = field(default_factory=list)  # to create
    redirects: list[dict[str, Any]] = field(default_factory=list)  # to create
    records: int = 0
    written: bool = False

    def add(self, part: Plan) -> None:
        """Add a part planned after the others."""
        self.created += part.created
        self.changed += part.changed
        self.unchanged += part.unchanged
        self.notes += part.notes
        self.rows.nodes += part.rows.nodes
        self.rows.relationships += part.rows.relationships
        self.new_relationships += part.new_relationships
        self.redirects += part.redirects
        self.records += part.records

    def summary(self) -> dict[str, Any]:
        return {
            "records": self.records, "created": len(self.created), "changed": len(self.changed),
            "unchanged": self.unchanged, "written": self.written,
        }  # fmt: skip

    def writes(self) -> int:
        return len(self.created) + len(self.changed)
