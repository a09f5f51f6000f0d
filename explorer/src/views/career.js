// The career timeline: a person's spells as bars on a time axis. A partial date is drawn
// as the span it may mean: a year-precision end fades out across that year. A dispute
// over a date is a second, dashed bar under the first; every bar opens its sources.
import { gql } from "../api.js";
import { h, renderFact } from "../panels.js";
import { withFragments } from "../queries.js";
import { span } from "./dates.js";
import { present } from "./present.js";
import { spellKinds } from "./schema.js";
import { clipped, colour, frame, label, onKey, s, timeAxis, widthOf } from "./svg.js";

const LEFT = 250;
const LANE = 30;
const YEAR = 365.25 * 864e5;

// An end's dated fields: its own, or for an interface each entity type's, spread.
// An end of an interface type (Entity, or Employer: a company or a university) asks for each
// entity type's dates inside `... on Entity`, where every entity type may be spread.
function endSelection(type, entityDates) {
  const dates = entityDates.has(type)
    ? entityDates.get(type).join(" ")
    : `... on Entity { ${[...entityDates].filter(([, d]) => d.length).map(([t, d]) => `... on ${t} { ${d.join(" ")} }`).join(" ")} }`;
  return `{ __typename id name nameZh ${dates} }`;
}

function query({ kinds, entityDates }) {
  const fields = kinds.map((k) => {
    const args = k.asOf ? "first: 100, asOf: $asOf" : "first: 100";
    const ends = k.ends.map((e) => `${e.name} ${endSelection(e.type, entityDates)}`).join(" ");
    return `${k.field}(${args}) { totalCount nodes { ... on ${k.type} { ${k.scalars.join(" ")} ${ends} evidence { ...Evidence } } } }`;
  });
  return withFragments(`query Career($id: ID!, $asOf: PartialDate) { person(id: $id) { id name nameZh ${fields.join(" ")} } }`);
}

// One bar's dates: the fact's own, else the other end's (a model's release, say).
function spellOf(kind, index, fact, person) {
  const other = kind.ends.map((e) => fact[e.name]).find((x) => x && x.id !== person.id) ?? person;
  const own = kind.dates.filter((d) => d !== "end").map((d) => fact[d]).find(Boolean);
  const start = own ?? Object.entries(other).find(([k, v]) => k !== "id" && /^\d{4}(-\d\d){0,2}$/.test(v ?? ""))?.[1];
  return { kind, index, fact, other, start: span(start), end: span(fact.end), point: !kind.dates.includes("end") };
}

// Where a bar runs, and its opacity stops: fuzzy starts fade in, fuzzy ends fade out.
function extent(sp, now) {
  // No start, only an end: it fades in over the year before the end.
  const [a0, a1] = sp.start ?? [sp.end[0] - YEAR, sp.end[0]];
  if (sp.point) return { from: a0, to: a1, stops: [[0, 0.55], [1, 0.55]] };
  let to;
  let fade;
  if (sp.end) [fade, to] = sp.end;
  else if (sp.fact.ended) [fade, to] = [a1, a1 + YEAR]; // ended, end unknown
  else [fade, to] = [now, now];
  const at = (t) => (to > a0 ? (t - a0) / (to - a0) : 0);
  return { from: a0, to, stops: [[0, 0.15], [at(a1), 1], [at(fade), 1], [1, sp.end || sp.fact.ended ? 0.15 : 1]] };
}

function bar(sp, x, y, height, now, cls, onOpen, name) {
  const id = `g-${cls}-${sp.index}`;
  if (!sp.start && !sp.end) {
    return s("rect", { class: `${cls} undated`, x: x.range()[0], y, width: 10, height, fill: "#aaa", "data-kind": sp.kind.type, "data-id": sp.fact.id, tabindex: 0, role: "button", "aria-label": `${name}, undated`, onclick: onOpen, onkeydown: onKey(onOpen) });
  }
  const e = extent(sp, now);
  const [x0, x1] = [x(e.from), Math.max(x(e.from) + 3, x(e.to))];
  const fill = colour(sp.kind.order);
  return [
    s("linearGradient", { id, gradientUnits: "userSpaceOnUse", x1: x0, x2: x1, y1: 0, y2: 0 },
      e.stops.map(([o, op]) => s("stop", { offset: Math.min(1, Math.max(0, o)), "stop-color": fill, "stop-opacity": op }))),
    s("rect", {
      class: cls, x: x0, y, width: x1 - x0, height, fill: `url(#${id})`, rx: 3,
      "data-kind": sp.kind.type, "data-id": sp.fact.id, tabindex: 0, role: "button", "aria-label": name,
      onclick: onOpen, onkeydown: onKey(onOpen),
    }, s("title", {}, name)),
  ];
}

