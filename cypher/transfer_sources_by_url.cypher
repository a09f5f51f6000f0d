// Sources by URL: an import cites a source by its URL, and a source record whose URL
// is already stored is that source (one source per URL).
UNWIND $urls AS url
MATCH (source:Source {url: url})
RETURN url, source.id AS id
