// Empty the graph, step 2: the nodes, in batches; all but the change log's.
MATCH (n)
WHERE NOT (n:Change OR n:Revision OR n:ChangeCounter)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
