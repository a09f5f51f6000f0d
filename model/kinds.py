"""The registry of the graph's kinds: entity kinds and fact kinds, one row each.

The rows are data, in model/kinds.toml; this module types and checks them.
The bottom layer: it imports nothing of the project but the graph's names.
A fact kind is declared once there (its GraphQL name, its relationship type,
its two ends, its properties with their types and descriptions), and the rest
is read from it: the GraphQL layer generates the fact types, their write
inputs, the entity types' relationship fields, the payloads and the mutations
(schema/facts.py, schema/mutation.py); the write path takes each kind's
label, relationship type and ends from here, and the validation each
relationship's ends and properties (`RELATIONSHIPS`). So adding a property or
a kind is adding a row (docs/architecture.md has the checklists).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model import IN, OUT, Relation
from model.graph import FACT_TYPES, Kind, RelType

_LABEL = re.compile(r"[A-Z][A-Za-z]*")
_NAME = re.compile(r"[a-z][A-Za-z]*")
# A property's type: `text`, a partial `date`, a `flag` (true, or left out), a `number`,
# the `id` of another entity (a link kept as a field: on the input, not on the type), or
# one of the graph's enums.
PROP_TYPES = ("text", "date", "flag", "number", "id", "CompanyKind", "MoneyQualifier")


@dataclass(frozen=True)
class RelationField:
    """A relationship field of an entity type: `name` pages the `fact` kind from its `at` end.

    `dated` fields take the time-window arguments; `about` describes the field.
    """

    name: str
    fact: str
    at: str
    about: str
    dated: bool = False


@dataclass(frozen=True)
class Prop:
    """A property: its graph (and camelCase API) name, type and descriptions (type, input).

    `required`: the record must have it, and the type always has it (an input may
    leave it out: an update keeps what is stored).
    """

    name: str
    type: str = "text"
    about: str = ""
    input: str = ""
    required: bool = False

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name) or self.type not in PROP_TYPES:
            raise ValueError(f"not a property: {self}")


@dataclass(frozen=True)
class WritableEntity:
    """A node kind written by `upsert<stem>(input: <stem>Input!): <stem>Payload!`.

    `label` is the node's Neo4j label, the seed model's record type and the
    GraphQL type; `answer` is the payload field holding the entity as stored;
    `cited`: a write must cite a source (a Source itself is the citation);
    `relations`: the GraphQL type's relationship fields, in order; `props`: the
    kind's own properties, `about` the type's description, `input` its input's
    (a cited kind's; a source's type and input are written by hand).
    """

    label: str
    stem: str
    answer: str
    description: str
    stored: str = ""
    cited: bool = True
    relations: tuple[RelationField, ...] = ()
    about: str = ""
    input: str = ""
    props: tuple[Prop, ...] = ()

    def __post_init__(self) -> None:
        # Only a kind of node the graph has; the stem names GraphQL types.
        if self.label not in set(map(str, Kind)) or not _LABEL.fullmatch(self.stem):
            raise ValueError(f"not an entity kind: {self}")

    @property
    def answer_description(self) -> str:
        return self.stored or f"The {self.answer} as stored now."


@dataclass(frozen=True)
class EndInput:
    """`End<Name>Input`: its description and those of its `start` and `end` fields."""

    about: str
    start: str
    end: str


@dataclass(frozen=True)
class WritableFact:
    """A relationship written by `record<Name>(input: <Name>Input!): <Name>Payload!`.

    `ends` name the input fields (and the answer type's fields) for the
    relationship's start and end node; `ending`, when set, is the description
    of an `end<Name>(input: End<Name>Input!)` mutation that closes a spell
    (`end_input` describes its input); `about` describes `<Name>Input`.
    """

    name: str
    rel_type: str
    ends: tuple[str, str]
    description: str
    ending: str = ""
    stored: str = "The fact as stored now."
    about: str = ""
    end_input: EndInput | None = None

    def __post_init__(self) -> None:
        # The type reaches Cypher as an identifier: only a fact type of the graph will do.
        fact_type = self.rel_type in {str(t) for t in RelType}
        if not (self.name.isalpha() and self.name.islower() and fact_type and len(self.ends) == 2):
            raise ValueError(f"not a fact kind: {self}")

    @property
    def stem(self) -> str:
        """The GraphQL type answered, and the stem of the mutation's names."""
        return self.name.capitalize()


@dataclass(frozen=True)
class End:
    """One end of a fact: its field, the labels it may be, its descriptions (type, input).

    An end of several kinds is typed `interface` where given (an interface of exactly
    those kinds, which each of them implements), else `Entity`.
    """

    field: str
    kinds: tuple[str, ...]
    about: str = ""
    input: str = ""
    interface: str = ""


@dataclass(frozen=True)
class FactKind:
    """A fact type of the graph: the GraphQL type `<Name>` over `rel_type`, source to target.

    `write` is the kind's mutation, when it has one of its own.
    """

    name: str
    rel_type: str
    about: str
    source: End
    target: End
    props: tuple[Prop, ...]
    write: WritableFact | None = None

    def __post_init__(self) -> None:
        kinds = {str(k) for k in Kind}
        ends_ok = all(set(end.kinds) <= kinds and end.kinds for end in (self.source, self.target))
        names = [self.source.field, self.target.field, *(p.name for p in self.props)]
        if not (
            self.rel_type in FACT_TYPES
            and ends_ok
            and all(_NAME.fullmatch(n) for n in names)
            and len(set(names)) == len(names)
            and all(p.type in {"text", "date", "flag"} for p in self.props)
        ):
            raise ValueError(f"not a fact kind: {self.name}")

    @property
    def stem(self) -> str:
        """The GraphQL type's name."""
        return self.name.capitalize()

    def relation(self, field: RelationField) -> Relation:
        """The spec of `field`, which pages this fact from its end `field.at`."""
        if field.at == self.source.field:
            return Relation(self.rel_type, OUT, self.stem, field.at, self.target.field, field.dated)
        if field.at == self.target.field:
            return Relation(self.rel_type, IN, self.stem, field.at, self.source.field, field.dated)
        raise ValueError(f"{field.name}: {field.at!r} is not an end of {self.name}")


@dataclass(frozen=True)
class Relationship:
    """A fact type's rule: the labels it may start and end at, the properties it may carry."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    props: tuple[str, ...] = ()


def _fact(row: dict[str, Any]) -> FactKind:
    source, target = End(**_tuples(row["from"])), End(**_tuples(row["to"]))
    write = row.get("write")
    if write is not None:
        ending = write.pop("ending", None)
        end_input = None
        if ending is not None:
            end_input = EndInput(ending["about"], ending["start"], ending["end"])
            write["ending"] = ending["description"]
        ends = (source.field, target.field)
        about = write.pop("about", row["about"])
        write = WritableFact(row["name"], row["rel_type"], ends, about=about,
                             end_input=end_input, **write)  # fmt: skip
    props = tuple(Prop(**p) for p in row["props"])
    return FactKind(row["name"], row["rel_type"], row["about"], source, target, props, write)


def _tuples(row: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}


def _entity(row: dict[str, Any]) -> WritableEntity:
    relations = tuple(RelationField(**r) for r in row.pop("relations", ()))
    props = tuple(Prop(**p) for p in row.pop("props", ()))
    return WritableEntity(**row, relations=relations, props=props)


def _load() -> tuple[tuple[WritableEntity, ...], tuple[FactKind, ...]]:
    table = tomllib.loads((Path(__file__).parent / "kinds.toml").read_text())
    return tuple(map(_entity, table["entity"])), tuple(map(_fact, table["fact"]))


ENTITY_KINDS, FACT_ROWS = _load()
ENTITIES = {kind.label: kind for kind in ENTITY_KINDS}
# Every fact type of the graph, by name (`employment`) and by relationship type.
FACT_ROW = {row.name: row for row in FACT_ROWS}
FACT_OF_TYPE = {row.rel_type: row for row in FACT_ROWS}
# The API's type for each relationship type (a fact's kind in the change log and history).
FACT_TYPE_NAMES = {row.rel_type: row.stem for row in FACT_ROWS}
# The fact kinds with a mutation of their own, in the Mutation type's order.
FACT_KINDS = tuple(row.write for row in FACT_ROWS if row.write is not None)
FACTS = {kind.name: kind for kind in FACT_KINDS}

# What the seed model's facts may be (model/validation.py): each recorded type's ends and props.
RELATIONSHIPS: dict[RelType, Relationship] = {
    RelType(row.rel_type): Relationship(
        row.source.kinds, row.target.kinds, tuple(p.name for p in row.props)
    )
    for row in FACT_ROWS
    if row.rel_type in set(map(str, RelType))
}


def interfaces(label: str) -> tuple[str, ...]:
    """The interfaces the entity type `label` implements: those of the fact ends it may be."""
    ends = (end for row in FACT_ROWS for end in (row.source, row.target))
    return tuple(dict.fromkeys(e.interface for e in ends if e.interface and label in e.kinds))


def relations(label: str) -> list[tuple[RelationField, Relation]]:
    """The relationship fields of the entity type `label`, each with its spec, in order."""
    return [(f, FACT_ROW[f.fact].relation(f)) for f in ENTITIES[label].relations]


def _check() -> None:
    """Every fact type of the graph has a row, and every relationship field's end holds it."""
    if {row.rel_type for row in FACT_ROWS} != set(FACT_TYPES) or set(RELATIONSHIPS) != set(RelType):
        raise ValueError("model/kinds.toml: one [[fact]] per fact type of model/graph.py")
    for kind in ENTITY_KINDS:
        for field, relation in relations(kind.label):
            row = FACT_ROW[field.fact]
            end = row.source if relation.direction == OUT else row.target
            if kind.label not in end.kinds:
                raise ValueError(f"{kind.label}.{field.name}: not an end of {row.name}")


_check()
