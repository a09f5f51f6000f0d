// The graph at a revision, step 1: the revisions recorded after $revision, oldest first
// (walked from the Change seq index), at most $first of them. Loads keep none.
// @param revision  a change's seq
// @param first     how many revisions at most
MATCH (change:Change)
WHERE change.seq > $revision
MATCH (change)-[:TOUCHED]->(r:Revision)
WITH r ORDER BY r.seq
LIMIT $first
RETURN r.id AS id, r.type AS type, r.before AS before, r.from AS from, r.to AS to
