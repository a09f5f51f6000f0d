// The funding timeline: a company's rounds (or an investor's portfolio) on a time axis,
// each round a circle sized by its amount (a hedged amount, "over US$200 million", has a
// dashed edge), its investors stacked beside it; investors in more than one of the rounds
// drawn are co-investors, outlined and starred.
import { scaleSqrt } from "d3-scale";
import { gql } from "../api.js";
import { h, renderFact } from "../panels.js";
import { withFragments } from "../queries.js";
import { middle, span } from "./dates.js";
import { present } from "./present.js";
import { clipped, colour, frame, label, onKey, s, timeAxis, widthOf } from "./svg.js";

const LEFT = 220;
const CHIP = 16;
const CHIP_WIDTH = 170;
const NAME = "id name nameZh";
const ROUND = `${NAME} series announced amount amountText currency evidence { ...Evidence }
  investors(first: 50) { nodes { id lead investor { ${NAME} } evidence { ...Evidence } } }`;
const QUERIES = {
  company: withFragments(`query Rounds($id: ID!) { company(id: $id) { ${NAME} rounds(first: 100) { nodes { round { ${ROUND} } } } } }`),
  investor: withFragments(`query Portfolio($id: ID!) { company(id: $id) { ${NAME} } portfolio(investor: $id, first: 1000) { nodes { company { ${NAME} } investments { round { ${ROUND} } } } } }`),
};

// Rows as both modes draw them: a label, the company, the round.
async function rows(mode, id) {
  const data = await gql(QUERIES[mode], { id });
  const list = mode === "company"
    ? data.company.rounds.nodes.map(({ round }) => ({ label: round.name, company: data.company, round }))
    : data.portfolio.nodes.flatMap((p) => p.investments.map(({ round }) => ({ label: `${p.company.name}: ${round.series ?? round.name}`, company: p.company, round })));
  return { owner: data.company, list: list.sort((a, b) => (span(a.round.announced)?.[0] ?? Infinity) - (span(b.round.announced)?.[0] ?? Infinity)) };
}

function sizes(list) {
  const scales = {};
  for (const r of list) {
    const c = r.round.currency ?? "";
    scales[c] = Math.max(scales[c] ?? 0, r.round.amount ?? 0);
  }
  return (round) => (round.amount ? scaleSqrt().domain([0, scales[round.currency ?? ""]]).range([4, 18])(round.amount) : 4);
}

const amountText = (r) => r.amountText ?? (r.amount ? `${r.currency ?? ""} ${r.amount.toLocaleString("en")}` : "amount not disclosed");

