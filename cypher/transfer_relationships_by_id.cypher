// Stored relationships by fact id, found from their two ends: what an import would
// change. $rows: [{id, from, to}].
// The rows come collected in one record (Graph.read_collected says why).
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
WHERE r.id = row.id
RETURN collect({id: r.id, props: properties(r)}) AS rows
