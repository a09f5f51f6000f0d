// A page of entities of one kind, by name, and how many there are in all.
// $label comes from the allowlist in resolvers/nodes.py.
// $args holds the values that may be null: Neo4j plans a statement once per combination
// of its parameters' types, and null is a type of its own (so is a list of another
// size), while a map is one type whatever it holds. In one map they make one plan, not
// eight, each about a second of planning (docs/benchmarks.md, the test suite's time).
// $args.synthetic: null for all, or true/false to pick generated or real entities.
// Keyset paging (resolvers/cursors.py): $args.after and $args.before are the sort keys
// of cursors ([name, id]; Sources [id]) or null; a page holds the entities strictly
// between them, $limit of them from the start ($backward false) or from the end
// ($backward true, read in reverse order). With $flip, the condition of the one
// cursor given is reversed: the entities NOT past it (is there anything before a page?).
CALL () {
  // Labels are written out, one branch per kind and direction, and only the branch asked
  // runs: Neo4j 5.26 plans a dynamic label (`n:$($label)`) as a scan of every node.
  // A page walks its kind's name index (schema.cypher) in order, either way, and stops
  // after $limit entries (Sources have no name: their id index). With $args.synthetic set,
  // entities of the other sort are skipped along the walk, so a page of the rare sort
  // walks as far as it must to fill up.
  // The total: the count store holds each kind's count; synthetic ones come from the
  // `entity_synthetic` index, and the real ones are the rest.
  WITH $label = 'Person' AND NOT $backward AS asked WHERE asked
  MATCH (n:Person) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'Person' AND $backward AS asked WHERE asked
  MATCH (n:Person) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'Company' AND NOT $backward AS asked WHERE asked
  MATCH (n:Company) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'Company' AND $backward AS asked WHERE asked
  MATCH (n:Company) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'University' AND NOT $backward AS asked WHERE asked
  MATCH (n:University) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'University' AND $backward AS asked WHERE asked
  MATCH (n:University) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'AIModel' AND NOT $backward AS asked WHERE asked
  MATCH (n:AIModel) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'AIModel' AND $backward AS asked WHERE asked
  MATCH (n:AIModel) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'Product' AND NOT $backward AS asked WHERE asked
  MATCH (n:Product) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'Product' AND $backward AS asked WHERE asked
  MATCH (n:Product) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'FundingRound' AND NOT $backward AS asked WHERE asked
  MATCH (n:FundingRound) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name, n.id LIMIT $limit
  UNION ALL
  WITH $label = 'FundingRound' AND $backward AS asked WHERE asked
  MATCH (n:FundingRound) WHERE n.name IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.name > $args.after[0] OR (n.name = $args.after[0] AND n.id > $args.after[1]), false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.name < $args.before[0] OR (n.name = $args.before[0] AND n.id < $args.before[1]), false) <> $flip)
  RETURN n ORDER BY n.name DESC, n.id DESC LIMIT $limit
  UNION ALL
  WITH $label = 'Source' AND NOT $backward AS asked WHERE asked
  MATCH (n:Source) WHERE n.id IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.id > $args.after[0], false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.id < $args.before[0], false) <> $flip)
  RETURN n ORDER BY n.id LIMIT $limit
  UNION ALL
  WITH $label = 'Source' AND $backward AS asked WHERE asked
  MATCH (n:Source) WHERE n.id IS NOT NULL
    AND ($args.synthetic IS NULL OR coalesce(n.synthetic = true, false) = $args.synthetic)
    AND ($args.after IS NULL OR coalesce(n.id > $args.after[0], false) <> $flip)
    AND ($args.before IS NULL OR coalesce(n.id < $args.before[0], false) <> $flip)
  RETURN n ORDER BY n.id DESC LIMIT $limit
}
WITH collect(n {.*, label: labels(n)}) AS page
// Every kind's count straight from the count store (a grouping key, even a constant,
// would turn each into a label scan).
CALL () {
  RETURN COUNT { (:Person) } AS Person, COUNT { (:Company) } AS Company,
         COUNT { (:University) } AS University, COUNT { (:AIModel) } AS AIModel,
         COUNT { (:Product) } AS Product, COUNT { (:FundingRound) } AS FundingRound,
         COUNT { (:Source) } AS Source
}
WITH page, {Person: Person, Company: Company, University: University, AIModel: AIModel,
            Product: Product, FundingRound: FundingRound, Source: Source}[$label] AS everyone
CALL () {
  WITH $args.synthetic IS NOT NULL AS filtered WHERE filtered
  MATCH (n:Entity) WHERE n.synthetic = true AND $label IN labels(n)
  RETURN count(n) AS synthetic
}
RETURN CASE $args.synthetic WHEN true THEN synthetic WHEN false THEN everyone - synthetic
                       ELSE everyone END AS total,
       page
