// The change log after a sequence number, oldest first: the `changes` feed, GET /changes
// and the subscriptions' tailer. Plans from the Change seq index (a range seek in order);
// with a filter it walks on until `first` changes match.
// @param after  the last seq the reader has (0: from the start)
// @param first  how many changes at most
// @param kinds  only changes that touched one of these API types (Person, Employment...), or null
// @param ids    only changes that touched one of these ids, or null
MATCH (change:Change)
WHERE change.seq > $after
  AND ($kinds IS NULL OR any(kind IN change.kinds WHERE kind IN $kinds))
  AND ($ids IS NULL OR any(id IN change.ids WHERE id IN $ids))
WITH change ORDER BY change.seq
LIMIT $first
CALL (change) {
  MATCH (change)-[:TOUCHED]->(r:Revision)
  WITH r ORDER BY r.id, r.type
  RETURN collect(r {.id, .seq, .kind, .type, .before, .after, .sources, .from, .to}) AS revisions
}
RETURN change {
  .seq, .at, .by, .operation, .ids, .kinds, .counts, .reverts, revisions: revisions
} AS change