const period = (f) => [f.start, f.end ?? (f.ended ? "?" : "")].filter((x) => x !== undefined && x !== null).join("–");

function chart(person, spells, now, width) {
  const dated = spells.filter((sp) => sp.start || sp.end);
  const lo = Math.min(now - 5 * YEAR, ...dated.map((sp) => extent(sp, now).from));
  const hi = Math.max(now, ...dated.map((sp) => extent(sp, now).to));
  const height = 40 + spells.length * LANE;
  const { x, axis } = timeAxis([new Date(lo), new Date(hi)], LEFT, width - 20, 24, height);
  const svg = frame(width, height, `Career of ${label(person)}`, `${spells.length} spells; the table below lists them with their dates and sources.`);
  const ends = (sp) => [label(person), " → ", label(sp.other)];
  svg.append(axis, ...spells.map((sp, i) => {
    const y = 32 + i * LANE;
    const name = `${sp.kind.type} ${sp.other.name} ${period(sp.fact)}`;
    const alts = sp.fact.evidence.disputes.filter((d) => sp.kind.dates.includes(d.field));
    return s("g", { class: "lane" },
      clipped(`${label(sp.other)} · ${sp.kind.field}`, LEFT - 12, { x: LEFT - 8, y: y + 11, "text-anchor": "end" }),
      bar(sp, x, y, alts.length ? 13 : 20, now, "bar", () => renderFact(sp.kind.type, ends(sp), sp.fact), name),
      alts.map((d) => {
        const alt = spellOf(sp.kind, sp.index, { ...sp.fact, [d.field]: d.value }, person);
        const evidence = { confidence: sp.fact.evidence.confidence, sources: d.sources, disputes: [] };
        const open = () => renderFact(`Disputed ${d.field}: ${d.value}`, ends(sp), { ...alt.fact, evidence });
        return bar(alt, x, y + 15, 6, now, "bar alt", open, `${name}; disputed ${d.field} ${d.value}`);
      }),
    );
  }));
  return svg;
}

const COLUMNS = [
  { title: "Kind", value: (sp) => sp.kind.field },
  { title: "With", value: (sp) => sp.other.name },
  { title: "Chinese name", value: (sp) => sp.other.nameZh },
  { title: "Role", value: (sp) => sp.fact.role ?? sp.fact.degree },
  { title: "Dates", value: (sp) => period(sp.fact) },
  { title: "Disputed", value: (sp) => sp.fact.evidence.disputes.map((d) => `${d.field}: ${d.value}`).join("; ") },
  { title: "Sources", value: (sp) => sp.fact.evidence.sources.map((x) => x.url ?? x.title).join(" ") },
];

export async function drawCareer(target, state, redraw, current) {
  if (!state.id) {
    target.replaceChildren(h("p", { class: "empty" }, "Name a person, e.g. zhou-chang."));
    return "Career: no person named.";
  }
  const schema = await spellKinds();
  const { person } = await gql(query(schema), { id: state.id, asOf: state.asOf ?? null });
  if (!current()) return null;
  const kinds = schema.kinds.map((k, order) => ({ ...k, order }));
  let n = 0;
  const spells = kinds
    .flatMap((k) => person[k.field].nodes.map((f) => spellOf(k, n++, f, person)))
    .sort((a, b) => (a.start ?? a.end ?? [Infinity])[0] - (b.start ?? b.end ?? [Infinity])[0]);
  const now = state.asOf ? span(state.asOf)[1] : Date.now();
  const title = `Career of ${label(person)}`;
  // The counts by kind are the API's (totalCount), not the bars counted here.
  const counts = kinds.map((k) => `${person[k.field].totalCount} ${k.field}`).join(", ");
  present(target, {
    svg: spells.length ? chart(person, spells, now, widthOf(target)) : null, caption: `${title}: ${counts}`, columns: COLUMNS, rows: spells,
    name: `career-${person.id}`, empty: "No spells on record.",
  });
  return `${title}: ${spells.length} spells.`;
}
