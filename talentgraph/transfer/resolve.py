"""Which entity each imported record and reference means: by id, then by name; by URL for sources.

Pure functions over the records as read and what the graph answered about them
(`Lookup`); the importer asks the graph. A record whose id the graph knows is that
entity. Otherwise a record matches the one stored entity of its kind whose name,
Chinese name or an alias equals one of its names (ignoring case); two such
entities are an ambiguous match, reported and never guessed; none, and the record
is new (without an id, its id is made from its name). A reference (a fact's
`from`, a round's `company`...) is an id, else a name of exactly one entity of a
kind that fits. A source is cited by id or by URL; sources are one per URL, so a
source record whose URL is stored, or given twice, is that one source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from model.kinds import RELATIONSHIPS, Relationship
from model.records import FACTS_SECTION, SECTIONS, SLUG_PATTERN
from talentgraph.transfer.records import ParseProblem, Raw

_SLUG = re.compile(SLUG_PATTERN)
KIND_OF_SECTION = {section: cls.__name__ for section, cls in SECTIONS.items()}
_COMPANY = ("Company",)
_ANY = tuple(KIND_OF_SECTION.values())


@dataclass(frozen=True)
class Stored:
    """An entity as the graph holds it."""

    id: str
    kind: str
    props: dict[str, Any]
    family: str | None = None
    company: str | None = None
    investors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    complete: bool = True  # False: only its id and kind were read (an entity only named)


@dataclass
class Lookup:
    """What the graph answered: entities by the ids asked, sources by URL, entities by name."""

    by_id: dict[str, Stored] = field(default_factory=dict)
    by_url: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lower -> (id, kind)


@dataclass
class Resolved:
    records: list[Raw]
    problems: list[ParseProblem]
    notes: list[str]  # "people.csv line 3: 'Zhou Chang' is zhou-chang (by name)"


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def slug(text: str) -> str:
    """An id made from a name or a URL: ASCII words joined by hyphens ('' if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:80].strip("-")


def names_of(data: dict[str, Any]) -> list[str]:
    names = [data.get("name"), data.get("nameZh"), *(data.get("aliases") or [])]
    return [n for n in names if isinstance(n, str) and n.strip()]


def inline_sources(records: list[Raw], problems: list[ParseProblem]) -> list[Raw]:
    """Sources given whole where a citation goes (JSON Lines) become source records."""
    found = []
    for record in records:
        for cited, path in source_lists(record.data):
            for index, item in enumerate(cited):
                if not isinstance(item, dict):
                    continue
                ref = item.get("url") or item.get("id")
                if not isinstance(ref, str) or not ref:
                    problems.append(ParseProblem(record.file, record.line, f"{path}[{index}]",
                                                 "an inline source needs a url or an id"))  # fmt: skip
                    continue
                cited[index] = ref
                found.append(Raw(record.file, record.line, "sources", dict(item)))
    return records + found


