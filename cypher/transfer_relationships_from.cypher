// The relationships of $types leaving the entities $ids, for an export; with $among
// (a list of ids) only those whose other end is one of them (a neighbourhood).
// The rows come collected in one record (Graph.read_collected says why).
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity) USING INDEX SEEK a:Entity(id)
WHERE type(r) IN $types AND ($among IS NULL OR b.id IN $among)
RETURN collect({from: a.id, type: type(r), to: b.id, props: properties(r)}) AS rows
