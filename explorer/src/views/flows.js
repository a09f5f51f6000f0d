// The talent flow view: a Sankey diagram of `talentFlows`, the sources on the left and the
// destinations on the right, one band per pair, as wide as its moves. A period slider
// narrows the bands to the moves of one year or quarter (the API's `periods`).
import { sankey } from "d3-sankey";
import { gql } from "../api.js";
import { evidence, h } from "../panels.js";
import { withFragments } from "../queries.js";
import { present } from "./present.js";
import { colour, frame, label, onKey, s, widthOf } from "./svg.js";

const SPELL = "id role start end ended employer { id name nameZh } evidence { ...Evidence }";
// 100 pairs of up to 500 moves each stays within the API's cost limit (100,000 items).
const QUERY = withFragments(`
query Flows($from: ID, $to: ID, $since: PartialDate, $until: PartialDate, $granularity: Granularity!) {
  talentFlows(from: $from, to: $to, since: $since, until: $until, granularity: $granularity, first: 100) {
    from { id name nameZh kind } to { id name nameZh kind } count
    periods { period count }
    moves(first: 500) { nodes { period person { id name nameZh } left { ${SPELL} } joined { ${SPELL} } } }
  }
}`);


// Bands for one picture: per pair of companies (units folded into the named company, as
// the API counts them) or per pair of actual employers (units opened).
export function bands(flows, { units, period }) {
  const pairs = new Map();
  for (const f of flows) {
    for (const m of f.moves.nodes) {
      if (period && m.period !== period) continue;
      const [a, b] = units === "open" ? [m.left.employer, m.joined.employer] : [f.from, f.to];
      const key = `${a.id}>${b.id}`;
      if (!pairs.has(key)) pairs.set(key, { from: a, to: b, moves: [] });
      pairs.get(key).moves.push(m);
    }
  }
  return [...pairs.values()].sort((x, y) => y.moves.length - x.moves.length);
}

const moveText = (m) =>
  `${label(m.person)}: ${m.left.employer.name} (left ${m.left.end ?? "?"}) → ${m.joined.employer.name} (joined ${m.joined.start ?? "?"})`;

// Clicking a band: each move with the evidence for both of its spells.
function showBand(band) {
  document.getElementById("details").replaceChildren(
    h("h2", { id: "details-title" }, `${band.from.name} → ${band.to.name}`),
    h("p", { class: "meta" }, `${band.moves.length} moved`),
    ...band.moves.map((m) =>
      h(
        "section",
        { class: "move" },
        h("h3", {}, m.person.name, m.person.nameZh && h("span", { lang: "zh" }, ` ${m.person.nameZh}`)),
        h("p", {}, moveText(m)),
        h("h4", {}, `Left ${m.left.employer.name}`),
        evidence(m.left.evidence),
        h("h4", {}, `Joined ${m.joined.employer.name}`),
        evidence(m.joined.evidence),
      ),
    ),
  );
}

// A band as a filled ribbon, as wide as its moves at both ends (d3-sankey's own link is a
// stroked line, which has no area to hover or click where it runs straight).
function area(l) {
  const [x0, x1, w] = [l.source.x1, l.target.x0, l.width / 2];
  const mid = (x0 + x1) / 2;
  return `M${x0},${l.y0 - w}C${mid},${l.y0 - w} ${mid},${l.y1 - w} ${x1},${l.y1 - w}` +
    `L${x1},${l.y1 + w}C${mid},${l.y1 + w} ${mid},${l.y0 + w} ${x0},${l.y0 + w}Z`;
}

