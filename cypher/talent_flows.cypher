// Moves of people from one company to another, per pair, with the people. A company's
// units count as the company when it is named; unnamed sides are each actual company.
// A move: a spell that ended, then the first spell elsewhere with a dated start that
// may follow that end (or, when the end is undated, that starts after the old start),
// with no other spell begun in between.
// The window [since, until] applies to the new start.
// @public
// @param from the company people left (null: any)
// @param to the company people joined (null: any)
// @param sinceMin earliest day of the window (a date, or null)
// @param untilMax last day of the window (a date, or null)
// @param first how many pairs, the largest flows first
// @param quarterly bucket the moves by quarter (true) or by year (false)
OPTIONAL MATCH (fromRoot:Company {id: $from})
OPTIONAL MATCH (toRoot:Company {id: $to})
CALL (fromRoot, toRoot) {
  // The pairs of spells, found from the named side so that the cost follows its people,
  // not the graph: one branch runs, picked by which of `from` and `to` is named.
  CALL (fromRoot, toRoot) {
    // Only `from` named: the spells that ended at it or its units, then the same people's others.
    WITH fromRoot WHERE fromRoot IS NOT NULL AND $to IS NULL
    MATCH (a:Company)-[:PART_OF*0..3]->(fromRoot)
    WITH DISTINCT a
    MATCH (p:Person)-[left:WORKED_AT]->(a)
    WHERE coalesce(left.ended, false)
    MATCH (p)-[joined:WORKED_AT]->(b:Company)
    RETURN p, left, a, joined, b
    UNION ALL
    // Both named: the spells at either side's units, joined on the person.
    WITH fromRoot, toRoot WHERE fromRoot IS NOT NULL AND toRoot IS NOT NULL
    MATCH (a:Company)-[:PART_OF*0..3]->(fromRoot)
    WITH DISTINCT a, toRoot
    MATCH (b:Company)-[:PART_OF*0..3]->(toRoot)
    WITH DISTINCT a, b
    MATCH (p:Person)-[left:WORKED_AT]->(a)
    WHERE coalesce(left.ended, false)
    MATCH (p)-[joined:WORKED_AT]->(b)
    RETURN p, left, a, joined, b
    UNION ALL
    // Only `to` named: the spells at it or its units, then the same people's earlier ones.
    WITH toRoot WHERE $from IS NULL AND toRoot IS NOT NULL
    MATCH (b:Company)-[:PART_OF*0..3]->(toRoot)
    WITH DISTINCT b
    MATCH (p:Person)-[joined:WORKED_AT]->(b)
    MATCH (p)-[left:WORKED_AT]->(a:Company)
    WHERE coalesce(left.ended, false)
    RETURN p, left, a, joined, b
    UNION ALL
    // Neither named: every move in the graph, the only case that reads all of it.
    WITH $from IS NULL AND $to IS NULL AS neither WHERE neither
    MATCH (p:Person)-[left:WORKED_AT]->(a:Company)
    WHERE coalesce(left.ended, false)
    MATCH (p)-[joined:WORKED_AT]->(b:Company)
    RETURN p, left, a, joined, b
  }
  WITH fromRoot, toRoot, p, left, a, joined, b
  WHERE b <> a AND joined.startMin IS NOT NULL
    AND CASE WHEN left.endMin IS NOT NULL THEN left.endMin <= joined.startMax
             ELSE left.startMin < joined.startMin END
    // Only the first spell at the new company after leaving: later ones are role changes.
    AND NOT EXISTS {
      MATCH (p)-[earlier:WORKED_AT]->(b)
      // A CASE: as plain conditions the planner answered them from the WORKED_AT
      // start index, a scan of every dated spell in the graph per row.
      WHERE CASE WHEN earlier.startMin < joined.startMin
                 THEN earlier.startMax >= coalesce(left.endMin, left.startMin) ELSE false END
    }
    // Only the next step: no spell elsewhere began between leaving and joining (Google,
    // then Sinovation, then 01.AI is two moves, not also Google -> 01.AI); and a spell
    // whose end is undated is not the one left when another ended, on a dated day,
    // between its start and the new one (M6 at DAMO, then Qwen at Alibaba Cloud).
    AND NOT EXISTS {
      MATCH (p)-[between:WORKED_AT]->(:Company)
      WHERE CASE WHEN between = left OR between = joined THEN false
                 WHEN left.endMin IS NULL
                 THEN coalesce(between.endMin >= left.startMin
                               AND between.endMin <= joined.startMax, false)
                 ELSE coalesce(between.startMin >= left.endMin
                               AND between.startMax < joined.startMin, false) END
    }
    AND ($sinceMin IS NULL OR joined.startMax IS NULL OR joined.startMax >= $sinceMin)
    AND ($untilMax IS NULL OR joined.startMin IS NULL OR joined.startMin <= $untilMax)
  WITH coalesce(fromRoot, a) AS src, coalesce(toRoot, b) AS dst, p, left, a, joined, b
  // A move between units of a named company is no flow out of it, nor into it.
  WHERE src <> dst
    AND NOT ($from IS NOT NULL AND EXISTS { (b)-[:PART_OF*0..3]->(src) })
    AND NOT ($to IS NOT NULL AND EXISTS { (a)-[:PART_OF*0..3]->(dst) })
  // A move's period is the year it joined, or the quarter where its start is known that
  // closely: a start known only to the year stays in the year's bucket, never a guessed quarter.
  WITH src, dst, p, left, a, joined, b,
       toString(joined.startMin.year) +
       CASE WHEN $quarterly AND joined.startMax IS NOT NULL
                 AND joined.startMin.year = joined.startMax.year
                 AND joined.startMin.quarter = joined.startMax.quarter
            THEN '-Q' + toString(joined.startMin.quarter) ELSE '' END AS period
  ORDER BY joined.startMin
  WITH src, dst,
       collect({person: p {.*, label: labels(p)}, left: properties(left), leftAt: a {.*, label: labels(a)},
                joined: properties(joined), joinedAt: b {.*, label: labels(b)}, period: period}) AS moves
  ORDER BY size(moves) DESC, src.name, dst.name
  LIMIT $first
  WITH src, dst, moves,
       COLLECT { UNWIND moves AS m
                 WITH m.period AS period, count(*) AS count ORDER BY period
                 RETURN {period: period, count: count} } AS periods
  RETURN collect({from: src {.*, label: labels(src)}, to: dst {.*, label: labels(dst)}, moves: moves,
                  periods: periods}) AS flows
}
RETURN $from IS NULL OR fromRoot IS NOT NULL AS fromFound,
       $to IS NULL OR toRoot IS NOT NULL AS toFound, flows
