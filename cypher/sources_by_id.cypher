// The Source nodes that facts cite, for a batch of ids (evidence DataLoader).
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s {.*} AS source
