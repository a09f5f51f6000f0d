// Reverting, step 4: put back what the reverted change found, exactly (stamps included):
// entities, then redirects (their targets exist by then), then relationships.
// $nodes: [{id, label, props}]; $redirects: [{id, props, to}];
// $relationships: [{id, type, from, to, props}]. Labels and types come from the change
// log, which only the write path fills, from the model's allowlists (checked in
// writes/revert.py again).
CALL () {
  UNWIND $nodes AS row
  MERGE (n:Entity {id: row.id})
  SET n:$(row.label)
  SET n = row.props
}
CALL () {
  UNWIND $redirects AS row
  MERGE (redirect:Redirect {id: row.id})
  SET redirect = row.props
  WITH redirect, row
  CALL (redirect) {
    MATCH (redirect)-[old:REDIRECTS_TO]->()
    DELETE old
  }
  MATCH (target:Entity {id: row.to})
  CREATE (redirect)-[:REDIRECTS_TO]->(target)
}
CALL () {
  UNWIND $relationships AS row
  MATCH (a:Entity {id: row.from})
  MATCH (b:Entity {id: row.to})
  MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
  SET r = row.props
}
RETURN true AS done
