// Create the relationships an import planned as new, stamped with the import's name.
// Each type's uniqueness constraint on `id` (schema.cypher) refuses a fact that another
// writer has added since the plan was read, and the importer then refuses the whole
// import; an end that has gone leaves `written` short of the rows, which refuses it too.
// $rows: [{id, type, from, to, props, dates}]: `dates` holds the date properties as ISO
// text (startMin: '2024-07-01'), made dates here, which is cheaper than the driver's
// packing of date values. The type comes from the seed model's allowlist
// (seeds/loader.to_rows), never from user text.
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) USING INDEX SEEK a:Entity(id)
MATCH (b:Entity {id: row.to}) USING INDEX SEEK b:Entity(id)
CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r += row.props
FOREACH (key IN keys(row.dates) | SET r[key] = date(row.dates[key]))
SET r.writtenAt = datetime.transaction(), r.writtenBy = $by
RETURN count(*) AS written
