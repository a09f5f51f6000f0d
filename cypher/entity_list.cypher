// A page of entities of one kind, by name, and how many there are in all.
// $label comes from the allowlist in resolvers/nodes.py. $synthetic: null for
// all, or true/false to pick generated or real entities.
CALL () {
  MATCH (n:$($label))
  WHERE $synthetic IS NULL OR coalesce(n.synthetic, false) = $synthetic
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:$($label))
  WHERE $synthetic IS NULL OR coalesce(n.synthetic, false) = $synthetic
  WITH n ORDER BY n.name, n.id SKIP $skip LIMIT $first
  RETURN collect(n {.*, label: labels(n)}) AS page
}
RETURN total, page
