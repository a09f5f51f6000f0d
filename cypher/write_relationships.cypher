// Upsert relationships by their stable fact id, in full, and stamp the write. Only rows
// that change something are sent. $rows: [{id, type, from, to, props}]; the type comes
// from the seed model's allowlist (RelType and the round and version edges), checked in
// writes/unit.py, never from user text; props holds every property, id included.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r = row.props
SET r.writtenAt = datetime.transaction(), r.writtenBy = $by
RETURN row.id AS id, properties(r) AS props
