// How two entities are connected: the shortest paths between them, each hop with its
// relationship and evidence. Paths follow the graph's fact relationships only (never
// the redirects that merges leave). The bound in the pattern is the hard cap; $maxHops
// (checked by the resolver) cuts it after the search, so the fast bidirectional
// shortest-path algorithm still applies.
// @public
// @param from an entity id, e.g. zhou-chang
// @param to another entity id, e.g. moonshot-ai
// @param maxHops longest path to consider
// @param first how many paths
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
CALL (a, b) {
  MATCH p = allShortestPaths((a)-[:WORKED_AT|FOUNDED|STUDIED_AT|CONTRIBUTED_TO|DEVELOPED|PART_OF|AFFILIATE_OF|OWNS|HOLDS_STAKE|RAISED|INVESTED_IN|VERSION_OF*..6]-(b))
  WITH p WHERE length(p) <= $maxHops
  // Equal-length paths come back in no fixed order: sort them by the ids along the
  // way, so the same graph always gives the same page.
  ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.id]
  LIMIT $first
  RETURN collect({
    nodes: [n IN nodes(p) | n {.*, label: labels(n)}],
    rels: [r IN relationships(p) | {type: type(r), props: properties(r),
                                    from: startNode(r).id, to: endNode(r).id}]
  }) AS paths
}
RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, paths
