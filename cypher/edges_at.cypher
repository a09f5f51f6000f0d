// A relationship type's edges at each of many entities as recorded at a revision: the
// edges there now, and the revisions of its edges after $revision (the first one's
// `before` is an edge's state then). resolvers/revisions.py rebuilds, filters and pages.
// $type comes from the allowlist in resolvers/edges.py; $out: outgoing edges, else incoming.
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Entity {id: id})-[r:$($type)]-(m:Entity)
  WHERE (startNode(r) = n) = $out
  RETURN collect({id: r.id, rel: properties(r), other: m.id}) AS current
}
CALL (id) {
  MATCH (r:Revision {from: id})
  WHERE $out AND r.type = $type AND r.seq > $revision
  RETURN collect({id: r.id, seq: r.seq, before: r.before, other: r.to}) AS outgoing
}
CALL (id) {
  MATCH (r:Revision {to: id})
  WHERE NOT $out AND r.type = $type AND r.seq > $revision
  RETURN collect({id: r.id, seq: r.seq, before: r.before, other: r.from}) AS incoming
}
RETURN id, current, outgoing + incoming AS later
