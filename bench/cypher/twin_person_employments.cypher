// Raw twin of `person -> employments -> employer`: the whole answer in one statement,
// projecting only what is asked, in talentgraph's order (newest spell first, then the
// employer's name, then the fact id). Returns the bench's normal form (bench/cases.py).
MATCH (p:Person {id: $id})
RETURN p {.id, .name, employments: COLLECT {
  MATCH (p)-[r:WORKED_AT]->(e)
  WITH r, e ORDER BY r.startMin DESC, e.name, r.id LIMIT 20
  RETURN {role: r.role, team: r.team, start: r.start, end: r.end, employer: e {.id, .name}}
}} AS answer
