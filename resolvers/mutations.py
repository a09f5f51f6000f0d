"""Writes: entities and facts upserted by id, and merges. One transaction per mutation.

A write goes like this (docs/writing.md tells it to users):

1. The input is a patch: fields left out keep what the graph holds, `null`
   clears, a value replaces; `sources` are added to those recorded. Before the
   database is touched, the patch must cite a source and each field it sets
   must pass the seed model's rules (seeds/model.py), so malformed input never
   starts a transaction.
2. One write transaction (Graph.transaction; tried once more if a racing
   MERGE trips a uniqueness constraint): upsert the inline sources; resolve
   and lock every entity the input names (an id retired by a merge resolves
   to the entity kept; unknown: NOT_FOUND; wrong kind: BAD_USER_INPUT); lock
   and read the record written (`write_claim` takes a new id); apply the
   patch; validate the whole record with the seed model's pydantic rules and
   graph checks, so the loader and the API accept exactly the same data.
3. Turn the record into rows with the loader's own `to_rows`, and write only
   the rows whose properties would change. Those get `writtenAt` (the
   transaction's time) and `writtenBy` (the API key's name); the same
   mutation twice changes nothing the second time, `writtenAt` included.

Any error raised inside the transaction rolls it back: a refused write
writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from strawberry import UNSET
from strawberry.types import Info

from schema import records as convert
from schema.types import (
    Affiliation,
    Contribution,
    Development,
    Education,
    Employment,
    Entity,
    Fact,
    Founding,
    Membership,
    Ownership,
    Stake,
)
from seeds import loader, model
from seeds.model import RELATIONSHIPS, RelType, SeedGraph
from talentgraph.auth import Scope
from talentgraph.context import Context
from talentgraph.dates import PartialDate
from talentgraph.db import Tx
from talentgraph.errors import AppError, BadInput, NotFound

T = TypeVar("T")
E = TypeVar("E", bound=AppError)
Props = dict[str, Any]

# The allowlists: a label or relationship type reaches Cypher only from these.
KINDS: dict[str, type[model.Entity]] = {cls.__name__: cls for cls in model.SECTIONS.values()}
_SECTION = {cls.__name__: section for section, cls in model.SECTIONS.items()}
EDGE_TYPES = frozenset({*map(str, RelType), "RAISED", "INVESTED_IN", "VERSION_OF"})

STAMP = frozenset({"writtenAt", "writtenBy"})
# Properties every record owns beyond its model's fields (see seeds/loader.to_rows).
_DERIVED = frozenset({"id", "aliasText", "disputes", "ended"})
# Non-fact edges (rounds, versions) as the loader writes them.
_EDGE_PROPS = frozenset({"id", "sources", "confidence", "lead", "note"})
# Fields whose differing values a merge turns into aliases, unions or joins, not disputes.
_NOT_DISPUTED = frozenset(
    {"id", "sources", "confidence", "disputes", "note", "name", "nameZh", "aliases",
     "versionOf", "company", "investors"}
)  # fmt: skip


@dataclass(frozen=True)
class FactSpec:
    """A fact mutation: its relationship type, the type it answers with, and its ends.

    The input fields naming the ends are also the answer type's attributes
    (`person`/`employer` on EmploymentInput and on Employment).
    """

    rel: RelType
    type: type[Fact]
    ends: tuple[str, str]


FACTS: dict[str, FactSpec] = {
    "employment": FactSpec(RelType.WORKED_AT, Employment, ("person", "employer")),
    "founding": FactSpec(RelType.FOUNDED, Founding, ("person", "company")),
    "education": FactSpec(RelType.STUDIED_AT, Education, ("person", "university")),
    "contribution": FactSpec(RelType.CONTRIBUTED_TO, Contribution, ("person", "model")),
    "development": FactSpec(RelType.DEVELOPED, Development, ("company", "model")),
    "membership": FactSpec(RelType.PART_OF, Membership, ("unit", "group")),
    "ownership": FactSpec(RelType.OWNS, Ownership, ("owner", "asset")),
    "affiliation": FactSpec(RelType.AFFILIATE_OF, Affiliation, ("affiliate", "company")),
    "stake": FactSpec(RelType.HOLDS_STAKE, Stake, ("holder", "company")),
}


@dataclass(frozen=True)
class Merged:
    entity: Entity
    changed: bool
    moved: int
    combined: int
    dropped: int
    redirected: list[str]


# --- Entry points (called by schema/mutation.py) --------------------------------------


async def upsert_entity(info: Info[Context, None], kind: str, input: Any) -> tuple[Entity, bool]:
    """Create or update an entity of `kind` (a seed-model label) from its input."""
    assert kind in KINDS  # fixed by the schema, not users
    patch = patch_of(input)
    new_sources = patch.pop("newSources", [])
    if kind == "FundingRound":
        patch["investors"] = [_investor(i) for i in patch.get("investors", [])]
    if kind != "Source":
        _require_sources(patch, new_sources)
    _precheck(KINDS[kind], patch, "input", {})
    _precheck_sources(new_sources)
    by = _writer(info)

    async def work(tx: Tx) -> tuple[Entity, bool]:
        write = Write(tx, by)
        cited = await write.new_sources(new_sources)
        node = await write.entity(kind, patch if kind == "Source" else _cite(patch, cited), "input")
        return convert.entity(node), write.changed

    return await _transaction(info, work)


async def record_fact(info: Info[Context, None], name: str, input: Any) -> tuple[Fact, bool]:
    """Create or update one fact (a relationship) identified by its type, ends and start."""
    spec = FACTS[name]
    patch = patch_of(input)
    new_sources = patch.pop("newSources", [])
    patch = _fact_patch(spec, patch)
    _require_sources(patch, new_sources)
    _precheck(model.Fact, patch, "input", _fact_renames(spec))
    _precheck_sources(new_sources)
    by = _writer(info)

    async def work(tx: Tx) -> tuple[Fact, bool]:
        write = Write(tx, by)
        cited = await write.new_sources(new_sources)
        props, a, b = await write.fact(spec, _cite(patch, cited), "input")
        return _fact_object(spec, props, a, b), write.changed

    return await _transaction(info, work)


async def end_employment(info: Info[Context, None], input: Any) -> tuple[Fact, bool]:
    """Mark a WORKED_AT spell as ended: with the date given, or without one."""
    spec = FACTS["employment"]
    patch = patch_of(input)
    new_sources = patch.pop("newSources", [])
    patch = _fact_patch(spec, patch)
    if patch.get("end") is None:
        patch.pop("end", None)
        patch["ended"] = True
    _require_sources(patch, new_sources)
    _precheck(model.Fact, patch, "input", _fact_renames(spec))
    _precheck_sources(new_sources)
    by = _writer(info)

    async def work(tx: Tx) -> tuple[Fact, bool]:
        write = Write(tx, by)
        cited = await write.new_sources(new_sources)
        cited_patch = _cite(patch, cited)
        spell = await write.spell(spec, cited_patch, "input")
        cited_patch["start"] = spell.get("start")
        if spell.get("end") is not None and "end" not in cited_patch:
            cited_patch.pop("ended")  # already dated: "ended, date unknown" adds nothing
        props, a, b = await write.fact(spec, cited_patch, "input")
        return _fact_object(spec, props, a, b), write.changed

    return await _transaction(info, work)


async def merge_entities(info: Info[Context, None], keep: str, remove: str) -> Merged:
    """Fold `remove` into `keep`: its relationships, names and evidence; its id redirects."""
    if keep == remove:
        raise _refuse(BadInput, "an entity cannot be merged with itself", field="remove")
    by = _writer(info)

    async def work(tx: Tx) -> Merged:
        return await Write(tx, by).merge(keep, remove)

    return await _transaction(info, work)


# --- The transaction ----------------------------------------------------------------


def _writer(info: Info[Context, None]) -> str:
    # CanWrite has already checked the scope; this names who writes.
    return info.context.require(Scope.WRITE).name


async def _transaction(info: Info[Context, None], work: Callable[[Tx], Awaitable[T]]) -> T:
    graph = info.context.graph
    try:
        result = await graph.transaction(work)
    except ConstraintError:
        # Two writers created one new id at once and this one lost the race; the
        # managed transaction retries only transient errors. Run again: it now
        # finds the winner's node and updates it (or changes nothing).
        result = await graph.transaction(work)
    # Fields of the answer read the graph as written, not as cached before.
    info.context.loaders.clear()
    return result


@dataclass(frozen=True)
class Ref:
    """An id the input names, where it names it, and the kinds it may be."""

    path: str
    id: str
    kinds: tuple[str, ...] = ()


@dataclass
class Node:
    id: str
    kind: str | None  # None: a bare node just claimed for a new id
    props: Props
    families: list[str]
    raisers: list[str]


def _node(row: dict[str, Any]) -> Node:
    kinds = [k for k in row["kinds"] or [] if k in KINDS]
    return Node(
        id=row["resolved"],
        kind=kinds[0] if kinds else None,
        props=row["props"] or {},
        families=row["families"] or [],
        raisers=row["raisers"] or [],
    )


class Write:
    """One mutation's transaction: the statements it runs and whether any changed the graph."""

    def __init__(self, tx: Tx, by: str):
        self.tx = tx
        self.by = by
        self.changed = False

    # --- Reading and locking ---

    async def resolve(self, refs: list[Ref]) -> dict[str, Node]:
        """Lock the entities the input names (raw id -> node); refuse unknown or wrong kinds."""
        ids = sorted({ref.id for ref in refs})
        if not ids:
            return {}
        rows = await self.tx.run("write_lock", ids=ids)
        found = {row["id"]: _node(row) for row in rows if row["resolved"] is not None}
        for ref in refs:
            node = found.get(ref.id)
            expected = " or ".join(ref.kinds)
            if node is None:
                hint = f" (expected a {expected})" if expected else ""
                raise _refuse(NotFound, f"{ref.id!r} is not a known id{hint}", field=ref.path)
            if ref.kinds and node.kind not in ref.kinds:
                raise _refuse(
                    BadInput,
                    f"{ref.id!r} is of kind {node.kind}, expected {expected}",
                    field=ref.path,
                )
        return found

    async def target(self, kind: str, id: str, path: str) -> Node:
        """Lock the entity being written (following a merge's redirect); claim a new id."""
        rows = await self.tx.run("write_lock", ids=[id])
        if rows[0]["resolved"] is None:
            rows = await self.tx.run("write_claim", id=id)
        node = _node(rows[0])
        if node.kind is not None and node.kind != kind:
            raise _refuse(BadInput, f"{id!r} is already the id of a {node.kind}", field=path)
        return node

    async def edges(self, pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
        """Lock and read the relationships between pairs of (locked) entities, by fact id."""
        wanted = [{"from": a, "to": b} for a, b in sorted(set(pairs))]
        if not wanted:
            return {}
        rows = await self.tx.run("write_lock_facts", pairs=wanted, types=sorted(EDGE_TYPES))
        return {row["props"]["id"]: row for row in rows if "id" in row["props"]}

    # --- Writing ---

    async def put_node(
        self, kind: str, row_props: Props, id: str, current: Props, extras: Props | None = None
    ) -> Props:
        """Write a node's properties if they change; `extras`: others' properties to keep too."""
        desired = _desired(row_props, id, {**(extras or {}), **current}, _owned(KINDS[kind]))
        if current and _same(current, desired):
            return {**current, "label": ["Entity", kind]}
        (row,) = await self.tx.run("write_node", id=id, label=kind, props=desired, by=self.by)
        self.changed = True
        return row["node"]

    async def put_edges(
        self, rows: list[dict[str, Any]], current: dict[str, dict[str, Any]]
    ) -> dict[str, Props]:
        """Write the relationship rows that change something; answer every row's properties."""
        stored: dict[str, Props] = {}
        changed = []
        for row in rows:
            assert row["type"] in EDGE_TYPES  # from the loader's rows, never user text
            before = current.get(row["id"], {}).get("props")
            props = dict(row["props"])
            if before and before.get("sources"):
                props["sources"] = _union(before["sources"], props.get("sources") or [])
            desired = _desired(props, row["id"], before, _owned_edge(row["type"]))
            if before and _same(before, desired):
                stored[row["id"]] = before
            else:
                changed.append({**row, "props": desired})
        if changed:
            for written in await self.tx.run("write_relationships", rows=changed, by=self.by):
                stored[written["id"]] = written["props"]
            self.changed = True
        return stored

    # --- Records ---

    async def new_sources(self, sources: list[Props]) -> list[str]:
        """Upsert the sources given inline; their ids, as stored."""
        cited = []
        for index, source in enumerate(sources):
            node = await self.entity("Source", source, f"input.newSources[{index}]")
            cited.append(node["id"])
        return cited

    async def entity(self, kind: str, patch: Props, path: str) -> Props:
        """Apply a patch to one entity; its properties as stored (with `label`)."""
        cls = KINDS[kind]
        known = await self.resolve(_entity_refs(patch, path))
        patch = _resolved(patch, known)
        node = await self.target(kind, patch["id"], f"{path}.id")
        stored_record = _stored_entity(kind, node)
        record = _apply(stored_record, patch)
        record["id"] = node.id  # an id retired by a merge writes to the entity it went into
        kinds = {
            **_recorded(stored_record),
            **{n.id: n.kind for n in known.values()},
            node.id: kind,
        }
        edges: dict[str, dict[str, Any]] = {}
        if kind == "AIModel":
            _fixed(record, "versionOf", node.families, path)
            if record.get("versionOf") == node.id:
                raise _refuse(
                    BadInput, "a model is not a version of itself", field=f"{path}.versionOf"
                )
        if kind == "FundingRound":
            _fixed(record, "company", node.raisers, path)
            pairs = [(i["id"], node.id) for i in record.get("investors", [])]
            if record.get("company"):
                pairs.append((record["company"], node.id))
            edges = await self.edges(pairs)
            record["investors"] = [
                _apply(_stored_investor(edges, i["id"], node.id), i)
                for i in record.get("investors", [])
            ]
        valid = _validate(cls, record, path, {}, kinds)
        graph = SeedGraph()
        graph.group(_SECTION[kind])[node.id] = valid
        rows = loader.to_rows(graph)
        (node_row,) = rows.nodes
        stored = await self.put_node(kind, node_row["props"], node.id, node.props)
        if rows.relationships:
            if kind == "AIModel":
                edges = await self.edges((r["from"], r["to"]) for r in rows.relationships)
            await self.put_edges(rows.relationships, edges)
        return stored

    async def fact(self, spec: FactSpec, patch: Props, path: str) -> tuple[Props, Node, Node]:
        """Apply a patch to one fact; its properties as stored, and its two ends."""
        rule = RELATIONSHIPS[spec.rel]
        renames = _fact_renames(spec)
        refs = [
            Ref(f"{path}.{spec.ends[0]}", patch["from"], rule.sources),
            Ref(f"{path}.{spec.ends[1]}", patch["to"], rule.targets),
            *_evidence_refs(patch, path),
        ]
        known = await self.resolve(refs)
        a, b = known[patch["from"]], known[patch["to"]]
        patch = {**_resolved(patch, known), "from": a.id, "to": b.id}
        start = patch.get("start")
        id = loader.fact_id(spec.rel, a.id, b.id, PartialDate(start) if start else None)
        edges = await self.edges([(a.id, b.id)])
        before = edges.get(id)
        stored_record = _stored_fact(spec.rel, a.id, b.id, before["props"] if before else {})
        record = _apply(stored_record, patch)
        if record.get("end") is not None and "ended" not in patch:
            record.pop("ended", None)  # a dated end supersedes "ended, date unknown"
        kinds = {**_recorded(stored_record), **{n.id: n.kind for n in known.values()}}
        valid = _validate(model.Fact, record, path, renames, kinds)
        graph = SeedGraph(facts=[valid])
        stored = await self.put_edges(loader.to_rows(graph).relationships, edges)
        return stored[id], a, b

    async def spell(self, spec: FactSpec, patch: Props, path: str) -> Props:
        """The WORKED_AT spell that `endEmployment` ends (its stored properties)."""
        person, employer = spec.ends
        rule = RELATIONSHIPS[spec.rel]
        known = await self.resolve(
            [
                Ref(f"{path}.{person}", patch["from"], rule.sources),
                Ref(f"{path}.{employer}", patch["to"], rule.targets),
            ]
        )
        a, b = known[patch["from"]], known[patch["to"]]
        spells = [
            row["props"] for row in (await self.edges([(a.id, b.id)])).values()
            if row["type"] == spec.rel
        ]  # fmt: skip
        start = patch.get("start")
        if start is not None:
            chosen = [s for s in spells if s.get("start") == start]
            if not chosen:
                raise _refuse(
                    NotFound,
                    f"{a.id!r} has no spell at {b.id!r} that started {start}",
                    field=f"{path}.start",
                )
            return chosen[0]
        ongoing = [s for s in spells if not s.get("ended") and s.get("end") is None]
        if len(ongoing) > 1:
            raise _refuse(
                BadInput,
                f"{a.id!r} has {len(ongoing)} ongoing spells at {b.id!r}; give `start`",
                field=f"{path}.start",
            )
        if not ongoing:
            # Ending it again is a no-op, not an error: the same mutation twice.
            ongoing = [s for s in spells if s.get("end") == patch.get("end") and s.get("ended")]
        if len(ongoing) != 1:
            raise _refuse(
                NotFound, f"{a.id!r} has no ongoing spell at {b.id!r}", field=f"{path}.{employer}"
            )
        return ongoing[0]

    async def merge(self, keep: str, remove: str) -> Merged:
        known = await self.resolve([Ref("keep", keep), Ref("remove", remove)])
        kept, gone = known[keep], known[remove]
        if kept.id == gone.id:
            # `remove` already redirects here: merged before, so there is nothing to do.
            return Merged(convert.entity(_labelled(kept)), False, 0, 0, 0, [])
        kind = kept.kind
        if kind is None or gone.kind != kind:
            raise _refuse(
                BadInput,
                f"{remove!r} is a {gone.kind} and {keep!r} a {kind}: only entities of one kind "
                "merge",
                field="remove",
            )
        origin = f"merged from {gone.id!r}"
        # The kept entity: its own values win; the other's differing values become
        # aliases (names) or disputes (with the other's sources), nothing is dropped.
        record = _combine(
            _stored_entity(kind, kept), _stored_entity(kind, gone), _disputable(KINDS[kind]),
            origin,
        )  # fmt: skip
        record["id"] = kept.id
        if kind != "Source":
            record["aliases"] = _merged_aliases(record, kept, gone)
        if kind == "AIModel" and not record.get("versionOf") and gone.families:
            record["versionOf"] = gone.families[0]
        if kind == "FundingRound" and not record.get("company") and gone.raisers:
            record["company"] = gone.raisers[0]
        record.pop("investors", None)
        valid = _validate(KINDS[kind], record, "keep", {}, None)
        graph = SeedGraph()
        graph.group(_SECTION[kind])[kept.id] = valid
        (node_row,) = loader.to_rows(graph).nodes
        stored = await self.put_node(kind, node_row["props"], kept.id, kept.props, gone.props)

        taken = await self.tx.run(
            "merge_take_relationships", remove=gone.id, types=sorted(EDGE_TYPES)
        )
        rows, dropped = _moved(taken, kept.id, gone.id)
        existing = await self.edges((r["from"], r["to"]) for r in rows)
        combined = 0
        for row in rows:
            if row["id"] in existing:
                combined += 1
                row["props"] = _combine_edge(row, existing[row["id"]]["props"], origin)
        written = [
            {**row, "props": _desired(row["props"], row["id"], None, frozenset())} for row in rows
        ]
        assert all(row["type"] in EDGE_TYPES for row in written)  # merge_take_relationships filters
        if written:
            await self.tx.run("write_relationships", rows=written, by=self.by)

        (redirect,) = await self.tx.run("merge_redirect", keep=kept.id, remove=gone.id, by=self.by)
        await self.tx.run(
            "merge_citations", keep=kept.id, remove=gone.id, by=self.by,
            token=json.dumps(gone.id), replacement=json.dumps(kept.id),
        )  # fmt: skip
        self.changed = True
        return Merged(
            entity=convert.entity(stored),
            changed=True,
            moved=len(rows) - combined,
            combined=combined,
            dropped=dropped,
            redirected=sorted({gone.id, *redirect["moved"]}),
        )


def _refuse(error: type[E], message: str, *, field: str) -> E:
    """An error that names the input field at fault, in its message and in `extensions.field`."""
    return error(f"{field}: {message}", field=field)


# --- From input to record -----------------------------------------------------------


def patch_of(input: Any) -> Props:
    """The fields an input object sets, by their seed-model (camelCase) names."""
    return {
        _camel(f.name): _plain(getattr(input, f.name))
        for f in dataclasses.fields(input)
        if getattr(input, f.name) is not UNSET
    }


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return patch_of(value)
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _investor(given: Props) -> Props:
    return {("id" if k == "investor" else k): v for k, v in given.items()}


def _fact_patch(spec: FactSpec, patch: Props) -> Props:
    source, target = spec.ends
    rest = {k: v for k, v in patch.items() if k not in spec.ends}
    return {"rel": str(spec.rel), "from": patch[source], "to": patch[target], **rest}


def _require_sources(patch: Props, new_sources: list[Props]) -> None:
    if not patch.get("sources") and not new_sources:
        raise _refuse(
            BadInput,
            "every write needs a source: give `sources` (ids of existing sources) or `newSources`",
            field="input.sources",
        )


def _cite(patch: Props, cited: list[str]) -> Props:
    """The patch with the inline sources' ids among its sources (a copy: `work` may rerun)."""
    return {**patch, "sources": [*(patch.get("sources") or []), *cited]}


def _fact_renames(spec: FactSpec) -> dict[str, str]:
    return {"from": spec.ends[0], "to": spec.ends[1]}


def _evidence_refs(patch: Props, path: str) -> list[Ref]:
    """The sources a record cites, as Refs that must be Sources."""
    refs = [
        Ref(f"{path}.sources[{i}]", id, ("Source",))
        for i, id in enumerate(patch.get("sources", []))
    ]
    for i, dispute in enumerate(patch.get("disputes") or []):
        refs += [
            Ref(f"{path}.disputes[{i}].sources[{j}]", id, ("Source",))
            for j, id in enumerate(dispute.get("sources") or [])
        ]
    return refs


def _entity_refs(patch: Props, path: str) -> list[Ref]:
    refs = _evidence_refs(patch, path)
    if patch.get("versionOf"):
        refs.append(Ref(f"{path}.versionOf", patch["versionOf"], ("AIModel",)))
    if patch.get("company"):
        refs.append(Ref(f"{path}.company", patch["company"], ("Company",)))
    for i, investor in enumerate(patch.get("investors") or []):
        refs.append(Ref(f"{path}.investors[{i}].investor", investor["id"], ("Company",)))
        refs += [
            Ref(f"{path}.investors[{i}].sources[{j}]", id, ("Source",))
            for j, id in enumerate(investor.get("sources") or [])
        ]
    return refs


def _resolved(patch: Props, known: dict[str, Node]) -> Props:
    """The patch with every id it names replaced by the id it resolves to."""

    def ids(values: list[str] | None) -> list[str] | None:
        return None if values is None else _union([], [known[v].id for v in values])

    out = dict(patch)
    if "sources" in out:
        out["sources"] = ids(out["sources"])
    if out.get("disputes"):
        out["disputes"] = [{**d, "sources": ids(d.get("sources"))} for d in out["disputes"]]
    for key in ("versionOf", "company"):
        if out.get(key):
            out[key] = known[out[key]].id
    if out.get("investors"):
        out["investors"] = [
            {
                **i,
                "id": known[i["id"]].id,
                **({"sources": ids(i["sources"])} if i.get("sources") else {}),
            }
            for i in out["investors"]
        ]
    return out


def _apply(record: Props, patch: Props) -> Props:
    """A record with a patch applied: values replace, null clears, sources accumulate."""
    out = dict(record)
    for key, value in patch.items():
        if key == "sources" and value is not None:
            out[key] = _union(record.get(key) or [], value)
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _fixed(record: Props, key: str, stored: list[str], path: str) -> None:
    """Edges kept as fields (a release's family, a round's company) are set once."""
    if not stored:
        return
    if record.get(key) is not None and record[key] != stored[0]:
        raise _refuse(
            BadInput, f"already {stored[0]!r}; {key} cannot change once set", field=f"{path}.{key}"
        )
    record[key] = stored[0]


def _union(first: list[str], more: Iterable[str]) -> list[str]:
    out = list(first)
    for item in more:
        if item not in out:
            out.append(item)
    return out


# --- From the graph to records ---------------------------------------------------------


def _field_names(cls: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in cls.model_fields.items()}


def _native(value: Any) -> Any:
    # neo4j.time.Date and friends: compare as the Python values the loader sends.
    return value.to_native() if hasattr(value, "to_native") else value


def _stored_entity(kind: str, node: Node) -> Props:
    """The seed-model record behind a node (empty for a new one)."""
    if node.kind is None:
        return {}
    names = _field_names(KINDS[kind])
    record = {k: _native(v) for k, v in node.props.items() if k in names}
    if "disputes" in record:
        record["disputes"] = json.loads(record["disputes"])
    if kind == "AIModel" and node.families:
        record["versionOf"] = node.families[0]
    if kind == "FundingRound" and node.raisers:
        record["company"] = node.raisers[0]
    return record


def _stored_fact(rel: RelType, from_: str, to: str, props: Props) -> Props:
    names = _field_names(model.Fact) - {"rel", "from", "to"}
    record = {k: _native(v) for k, v in props.items() if k in names}
    record.update({"rel": str(rel), "from": from_, "to": to})
    if "disputes" in record:
        record["disputes"] = json.loads(record["disputes"])
    # Stored on every WORKED_AT; the record says it only when no end date says it.
    if not record.get("ended") or record.get("end") is not None:
        record.pop("ended", None)
    return record


def _stored_investor(edges: dict[str, dict[str, Any]], investor: str, round_: str) -> Props:
    found = edges.get(loader.fact_id("INVESTED_IN", investor, round_))
    props = found["props"] if found else {}
    record: Props = {"id": investor}
    for key in ("lead", "sources", "note"):
        if props.get(key) is not None:
            record[key] = props[key]
    return record


def _recorded(record: Props) -> dict[str, str | None]:
    """The kinds of the ids a stored record cites: checked when they were written.

    A merge rewrites the citations of an id it retires, so they still hold.
    """
    kinds: dict[str, str | None] = dict.fromkeys(record.get("sources") or [], "Source")
    for dispute in record.get("disputes") or []:
        kinds.update(dict.fromkeys(dispute.get("sources") or [], "Source"))
    if record.get("versionOf"):
        kinds[record["versionOf"]] = "AIModel"
    if record.get("company"):
        kinds[record["company"]] = "Company"
    return kinds


def _owned(cls: type[BaseModel]) -> frozenset[str]:
    """The properties a record of this model writes (the rest, e.g. `synthetic`, are kept)."""
    names = _field_names(cls)
    return frozenset({*names, *(f"{n}Min" for n in names), *(f"{n}Max" for n in names), *_DERIVED})


def _owned_edge(type_: str) -> frozenset[str]:
    return _owned(model.Fact) if type_ in set(map(str, RelType)) else _EDGE_PROPS


def _desired(row_props: Props, id: str, current: Props | None, owned: frozenset[str]) -> Props:
    """Every property the node or relationship should hold: the row's, and others kept."""
    props = {**{k: v for k, v in row_props.items() if v is not None}, "id": id}
    for key, value in (current or {}).items():
        if key not in props and key not in STAMP and key not in owned:
            props[key] = value
    props.pop("_lock", None)
    return props


def _same(current: Props, desired: Props) -> bool:
    def comparable(props: Props) -> Props:
        return {k: _native(v) for k, v in props.items() if k not in STAMP}

    return comparable(current) == comparable(desired)


def _labelled(node: Node) -> Props:
    return {**node.props, "label": ["Entity", node.kind]}


def _fact_object(spec: FactSpec, props: Props, a: Node, b: Node) -> Fact:
    ends = {spec.ends[0]: convert.entity(_labelled(a)), spec.ends[1]: convert.entity(_labelled(b))}
    return convert.build(spec.type, props, **ends)


# --- Validation: the seed model's rules -----------------------------------------------


class _Known(SeedGraph):
    """The seed model's graph checks, asked of the entities this transaction locked."""

    def __init__(self, kinds: dict[str, str | None]):
        super().__init__()
        self.kinds = kinds

    def kind_of(self, id: str) -> str | None:
        return self.kinds.get(id)


def _precheck(cls: type[BaseModel], patch: Props, path: str, renames: dict[str, str]) -> None:
    """Check the fields a patch sets before any database work (what is missing comes later)."""
    # Inline sources join `sources` later, so an empty list here is not yet an error.
    given = {k: v for k, v in patch.items() if v is not None and v != []}
    try:
        cls.model_validate(given)
    except ValidationError as error:
        for detail in error.errors():
            if detail["type"] != "missing":
                raise _bad(detail, path, renames) from None


def _precheck_sources(sources: list[Props]) -> None:
    for index, source in enumerate(sources):
        _precheck(model.Source, source, f"input.newSources[{index}]", {})


def _validate(
    cls: type[BaseModel],
    record: Props,
    path: str,
    renames: dict[str, str],
    kinds: dict[str, str | None] | None,
) -> Any:
    """The whole record, through the seed model and (with `kinds`) its graph checks."""
    try:
        valid: Any = cls.model_validate(record)
    except ValidationError as error:
        raise _bad(error.errors()[0], path, renames) from None
    if kinds is not None:
        # The same graph-level checks `python -m seeds.model` runs on the seed files.
        for where, message in model.check_record(valid, _Known(kinds)):
            raise _refuse(BadInput, message, field=_input_path(path, where, renames))
    return valid


def _bad(detail: ErrorDetails, path: str, renames: dict[str, str]) -> BadInput:
    where = model.error_location(detail["loc"])
    return _refuse(BadInput, model.error_message(detail), field=_input_path(path, where, renames))


_LOC = re.compile(r"([A-Za-z_]+)(.*)")


def _input_path(path: str, where: str, renames: dict[str, str]) -> str:
    """The input field at fault, from a seed-model location (`from` -> `input.person`)."""
    match = _LOC.fullmatch(where)
    if match is None:
        return path
    head, rest = match.groups()
    if head == "investors":
        rest = re.sub(r"^(\[\d+\])\.id\b", r"\1.investor", rest)
    return f"{path}.{renames.get(head, head)}{rest}"


# --- Merging -------------------------------------------------------------------------


def _disputable(cls: type[BaseModel]) -> frozenset[str]:
    if "disputes" not in _field_names(cls):
        return frozenset()  # a Source keeps its own values
    return frozenset(_field_names(cls) - _NOT_DISPUTED)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _combine(kept: Props, gone: Props, disputable: frozenset[str], origin: str) -> Props:
    """Two records of one thing as one: the kept one's values win, the other's are kept aside.

    Sources are united, disputes concatenated, notes joined; a value only the
    other has fills the gap; a value that differs becomes a dispute carrying
    the other record's sources.
    """
    out = dict(kept)
    disputes = list(kept.get("disputes") or [])
    for key, value in gone.items():
        mine = out.get(key)
        if key == "sources":
            out[key] = _union(mine or [], value)
        elif key == "disputes":
            disputes += [d for d in value if d not in disputes]
        elif key == "note":
            out[key] = (
                mine if not value or value == mine else (f"{mine}\n{value}" if mine else value)
            )
        elif key in {"id", "aliases"}:
            continue
        elif mine is None:
            out[key] = value
        elif mine != value and key in disputable and gone.get("sources"):
            dispute = {
                "field": key,
                "value": _text(value),
                "sources": gone["sources"],
                "note": origin,
            }
            if dispute not in disputes:
                disputes.append(dispute)
    if disputes:
        out["disputes"] = disputes
    return out


def _merged_aliases(record: Props, kept: Node, gone: Node) -> list[str]:
    own = {record.get("name"), record.get("nameZh")}
    names = [
        *(kept.props.get("aliases") or []),
        gone.props.get("name"),
        gone.props.get("nameZh"),
        *(gone.props.get("aliases") or []),
    ]
    return _union([], (n for n in names if n and n not in own))


def _moved(taken: list[dict[str, Any]], keep: str, remove: str) -> tuple[list[dict[str, Any]], int]:
    """The removed entity's relationships, re-ended on the kept one, under their new fact ids."""
    rows: dict[str, dict[str, Any]] = {}
    dropped = 0
    for edge in taken:
        other = edge["other"]
        if other in {keep, remove}:
            dropped += 1  # between the two: it would point at itself
            continue
        a, b = (keep, other) if edge["outgoing"] else (other, keep)
        old = str(edge["props"].get("id") or "").split(":")
        id = ":".join([edge["type"], a, b, *old[3:]])
        rows[id] = {"id": id, "type": edge["type"], "from": a, "to": b, "props": edge["props"]}
    return list(rows.values()), dropped


def _combine_edge(row: dict[str, Any], kept: Props, origin: str) -> Props:
    """A moved relationship folded into the kept entity's own record of the same fact."""
    gone = row["props"]
    if row["type"] not in set(map(str, RelType)):
        out = _combine(
            {k: _native(v) for k, v in kept.items()},
            {k: _native(v) for k, v in gone.items()},
            frozenset(),
            origin,
        )
        if "lead" in out:
            out["lead"] = bool(kept.get("lead") or gone.get("lead"))  # a source named it lead
        return {k: v for k, v in out.items() if k not in STAMP}
    rel = RelType(row["type"])
    record = _combine(
        _stored_fact(rel, row["from"], row["to"], kept),
        _stored_fact(rel, row["from"], row["to"], gone),
        frozenset(RELATIONSHIPS[rel].props) - {"ended", "start"},
        origin,
    )
    if record.get("end") is not None:
        record.pop("ended", None)
    valid = _validate(model.Fact, record, "remove", {}, None)
    (fact_row,) = loader.to_rows(SeedGraph(facts=[valid])).relationships
    extras = {k: v for k, v in {**gone, **kept}.items() if k not in _owned(model.Fact)}
    return {**extras, **fact_row["props"]}
