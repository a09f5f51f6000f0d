// Wires the page: search, neighbourhoods, asOf, traversals, and the details panel.
import "./explorer.css";
import { ApiError, apiKey, gql } from "./api.js";
import { addElements, createGraph, layout, select } from "./graph.js";
import { watchChanges } from "./live.js";
import {
  clearAlert, h, renderEdge, renderEmptyDetails, renderLegend, renderNode, renderResults,
  setBusy, setStatus, showAlert,
} from "./panels.js";
import {
  DETAILS, NEIGHBOURHOOD, SEARCH, factElements, loadVocabulary, neighbourhoodFacts, nodeElement,
} from "./queries.js";
import { TRAVERSALS, traversalQuery } from "./traversals.js";
import { pushState } from "./views/state.js";
import { initViews } from "./views/views.js";

const PAGE = 25; // edges per relationship field: enough to read, few enough to draw
const $ = (id) => document.getElementById(id);

// What the canvas shows: the neighbourhoods of `expanded`, or one traversal's result.
const state = { expanded: [], asOf: null };
const details = new Map(); // entity id -> Details answer

const cy = createGraph($("graph"), {
  onNode: (n) => act(() => showNode(n.id())),
  onEdge: (e) => showEdge(e.id()),
  onExpand: (id) => expand(id),
  onClear: () => renderEmptyDetails(),
});

// Runs one user action: busy while it lasts, errors in the alert region. The schema's
// vocabulary (the relationship fields, the facts' ends) is loaded before the first.
async function act(fn) {
  clearAlert();
  setBusy(true);
  try {
    await loadVocabulary();
    await fn();
  } catch (e) {
    if (!(e instanceof ApiError)) console.error(e);
    showAlert(e instanceof ApiError ? e : new ApiError(String(e.message ?? e), null));
  } finally {
    setBusy(false);
  }
}

async function fetchNeighbourhood(id) {
  const { node } = await gql(NEIGHBOURHOOD, { id, first: PAGE, asOf: state.asOf });
  return { node, ...neighbourhoodFacts(node) };
}

function drawNeighbourhood({ node, facts }) {
  addElements(cy, [nodeElement(node), ...facts.flatMap(factElements)], node.id);
  cy.getElementById(node.id).addClass("expanded");
}

async function load(id) {
  const result = await fetchNeighbourhood(id);
  pushState({ view: "graph", id, asOf: state.asOf });
  state.expanded = [id];
  cy.elements().remove();
  drawNeighbourhood(result);
  cy.getElementById(id).addClass("focus");
  layout(cy);
  report(result);
  await showNode(id);
}

async function expand(id) {
  await act(async () => {
    const result = await fetchNeighbourhood(id);
    if (!state.expanded.includes(id)) state.expanded.push(id);
    drawNeighbourhood(result);
    layout(cy);
    report(result);
    await showNode(id);
  });
}

// asOf applies to what is drawn: every expanded neighbourhood is fetched again.
async function redrawAsOf() {
  if (state.expanded.length === 0) return;
  const results = await Promise.all(state.expanded.map(fetchNeighbourhood));
  cy.elements().remove();
  results.forEach(drawNeighbourhood);
  cy.getElementById(state.expanded[0]).addClass("focus");
  layout(cy);
  setStatus(`${cy.nodes().length} nodes, ${cy.edges().length} relationships${state.asOf ? ` as of ${state.asOf}` : ""}.`);
}

function report({ node, facts, truncated }) {
  const asOf = state.asOf ? ` as of ${state.asOf}` : "";
  const more = truncated.length ? ` Showing the first ${PAGE} of: ${truncated.join(", ")}.` : "";
  setStatus(`${node.name}: ${facts.length} relationships${asOf}.${more}`);
}

// The latest selection wins: an answer that comes after another node or edge was
// selected (a live refresh, a slow click) is not drawn over it.
let shown = 0;

async function showNode(id) {
  const turn = ++shown;
  const el = select(cy, id);
  if (!details.has(id)) details.set(id, (await gql(DETAILS, { id })).node);
  if (turn !== shown) return;
  renderNode(details.get(id), el.nonempty() ? el : null, { onExpand: expand, onSelect: selectById });
}

function showEdge(id) {
  shown++;
  renderEdge(select(cy, id), { onSelect: selectById });
}

// From a button in the details panel: select that node or edge and show it.
function selectById(id) {
  const el = cy.getElementById(id);
  if (el.nonempty() && el.isEdge()) showEdge(id);
  else act(() => showNode(id));
}

// --- Search -------------------------------------------------------------------------

let searchTimer;
let searchSeq = 0;

async function search(text) {
  const seq = ++searchSeq;
  if (!text.trim()) return renderResults([], pick);
  const hits = (await gql(SEARCH, { text })).search.nodes;
  if (seq === searchSeq) renderResults(hits, pick); // an older, slower answer must not win
}

function pick(id) {
  act(() => load(id));
}

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(searchTimer);
  act(() => search($("search").value));
});
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => act(() => search($("search").value)), 300);
});

$("as-of").addEventListener("change", (e) => {
  state.asOf = e.target.value || null;
  act(redrawAsOf);
});
$("as-of-clear").addEventListener("click", () => {
  $("as-of").value = "";
  state.asOf = null;
  act(redrawAsOf);
});

// --- Traversals ---------------------------------------------------------------------

