// People who left a company (its units count as the company), with where they went next.
// A move between two units of the company is no departure; leaving and coming back is
// one. The window [since, until] applies to the end of the spell; undated ends match.
// `next`: later spells with a dated start, earliest first.
// @public
// @param company the company's id, e.g. alibaba-group
// @param sinceMin earliest day of the window (a date, or null)
// @param untilMax last day of the window (a date, or null)
OPTIONAL MATCH (c:Company {id: $company})
// Conditions on a spell's dates are written as CASE where a plain OR or IS NOT NULL would
// let the planner answer them from the WORKED_AT date indexes: a scan of every dated
// spell in the graph, once per row, instead of the few spells of one person.
CALL (c) {
  MATCH (p:Person)-[left:WORKED_AT]->(unit:Company)-[:PART_OF*0..3]->(c)
  WHERE coalesce(left.ended, false)
    AND ($sinceMin IS NULL OR left.endMax IS NULL OR left.endMax >= $sinceMin)
    AND ($untilMax IS NULL OR left.endMin IS NULL OR left.endMin <= $untilMax)
    AND NOT EXISTS {
      MATCH (p)-[other:WORKED_AT]->(:Company)-[:PART_OF*0..3]->(c)
      WHERE other <> left AND left.endMax IS NOT NULL
        AND other.startMin <= left.endMax AND other.startMin >= left.startMin
        AND CASE WHEN coalesce(other.ended, false) THEN other.endMin >= left.endMin ELSE true END
    }
    // A spell that ended on an undated day, followed by a dated end elsewhere in the
    // company (M6 at DAMO, then Qwen at Alibaba Cloud): the later end is the departure.
    AND NOT EXISTS {
      MATCH (p)-[later:WORKED_AT]->(:Company)-[:PART_OF*0..3]->(c)
      WHERE CASE WHEN left.endMin IS NULL AND later <> left
                 THEN coalesce(later.endMin >= left.startMin, false) ELSE false END
    }
  WITH p, left, unit ORDER BY left.endMin IS NULL, left.endMin DESC, p.name
  RETURN collect({
    person: p {.*, label: labels(p)}, left: properties(left), leftAt: unit {.*, label: labels(unit)},
    next: COLLECT {
      MATCH (p)-[n:WORKED_AT]->(e)
      WHERE n <> left
        AND CASE WHEN n.startMin IS NULL THEN false
                 WHEN left.endMin IS NOT NULL THEN n.startMax >= left.endMin
                 ELSE n.startMin > left.startMin END
      WITH n, e ORDER BY n.startMin
      RETURN {rel: properties(n), at: e {.*, label: labels(e)}}
    }
  }) AS departures
}
RETURN c IS NOT NULL AS found, departures
