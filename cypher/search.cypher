// Full-text search over names, aliases and Chinese names (the entity_names index,
// CJK analyzer). $text is a Lucene query of escaped plain words (exact, prefix and
// fuzzy terms, boosted in that order: resolvers/arguments.search_text); $labels
// limits the kinds (null: every kind).
// @public
// @param text what to look for, e.g. "Zhou Chang", "通义千问", "Qwen"
// @param labels optional list of kinds, e.g. ["Person"]
// @param first how many hits
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
RETURN node {.*, label: labels(node)} AS node, score
ORDER BY score DESC, node.name
LIMIT $first
