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
// Facts by id (`node(id:)`, `nodes(ids:)`): one relationship index per type.
CREATE INDEX fact_id_worked_at IF NOT EXISTS FOR ()-[r:WORKED_AT]-() ON (r.id);
CREATE INDEX fact_id_founded IF NOT EXISTS FOR ()-[r:FOUNDED]-() ON (r.id);
CREATE INDEX fact_id_studied_at IF NOT EXISTS FOR ()-[r:STUDIED_AT]-() ON (r.id);
CREATE INDEX fact_id_contributed_to IF NOT EXISTS FOR ()-[r:CONTRIBUTED_TO]-() ON (r.id);
CREATE INDEX fact_id_developed IF NOT EXISTS FOR ()-[r:DEVELOPED]-() ON (r.id);
CREATE INDEX fact_id_part_of IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.id);
CREATE INDEX fact_id_affiliate_of IF NOT EXISTS FOR ()-[r:AFFILIATE_OF]-() ON (r.id);
CREATE INDEX fact_id_owns IF NOT EXISTS FOR ()-[r:OWNS]-() ON (r.id);
CREATE INDEX fact_id_holds_stake IF NOT EXISTS FOR ()-[r:HOLDS_STAKE]-() ON (r.id);
CREATE INDEX fact_id_raised IF NOT EXISTS FOR ()-[r:RAISED]-() ON (r.id);
CREATE INDEX fact_id_invested_in IF NOT EXISTS FOR ()-[r:INVESTED_IN]-() ON (r.id);
CREATE INDEX fact_id_version_of IF NOT EXISTS FOR ()-[r:VERSION_OF]-() ON (r.id);
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
