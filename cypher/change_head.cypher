// The last committed change's sequence number (0 before the first change): where a
// process's change feed starts tailing the log when its first subscriber arrives.
OPTIONAL MATCH (counter:ChangeCounter {name: 'changes'})
RETURN coalesce(counter.seq, 0) AS seq
