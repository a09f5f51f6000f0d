// The entities one hop from $ids, either direction: a step of an export's
// neighbourhood (`--around ID --hops N`).
// The rows come collected in one record (Graph.read_collected says why).
UNWIND $ids AS id
MATCH (:Entity {id: id})--(other:Entity)
WITH DISTINCT other.id AS id
RETURN collect({id: id}) AS rows
