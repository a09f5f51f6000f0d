// The page around the canvas: search results, details, evidence, alerts, legend.
// Everything is built with DOM nodes, never innerHTML: names and notes are data.
import { KINDS } from "./graph.js";
import { historySection } from "./history.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...present(children));
  return el;
}

// Children as h() takes them: nested lists, with null/false for "nothing here".
const present = (children) => children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
const fill = (el, ...children) => el.replaceChildren(...present(children));

const $ = (id) => document.getElementById(id);

export function showAlert(error) {
  const alert = $("alert");
  alert.replaceChildren(
    h("strong", {}, error.code ? `The API answered ${error.code}: ` : "Error: "),
    error.message,
    h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss the message", onclick: clearAlert }, "×"),
  );
  alert.hidden = false;
}

export function clearAlert() {
  $("alert").hidden = true;
  $("alert").replaceChildren();
}

export const setStatus = (text) => ($("status").textContent = text);

export function setBusy(busy) {
  document.body.classList.toggle("busy", busy);
  $("graph").setAttribute("aria-busy", String(busy));
}

const kindTag = (kind) => h("span", { class: "kind", style: `--kind: ${KINDS[kind]?.colour ?? "#999"}` }, kind);

export function renderResults(hits, onPick) {
  const list = $("results");
  if (hits.length === 0) {
    list.replaceChildren(h("li", { class: "empty" }, "Nothing matches."));
    return;
  }
  list.replaceChildren(
    ...hits.map(({ node }) =>
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "result", "data-id": node.id, onclick: () => onPick(node.id) },
          h("span", { class: "name" }, node.name, node.nameZh && h("span", { lang: "zh" }, ` ${node.nameZh}`)),
          kindTag(node.__typename),
          node.aliases?.length > 0 && h("span", { class: "aliases" }, node.aliases.join(", ")),
        ),
      ),
    ),
  );
}

export function renderLegend() {
  $("legend").replaceChildren(
    ...Object.entries(KINDS).map(([kind, k]) =>
      h("li", {}, h("span", { class: "swatch", style: `background: ${k.colour}`, "aria-hidden": "true" }), kind),
    ),
  );
}

// camelCase field names as words: "amountText" -> "amount text".
const words = (key) => key.replace(/([A-Z])/g, " $1").toLowerCase();

function value(v) {
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "number") return v.toLocaleString("en");
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

function properties(obj, skip) {
  const rows = Object.entries(obj).filter(
    ([k, v]) => !skip.has(k) && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0) && typeof v !== "object",
  );
  const arrays = Object.entries(obj).filter(([k, v]) => !skip.has(k) && Array.isArray(v) && v.length > 0);
  const all = [...rows, ...arrays];
  if (all.length === 0) return null;
  return h("dl", { class: "props" }, all.map(([k, v]) => [h("dt", {}, words(k)), h("dd", {}, value(v))]));
}

function sourceItem(s) {
  const title = s.url
    ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.title,
        h("span", { class: "visually-hidden" }, " (opens in a new tab)"))
    : h("span", { class: "title" }, s.title);
  const meta = [s.publisher, s.published, s.reliability && `${s.reliability} reliability`, !s.url && "no link"]
    .filter(Boolean)
    .join(" · ");
  return h("li", { "data-source": s.id }, title, meta && h("span", { class: "meta" }, meta));
}

export function evidence(ev) {
  if (!ev) return null;
  const pct = Math.round(ev.confidence * 100);
  return h(
    "section",
    { class: "evidence", "aria-label": "Evidence" },
    h("h3", {}, "Evidence"),
    h("p", {}, "Confidence ", h("meter", { min: 0, max: 1, value: ev.confidence, "aria-label": "confidence" }), ` ${pct}%`),
    ev.sources.length > 0
      ? h("ol", { class: "sources" }, ev.sources.map(sourceItem))
      : h("p", { class: "meta" }, "No source is cited."),
    ev.disputes.length > 0 && [
      h("h4", {}, "Disputed"),
      h(
        "ul",
        { class: "disputes" },
        ev.disputes.map((d) =>
          h(
            "li",
            {},
            h("strong", {}, words(d.field)),
            `: other sources say “${d.value}”`,
            d.note && h("span", { class: "meta" }, ` (${d.note})`),
            h("ol", { class: "sources" }, d.sources.map(sourceItem)),
          ),
        ),
      ),
    ],
  );
}

