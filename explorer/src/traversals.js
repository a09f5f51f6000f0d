// The named traversals: their form fields, their query, and how a result is drawn.
import { edgeLabel, factElements, nodeElement, withFragments } from "./queries.js";

const id = (name, label, extra = {}) => ({ name, label, type: "ID", ...extra });
const date = (name, label) => ({ name, label, type: "PartialDate", placeholder: "2024 or 2024-07" });

// A round is drawn with the company that raised it, so the investment reads through.
const ROUND = "raisedBy(first: 1) { nodes { ...Fact } }";

const movesOf = (items) => items.flatMap((m) => [...factElements(m.left), ...factElements(m.joined)]);
const investmentsOf = (items) => items.flatMap((i) => [...factElements(i), ...i.round.raisedBy.nodes.flatMap(factElements)]);

export const TRAVERSALS = [
  {
    name: "portfolioAlumniHires",
    title: "Portfolio alumni hires",
    hint: "Startups an investor backed that hired people who had left it (or left the alumni company). Units count as their group.",
    args: [id("investor", "Investor", { required: true, value: "alibaba-group" }), id("alumniOf", "Alumni of (default: the investor)")],
    selection: `company { ...End } investments { ...Fact round { ${ROUND} } } hires { person { ...End } left { ...Fact } joined { ...Fact } }`,
    draw: (rows) =>
      rows.flatMap((r) => [
        nodeElement(r.company),
        ...investmentsOf(r.investments),
        ...movesOf(r.hires),
      ]),
    describe: (r) => `${r.company.name}: ${r.hires.map((x) => x.person.name).join(", ")}`,
    empty: "No portfolio company of this investor hired its former staff, on the sources the graph holds.",
  },
  {
    name: "talentFlows",
    title: "Talent flows",
    hint: "People who moved from one company to another; leave a side empty for any company.",
    args: [id("from", "From company", { value: "alibaba-group" }), id("to", "To company"), date("since", "Joined since"), date("until", "Joined until")],
    // A flow's moves are a connection: one page of up to 1000 (the API's cap) is every move here.
    selection: "from { ...End } to { ...End } count moves(first: 1000) { nodes { person { ...End } left { ...Fact } joined { ...Fact } } }",
    draw: (rows) =>
      rows.flatMap((f) => [
        nodeElement(f.from),
        nodeElement(f.to),
        ...movesOf(f.moves.nodes),
        {
          group: "edges",
          classes: "derived",
          data: { id: `flow:${f.from.id}:${f.to.id}`, source: f.from.id, target: f.to.id, type: "Talent flow", label: `${f.count} moved`, count: f.count, moves: f.moves.nodes },
        },
      ]),
    describe: (f) => `${f.from.name} → ${f.to.name}: ${f.moves.nodes.map((m) => m.person.name).join(", ")}`,
    empty: "No moves match.",
  },
  {
    name: "departures",
    connection: true, // the API pages it: `nodes` of one page (the first 1000), `totalCount` of all
    title: "Departures",
    hint: "People who left a company (or one of its units), and where they went next.",
    args: [id("company", "Company", { required: true }), date("since", "Left since"), date("until", "Left until")],
    selection: "person { ...End } left { ...Fact } next { ...Fact }",
    draw: (rows) => rows.flatMap((d) => [...factElements(d.left), ...d.next.flatMap(factElements)]),
    describe: (d) => `${d.person.name} → ${d.next.map((n) => n.employer.name).join(", ") || "not known"}`,
    empty: "No departures match.",
  },
  {
    name: "portfolio",
    connection: true,
    title: "Portfolio",
    hint: "The companies an investor (or one of its units) backed, and the rounds.",
    args: [id("investor", "Investor", { required: true })],
    selection: `company { ...End } investments { ...Fact round { ${ROUND} } }`,
    draw: (rows) => rows.flatMap((r) => [nodeElement(r.company), ...investmentsOf(r.investments)]),
    describe: (r) => `${r.company.name}: ${r.investments.map((i) => i.round.name).join(", ")}`,
    empty: "No investments on record.",
  },
  {
    name: "coInvestors",
    title: "Co-investors",
    hint: "Who invested in the same rounds as an investor, and which rounds.",
    args: [id("company", "Investor", { required: true })],
    selection: `investor { ...End } rounds { ...End ${ROUND} investors(first: 50) { nodes { ...Fact } } }`,
    draw: (rows) => rows.flatMap((c) => c.rounds.flatMap((r) => [...r.raisedBy.nodes, ...r.investors.nodes].flatMap(factElements))),
    describe: (c) => `${c.investor.name}: ${c.rounds.length} shared ${c.rounds.length === 1 ? "round" : "rounds"}`,
    empty: "No co-investors.",
  },
  {
    name: "connections",
    title: "Connections",
    hint: "The shortest paths between two entities, with the evidence on each hop.",
    args: [id("from", "From", { required: true }), id("to", "To", { required: true }), { name: "maxHops", label: "At most hops", type: "Int", value: "4", inputmode: "numeric" }],
    selection: "length hops { from { ...End } to { ...End } type forward properties evidence { ...Evidence } }",
    draw: (paths) =>
      paths.flatMap((p) =>
        p.hops.flatMap((hop) => {
          // Draw the arrow the way the relationship points, whichever way the path walks it.
          const [a, b] = hop.forward ? [hop.from, hop.to] : [hop.to, hop.from];
          // A hop's properties are its fact's (id included), so it matches the neighbourhood edge.
          const fact = { ...hop.properties, evidence: hop.evidence };
          const edgeId = fact.id ?? `hop:${a.id}:${hop.type}:${b.id}`;
          return [
            nodeElement(a),
            nodeElement(b),
            { group: "edges", data: { id: edgeId, source: a.id, target: b.id, type: hop.type, label: edgeLabel(hop.type, fact), fact } },
          ];
        }),
      ),
    describe: (p) => `${p.length} ${p.length === 1 ? "hop" : "hops"}: ${[p.hops[0].from.name, ...p.hops.map((x) => x.to.name)].join(" – ")}`,
    empty: "No path within that many hops.",
    roots: (vars) => [vars.from],
  },
];

export function traversalQuery(t, vars) {
  const defs = t.args.filter((a) => a.name in vars).map((a) => `$${a.name}: ${a.type}${a.required ? "!" : ""}`);
  const args = t.args.filter((a) => a.name in vars).map((a) => `${a.name}: $${a.name}`);
  const head = defs.length ? `(${defs.join(", ")})` : "";
  const call = args.length ? `(${args.join(", ")})` : "";
  const paged = call ? call.replace(/\)$/, ", first: 1000)") : "(first: 1000)";
  const field = t.connection ? `${t.name}${paged} { totalCount nodes { ${t.selection} } }` : `${t.name}${call} { ${t.selection} }`;
  return withFragments(`query Traversal${head} { result: ${field} }`);
}
