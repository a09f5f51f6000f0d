// A relationship type's edges at each of many entities as recorded at a revision: the
// edges there now, and the revisions of its edges after $revision (the first one's
// `before` is an edge's state then). resolvers/revisions.py rebuilds, filters and pages.
// $type comes from the allowlist in resolvers/edges.py; $out: outgoing edges, else incoming.
UNWIND $ids AS id
RETURN id,
  COLLECT {
    MATCH (n:Entity {id: id})-[r:$($type)]-(m:Entity)
    WHERE (startNode(r) = n) = $out
    RETURN {id: r.id, rel: properties(r), other: m.id}
  } AS current,
  COLLECT {
    MATCH (r:Revision {from: id})
    WHERE $out AND r.type = $type AND r.seq > $revision
    RETURN {id: r.id, seq: r.seq, before: r.before, other: r.to} AS item
    UNION
    MATCH (r:Revision {to: id})
    WHERE NOT $out AND r.type = $type AND r.seq > $revision
    RETURN {id: r.id, seq: r.seq, before: r.before, other: r.from} AS item
  } AS later
