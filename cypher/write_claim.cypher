// Claim the id of an entity about to be created: MERGE on the unique Entity id makes
// racing creators of one id wait for each other, so the id is never duplicated. A bare
// node (Entity label and id only) is new; the transaction fills it in or rolls back.
// Returns what the node holds once locked (a racing creator may have committed first).
MERGE (n:Entity {id: $id})
SET n.`_lock` = true
REMOVE n.`_lock`
RETURN n.id AS resolved,
       [label IN labels(n) WHERE label <> 'Entity'] AS kinds,
       properties(n) AS props,
       [(n)-[:VERSION_OF]->(family:Entity) | family.id] AS families,
       [(company:Entity)-[:RAISED]->(n) | company.id] AS raisers
