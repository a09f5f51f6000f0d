// Reverting, step 1: the change to revert and its revisions, and the later changes that
// stand in its way: those with a revision of one of its ids (the Revision (id, seq)
// index), and every later load (loads keep counts, not ids: any of them may have).
// @param seq  the change to revert
MATCH (change:Change {seq: $seq})
CALL (change) {
  MATCH (change)-[:TOUCHED]->(r:Revision)
  RETURN collect(r {.id, .type, .before, .after, .from, .to}) AS revisions
}
CALL (change) {
  UNWIND change.ids AS id
  MATCH (r:Revision)
  WHERE r.id = id AND r.seq > $seq
  RETURN collect(DISTINCT r.seq) AS touched
}
CALL () {
  MATCH (load:Change)
  USING INDEX load:Change(operation)
  WHERE load.operation IN ['seed', 'import'] AND load.seq > $seq
  RETURN collect(load.seq) AS loads
}
RETURN change {.seq, .operation, .ids, revisions: revisions} AS change, touched + loads AS later
