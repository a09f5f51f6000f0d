// The GraphQL documents the explorer sends, and how a fact becomes a graph edge.
// Every relationship comes back as a fact object (Employment, Investment...) with
// its evidence and both ends; FACTS says which fields are the ends.

export const FACTS = {
  Employment: { type: "WORKED_AT", from: "person", to: "employer", fields: "role team level start end ended" },
  Founding: { type: "FOUNDED", from: "person", to: "company", fields: "role start" },
  Education: { type: "STUDIED_AT", from: "person", to: "university", fields: "degree field start end" },
  Contribution: { type: "CONTRIBUTED_TO", from: "person", to: "model", fields: "role" },
  Development: { type: "DEVELOPED", from: "company", to: "model", fields: "" },
  Membership: { type: "PART_OF", from: "unit", to: "group", fields: "start" },
  Affiliation: { type: "AFFILIATE_OF", from: "affiliate", to: "company", fields: "" },
  Ownership: { type: "OWNS", from: "owner", to: "asset", fields: "start" },
  Stake: { type: "HOLDS_STAKE", from: "holder", to: "company", fields: "share asOf" },
  Raise: { type: "RAISED", from: "company", to: "round", fields: "" },
  Investment: { type: "INVESTED_IN", from: "investor", to: "round", fields: "lead" },
  Version: { type: "VERSION_OF", from: "version", to: "family", fields: "" },
};

// Relationship fields per kind; a trailing * marks the dated ones, which take asOf.
const RELATIONS = {
  Person: ["employments*", "foundings*", "education*", "contributions"],
  Company: [
    "employments*", "founders*", "models", "units", "groups", "affiliates", "affiliateOf",
    "owns", "ownedBy", "stakes", "stakeholders", "rounds*", "investments*",
  ],
  University: ["alumni*", "employments*"],
  AIModel: ["contributors", "developers", "versions", "versionOf"],
  Product: ["ownedBy"],
  FundingRound: ["raisedBy", "investors"],
};

const FRAGMENTS = {
  End: "fragment End on Entity { __typename id name nameZh }",
  Evidence: `fragment Evidence on Evidence {
  confidence
  sources { id title publisher url published reliability }
  disputes { field value note sources { id title url } }
}`,
  Fact: `fragment Fact on Fact {
  __typename id note evidence { ...Evidence }
  ${Object.entries(FACTS)
    .map(([t, s]) => `... on ${t} { ${s.fields} ${s.from} { ...End } ${s.to} { ...End } }`)
    .join("\n  ")}
}`,
};

// A document with the fragments it spreads (GraphQL refuses unused ones).
export function withFragments(query) {
  const used = (name) => query.includes(`...${name}`) || (name !== "Fact" && query.includes("...Fact"));
  return [query, ...Object.keys(FRAGMENTS).filter(used).map((name) => FRAGMENTS[name])].join("\n");
}

const relationFields = (rels) =>
  rels
    .map((r) => {
      const dated = r.endsWith("*");
      const name = dated ? r.slice(0, -1) : r;
      const args = dated ? "first: $first, asOf: $asOf" : "first: $first";
      return `${name}(${args}) { totalCount nodes { ...Fact } }`;
    })
    .join(" ");

export const NEIGHBOURHOOD = withFragments(`
query Neighbourhood($id: ID!, $first: Int!, $asOf: PartialDate) {
  node: entity(id: $id) {
    ...End
    ${Object.entries(RELATIONS)
      .map(([kind, rels]) => `... on ${kind} { ${relationFields(rels)} }`)
      .join("\n    ")}
  }
}`);

export const SEARCH = `
query Search($text: String!) {
  search(text: $text, first: 10) { score node { __typename id name nameZh aliases } }
}`;

export const DETAILS = withFragments(`
query Details($id: ID!) {
  node: entity(id: $id) {
    __typename id name nameZh aliases description note synthetic
    evidence { ...Evidence }
    ... on Person { born bornPlace }
    ... on Company { kind founded hq listed }
    ... on University { city }
    ... on AIModel { released openSourced parameters modality }
    ... on Product { launched }
    ... on FundingRound { series announced amount amountText currency valuation valuationCurrency }
    ... on Source { title publisher url published language reliability }
  }
}`);

// Every relationship field of a neighbourhood answer, flattened.
export function neighbourhoodFacts(node) {
  const rels = RELATIONS[node.__typename] ?? [];
  const facts = [];
  const truncated = [];
  for (const r of rels) {
    const name = r.replace("*", "");
    const conn = node[name];
    if (!conn) continue;
    facts.push(...conn.nodes);
    if (conn.totalCount > conn.nodes.length) truncated.push(`${name} ${conn.nodes.length} of ${conn.totalCount}`);
  }
  return { facts, truncated };
}

function period(start, end, ended) {
  if (start && end) return `${start}–${end}`;
  if (start) return ended ? `${start}–?` : `since ${start}`;
  if (end) return `until ${end}`;
  return ended ? "(ended)" : "";
}

export function edgeLabel(type, f) {
  const detail = {
    WORKED_AT: () => period(f.start, f.end, f.ended),
    STUDIED_AT: () => period(f.start, f.end, Boolean(f.end)),
    FOUNDED: () => f.start,
    PART_OF: () => f.start,
    OWNS: () => f.start,
    HOLDS_STAKE: () => f.share,
    INVESTED_IN: () => (f.lead ? "(lead)" : ""),
  }[type]?.();
  return detail ? `${type} ${detail}` : type;
}

export const nodeElement = (e) => ({
  group: "nodes",
  data: { id: e.id, name: e.name, nameZh: e.nameZh ?? null, kind: e.__typename },
});

// A fact as cytoscape elements: its two ends and the edge, whose id is the fact's id.
export function factElements(fact) {
  const spec = FACTS[fact.__typename];
  const from = fact[spec.from];
  const to = fact[spec.to];
  const edge = {
    group: "edges",
    data: { id: fact.id, source: from.id, target: to.id, type: spec.type, label: edgeLabel(spec.type, fact), fact },
  };
  return [nodeElement(from), nodeElement(to), edge];
}
