// Upsert the entities an import creates or changes, as seed_nodes does, and stamp the
// write with the import's name ($by) and the transaction's time. Properties the import
// does not give stay (`+=`). $rows: [{id, label, props, dates}], `dates` the date
// properties as ISO text (see transfer_create_relationships); the label comes from the
// records' allowlist (model/records.py SECTIONS), never from user text.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.label)
SET n += row.props
FOREACH (key IN keys(row.dates) | SET n[key] = date(row.dates[key]))
SET n.writtenAt = datetime.transaction(), n.writtenBy = $by
RETURN count(n) AS written
