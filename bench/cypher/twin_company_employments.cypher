// Raw twin of `company employments page of 20 + totalCount`: the count and the page
// (newest spell first, then the person's name and the fact id) in one statement.
// Returns the bench's normal form (bench/cases.py).
MATCH (c:Company {id: $id})
RETURN {employments: {
  totalCount: COUNT { (c)<-[:WORKED_AT]-() },
  items: COLLECT {
    MATCH (c)<-[r:WORKED_AT]-(p)
    WITH r, p ORDER BY r.startMin DESC, p.name, r.id LIMIT 20
    RETURN {role: r.role, start: r.start, end: r.end, person: p {.id, .name}}
  }
}} AS answer
