// Constraints and indexes, applied idempotently by `talentgraph seed` and at app start.
// Community edition has uniqueness constraints only; required properties are checked
// by the seed loader and the mutations. Statements are separated by semicolons.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT university_id IF NOT EXISTS FOR (n:University) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:AIModel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT round_id IF NOT EXISTS FOR (n:FundingRound) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (n:Redirect) REQUIRE n.id IS UNIQUE;
// Names in order, for lists by name: a page walks the index and stops when it is full.
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name);
CREATE INDEX university_name IF NOT EXISTS FOR (n:University) ON (n.name);
CREATE INDEX model_name IF NOT EXISTS FOR (n:AIModel) ON (n.name);
CREATE INDEX product_name IF NOT EXISTS FOR (n:Product) ON (n.name);
CREATE INDEX round_name IF NOT EXISTS FOR (n:FundingRound) ON (n.name);
CREATE INDEX company_kind IF NOT EXISTS FOR (n:Company) ON (n.kind);
CREATE INDEX entity_synthetic IF NOT EXISTS FOR (n:Entity) ON (n.synthetic);
CREATE INDEX round_announced IF NOT EXISTS FOR (n:FundingRound) ON (n.announcedMin);
// Imports cite sources by URL (talentgraph/transfer/importer.py).
CREATE INDEX source_url IF NOT EXISTS FOR (n:Source) ON (n.url);
// No index on WORKED_AT dates: every statement reaches spells from a person or a
// company, and with one the planner took conditions on a found person's spells as
// scans of the whole index, once per row. Dropped where an older version made them.
DROP INDEX worked_at_start IF EXISTS;
DROP INDEX worked_at_end IF EXISTS;
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Person|Company|University|AIModel|Product|FundingRound)
ON EACH [n.name, n.nameZh, n.aliasText]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
// The change log (talentgraph/changelog.py, docs/history.md): one counter, changes by
// seq, revisions by the id they touched and seq (history(id:) walks it newest first).
CREATE CONSTRAINT change_counter_name IF NOT EXISTS FOR (n:ChangeCounter) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE;
CREATE INDEX revision_id_seq IF NOT EXISTS FOR (n:Revision) ON (n.id, n.seq);
// A relationship's revisions by either end: the facts of an entity at a revision.
CREATE INDEX revision_from IF NOT EXISTS FOR (n:Revision) ON (n.from);
CREATE INDEX revision_to IF NOT EXISTS FOR (n:Revision) ON (n.to);
// The loads among the changes (a revert refuses to cross one).
CREATE INDEX change_operation IF NOT EXISTS FOR (n:Change) ON (n.operation);