function chart(owner, list, mode, width) {
  const seen = new Map();
  for (const r of list) for (const i of r.round.investors.nodes) seen.set(i.investor.id, (seen.get(i.investor.id) ?? 0) + 1);
  const co = (id) => seen.get(id) > 1 && id !== owner.id;
  const heights = list.map((r) => Math.max(40, r.round.investors.nodes.length * (CHIP + 2) + 8));
  const height = 40 + heights.reduce((a, b) => a + b, 0);
  const dated = list.filter((r) => r.round.announced).map((r) => span(r.round.announced));
  const lo = Math.min(...dated.map((d) => d[0])) - 180 * 864e5;
  const hi = Math.max(...dated.map((d) => d[1])) + 180 * 864e5;
  const { x, axis } = timeAxis([new Date(lo), new Date(hi)], LEFT, width - 40, 24, height);
  const r = sizes(list);
  const title = mode === "company" ? `Funding of ${label(owner)}` : `Portfolio of ${label(owner)}`;
  const svg = frame(width, height, title, `${list.length} rounds; co-investors are outlined and starred. The table below lists the same rounds.`);
  let y = 32;
  svg.append(axis, ...list.map((row, i) => {
    const top = y;
    y += heights[i];
    const d = span(row.round.announced);
    const cx = d ? x(middle(d)) : LEFT;
    const cy = top + 16;
    const openRound = () => renderFact(row.round.name, [label(row.company), ` · ${amountText(row.round)}`], row.round);
    // The stack sits right of its round, or left of it near the right edge.
    const chipX = cx + 24 + CHIP_WIDTH < width ? cx + 24 : cx - 24 - CHIP_WIDTH;
    return s("g", { class: "round-row" },
      clipped(row.label, LEFT - 12, { x: LEFT - 8, y: cy + 4, "text-anchor": "end" }),
      d && s("line", { x1: x(d[0]), x2: x(d[1]), y1: cy, y2: cy, stroke: "#57606a", "stroke-width": 2, "aria-hidden": "true" }),
      s("circle", {
        class: `round${row.round.amountText ? " hedged" : ""}`, cx, cy, r: r(row.round),
        fill: row.round.amount ? colour(0) : "#fff", stroke: colour(0), "stroke-width": 2, "fill-opacity": 0.7,
        "data-id": row.round.id, tabindex: 0, role: "button", "aria-label": `${row.label}, ${row.round.announced ?? "undated"}, ${amountText(row.round)}`,
        onclick: openRound, onkeydown: onKey(openRound),
      }, s("title", {}, `${row.label}: ${amountText(row.round)}`)),
      row.round.investors.nodes.map((inv, j) => {
        const open = () => renderFact(`${inv.investor.name} invested${inv.lead ? " (lead)" : ""}`, [label(inv.investor), " → ", row.round.name], inv);
        return s("g", {
          class: `chip${co(inv.investor.id) ? " co-investor" : ""}`, "data-investor": inv.investor.id, tabindex: 0, role: "button",
          "aria-label": `${inv.investor.name}${inv.lead ? ", lead" : ""}${co(inv.investor.id) ? ", co-investor" : ""}`,
          onclick: open, onkeydown: onKey(open),
        },
          s("rect", { x: chipX, y: top + 4 + j * (CHIP + 2), width: CHIP_WIDTH, height: CHIP, rx: 3, fill: co(inv.investor.id) ? colour(1) : "#eaeef2", class: co(inv.investor.id) ? "co" : null }),
          clipped(`${co(inv.investor.id) ? "★ " : ""}${label(inv.investor)}${inv.lead ? " (lead)" : ""}`, CHIP_WIDTH - 8, { x: chipX + 5, y: top + 16 + j * (CHIP + 2), "font-weight": inv.lead ? 700 : 400 }),
        );
      }),
    );
  }));
  return { svg, title };
}

const COLUMNS = [
  { title: "Company", value: (r) => r.company.name },
  { title: "Round", value: (r) => r.round.name },
  { title: "Announced", value: (r) => r.round.announced },
  { title: "Amount", value: (r) => r.round.amount },
  { title: "Currency", value: (r) => r.round.currency },
  { title: "As reported", value: (r) => r.round.amountText },
  { title: "Investors", value: (r) => r.round.investors.nodes.map((i) => `${i.investor.name}${i.lead ? " (lead)" : ""}`).join("; ") },
  { title: "Sources", value: (r) => r.round.evidence.sources.map((x) => x.url ?? x.title).join(" ") },
];

export async function drawFunding(target, state, redraw, current) {
  if (!state.id) {
    target.replaceChildren(h("p", { class: "empty" }, "Name a company or an investor, e.g. moonshot-ai."));
    return "Funding: no company named.";
  }
  const mode = state.mode === "investor" ? "investor" : "company";
  const { owner, list } = await rows(mode, state.id);
  if (!current()) return null;
  const drawn = list.some((r) => r.round.announced) ? chart(owner, list, mode, widthOf(target)) : { svg: null, title: label(owner) };
  present(target, {
    svg: drawn.svg, caption: drawn.title, columns: COLUMNS, rows: list,
    name: `${mode === "company" ? "funding" : "portfolio"}-${owner.id}`, empty: "No rounds on record.",
  });
  return `${drawn.title}: ${list.length} rounds.`;
}
