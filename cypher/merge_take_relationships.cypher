// Merging, step 1: detach the relationships of the entity being removed (allowlisted
// $types only) and return them, so they can be recreated on the kept entity.
MATCH (gone:Entity {id: $remove})-[r]-(other:Entity)
WHERE type(r) IN $types
WITH DISTINCT r, other, startNode(r) = gone AS outgoing
WITH r, type(r) AS type, outgoing, other.id AS other, properties(r) AS props
DELETE r
RETURN type, outgoing, other, props
