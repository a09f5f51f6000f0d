// One page of a relationship type's incoming edges, for many nodes at once (a DataLoader batch).
// $type comes from the allowlist in resolvers/edges.py. Filters are null when unused:
// $current (true: not ended), a window [$sinceMin, $untilMax], $asOfMin/$asOfMax, $role.
// Dates: a relationship's own start/end, or for funding the round's announcement.
// $sort is one of START_DESC, START_ASC, NAME (an allowlisted enum).
// Cost: each node's own edges, sorted in memory (no index orders one node's edges). The
// type, a parameter, is checked after the expand, so a node's edges of every type in
// that direction are read (a type written into the pattern reads only its own).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  MATCH (n)<-[r:$($type)]-(m)
  WITH r, m,
       coalesce(r.startMin, m.announcedMin) AS fromMin,
       coalesce(r.startMax, m.announcedMax) AS fromMax,
       coalesce(r.ended, r.endMax IS NOT NULL) AS ended
  WHERE ($current IS NULL OR ended = (NOT $current))
    AND ($role IS NULL OR toLower(r.role) CONTAINS toLower($role))
    AND ($untilMax IS NULL OR fromMin IS NULL OR fromMin <= $untilMax)
    AND ($sinceMin IS NULL OR NOT ended OR r.endMax IS NULL OR r.endMax >= $sinceMin)
    AND ($asOfMax IS NULL OR fromMin IS NULL OR fromMin <= $asOfMax)
    AND ($asOfMin IS NULL OR NOT ended OR r.endMax IS NULL OR r.endMax >= $asOfMin)
  WITH r, m, fromMin
  // Undated facts last, whichever way dates sort (Neo4j puts nulls first in DESC).
  ORDER BY CASE WHEN $sort <> 'NAME' THEN fromMin IS NULL END,
           CASE $sort WHEN 'START_ASC' THEN fromMin END ASC,
           CASE $sort WHEN 'START_DESC' THEN fromMin END DESC,
           m.name, r.id
  WITH collect({rel: properties(r), node: m {.*, label: labels(m)}}) AS edges
  RETURN size(edges) AS total, edges[$skip..$skip + $first] AS page
}
RETURN id, total, page
