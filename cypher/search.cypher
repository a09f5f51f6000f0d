// Full-text search over names, aliases and Chinese names (the entity_names index,
// CJK analyzer). $text is a Lucene query of escaped plain words (exact, prefix and
// fuzzy terms, boosted in that order: resolvers/arguments.search_text); $labels
// limits the kinds (null: every kind). The best $first hits, by score, then name.
// Without $labels the index itself keeps only the best $first (its `limit`): a prefix
// that 300,000 names share then costs a thousand rows, not 300,000 sorted ones
// (docs/benchmarks.md). Hits of equal score at the cut are then kept in the index's
// order, not by name. With $labels every hit must be read, to filter the kinds first.
// @public
// @param text what to look for, e.g. "Zhou Chang", "通义千问", "Qwen"
// @param labels optional list of kinds, e.g. ["Person"]
// @param first how many hits
CALL db.index.fulltext.queryNodes('entity_names', $text,
                                  CASE WHEN $labels IS NULL THEN {limit: $first} ELSE {} END)
  YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score
ORDER BY score DESC, node.name
LIMIT $first
RETURN node {.*, label: labels(node)} AS node, score
