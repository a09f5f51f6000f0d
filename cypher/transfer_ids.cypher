// Every entity's id, for an export of the whole graph (read on by id in batches).
MATCH (n:Entity)
RETURN n.id AS id
