// Append a writing transaction's change to the log, LAST in that transaction.
// The counter's write lock is taken before its seq is read (a property set and
// removed, as write_lock does) and held to commit: writers take their numbers in
// commit order, and a transaction that rolls back gives its number back.
// $revisions: [{id, kind, type, before, after, sources, from, to}] (JSON text before
// and after, from talentgraph/changelog.py); $counts: JSON text for loads, else null.
MERGE (counter:ChangeCounter {name: 'changes'})
  ON CREATE SET counter.seq = 0
SET counter.`_lock` = true
REMOVE counter.`_lock`
WITH counter
SET counter.seq = counter.seq + 1
CREATE (change:Change {
  seq: counter.seq, at: datetime.transaction(), by: $by, operation: $operation,
  ids: $ids, kinds: $kinds, counts: $counts, reverts: $reverts
})
WITH change
CALL (change) {
  UNWIND $revisions AS r
  CREATE (change)-[:TOUCHED]->(:Revision {
    id: r.id, seq: change.seq, kind: r.kind, type: r.type, before: r.before, after: r.after,
    sources: r.sources, from: r.from, to: r.to
  })
}
RETURN change.seq AS seq
