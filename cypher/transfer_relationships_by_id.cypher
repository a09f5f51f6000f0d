// Stored relationships by fact id, found from their two ends: what an import would
// change. $rows: [{id, from, to}].
// The rows come collected in one record (Graph.read_collected says why). The properties
// come as two lists, names and values, with dates as ISO text and without the stamps:
// the driver makes a Python object of each date and datetime it receives, which took
// two thirds of this read for 100,000 stored facts (docs/benchmarks.md, imports at
// scale), and the importer compares dates as text and never reads the stamps.
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r]->(:Entity {id: row.to}) USING INDEX SEEK a:Entity(id)
WHERE r.id = row.id
WITH r, [k IN keys(r) WHERE NOT k IN ['writtenAt', 'writtenBy']] AS names
RETURN collect({
  id: r.id, names: names,
  values: [k IN names | CASE WHEN r[k] IS :: DATE THEN toString(r[k]) ELSE r[k] END]
}) AS rows
