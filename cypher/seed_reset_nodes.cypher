// Empty the graph, step 2: the nodes, in batches.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
