// Entities by id, of any kind, following the redirects that merges leave behind.
// Lookups by an old (merged) id answer with the kept entity.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (:Redirect {id: id})-[:REDIRECTS_TO]->(kept:Entity)
WITH id, coalesce(n, kept) AS n
WHERE n IS NOT NULL
RETURN id, n {.*, label: labels(n)} AS node
