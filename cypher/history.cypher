// The histories of many ids (one DataLoader batch): each id's revisions, newest first, one
// page below a seq (keyset paging: pages stay put while new changes arrive), with the
// change each belongs to, and its total. Seeks the Revision (id, seq) index.
// @param ids     entity, fact or merged ids
// @param before  the pages start below this seq (the last cursor seen)
// @param limit   a page's size plus one, to tell whether more follow
UNWIND $ids AS id
CALL (id) {
  // `seq IS NOT NULL`: the composite (id, seq) index serves only predicates on both.
  MATCH (r:Revision)
  WHERE r.id = id AND r.seq IS NOT NULL
  RETURN count(r) AS total
}
CALL (id) {
  MATCH (r:Revision)
  WHERE r.id = id AND r.seq < $before
  WITH r ORDER BY r.seq DESC LIMIT $limit
  MATCH (change:Change)-[:TOUCHED]->(r)
  WITH r, change ORDER BY r.seq DESC, r.type
  RETURN collect({
    revision: r {.id, .seq, .kind, .type, .before, .after, .sources, .from, .to},
    change: change {.at, .by, .operation, .reverts}
  }) AS page
}
RETURN id, total, page
