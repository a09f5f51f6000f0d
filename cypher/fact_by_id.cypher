// Facts by id, of any type: each type's relationship index on `id` (schema.cypher)
// answers in one seek; an id that names no fact finds nothing.
UNWIND $ids AS id
CALL (id) {
  MATCH (a)-[r:WORKED_AT {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:FOUNDED {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:STUDIED_AT {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:CONTRIBUTED_TO {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:DEVELOPED {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:PART_OF {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:AFFILIATE_OF {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:OWNS {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:HOLDS_STAKE {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:RAISED {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:INVESTED_IN {id: id}]->(b) RETURN r, a, b
  UNION ALL
  MATCH (a)-[r:VERSION_OF {id: id}]->(b) RETURN r, a, b
}
RETURN id, type(r) AS type, properties(r) AS rel,
       a {.*, label: labels(a)} AS start, b {.*, label: labels(b)} AS end
