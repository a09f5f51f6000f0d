"""What the explorer draws, read from the schema rather than restated in its JavaScript.

The explorer asks for the fact types, their ends and dated fields by introspection
(explorer/src/views/vocabulary.graphql). What introspection cannot show is what a
relationship field stands for in the graph: its Neo4j type and direction, the fact type it
pages and that fact's two ends. Those are the `model.Relation` specs the compiler reads
from the same fields, so they are added here from there: one statement of each.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, graphql_sync

from model import OUT, Relation


def vocabulary(schema: GraphQLSchema, introspection: str) -> dict[str, Any]:
    """The introspection answer, and `relations`: one entry per relationship field."""
    result = graphql_sync(schema, introspection)
    if result.errors:
        raise ValueError(f"the explorer's vocabulary query fails: {result.errors[0].message}")
    return {**(result.data or {}), "relations": relations(schema)}


def relations(schema: GraphQLSchema) -> list[dict[str, Any]]:
    """Each entity type's relationship fields, in declaration order, as the explorer needs them."""
    found = []
    for gtype in schema.type_map.values():
        if not isinstance(gtype, GraphQLObjectType):
            continue
        for name, field in gtype.fields.items():
            definition = field.extensions.get("strawberry-definition")
            spec = definition.metadata.get("relation") if definition else None
            if isinstance(spec, Relation):
                found.append({"entity": gtype.name, "field": name, **_relation(spec)})
    return found


def _relation(spec: Relation) -> dict[str, Any]:
    # The Neo4j direction: `from` is the end the relationship leaves.
    outgoing = spec.direction == OUT
    return {
        "type": spec.rel_type,
        "direction": spec.direction,
        "fact": spec.edge_type,
        "from": spec.parent_field if outgoing else spec.other_field,
        "to": spec.other_field if outgoing else spec.parent_field,
        "dated": spec.dated,
    }
