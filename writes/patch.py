"""Patches: what an input says, applied to a stored record. Pure functions, no database.

A patch holds the fields an input sets, by their seed-model names: a value
replaces, `None` clears, `sources` are added to those recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from talentgraph.errors import BadInput
from writes.errors import refuse
from writes.specs import FactSpec, Link

Props = dict[str, Any]


class Resolved(Protocol):
    """What an id the input names resolved to (writes.stored.Node)."""

    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class Ref:
    """An id the input names, where it names it, and the kinds it may be."""

    path: str
    id: str
    kinds: tuple[str, ...] = ()


def union(first: list[str], more: Iterable[str]) -> list[str]:
    """`first`, then the items of `more` it lacks, in order, each once."""
    out = list(first)
    for item in more:
        if item not in out:
            out.append(item)
    return out


def apply(record: Props, patch: Props) -> Props:
    """A record with a patch applied: values replace, null clears, sources accumulate."""
    out = dict(record)
    for key, value in patch.items():
        if key == "sources" and value is not None:
            out[key] = union(record.get(key) or [], value)
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def cite(patch: Props, cited: list[str]) -> Props:
    """The patch with the inline sources' ids among its sources (a copy: the work may rerun)."""
    return {**patch, "sources": [*(patch.get("sources") or []), *cited]}


def require_sources(patch: Props, new_sources: list[Props]) -> None:
    if not patch.get("sources") and not new_sources:
        raise refuse(
            BadInput,
            "every write needs a source: give `sources` (ids of existing sources) or `newSources`",
            field="input.sources",
        )


def investors(patch: Props) -> Props:
    """A round's patch with each investor's `investor` named `id`, as the seed model names it."""
    given = patch.get("investors", [])
    return {**patch, "investors": [{("id" if k == "investor" else k): v for k, v in i.items()}
                                   for i in given]}  # fmt: skip


def ending(patch: Props) -> Props:
    """An ending's patch: the date it ended, or else `ended` without one."""
    if patch.get("end") is not None:
        return dict(patch)
    return {**{k: v for k, v in patch.items() if k != "end"}, "ended": True}


def fact_patch(spec: FactSpec, patch: Props) -> Props:
    """A fact's patch with its ends as the seed model names them (`from`, `to`) and its type."""
    source, target = spec.ends
    rest = {k: v for k, v in patch.items() if k not in spec.ends}
    return {"rel": str(spec.rel), "from": patch[source], "to": patch[target], **rest}


def fixed(record: Props, link: Link, stored: list[str], path: str) -> None:
    """Edges kept as fields (a release's family, a round's company) are set once."""
    if not stored:
        return
    key = link.field
    if record.get(key) is not None and record[key] != stored[0]:
        raise refuse(
            BadInput, f"already {stored[0]!r}; {key} cannot change once set", field=f"{path}.{key}"
        )
    record[key] = stored[0]


def evidence_refs(patch: Props, path: str) -> list[Ref]:
    """The sources a record cites, as Refs that must be Sources."""
    refs = _source_refs(patch, path)
    for i, dispute in enumerate(patch.get("disputes") or []):
        refs += _source_refs(dispute, f"{path}.disputes[{i}]")
    return refs


def _source_refs(record: Props, path: str) -> list[Ref]:
    return [
        Ref(f"{path}.sources[{i}]", id, ("Source",))
        for i, id in enumerate(record.get("sources") or [])
    ]


def entity_refs(patch: Props, link: Link | None, path: str) -> list[Ref]:
    """Every id an entity's patch names: its evidence, its link, its investors."""
    refs = evidence_refs(patch, path)
    if link is not None and patch.get(link.field):
        refs.append(Ref(f"{path}.{link.field}", patch[link.field], (link.kind,)))
    for i, investor in enumerate(patch.get("investors") or []):
        where = f"{path}.investors[{i}]"
        refs.append(Ref(f"{where}.investor", investor["id"], ("Company",)))
        refs += _source_refs(investor, where)
    return refs


def recorded(record: Props, link: Link | None) -> dict[str, str | None]:
    """The kinds of the ids a stored record cites: checked when they were written.

    A merge rewrites the citations of an id it retires, so they still hold.
    """
    kinds: dict[str, str | None] = dict.fromkeys(record.get("sources") or [], "Source")
    for dispute in record.get("disputes") or []:
        kinds.update(dict.fromkeys(dispute.get("sources") or [], "Source"))
    if link is not None and record.get(link.field):
        kinds[record[link.field]] = link.kind
    return kinds


def resolved(patch: Props, known: Mapping[str, Resolved], link: Link | None = None) -> Props:
    """The patch with every id it names replaced by the id it resolves to."""

    def ids(values: list[str] | None) -> list[str] | None:
        return None if values is None else union([], [known[v].id for v in values])

    out = dict(patch)
    if "sources" in out:
        out["sources"] = ids(out["sources"])
    if out.get("disputes"):
        out["disputes"] = [{**d, "sources": ids(d.get("sources"))} for d in out["disputes"]]
    if link is not None and out.get(link.field):
        out[link.field] = known[out[link.field]].id
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
