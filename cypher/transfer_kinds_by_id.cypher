// The kind of each entity an import only names (a fact's ends, a round's investors):
// lighter than transfer_entities_by_id, which also reads what a record is laid over.
// An id retired by a merge resolves to the entity it was merged into.
// The rows come collected in one record (Graph.read_collected says why).
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id}) USING INDEX SEEK n:Entity(id)
OPTIONAL MATCH (redirect:Redirect {id: id})-[:REDIRECTS_TO]->(kept:Entity)
  USING INDEX SEEK redirect:Redirect(id)
WITH id, coalesce(n, kept) AS found
WHERE found IS NOT NULL
RETURN collect({id: id, resolved: found.id, labels: labels(found)}) AS rows