function chart(list, title, width) {
  const height = Math.max(220, 40 + list.length * 34);
  const node = (side, c) => ({ id: `${side}:${c.id}`, company: c, side });
  const nodes = new Map();
  for (const b of list) for (const n of [node("L", b.from), node("R", b.to)]) nodes.set(n.id, n);
  const layout = sankey()
    .nodeId((d) => d.id)
    .nodeWidth(14)
    .nodePadding(18)
    .extent([[220, 24], [width - 220, height - 16]]);
  const graph = layout({
    nodes: [...nodes.values()].map((n) => ({ ...n })),
    links: list.map((b) => ({ source: `L:${b.from.id}`, target: `R:${b.to.id}`, value: b.moves.length, band: b })),
  });
  const sources = [...new Set(list.map((b) => b.from.id))];
  const tip = h("div", { class: "tip", role: "tooltip", id: "flow-tip", hidden: true });
  const tell = (b, e) => {
    tip.replaceChildren(h("strong", {}, `${b.from.name} → ${b.to.name}: ${b.moves.length}`), h("ul", {}, b.moves.map((m) => h("li", {}, moveText(m)))));
    tip.hidden = false;
    const box = e.target.closest("svg").getBoundingClientRect();
    const at = e.clientX ? [e.clientX - box.left, e.clientY - box.top] : [width / 2, 20];
    tip.style.left = `${at[0] + 12}px`;
    tip.style.top = `${at[1] + 12}px`;
  };
  const svg = frame(width, height, title, `${list.length} bands; the table below lists the same moves.`);
  svg.append(
    s("g", {}, graph.links.map((l) =>
      s("path", {
        class: "band",
        d: area(l),
        fill: colour(sources.indexOf(l.band.from.id)),
        "data-from": l.band.from.id,
        "data-to": l.band.to.id,
        "data-count": l.value,
        tabindex: 0,
        role: "button",
        "aria-label": `${l.band.from.name} to ${l.band.to.name}: ${l.value} moved. Enter for the evidence.`,
        onmouseenter: (e) => tell(l.band, e),
        onfocus: (e) => tell(l.band, e),
        onmouseleave: () => (tip.hidden = true),
        onblur: () => (tip.hidden = true),
        onclick: () => showBand(l.band),
        onkeydown: onKey(() => showBand(l.band)),
      }, s("title", {}, `${l.band.from.name} → ${l.band.to.name}: ${l.band.moves.map((m) => m.person.name).join(", ")}`)),
    )),
    s("g", {}, graph.nodes.map((n) => [
      s("rect", { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: Math.max(1, n.y1 - n.y0), fill: "#57606a" }),
      s("text", {
        x: n.side === "L" ? n.x0 - 6 : n.x1 + 6,
        y: (n.y0 + n.y1) / 2,
        dy: "0.35em",
        "text-anchor": n.side === "L" ? "end" : "start",
      }, `${label(n.company)} (${n.value})`),
    ])),
  );
  return { svg, tip };
}

const COLUMNS = [
  { title: "From", value: (m) => m.band.from.name },
  { title: "To", value: (m) => m.band.to.name },
  { title: "Person", value: (m) => m.person.name },
  { title: "Chinese name", value: (m) => m.person.nameZh },
  { title: "Left", value: (m) => m.left.employer.name },
  { title: "Left on", value: (m) => m.left.end },
  { title: "Joined", value: (m) => m.joined.employer.name },
  { title: "Joined on", value: (m) => m.joined.start },
  { title: "Period", value: (m) => m.period },
  { title: "Sources", value: (m) => [...new Set([...m.left.evidence.sources, ...m.joined.evidence.sources].map((x) => x.url))].join(" ") },
];

// The slider's stops: "all", then every period that holds a move.
function slider(flows, state, onPeriod) {
  const periods = [...new Set(flows.flatMap((f) => f.periods.map((p) => p.period)))].sort();
  const at = Math.max(0, periods.indexOf(state.period) + 1);
  const input = h("input", { id: "flow-period", type: "range", min: 0, max: periods.length, step: 1, value: at, "aria-valuetext": state.period ?? "all periods" });
  const shown = h("output", { for: "flow-period" }, state.period ?? "all periods");
  input.addEventListener("change", () => onPeriod(periods[input.value - 1] ?? null));
  return h("div", { class: "slider" }, h("label", { for: "flow-period" }, "Period"), input, shown);
}

export async function drawFlows(target, state, redraw, current) {
  const vars = { from: state.from ?? null, to: state.to ?? null, since: state.since ?? null, until: state.until ?? null, granularity: state.granularity ?? "YEAR" };
  const { talentFlows } = await gql(QUERY, vars);
  if (!current()) return null;
  const list = bands(talentFlows, state);
  const moves = list.flatMap((b) => b.moves.map((m) => ({ ...m, band: b })));
  const title = `Talent flows${state.from ? ` from ${state.from}` : ""}${state.to ? ` to ${state.to}` : ""}${state.period ? ` in ${state.period}` : ""}`;
  const body = h("div", {});
  // The slider is drawn anew: keep the keyboard on it.
  const sliding = document.activeElement?.id === "flow-period";
  target.replaceChildren(slider(talentFlows, state, (period) => redraw({ ...state, period })), body);
  if (sliding) document.getElementById("flow-period").focus();
  const drawn = list.length ? chart(list, title, widthOf(target)) : { svg: null, tip: null };
  present(body, { svg: drawn.svg, caption: `${title}: ${moves.length} moves`, columns: COLUMNS, rows: moves, name: "talent-flows", empty: "No moves match." });
  if (drawn.tip) body.querySelector(".chart-wrap").append(drawn.tip);
  return `${title}: ${list.length} bands, ${moves.length} moves.`;
}
