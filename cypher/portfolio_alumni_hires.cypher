// Startups an investor backed (through funding rounds; the investor's units count as
// the investor) that hired people who had worked at `alumniOf` (default: the investor;
// its units count too) and left before joining: the old spell has ended, the new one
// has a dated start, and the old end may precede it (or, undated, the old start does).
// The user's own example: startups Alibaba invested in that hired ex-Alibaba staff.
// @public
// @param investor the investor's id, e.g. alibaba-group
// @param alumniOf whose former staff to look for (null: the investor)
OPTIONAL MATCH (investor:Company {id: $investor})
OPTIONAL MATCH (alma:Company {id: coalesce($alumniOf, $investor)})
CALL (investor, alma) {
  MATCH (backer:Company)-[:PART_OF*0..3]->(investor)
  MATCH (backer)-[inv:INVESTED_IN]->(round:FundingRound)<-[:RAISED]-(startup:Company)
  WHERE NOT EXISTS { (startup)-[:PART_OF*0..3]->(alma) }
  WITH startup, backer, inv, round ORDER BY round.announcedMin, round.id
  WITH startup, collect({rel: properties(inv), investor: backer {.*, label: labels(backer)},
                         round: round {.*, label: labels(round)}}) AS investments
  MATCH (p:Person)-[joined:WORKED_AT]->(startup)
  MATCH (p)-[left:WORKED_AT]->(former:Company)-[:PART_OF*0..3]->(alma)
  // A CASE, not `joined.startMin IS NOT NULL AND ...`: the planner would answer that from
  // the WORKED_AT start index, a scan of every dated spell in the graph.
  WHERE coalesce(left.ended, false)
    AND CASE WHEN joined.startMin IS NULL THEN false
             WHEN left.endMin IS NOT NULL THEN left.endMin <= joined.startMax
             ELSE left.startMin < joined.startMin END
    // Only the first spell at the startup after leaving: later ones are role changes.
    AND NOT EXISTS {
      MATCH (p)-[earlier:WORKED_AT]->(startup)
      // A CASE: as plain conditions the planner answered them from the WORKED_AT
      // start index, a scan of every dated spell in the graph per row.
      WHERE CASE WHEN earlier.startMin < joined.startMin
                 THEN earlier.startMax >= coalesce(left.endMin, left.startMin) ELSE false END
    }
  WITH startup, investments, p, joined, left, former ORDER BY joined.startMin, p.name
  WITH startup, investments,
       collect({person: p {.*, label: labels(p)}, left: properties(left),
                leftAt: former {.*, label: labels(former)}, joined: properties(joined)}) AS hires
  WITH startup, investments, hires ORDER BY size(hires) DESC, startup.name
  RETURN collect({company: startup {.*, label: labels(startup)}, investments: investments,
                  hires: hires}) AS results
}
RETURN investor IS NOT NULL AS investorFound, alma IS NOT NULL AS alumniOfFound, results
