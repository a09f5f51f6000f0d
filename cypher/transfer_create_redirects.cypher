// Create the merge redirects an import brings (what mergeEntities leaves for an id it
// retired: see merge_redirect.cypher), stamped with the import's name ($by). The import
// checked that no entity has the id and that `to` is an entity; `written` short of the
// rows means an entity went since. $rows: [{id, to}].
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $rows AS row
MATCH (kept:Entity {id: row.to}) USING INDEX SEEK kept:Entity(id)
MERGE (redirect:Redirect {id: row.id})
MERGE (redirect)-[:REDIRECTS_TO]->(kept)
SET redirect.writtenAt = datetime.transaction(), redirect.writtenBy = $by
RETURN count(redirect) AS written
