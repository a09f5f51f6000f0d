// The tabs over the canvas: the graph, talent flows, a career, funding. Each view draws
// from its state, and its state is the URL: a submitted form, a tab, or the period
// slider pushes a new URL; back and forward redraw what the URL says.
import { setStatus } from "../panels.js";
import { drawCareer } from "./career.js";
import { drawFlows } from "./flows.js";
import { drawFunding } from "./funding.js";
import { onNavigate, pushState, readState } from "./state.js";

const DRAW = { flows: drawFlows, career: drawCareer, funding: drawFunding };
const $ = (id) => document.getElementById(id);
const tabs = () => [...document.querySelectorAll('[role="tab"]')];

function showTab(view) {
  for (const tab of tabs()) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

// A form's fields are named as the state's keys.
function fillForm(view, state) {
  const form = $(`${view}-form`);
  for (const el of form?.elements ?? []) if (el.name) el.value = state[el.name] ?? el.dataset.default ?? "";
}

const formState = (form) => Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== "").map(([k, v]) => [k, v.trim()]));

let draws = 0;

export function initViews({ act, showGraph, asOf }) {
  const render = (state, push) => {
    const view = DRAW[state.view] ? state.view : "graph";
    showTab(view);
    fillForm(view, state);
    if (push) pushState({ ...state, view });
    if (view === "graph") return state.id ? showGraph(state.id) : undefined;
    // An older draw that answers late must not cover a newer one.
    const seq = ++draws;
    const current = () => seq === draws;
    return act(async () => {
      const status = await DRAW[view]($(`${view}-out`), state, (next) => render(next, true), current);
      if (current()) setStatus(status);
    });
  };
  const go = (state) => render({ ...state, asOf: asOf() ?? undefined }, true);

  for (const tab of tabs()) {
    tab.addEventListener("click", () => go({ view: tab.dataset.view, ...formState($(`${tab.dataset.view}-form`) ?? document.createElement("form")) }));
    // Arrow keys move along the tabs, as in every tab list.
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const all = tabs();
      const next = all[(all.indexOf(tab) + step + all.length) % all.length];
      next.focus();
      next.click();
    });
  }
  for (const view of Object.keys(DRAW)) {
    $(`${view}-form`).addEventListener("submit", (e) => {
      e.preventDefault();
      go({ view, ...formState(e.target) });
    });
  }
  $("as-of").addEventListener("change", () => {
    const state = readState();
    if (DRAW[state.view]) go(state);
  });
  onNavigate((state) => render(state, false));
  // Every form starts with an example, so a tab alone draws something.
  for (const view of Object.keys(DRAW)) fillForm(view, {});
  return render(readState(), false);
}
