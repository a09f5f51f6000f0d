// Upsert relationships by their stable fact id. $rows: [{id, type, from, to, props}];
// the type comes from the loader's allowlist (model/graph.py RelType and the round
// and version edges), never from user text.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
RETURN count(r) AS written
