// Lock and read the relationships between pairs of entities, to patch the facts among
// them. $pairs: [{from, to}] (resolved ids); $types: the allowlisted relationship types.
UNWIND $pairs AS pair
MATCH (a:Entity {id: pair.from})-[r]->(b:Entity {id: pair.to})
WHERE type(r) IN $types
SET r.`_lock` = true
REMOVE r.`_lock`
RETURN pair.from AS from, pair.to AS to, type(r) AS type, properties(r) AS props
