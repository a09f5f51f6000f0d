// Resolve the ids a mutation names and lock those entities for its read-modify-write.
// An id retired by a merge resolves to the entity it was merged into. Each found node
// is write-locked (a property set and removed in the same statement: no net change)
// before its properties are read, so concurrent writers of one entity take turns.
// $ids come sorted, so every transaction locks in the same order.
// Returns the entity's kinds (labels but Entity), properties, and the ends of the
// edges that records carry as fields: its model family and its round's raiser.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (:Redirect {id: id})-[:REDIRECTS_TO]->(kept:Entity)
WITH id, coalesce(n, kept) AS n
CALL (n) {
  WITH n WHERE n IS NOT NULL
  SET n.`_lock` = true
  REMOVE n.`_lock`
}
RETURN id,
       n.id AS resolved,
       [label IN labels(n) WHERE label <> 'Entity'] AS kinds,
       properties(n) AS props,
       [(n)-[:VERSION_OF]->(family:Entity) | family.id] AS families,
       [(company:Entity)-[:RAISED]->(n) | company.id] AS raisers
