// The GraphQL documents the explorer sends, and how a fact becomes a graph edge.
// Every relationship comes back as a fact object (Employment, Investment...) with
// its evidence and both ends. What the relationship fields are, and which fields of a
// fact are its ends, comes from the schema (loadVocabulary), not from a list here.
import { vocabulary } from "./api.js";

// Filled by loadVocabulary() before the first query that needs them.
// FACTS: fact type -> { type: its Neo4j type, from, to: the fields of its ends, fields: its own }.
// RELATIONS: entity type -> its relationship fields; a trailing * marks the dated ones (asOf).
export const FACTS = {};
const RELATIONS = {};
export let NEIGHBOURHOOD;

const named = (t) => t.ofType ?? t; // through one NON_NULL
const OWN = (f) => ["SCALAR", "ENUM"].includes(named(f.type).kind) && !["id", "note"].includes(f.name);

// Once, however many actions ask at the same time; again only after a failure.
let loading;
export function loadVocabulary() {
  loading ??= readVocabulary().catch((e) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

async function readVocabulary() {
  const { facts, relations } = await vocabulary();
  const own = new Map(facts.possibleTypes.map((t) => [t.name, t.fields.filter(OWN).map((f) => f.name).join(" ")]));
  for (const r of relations) {
    FACTS[r.fact] = { type: r.type, from: r.from, to: r.to, fields: own.get(r.fact) ?? "" };
    (RELATIONS[r.entity] ??= []).push(r.dated ? `${r.field}*` : r.field);
  }
  FRAGMENTS.Fact = `fragment Fact on Fact {
  __typename id note evidence { ...Evidence }
  ${Object.entries(FACTS)
    .map(([t, s]) => `... on ${t} { ${s.fields} ${s.from} { ...End } ${s.to} { ...End } }`)
    .join("\n  ")}
}`;
  NEIGHBOURHOOD = withFragments(`
query Neighbourhood($id: ID!, $first: Int!, $asOf: PartialDate) {
  node: entity(id: $id) {
    ...End
    ${Object.entries(RELATIONS)
      .map(([kind, rels]) => `... on ${kind} { ${relationFields(rels)} }`)
      .join("\n    ")}
  }
}`);
}

const FRAGMENTS = {
  End: "fragment End on Entity { __typename id name nameZh }",
  Evidence: `fragment Evidence on Evidence {
  confidence
  sources { id title publisher url published reliability }
  disputes { field value note sources { id title url } }
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

export const SEARCH = `
query Search($text: String!) {
  search(text: $text, first: 10) { nodes { score node { __typename id name nameZh aliases } } }
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
