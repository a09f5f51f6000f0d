// Reverting, step 1: the change to revert and its revisions, and the later changes that
// stand in its way: those that touched one of its ids, and every later load (loads keep
// counts, not ids, so any of them may have). Seeks the Change seq index.
// @param seq  the change to revert
MATCH (change:Change {seq: $seq})
RETURN change {
  .seq, .operation, .ids,
  revisions: COLLECT {
    MATCH (change)-[:TOUCHED]->(r:Revision)
    RETURN r {.id, .type, .before, .after, .from, .to}
  }
} AS change,
COLLECT {
  MATCH (later:Change)
  WHERE later.seq > $seq
    AND (later.operation IN ['seed', 'import'] OR any(id IN later.ids WHERE id IN change.ids))
  RETURN later.seq ORDER BY later.seq LIMIT 20
} AS later
