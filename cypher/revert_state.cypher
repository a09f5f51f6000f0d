// Reverting, step 2: what the graph holds now under the ids a change touched, to check it
// is what the change left. $nodes: entity ids; $relationships: [{id, from, to}];
// $redirects: ids. Each found thing as {id, props} (a redirect with its target).
CALL () {
  UNWIND $nodes AS id
  MATCH (n:Entity {id: id})
  RETURN collect({id: id, props: properties(n)}) AS nodes
}
CALL () {
  UNWIND $relationships AS row
  MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
  WHERE r.id = row.id
  RETURN collect({id: row.id, props: properties(r)}) AS relationships
}
CALL () {
  UNWIND $redirects AS id
  MATCH (redirect:Redirect {id: id})-[:REDIRECTS_TO]->(target)
  RETURN collect({id: id, props: properties(redirect), to: target.id}) AS redirects
}
RETURN nodes, relationships, redirects
