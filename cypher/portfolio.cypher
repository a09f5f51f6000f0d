// An investor's portfolio: the companies whose rounds it (or one of its units) joined.
// @public
// @param investor the investor's id, e.g. alibaba-group
OPTIONAL MATCH (c:Company {id: $investor})
CALL (c) {
  MATCH (side:Company)-[:PART_OF*0..3]->(c)
  MATCH (side)-[inv:INVESTED_IN]->(r:FundingRound)<-[:RAISED]-(startup:Company)
  WITH startup, side, inv, r ORDER BY r.announcedMin
  WITH startup, collect({rel: properties(inv), investor: side {.*, label: labels(side)},
                         round: r {.*, label: labels(r)}}) AS investments
  ORDER BY startup.name
  RETURN collect({company: startup {.*, label: labels(startup)}, investments: investments}) AS portfolio
}
RETURN c IS NOT NULL AS found, portfolio
