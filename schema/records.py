"""Records into the API's objects: Neo4j's camelCase properties onto the types' fields.

The application layer (resolvers/) answers plain maps; this builds the typed
objects the reference executor completes. The object types register here
(schema/types.py does, once) rather than being imported, because the types'
own relationship fields build objects through this module.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any

from compiler.shape import relationship_properties
from resolvers.revisions import REVISION

_SKIP = {"evidence"}
_TYPES: dict[str, type] = {}


def register(*classes: type) -> None:
    """Make `classes` the types that records of their name (a label, Evidence...) become."""
    _TYPES.update((cls.__name__, cls) for cls in classes)


def type_of(name: str) -> Any:
    """The registered type `name` (a fact type, from the relation fields that build them)."""
    return _TYPES[name]


@cache
def _fields(cls: type) -> dict[str, str]:
    """Property name -> attribute name, for the fields a type is built with."""
    return {
        _camel(f.name): f.name for f in dataclasses.fields(cls) if f.init and f.name not in _SKIP
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def evidence(props: dict[str, Any]) -> Any:
    disputes = json.loads(props["disputes"]) if props.get("disputes") else []
    dispute = _TYPES["Dispute"]
    return _TYPES["Evidence"](
        confidence=props.get("confidence", 1.0),
        source_ids=props.get("sources") or [],
        disputes=[
            dispute(field=d["field"], value=d["value"], note=d.get("note"), source_ids=d["sources"])
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
    kind = next(label for label in props["label"] if label in _TYPES)
    if kind == "Source":
        props = {**props, "name": props["title"]}
    found = build(_TYPES[kind], props)
    if REVISION in props:  # read at a revision (resolvers/revisions.py): its facts are too
        setattr(found, REVISION, props[REVISION])
    return found


plain = relationship_properties
