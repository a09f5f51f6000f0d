// How many entities of each kind, sources and relationships the graph holds.
// @public
RETURN COUNT { (:Entity) } AS nodes,
       COUNT { (:Entity)-[]->(:Entity) } AS relationships,
       COUNT { (:Source) } AS sources,
       COUNT { (:Person) } AS people,
       COUNT { (:Company) } AS companies,
       COUNT { (:AIModel) } AS models,
       COUNT { (:FundingRound) } AS rounds
