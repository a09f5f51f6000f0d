// Sources by URL: an import cites a source by its URL, and a source record whose URL
// is already stored is that source (one source per URL).
// The rows come collected in one record (Graph.read_collected says why).
UNWIND $urls AS url
MATCH (source:Source {url: url})
RETURN collect({url: url, id: source.id}) AS rows
