// After a bulk write: sample again every index the write has made outdated. Neo4j
// plans a statement with the index samples of that moment and keeps the plan; sampled
// while the graph was empty, an index looks empty, and `MATCH (n:Entity {id: id})`
// was then planned as a scan of the whole index per row instead of a seek
// (docs/data-model.md, constraints and indexes). Neo4j's own sampler catches up only
// later, in the background.
CALL db.resampleOutdatedIndexes()
