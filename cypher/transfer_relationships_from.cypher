// The relationships of $types leaving the entities $ids, for an export; with $among
// (a list of ids) only those whose other end is one of them (a neighbourhood).
// The rows come collected in one record (Graph.read_collected says why).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE type(r) IN $types AND ($among IS NULL OR b.id IN $among)
RETURN collect({from: a.id, type: type(r), to: b.id, props: properties(r)}) AS rows
