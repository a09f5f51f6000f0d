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
// Facts by id (`node(id:)`, `nodes(ids:)`): one uniqueness constraint per type, whose
// index finds them. It also makes a second fact with the same id impossible, whichever
// writer tries: an import that planned a fact another writer has added since is refused
// by it (talentgraph/transfer/writing.py). Earlier versions had plain indexes on the
// same property (fact_id_<type>): dropped, as a constraint cannot stand beside one.
DROP INDEX fact_id_worked_at IF EXISTS;
DROP INDEX fact_id_founded IF EXISTS;
DROP INDEX fact_id_studied_at IF EXISTS;
DROP INDEX fact_id_contributed_to IF EXISTS;
DROP INDEX fact_id_developed IF EXISTS;
DROP INDEX fact_id_part_of IF EXISTS;
DROP INDEX fact_id_affiliate_of IF EXISTS;
DROP INDEX fact_id_owns IF EXISTS;
DROP INDEX fact_id_holds_stake IF EXISTS;
DROP INDEX fact_id_raised IF EXISTS;
DROP INDEX fact_id_invested_in IF EXISTS;
DROP INDEX fact_id_version_of IF EXISTS;
CREATE CONSTRAINT fact_id_unique_worked_at IF NOT EXISTS FOR ()-[r:WORKED_AT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_founded IF NOT EXISTS FOR ()-[r:FOUNDED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_studied_at IF NOT EXISTS FOR ()-[r:STUDIED_AT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_contributed_to IF NOT EXISTS FOR ()-[r:CONTRIBUTED_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_developed IF NOT EXISTS FOR ()-[r:DEVELOPED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_part_of IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_affiliate_of IF NOT EXISTS FOR ()-[r:AFFILIATE_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_owns IF NOT EXISTS FOR ()-[r:OWNS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_holds_stake IF NOT EXISTS FOR ()-[r:HOLDS_STAKE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_raised IF NOT EXISTS FOR ()-[r:RAISED]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_invested_in IF NOT EXISTS FOR ()-[r:INVESTED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT fact_id_unique_version_of IF NOT EXISTS FOR ()-[r:VERSION_OF]-() REQUIRE r.id IS UNIQUE;
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