def source_lists(data: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """Every list of citations in a record, with its field path."""
    if isinstance(data.get("sources"), list):
        yield data["sources"], "sources"
    for prefix, holder in [*_nested(data, "disputes"), *_nested(data, "investors")]:
        if isinstance(holder.get("sources"), list):
            yield holder["sources"], prefix + "sources"


def _nested(data: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield f"{key}[{index}].", item


_RULES: dict[str, Relationship] = {str(t): rule for t, rule in RELATIONSHIPS.items()}


def entity_refs(record: Raw) -> Iterator[tuple[dict[str, Any], str, str, tuple[str, ...]]]:
    """(holder, key, field path, kinds it may name) for every reference to an entity."""
    data = record.data
    if record.section == FACTS_SECTION:
        rel = data.get("rel")
        rule = _RULES.get(rel) if isinstance(rel, str) else None  # a list is unhashable
        kinds = (rule.sources, rule.targets) if rule else ((), ())
        for key, allowed in zip(("from", "to"), kinds, strict=True):
            yield data, key, key, allowed
    elif record.section == "rounds":
        yield data, "company", "company", _COMPANY
        for prefix, investor in _nested(data, "investors"):
            yield investor, "id", prefix + "id", _COMPANY
    elif record.section == "models":
        yield data, "versionOf", "versionOf", ("AIModel",)
    elif record.section == "redirects":  # a merge redirect: to the entity kept
        yield data, "to", "to", _ANY


def wanted_ids(records: list[Raw]) -> set[str]:
    """Every id the records give or name: the graph is asked about each."""
    ids = {r.data["id"] for r in records if isinstance(r.data.get("id"), str)}
    for record in records:
        ids.update(h[k] for h, k, _, _ in entity_refs(record) if isinstance(h.get(k), str))
        for cited, _ in source_lists(record.data):
            ids.update(c for c in cited if isinstance(c, str) and not is_url(c))
    return ids


def wanted_urls(records: list[Raw]) -> set[str]:
    urls = {r.data["url"] for r in records if r.section == "sources" and "url" in r.data}
    for record in records:
        for cited, _ in source_lists(record.data):
            urls.update(c for c in cited if isinstance(c, str) and is_url(c))
    return {u for u in urls if isinstance(u, str)}


def wanted_names(records: list[Raw], known: set[str]) -> set[str]:
    """Names to look up: of records whose id the graph does not know, and of unknown references."""
    given = {r.data.get("id") for r in records}
    names: set[str] = set()
    for record in records:
        entity = record.section in SECTIONS and record.section != "sources"
        if entity and record.data.get("id") not in known:
            names.update(names_of(record.data))
        for holder, key, _, _ in entity_refs(record):
            ref = holder.get(key)
            if isinstance(ref, str) and ref not in known and ref not in given:
                names.add(ref)
    return names


@dataclass
class _Resolving:
    """What one resolution learns as it goes, shared by its steps."""

    lookup: Lookup
    problems: list[ParseProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # an id or name given -> the final id
    # lower name -> (final id, kind), in the import
    imported: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    by_url: dict[str, Raw] = field(default_factory=dict)  # the import's sources by URL


def resolve(records: list[Raw], lookup: Lookup) -> Resolved:
    """Give every record its final id and every reference the id it means."""
    st = _Resolving(lookup)
    kept: list[Raw] = []
    for record in records:
        if record.section == "sources":
            if _source(record, st):
                kept.append(record)
            continue
        if record.section in SECTIONS:
            _entity(record, st)
        kept.append(record)
    for record in kept:
        _references(record, st)
    return Resolved(kept, st.problems, st.notes)


def _source(record: Raw, st: _Resolving) -> bool:
    """Settle a source record's id; False when it repeats a source of the import (merged)."""
    data = record.data
    url, given = data.get("url"), data.get("id")
    final = given if isinstance(given, str) and given in st.lookup.by_id else None
    if final is None and isinstance(url, str):
        final = st.lookup.by_url.get(url)
        if final is None and url in st.by_url:
            first = st.by_url[url]
            first.data.update({k: v for k, v in data.items() if k != "id"})
            if isinstance(given, str):
                st.renamed[given] = first.data["id"]
            return False
        final = final or (given if isinstance(given, str) else slug(url.split("//", 1)[-1]))
    elif final is None and isinstance(given, str):
        final = given
    if final is None:
        st.problems.append(
            ParseProblem(record.file, record.line, "id", "a source needs an id or a url")
        )
        return True
    if isinstance(given, str) and given != final:
        st.renamed[given] = final
    if isinstance(url, str):
        st.renamed[url] = final
        st.by_url.setdefault(url, record)
    data["id"] = final
    return True


def _entity(record: Raw, st: _Resolving) -> None:
    data, kind = record.data, KIND_OF_SECTION[record.section]
    given = data.get("id")
    stored = st.lookup.by_id.get(given) if isinstance(given, str) else None
    where = f"{record.file} {record.label}"
    if stored is not None:
        if stored.kind != kind:
            st.problems.append(ParseProblem(record.file, record.line, "id",
                                            f"{given!r} is a {stored.kind} in the graph, not a {kind}"))  # fmt: skip
        final = stored.id
    else:
        matches = _by_names(names_of(data), st.lookup.by_name, (kind,))
        if len(matches) > 1:
            st.problems.append(ParseProblem(record.file, record.line, "name",
                                            f"matches several stored {kind}s by name: "
                                            f"{', '.join(sorted(matches))}; give the id of one"))  # fmt: skip
            final = given if isinstance(given, str) else ""
        elif matches:
            (final,) = matches
            st.notes.append(f"{where}: {data.get('name')!r} is the stored {kind} {final} (by name)")
        else:
            final = given if isinstance(given, str) else slug(str(data.get("name", "")))
            if not final:
                st.problems.append(ParseProblem(record.file, record.line, "id",
                                                "give an id (the name makes none)"))  # fmt: skip
    if isinstance(given, str) and given != final:
        st.renamed[given] = final
    data["id"] = final
    for name in names_of(data):
        st.imported.setdefault(name.lower(), []).append((final, kind))


def _by_names(
    names: list[str], index: dict[str, list[tuple[str, str]]], kinds: tuple[str, ...]
) -> set[str]:
    return {id for name in names for id, kind in index.get(name.lower(), []) if kind in kinds}


def _references(record: Raw, st: _Resolving) -> None:
    for holder, key, path, kinds in entity_refs(record):
        ref = holder.get(key)
        if not isinstance(ref, str):
            continue
        if ref in st.renamed:
            holder[key] = st.renamed[ref]
        elif ref in st.lookup.by_id:
            holder[key] = st.lookup.by_id[ref].id
        elif (
            not _SLUG.fullmatch(ref)
            or ref.lower() in st.imported
            or ref.lower() in st.lookup.by_name
        ):
            matches = _by_names([ref], st.imported, kinds) | _by_names(
                [ref], st.lookup.by_name, kinds
            )
            if len(matches) == 1:
                (holder[key],) = matches
                st.notes.append(
                    f"{record.file} {record.label}: {path} {ref!r} is {holder[key]} (by name)"
                )
            elif matches:
                st.problems.append(ParseProblem(record.file, record.line, path,
                                                f"{ref!r} names several entities: "
                                                f"{', '.join(sorted(matches))}; give the id"))  # fmt: skip
            elif not _SLUG.fullmatch(ref):
                st.problems.append(ParseProblem(record.file, record.line, path,
                                                f"{ref!r} is not a known id or name"))  # fmt: skip
    for cited, path in source_lists(record.data):
        for index, ref in enumerate(cited):
            if not isinstance(ref, str):
                continue
            if ref in st.renamed:
                cited[index] = st.renamed[ref]
            elif is_url(ref):
                if ref in st.lookup.by_url:
                    cited[index] = st.lookup.by_url[ref]
                else:
                    st.problems.append(ParseProblem(record.file, record.line, f"{path}[{index}]",
                                                    f"no source has the URL {ref}: add it with its "
                                                    "title and publisher (sources.csv, or inline)"))  # fmt: skip
            elif ref in st.lookup.by_id:
                cited[index] = st.lookup.by_id[ref].id