function renderTraversalFields() {
  const t = TRAVERSALS[$("traversal").selectedIndex];
  $("traversal-hint").textContent = t.hint;
  $("traversal-fields").replaceChildren(
    ...t.args.map((a) =>
      h(
        "div",
        { class: "field" },
        h("label", { for: `arg-${a.name}` }, a.label, a.required ? "" : h("span", { class: "meta" }, " (optional)")),
        h("input", {
          id: `arg-${a.name}`,
          name: a.name,
          value: a.value ?? "",
          required: a.required,
          list: a.type === "ID" ? "known-ids" : undefined,
          placeholder: a.placeholder ?? (a.type === "ID" ? "an id, e.g. alibaba-group" : undefined),
          inputmode: a.inputmode,
          autocomplete: "off",
          spellcheck: "false",
        }),
      ),
    ),
  );
}

async function runTraversal() {
  const t = TRAVERSALS[$("traversal").selectedIndex];
  const vars = {};
  for (const a of t.args) {
    const v = $(`arg-${a.name}`).value.trim();
    if (v) vars[a.name] = a.type === "Int" ? Number.parseInt(v, 10) : v;
  }
  const answer = (await gql(traversalQuery(t, vars), vars)).result;
  const result = t.connection ? answer.nodes : answer;
  state.expanded = [];
  cy.elements().remove();
  addElements(cy, t.draw(result));
  layout(cy, t.roots && result.length ? t.roots(vars) : []);
  renderEmptyDetails();
  const list = $("traversal-result");
  if (result.length === 0) {
    list.replaceChildren(h("li", { class: "empty" }, `No results. ${t.empty}`));
    setStatus(`${t.title}: no results.`);
    return;
  }
  list.replaceChildren(...result.map((r) => h("li", {}, t.describe(r))));
  setStatus(`${t.title}: ${result.length} ${result.length === 1 ? "result" : "results"}, drawn in the graph.`);
}

$("traversal").replaceChildren(...TRAVERSALS.map((t) => h("option", { value: t.name }, t.title)));
$("traversal").addEventListener("change", () => {
  renderTraversalFields();
  $("traversal-result").replaceChildren();
});
$("traversal-form").addEventListener("submit", (e) => {
  e.preventDefault();
  act(runTraversal);
});
renderTraversalFields();

// The ids on the canvas, offered as suggestions in the traversal form.
let idsPending = false;
cy.on("add remove", "node", () => {
  if (idsPending) return;
  idsPending = true;
  queueMicrotask(() => {
    idsPending = false;
    $("known-ids").replaceChildren(...cy.nodes().map((n) => h("option", { value: n.id() }, n.data("name"))));
  });
});

// --- API key and the rest -----------------------------------------------------------

$("api-key").value = apiKey.get();
$("api-key").addEventListener("change", (e) => apiKey.set(e.target.value.trim()));
$("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  apiKey.set($("api-key").value.trim());
});

$("fit").addEventListener("click", () => cy.fit(undefined, 40));

renderLegend();
renderEmptyDetails();
// Asked now, so the first action does not wait for it; a failure shows at that action.
loadVocabulary().catch(() => {});

// The graph view from a URL (?view=graph&id=zhou-chang&asOf=2020), or another view.
initViews({
  act,
  asOf: () => state.asOf,
  showGraph: (id) => {
    state.asOf = new URLSearchParams(location.search).get("asOf");
    $("as-of").value = state.asOf ?? "";
    return act(() => load(id));
  },
});

// --- Live changes ---------------------------------------------------------------------
// Facts that appear or change while the page is open are drawn without a reload: each
// committed change (the `changes` subscription) fetches the drawn neighbourhoods again,
// adds what is new, updates what changed (flashed with the class `changed`), and
// refreshes the details panel if it shows something the change touched.

let liveTimer;
const liveTouched = new Set();

function onLiveChange(change) {
  window.explorer.changes.push(change.seq);
  for (const id of change.ids) liveTouched.add(id);
  for (const r of change.revisions) liveTouched.add(r.id);
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => applyLive().catch((e) => console.error(e)), 150);
}

async function applyLive() {
  const touched = new Set(liveTouched);
  liveTouched.clear();
  for (const id of touched) details.delete(id);
  if (state.expanded.length === 0) return;
  const results = await Promise.all(state.expanded.map(fetchNeighbourhood));
  const elements = results.flatMap(({ node, facts }) => [nodeElement(node), ...facts.flatMap(factElements)]);
  const changed = [];
  for (const el of elements) {
    const drawn = cy.getElementById(el.data.id);
    if (drawn.nonempty() && JSON.stringify(drawn.data("fact") ?? drawn.data("name")) !== JSON.stringify(el.data.fact ?? el.data.name)) {
      drawn.data(el.data);
      changed.push(drawn);
    }
  }
  const before = cy.elements().length;
  results.forEach(drawNeighbourhood);
  const added = cy.elements().length - before;
  const fresh = cy.elements().filter((e) => touched.has(e.id()));
  for (const el of [...changed, ...fresh]) el.addClass("changed");
  if (added > 0) layout(cy);
  const selected = cy.$(":selected");
  if (selected.nonempty() && touched.has(selected.id())) {
    if (selected.isEdge()) showEdge(selected.id());
    else await showNode(selected.id());
  }
  setStatus(`Live: change #${window.explorer.changes.at(-1)} drawn` + (added > 0 ? `, ${added} new elements.` : "."));
}

// For tests and the console: the cytoscape instance, read-only by convention, and the
// sequence numbers of the live changes received.
window.explorer = { cy, changes: [] };
watchChanges(onLiveChange);
