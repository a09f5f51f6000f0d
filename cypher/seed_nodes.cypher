// Upsert entities by id. $rows: [{id, label, props}]; the label comes from the
// loader's allowlist (model/records.py SECTIONS), never from user text.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.label)
SET n += row.props
RETURN count(n) AS written
