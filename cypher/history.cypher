// An id's history: its revisions, newest first, one page below a seq (keyset paging:
// pages stay put while new changes arrive), with the change each belongs to and the
// total. Seeks the Revision (id, seq) index.
// @param id      an entity or fact id
// @param before  the page starts below this seq (the last cursor seen)
// @param limit   the page's size plus one, to tell whether more follow
CALL () {
  // `seq IS NOT NULL`: the composite (id, seq) index serves only predicates on both.
  MATCH (r:Revision)
  WHERE r.id = $id AND r.seq IS NOT NULL
  RETURN count(r) AS total
}
CALL () {
  MATCH (r:Revision)
  WHERE r.id = $id AND r.seq < $before
  WITH r ORDER BY r.seq DESC LIMIT $limit
  MATCH (change:Change)-[:TOUCHED]->(r)
  WITH r, change ORDER BY r.seq DESC, r.type
  RETURN collect({
    revision: r {.id, .seq, .kind, .type, .before, .after, .sources, .from, .to},
    change: change {.at, .by, .operation, .reverts}
  }) AS page
}
RETURN total, page
