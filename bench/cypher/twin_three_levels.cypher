// Raw twin of `person -> employer -> people -> employers, 10 a level`: one statement,
// each level newest spell first (then the other end's name and the fact id). Returns
// the bench's normal form (bench/cases.py).
MATCH (p:Person {id: $id})
RETURN p {.id, .name, employments: COLLECT {
  MATCH (p)-[r1:WORKED_AT]->(c)
  WITH r1, c ORDER BY r1.startMin DESC, c.name, r1.id LIMIT 10
  RETURN {role: r1.role, employer: c {.id, .name, employments: COLLECT {
    MATCH (c)<-[r2:WORKED_AT]-(q)
    WITH r2, q ORDER BY r2.startMin DESC, q.name, r2.id LIMIT 10
    RETURN {role: r2.role, person: q {.id, .name, employments: COLLECT {
      MATCH (q)-[r3:WORKED_AT]->(d)
      WITH r3, d ORDER BY r3.startMin DESC, d.name, r3.id LIMIT 10
      RETURN {role: r3.role, employer: d {.id, .name}}
    }}}
  }}}
}} AS answer
