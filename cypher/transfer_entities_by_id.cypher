// Entities by id for import and export, with what their records carry as edges: a
// model's family, a round's raiser and its investors (with the edges' properties).
// An id retired by a merge resolves to the entity it was merged into.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (:Redirect {id: id})-[:REDIRECTS_TO]->(kept:Entity)
WITH id, coalesce(n, kept) AS found
WHERE found IS NOT NULL
RETURN id,
       found.id AS resolved,
       labels(found) AS labels,
       properties(found) AS props,
       [(found)-[:VERSION_OF]->(family:Entity) | family.id] AS families,
       [(company:Entity)-[:RAISED]->(found) | company.id] AS raisers,
       [(investor:Entity)-[edge:INVESTED_IN]->(found) | [investor.id, properties(edge)]] AS investors
