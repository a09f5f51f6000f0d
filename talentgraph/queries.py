"""Every Cypher statement, loaded once from cypher/*.cypher into a read-only mapping.

A file's leading `//` comment lines document it:
    // Startups an investor backed that hired its former staff.
    // @public            listed at GET /cypher/queries, runnable by name
    // @param investor    the investor's id
Everything after the header is the statement. Values always arrive as
parameters; no statement is ever assembled from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from talentgraph.settings import ROOT

CYPHER_DIR = ROOT / "cypher"


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    public: bool = False


def parse(name: str, source: str) -> Query:
    description: list[str] = []
    params: dict[str, str] = {}
    public = False
    lines = source.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = i
            break
        comment = stripped[2:].strip()
        if comment == "@public":
            public = True
        elif comment.startswith("@param "):
            pname, _, pdoc = comment[len("@param ") :].partition(" ")
            params[pname] = pdoc.strip()
        elif comment:
            description.append(comment)
    text = "\n".join(lines[body_start:]).strip()
    return Query(name, text, " ".join(description), params, public)


def load(directory: Path = CYPHER_DIR) -> MappingProxyType[str, Query]:
    return MappingProxyType(
        {p.stem: parse(p.stem, p.read_text()) for p in sorted(directory.glob("*.cypher"))}
    )


QUERIES = load()
