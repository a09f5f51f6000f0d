// Merging, step 2: delete the removed entity and leave a Redirect in its place, so its
// id resolves to the kept entity from now on (entity_by_id follows it). Redirects that
// pointed at the removed entity are moved to the kept one, so chains stay one hop.
// Returns the moved redirects' ids and their properties before and after (for the
// change log), and the new redirect's properties.
MATCH (gone:Entity {id: $remove})
MATCH (keep:Entity {id: $keep})
CALL (gone, keep) {
  MATCH (old:Redirect)-[link:REDIRECTS_TO]->(gone)
  WITH old, link, properties(old) AS before
  DELETE link
  CREATE (old)-[:REDIRECTS_TO]->(keep)
  SET old.writtenAt = datetime.transaction(), old.writtenBy = $by
  RETURN collect(old.id) AS moved,
         collect({before: before, after: properties(old)}) AS movedRevisions
}
DETACH DELETE gone
MERGE (redirect:Redirect {id: $remove})
MERGE (redirect)-[:REDIRECTS_TO]->(keep)
SET redirect.writtenAt = datetime.transaction(), redirect.writtenBy = $by
WITH redirect, keep, moved, movedRevisions
CALL (redirect, keep) {
  MATCH (redirect)-[stale:REDIRECTS_TO]->(elsewhere)
  WHERE elsewhere <> keep
  DELETE stale
}
RETURN moved, movedRevisions, properties(redirect) AS redirect
