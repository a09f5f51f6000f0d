// An id's history: its revisions, newest first, one page below a seq (keyset paging:
// pages stay put while new changes arrive), with the change each belongs to and the
// total. Seeks the Revision (id, seq) index.
// @param id      an entity or fact id
// @param before  the page starts below this seq (the last cursor seen)
// @param limit   the page's size plus one, to tell whether more follow
RETURN COUNT { (r:Revision {id: $id}) } AS total,
  COLLECT {
    MATCH (r:Revision)
    WHERE r.id = $id AND r.seq < $before
    WITH r ORDER BY r.seq DESC LIMIT $limit
    MATCH (change:Change)-[:TOUCHED]->(r)
    RETURN {
      revision: r {.id, .seq, .kind, .type, .before, .after, .sources, .from, .to},
      change: change {.at, .by, .operation, .reverts}
    }
  } AS page
