// Merging, step 3: everything that cites or names the removed id names the kept one:
// `sources` lists (when two Sources merge) and dispute JSON, where ids appear as quoted
// strings ($token, e.g. "old-id" with its quotes). Slugs need no JSON escaping, so a
// quoted token is exactly one JSON string. Scans the graph: merges are rare.
CALL () {
  MATCH (n:Entity)
  WHERE $remove IN n.sources OR n.disputes CONTAINS $token
  SET n.sources = CASE WHEN n.sources IS NULL THEN null ELSE reduce(
        acc = [], s IN [x IN n.sources | CASE x WHEN $remove THEN $keep ELSE x END] |
        CASE WHEN s IN acc THEN acc ELSE acc + s END) END,
      n.disputes = replace(n.disputes, $token, $replacement),
      n.writtenAt = datetime.transaction(),
      n.writtenBy = $by
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->()
  WHERE $remove IN r.sources OR r.disputes CONTAINS $token
  SET r.sources = CASE WHEN r.sources IS NULL THEN null ELSE reduce(
        acc = [], s IN [x IN r.sources | CASE x WHEN $remove THEN $keep ELSE x END] |
        CASE WHEN s IN acc THEN acc ELSE acc + s END) END,
      r.disputes = replace(r.disputes, $token, $replacement),
      r.writtenAt = datetime.transaction(),
      r.writtenBy = $by
  RETURN count(r) AS relationships
}
RETURN nodes, relationships
