// Sources by URL: an import cites a source by its URL, and a source record whose URL
// is already stored is that source (one source per URL).
// The rows come collected in one record (Graph.read_collected says why).
// USING INDEX SEEK: planned on a store without facts, a seek can turn into a scan of the
// whole index for each row (docs/data-model.md, constraints and indexes).
UNWIND $urls AS url
MATCH (source:Source {url: url}) USING INDEX SEEK source:Source(url)
RETURN collect({url: url, id: source.id}) AS rows
