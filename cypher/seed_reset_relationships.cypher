// Empty the graph, step 1: relationships in batches. Deleting them before the
// nodes keeps each batch small enough for the transaction memory cap. The change
// log stays (its TOUCHED links): the load that follows records the reset's counts.
MATCH ()-[r]->()
WHERE NOT r:TOUCHED
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS
