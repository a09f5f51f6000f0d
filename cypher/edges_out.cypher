// One page of a relationship type's outgoing edges, for many nodes at once (a DataLoader batch).
// $type comes from the allowlist in resolvers/edges.py. $args holds the values that may
// be null or are lists, so that they make one plan of the statement per type, not one per
// combination of nulls and list sizes (entity_list.cypher says why): the parent ids
// $args.ids, and the filters, null when unused: $args.current (true: not ended), a window
// [$args.sinceMin, $args.untilMax], $args.asOfMin/$args.asOfMax, $args.role.
// Dates: a relationship's own start/end, or for funding the round's announcement.
// $sort is one of START_DESC, START_ASC, NAME (an allowlisted enum).
// Keyset paging (resolvers/cursors.py): $args.after and $args.before are cursors' sort
// keys [start, name of the other end, fact id] (for NAME the start is null and unused)
// or null; the page holds the edges strictly between them, $limit of them from the start,
// or ($backward) from the end. `beyond`: whether any edge is NOT past the cursor the
// page starts from (hasPreviousPage forwards, hasNextPage backwards).
// Cost: each node's own edges, sorted in memory (no index orders one node's edges). The
// type, a parameter, is checked after the expand, so a node's edges of every type in
// that direction are read (a type written into the pattern reads only its own).
UNWIND $args.ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  MATCH (n)-[r:$($type)]->(m)
  WITH r, m,
       coalesce(r.startMin, m.announcedMin) AS fromMin,
       coalesce(r.startMax, m.announcedMax) AS fromMax,
       coalesce(r.ended, r.endMax IS NOT NULL) AS ended
  WHERE ($args.current IS NULL OR ended = (NOT $args.current))
    AND ($args.role IS NULL OR toLower(r.role) CONTAINS toLower($args.role))
    AND ($args.untilMax IS NULL OR fromMin IS NULL OR fromMin <= $args.untilMax)
    AND ($args.sinceMin IS NULL OR NOT ended OR r.endMax IS NULL OR r.endMax >= $args.sinceMin)
    AND ($args.asOfMax IS NULL OR fromMin IS NULL OR fromMin <= $args.asOfMax)
    AND ($args.asOfMin IS NULL OR NOT ended OR r.endMax IS NULL OR r.endMax >= $args.asOfMin)
  WITH r, m, fromMin, $sort = 'NAME' AS byName, $sort = 'START_DESC' AS newest
  // Undated facts last, whichever way dates sort (Neo4j puts nulls first in DESC).
  ORDER BY CASE WHEN $sort <> 'NAME' THEN fromMin IS NULL END,
           CASE $sort WHEN 'START_ASC' THEN fromMin END ASC,
           CASE $sort WHEN 'START_DESC' THEN fromMin END DESC,
           m.name, r.id
  // Past $args.after: later by start (nulls last), else as late, then by name (nulls last), then id.
  WITH r, m, $args.after IS NULL OR coalesce(
         (NOT byName AND $args.after[0] IS NOT NULL AND (fromMin IS NULL OR
            CASE WHEN newest THEN fromMin < $args.after[0] ELSE fromMin > $args.after[0] END))
         OR ((byName OR coalesce(fromMin = $args.after[0], fromMin IS NULL AND $args.after[0] IS NULL))
             AND (($args.after[1] IS NOT NULL AND (m.name IS NULL OR m.name > $args.after[1]))
                  OR (coalesce(m.name = $args.after[1], m.name IS NULL AND $args.after[1] IS NULL)
                      AND r.id > $args.after[2]))), false) AS pastAfter,
       $args.before IS NULL OR coalesce(
         (NOT byName AND fromMin IS NOT NULL AND ($args.before[0] IS NULL OR
            CASE WHEN newest THEN fromMin > $args.before[0] ELSE fromMin < $args.before[0] END))
         OR ((byName OR coalesce(fromMin = $args.before[0], fromMin IS NULL AND $args.before[0] IS NULL))
             AND ((m.name IS NOT NULL AND ($args.before[1] IS NULL OR m.name < $args.before[1]))
                  OR (coalesce(m.name = $args.before[1], m.name IS NULL AND $args.before[1] IS NULL)
                      AND r.id < $args.before[2]))), false) AS pastBefore
  WITH collect({rel: properties(r), node: m {.*, label: labels(m)},
                pastAfter: pastAfter, pastBefore: pastBefore}) AS edges
  WITH edges, [e IN edges WHERE e.pastAfter AND e.pastBefore | e {.rel, .node}] AS inside
  RETURN size(edges) AS total,
         CASE WHEN $backward THEN reverse(reverse(inside)[0..$limit])
              ELSE inside[0..$limit] END AS page,
         CASE WHEN $backward THEN any(e IN edges WHERE NOT e.pastBefore)
              ELSE any(e IN edges WHERE NOT e.pastAfter) END AS beyond
}
RETURN id, total, page, beyond
