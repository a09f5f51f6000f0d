// The graph at a revision, step 2, in a transaction that is never committed: remove what
// the later changes left, before cypher/revert_put.cypher puts back what was there then.
// Relationships by id at each pair of ends the later revisions name; redirects and
// entities that did not exist then (DETACH: a load may have linked them since).
// $relationships: [{id, from, to}]; $redirects, $nodes: ids.
CALL () {
  UNWIND $relationships AS row
  MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
  WHERE r.id = row.id
  DELETE r
}
CALL () {
  UNWIND $redirects AS id
  MATCH (redirect:Redirect {id: id})
  DETACH DELETE redirect
}
CALL () {
  UNWIND $nodes AS id
  MATCH (n:Entity {id: id})
  DETACH DELETE n
}
RETURN true AS done
