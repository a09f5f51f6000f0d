// The entities one hop from $ids, either direction: a step of an export's
// neighbourhood (`--around ID --hops N`).
// The rows come collected in one record (Graph.read_collected says why).
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $ids AS id
MATCH (one:Entity {id: id})--(other:Entity) USING INDEX SEEK one:Entity(id)
WITH DISTINCT other.id AS id
RETURN collect({id: id}) AS rows
