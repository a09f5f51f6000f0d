// Create relationships an import found missing (it checks again in the same
// transaction). Not a MERGE: in one big transaction into a store with few
// relationships, the planner takes MERGE's existence check as a scan of every
// relationship, once per row. $rows: [{id, type, from, to, props}]; the type comes
// from the seed model's allowlist (seeds/loader.to_rows), never from user text.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
RETURN count(r) AS written
