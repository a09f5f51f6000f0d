// The relationships of $types leaving the entities $ids, for an export; with $among
// (a list of ids) only those whose other end is one of them (a neighbourhood).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE type(r) IN $types AND ($among IS NULL OR b.id IN $among)
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
