// Every entity's id, for an export of the whole graph (read on by id in batches).
// The rows come collected in one record (Graph.read_collected says why).
MATCH (n:Entity)
RETURN collect({id: n.id}) AS rows
