"""Records into typed objects: Neo4j's camelCase properties onto the types' fields."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any

from compiler.shape import relationship_properties
from schema.types import ENTITY_TYPES, Dispute, Evidence

_SKIP = {"evidence"}


@cache
def _fields(cls: type) -> dict[str, str]:
    """Property name -> attribute name, for the fields a type is built with."""
    return {
        _camel(f.name): f.name for f in dataclasses.fields(cls) if f.init and f.name not in _SKIP
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def evidence(props: dict[str, Any]) -> Evidence:
    disputes = json.loads(props["disputes"]) if props.get("disputes") else []
    return Evidence(
        confidence=props.get("confidence", 1.0),
        source_ids=props.get("sources") or [],
        disputes=[
            Dispute(field=d["field"], value=d["value"], note=d.get("note"), source_ids=d["sources"])
            for d in disputes
        ],
    )


def build(cls: type, props: dict[str, Any], **extra: Any) -> Any:
    """An instance of `cls` from a property map; unknown properties are left out."""
    fields = _fields(cls)
    values = {attr: props[key] for key, attr in fields.items() if key in props}
    return cls(**values, **extra, evidence=evidence(props))


def entity(props: dict[str, Any]) -> Any:
    """Any node as its type (Person, Company...), chosen by its label; `props` carries
    `label` (the node's labels). Typed Any: which type is known only at run time."""
    labels = props["label"]
    kind = next(label for label in labels if label in ENTITY_TYPES)
    if kind == "Source":
        props = {**props, "name": props["title"]}
    return build(ENTITY_TYPES[kind], props)


plain = relationship_properties
