// Stored relationships by fact id, found from their two ends: what an import would
// change. $rows: [{id, from, to}].
// The rows come collected in one record (Graph.read_collected says why).
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r]->(:Entity {id: row.to}) USING INDEX SEEK a:Entity(id)
WHERE r.id = row.id
RETURN collect({id: r.id, props: properties(r)}) AS rows
