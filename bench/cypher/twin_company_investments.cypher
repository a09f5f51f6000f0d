// Raw twin of `company -> investments -> round -> raisedBy`: one statement, the rounds
// newest first (then by name and fact id), each round's raisers by name. Returns the
// bench's normal form (bench/cases.py).
MATCH (c:Company {id: $id})
RETURN c {.id, .name, investments: COLLECT {
  MATCH (c)-[i:INVESTED_IN]->(r)
  WITH i, r ORDER BY r.announcedMin DESC, r.name, i.id LIMIT 20
  RETURN {lead: i.lead, round: r {.id, .name, .announced, .amount, raisedBy: COLLECT {
    MATCH (r)<-[x:RAISED]-(s)
    WITH x, s ORDER BY s.name, x.id LIMIT 20
    RETURN {company: s {.id, .name}}
  }}}
}} AS answer
