// Entities that are not synthetic: a synthetic load refuses to mix into them.
MATCH (n:Entity)
WHERE n.synthetic IS NULL
RETURN count(n) AS count
