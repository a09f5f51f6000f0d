"""Root lookups by id into Cypher: `person`, `entity`..., and Relay's `node` and `nodes`.

`node` and `nodes` find an entity by its id (or by an id a merge retired), else a
fact by its relationship's `id`, one index seek per relationship type (the
indexes of cypher/schema.cypher), and project it as its own type.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, get_named_type
from graphql.execution.collect_fields import FieldDetailsList

from compiler import shape
from compiler.plan import Unsupported, ident, object_or_interface
from compiler.relations import RelationWriter
from compiler.source import Src
from model.kinds import FACT_OF_TYPE
from resolvers.nodes import check_ids


class LookupWriter(RelationWriter):
    def _lookup(
        self, field_def: GraphQLField, details: FieldDetailsList, label: str | None
    ) -> tuple[str, shape.Build | None]:
        at_present(details)
        p = self._bind(field_def, details, lambda args, settings: {"id": args["id"]})
        n, kept, found = self.fresh("n"), self.fresh("k"), self.fresh("e")
        expr, build = self.project(Src(found), get_named_type(field_def.type), details)
        check = f"{found}:{ident(label)}" if label else f"{found} IS NOT NULL"
        text = (
            f"OPTIONAL MATCH ({n}:Entity {{id: ${p}id}})\n"
            f"OPTIONAL MATCH (:Redirect {{id: ${p}id}})-[:REDIRECTS_TO]->({kept}:Entity)\n"
            f"WITH coalesce({n}, {kept}) AS {found}\n"
            f"RETURN CASE WHEN {check} THEN {expr} END"
        )
        return text, build

    def _node(self, field_def: GraphQLField, details: FieldDetailsList) -> tuple[str, Any]:
        """`node(id:)`: an entity or a fact, or null."""
        at_present(details)
        p = self._bind(field_def, details, lambda args, settings: {"id": args["id"]})
        match, expr, build = self._find(f"${p}id", details)
        return f"{match}RETURN {expr}", build

    def _nodes(self, field_def: GraphQLField, details: FieldDetailsList) -> tuple[str, Any]:
        """`nodes(ids:)`: each id's entity or fact, or null, in the order of the ids."""
        at_present(details)

        def bind(args: dict[str, Any], settings: Any) -> dict[str, Any]:
            return {"ids": check_ids(list(args["ids"]), settings.max_page_size)}

        p = self._bind(field_def, details, bind)
        i, id_ = self.fresh("i"), self.fresh("id")
        match, expr, build = self._find(id_, details)
        text = (
            f"UNWIND range(0, size(${p}ids) - 1) AS {i}\n"
            f"WITH {i}, ${p}ids[{i}] AS {id_}\n"
            f"{match}RETURN collect([{i}, {expr}])"
        )

        def ordered(rows: Any) -> Any:
            return [build(value) for _, value in sorted(rows, key=lambda row: row[0])]

        return text, ordered

    def _find(self, id_: str, details: FieldDetailsList) -> tuple[str, str, shape.Build]:
        """The MATCH of what `id_` names, and its projection for the selection `details`."""
        n, kept, e, r, a, b = (self.fresh(x) for x in ("n", "k", "e", "r", "a", "b"))
        # Each relationship type's fact type and its ends, from the registry.
        facts = dict(sorted(FACT_OF_TYPE.items()))
        seeks = "\n  UNION ALL\n".join(
            f"  MATCH ({a})-[{r}:{ident(t)} {{id: {id_}}}]->({b}) "
            f"USING INDEX SEEK {r}:{ident(t)}(id) RETURN {r}, {a}, {b}"
            for t in facts
        )
        match = (
            f"OPTIONAL MATCH ({n}:Entity {{id: {id_}}})\n"
            f"OPTIONAL MATCH (:Redirect {{id: {id_}}})-[:REDIRECTS_TO]->({kept}:Entity)\n"
            f"WITH *, coalesce({n}, {kept}) AS {e}\n"
            f"OPTIONAL CALL ({'' if id_.startswith('$') else id_}) {{\n{seeks}\n}}\n"
        )
        entity_expr, entity_build = self.project(
            Src(e), object_or_interface(self.schema, "Entity"), details
        )
        kind = self.fresh("kind")
        names = ", ".join(f"{ident(t)}: '{ident(row.stem)}'" for t, row in facts.items())
        # Fact types whose projections read alike share one branch: `node(id:) { id }` is
        # one expression, not twelve copies for Neo4j to plan.
        shared: dict[str, list[str]] = {}
        fact_builds = {}
        for row in facts.values():
            src = Src(r, ends={row.source.field: Src(a), row.target.field: Src(b)})
            gtype = object_or_interface(self.schema, row.stem)
            fact, fact_build = self._object(src, gtype, details, kind)
            shared.setdefault(fact, []).append(f"'{ident(row.stem)}'")
            fact_builds[row.stem] = fact_build
        if len(shared) == 1:
            (body,) = shared
        else:
            cases = (f"WHEN {kind} IN [{', '.join(s)}] THEN {f}" for f, s in shared.items())
            body = f"CASE {' '.join(cases)} END"
        fact_expr = f"[{kind} IN [{{{names}}}[type({r})]] | [{kind}] + {body}][0]"
        expr = (
            f"CASE WHEN {e} IS NOT NULL THEN {entity_expr} "
            f"WHEN {r} IS NOT NULL THEN {fact_expr} END"
        )

        def build(value: Any) -> Any:
            if value is None:
                return None
            if value[0] in fact_builds:
                return fact_builds[value[0]](value[1:])
            return entity_build(value)

        return match, expr, build


def at_present(details: FieldDetailsList) -> None:
    """Refuse a field with `revision:`: the graph at a revision is rebuilt from the change
    log's JSON, which Cypher cannot read, so it runs through the resolvers
    (resolvers/revisions.py)."""
    if any(arg.name.value == "revision" for d in details for arg in d.node.arguments or ()):
        raise Unsupported("revision")
