// The entities one hop from $ids, either direction: a step of an export's
// neighbourhood (`--around ID --hops N`).
UNWIND $ids AS id
MATCH (:Entity {id: id})--(other:Entity)
RETURN DISTINCT other.id AS id