const endButton = (node, onSelect) =>
  h("button", { type: "button", class: "link", onclick: () => onSelect(node.id()) }, node.data("name"));

// Every edge drawn at a node, as buttons: the keyboard's way through the graph.
function connections(cyNode, onSelect) {
  const edges = cyNode.connectedEdges();
  if (edges.empty()) return null;
  return h(
    "section",
    { "aria-label": "Connections in the graph" },
    h("h3", {}, `Connections in the graph (${edges.length})`),
    h(
      "ul",
      { class: "connections" },
      edges.map((e) => {
        const out = e.source().same(cyNode);
        const other = out ? e.target() : e.source();
        return h(
          "li",
          {},
          h("button", { type: "button", class: "link", onclick: () => onSelect(e.id()) }, `${out ? "→" : "←"} ${e.data("label")}`),
          " ",
          endButton(other, onSelect),
        );
      }),
    ),
  );
}

const NODE_SKIP = new Set(["__typename", "id", "name", "nameZh", "description", "note", "evidence", "synthetic"]);

export function renderNode(entity, cyNode, { onExpand, onSelect }) {
  const kind = entity.__typename;
  fill($("details"),
    h("h2", { id: "details-title" }, entity.name, entity.nameZh && h("span", { lang: "zh" }, ` ${entity.nameZh}`)),
    h("p", { class: "subtitle" }, kindTag(kind), h("code", {}, entity.id), entity.synthetic && h("span", { class: "badge" }, "synthetic")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "expand", onclick: () => onExpand(entity.id) }, "Expand neighbourhood"),
    ),
    entity.description && h("p", {}, entity.description),
    properties(entity, NODE_SKIP),
    entity.note && h("p", { class: "note" }, h("strong", {}, "Note: "), entity.note),
    evidence(entity.evidence),
    cyNode && connections(cyNode, onSelect),
    historySection(entity.id),
  );
}

const FACT_SKIP = new Set(["__typename", "id", "note", "evidence"]);

export function renderEdge(cyEdge, { onSelect }) {
  const d = cyEdge.data();
  const ends = [endButton(cyEdge.source(), onSelect), " → ", endButton(cyEdge.target(), onSelect)];
  renderFact(d.type, ends, d.fact ?? {}, d.moves && flowMoves(d.moves, onSelect));
}

// A fact in the details panel: its ends, plain properties, note, and evidence.
export function renderFact(title, ends, fact, extra = null) {
  const props = Object.fromEntries(
    Object.entries(fact).filter(([, v]) => v === null || typeof v !== "object" || Array.isArray(v)),
  );
  fill(
    $("details"),
    h("h2", { id: "details-title" }, title),
    h("p", { class: "ends" }, ends),
    properties(props, FACT_SKIP),
    fact.note && h("p", { class: "note" }, h("strong", {}, "Note: "), fact.note),
    extra,
    evidence(fact.evidence),
    fact.id && h("p", { class: "meta" }, "Fact id ", h("code", {}, fact.id)),
    fact.id && historySection(fact.id),
  );
}

function flowMoves(moves, onSelect) {
  return h(
    "section",
    { "aria-label": "Moves" },
    h("h3", {}, `${moves.length} ${moves.length === 1 ? "move" : "moves"}`),
    h(
      "ul",
      { class: "connections" },
      moves.map((m) =>
        h(
          "li",
          {},
          h("button", { type: "button", class: "link", onclick: () => onSelect(m.person.id) }, m.person.name),
          ` left ${m.left.end ?? "?"}, joined ${m.joined.start ?? "?"}`,
        ),
      ),
    ),
  );
}

export function renderEmptyDetails() {
  fill($("details"),
    h("h2", { id: "details-title" }, "Details"),
    h("p", { class: "meta" }, "Select a node or an edge to see its properties and its evidence."),
  );
}
