// Stored relationships by fact id, found from their two ends: what an import would
// change. $rows: [{id, from, to}].
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
WHERE r.id = row.id
RETURN r.id AS id, properties(r) AS props
