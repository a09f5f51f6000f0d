// How many entities of each kind, sources and relationships the graph holds.
// @public
RETURN COUNT { (:Entity) } AS nodes,  // all from the count store, whatever the size
       // The relationships that start at an entity: each ends at one too (writes match
       // both ends as :Entity); the redirects that merges leave start at a :Redirect.
       COUNT { (:Entity)-[]->() } AS relationships,
       COUNT { (:Source) } AS sources,
       COUNT { (:Person) } AS people,
       COUNT { (:Company) } AS companies,
       COUNT { (:AIModel) } AS models,
       COUNT { (:FundingRound) } AS rounds
