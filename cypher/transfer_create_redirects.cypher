// Create the merge redirects an import brings (what mergeEntities leaves for an id it
// retired: see merge_redirect.cypher), stamped with the import's name ($by). The import
// checked that no entity has the id and that `to` is an entity; `written` short of the
// rows means an entity went since. $rows: [{id, to}].
UNWIND $rows AS row
MATCH (kept:Entity {id: row.to})
MERGE (redirect:Redirect {id: row.id})
MERGE (redirect)-[:REDIRECTS_TO]->(kept)
SET redirect.writtenAt = datetime.transaction(), redirect.writtenBy = $by
RETURN count(redirect) AS written
