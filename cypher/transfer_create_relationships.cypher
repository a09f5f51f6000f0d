// Create the relationships an import planned as new, stamped with the import's name, and
// check in the same statement that none of them has appeared since the plan was read:
// the importer refuses the whole import if `taken` > 0, or if an end has gone (`matched`
// short of the rows). The check is written as transfer_relationships_by_id is, the two
// ends found by id in its own MATCH, so the planner expands from the `from` entity;
// with ends already bound (an EXISTS after the MATCH below) it took the check as a scan
// of every relationship, once per row, on a store with few relationships. For the same
// reason not a MERGE. $rows: [{id, type, from, to, props, dates}]: `dates` holds the date
// properties as ISO text (startMin: '2024-07-01'), made dates here, which is cheaper than
// the driver's packing of date values. The type comes from the seed model's allowlist
// (seeds/loader.to_rows), never from user text.
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (:Entity {id: row.from})-[old]->(:Entity {id: row.to})
  WHERE old.id = row.id
  RETURN count(old) > 0 AS taken
}
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CALL (a, b, row, taken) {
  WITH a, b, row
  WHERE NOT taken
  CREATE (a)-[r:$(row.type) {id: row.id}]->(b)
  SET r += row.props
  FOREACH (key IN keys(row.dates) | SET r[key] = date(row.dates[key]))
  SET r.writtenAt = datetime.transaction(), r.writtenBy = $by
}
RETURN count(*) AS matched, count(CASE WHEN taken THEN 1 END) AS taken
