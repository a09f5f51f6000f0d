// Merge redirects for an export: each retired id and the entity it resolves to; with
// $among (a list of ids) only those to one of them (a neighbourhood).
// The rows come collected in one record (Graph.read_collected says why).
MATCH (redirect:Redirect)-[:REDIRECTS_TO]->(kept:Entity)
WHERE $among IS NULL OR kept.id IN $among
WITH redirect.id AS id, kept.id AS to
ORDER BY id
RETURN collect({id: id, to: to}) AS rows
