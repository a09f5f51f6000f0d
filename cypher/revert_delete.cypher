// Reverting, step 3: delete what the reverted change created: relationships first, then
// redirects, then entities (plain DELETE: an entity still linked is a bug, refused).
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
  DELETE n
}
RETURN true AS done
