// Entities as recorded at a revision (a change's seq): for each id, what it holds now,
// the redirect it is now, and the first revision of it after $revision, whose `before`
// is its state at $revision (none: it has not changed since). Seeks the Revision index.
// @param ids       entity ids
// @param revision  a change's seq
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (:Redirect {id: id})-[:REDIRECTS_TO]->(kept:Entity)
CALL (id) {
  MATCH (r:Revision)
  WHERE r.id = id AND r.seq > $revision
  WITH r ORDER BY r.seq
  RETURN [x IN collect(r) WHERE x.type <> 'Redirect' | x {.type, .before}][..1] AS next,
         [x IN collect(r) WHERE x.type = 'Redirect' | x {.before}][..1] AS nextRedirect
}
RETURN id, n {.*, label: labels(n)} AS current, kept.id AS redirect, next, nextRedirect
