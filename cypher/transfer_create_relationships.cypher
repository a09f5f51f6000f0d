// Create the relationships an import planned as new, stamped with the import's name, and
// check in the same statement that none of them has appeared since the plan was read
// (the importer refuses the whole import if `taken` > 0, or if an end has gone, `matched`
// short of the rows). One statement, so each row's two ends are found once, for the
// check and the write. Not a MERGE: in one big transaction into a store with few
// relationships, the planner takes MERGE's existence check as a scan of every
// relationship, once per row. $rows: [{id, type, from, to, props, dates}]: `dates`
// holds the date properties as ISO text (startMin: '2024-07-01'), made dates here, which
// is cheaper than the driver's packing of date values. The type comes from the seed
// model's allowlist (seeds/loader.to_rows), never from user text.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
WITH a, b, row, EXISTS { (a)-[old]->(b) WHERE old.id = row.id } AS taken
CALL (a, b, row, taken) {
  WITH a, b, row
  WHERE NOT taken
  CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
  SET r += row.props
  FOREACH (key IN keys(row.dates) | SET r[key] = date(row.dates[key]))
  SET r.writtenAt = datetime.transaction(), r.writtenBy = $by
}
RETURN count(*) AS matched, count(CASE WHEN taken THEN 1 END) AS taken
