// Merging, step 3: everything that cites or names the removed id names the kept one:
// `sources` lists (when two Sources merge) and dispute JSON, where ids appear as quoted
// strings ($token, e.g. "old-id" with its quotes). Slugs need no JSON escaping, so a
// quoted token is exactly one JSON string. Scans the graph: merges are rare.
// Returns what it changed, each with its properties before and after (for the change log).
CALL () {
  MATCH (n:Entity)
  WHERE $remove IN n.sources OR n.disputes CONTAINS $token
  WITH n, properties(n) AS before
  SET n.sources = CASE WHEN n.sources IS NULL THEN null ELSE reduce(
        acc = [], s IN [x IN n.sources | CASE x WHEN $remove THEN $keep ELSE x END] |
        CASE WHEN s IN acc THEN acc ELSE acc + s END) END,
      n.disputes = replace(n.disputes, $token, $replacement),
      n.writtenAt = datetime.transaction(),
      n.writtenBy = $by
  RETURN collect({
    id: n.id, label: [l IN labels(n) WHERE l <> 'Entity'][0], before: before,
    after: properties(n)
  }) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WHERE $remove IN r.sources OR r.disputes CONTAINS $token
  WITH a, r, b, properties(r) AS before
  SET r.sources = CASE WHEN r.sources IS NULL THEN null ELSE reduce(
        acc = [], s IN [x IN r.sources | CASE x WHEN $remove THEN $keep ELSE x END] |
        CASE WHEN s IN acc THEN acc ELSE acc + s END) END,
      r.disputes = replace(r.disputes, $token, $replacement),
      r.writtenAt = datetime.transaction(),
      r.writtenBy = $by
  RETURN collect({
    type: type(r), from: a.id, to: b.id, before: before, after: properties(r)
  }) AS relationships
}
RETURN nodes, relationships
