// Raw twin of `people(first: 1000) id name`: synthetic people by name, then id.
// Returns the bench's normal form (bench/cases.py).
MATCH (n:Person)
WHERE n.synthetic = true
WITH n ORDER BY n.name, n.id LIMIT $first
RETURN collect(n {.id, .name}) AS answer
