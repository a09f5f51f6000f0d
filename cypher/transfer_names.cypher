// Entities whose name, Chinese name or one of whose aliases is one of $names, ignoring
// case: how an import matches a record or a reference without a known id. $names:
// [{text, lower, query}], `query` a Lucene phrase already escaped by the importer.
// The rows come collected in one record (Graph.read_collected says why).
UNWIND $names AS name
CALL db.index.fulltext.queryNodes('entity_names', name.query) YIELD node
WITH name, node
WHERE toLower(node.name) = name.lower
   OR toLower(node.nameZh) = name.lower
   OR any(alias IN coalesce(node.aliases, []) WHERE toLower(alias) = name.lower)
RETURN collect({name: name.text, id: node.id, labels: labels(node)}) AS rows
