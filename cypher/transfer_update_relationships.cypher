// Update the stored relationships an import changes, found by fact id from their two
// ends, and stamp the write ($by, the transaction's time). Properties the import does
// not give stay (`+=`). $rows: [{id, type, from, to, props, dates}] as for
// transfer_create_relationships; every row's relationship was read by the plan.
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r]->(:Entity {id: row.to}) USING INDEX SEEK a:Entity(id)
WHERE r.id = row.id
SET r += row.props
FOREACH (key IN keys(row.dates) | SET r[key] = date(row.dates[key]))
SET r.writtenAt = datetime.transaction(), r.writtenBy = $by
RETURN count(r) AS written
