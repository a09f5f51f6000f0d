// Empty the graph, step 1: relationships in batches. Deleting them before the
// nodes keeps each batch small enough for the transaction memory cap.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS
