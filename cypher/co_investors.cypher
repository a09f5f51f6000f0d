// Who invested alongside a company (its units count as the company), and in which rounds.
// @public
// @param company the investor's id, e.g. alibaba-group
OPTIONAL MATCH (c:Company {id: $company})
CALL (c) {
  MATCH (side:Company)-[:PART_OF*0..3]->(c)
  MATCH (side)-[:INVESTED_IN]->(r:FundingRound)<-[:INVESTED_IN]-(other:Company)
  WHERE NOT EXISTS { (other)-[:PART_OF*0..3]->(c) }
  WITH other, r ORDER BY r.announcedMin DESC
  WITH other, collect(DISTINCT r {.*, label: labels(r)}) AS rounds
  ORDER BY size(rounds) DESC, other.name
  RETURN collect({investor: other {.*, label: labels(other)}, rounds: rounds}) AS coInvestors
}
RETURN c IS NOT NULL AS found, coInvestors
