// The tabs over the canvas: the graph, talent flows, a career, funding. Each view draws
// from its state, and its state is the URL: a submitted form, a tab, or the period
// slider pushes a new URL; back and forward redraw what the URL says.
import { h, setStatus } from "../panels.js";
import { drawCareer } from "./career.js";
import { drawFlows } from "./flows.js";
import { drawFunding } from "./funding.js";
import { onNavigate, pushState, readState } from "./state.js";

const DRAW = { flows: drawFlows, career: drawCareer, funding: drawFunding };

// Each view's form: its fields, named as the state's keys (the URL's). A field is a text
// box (`ids`: suggest the graph's ids) or a select of `options`; `example` is what a text
// box starts with, so a tab alone draws something, and a select starts at its first option.
const FORMS = {
  flows: [
    { name: "from", label: "From company", ids: true, example: "alibaba-group" },
    { name: "to", label: "To company", ids: true },
    { name: "since", label: "Joined since", placeholder: "2020" },
    { name: "until", label: "Joined until", placeholder: "2024-07" },
    { name: "granularity", label: "Bucket by", options: { YEAR: "Years", QUARTER: "Quarters" } },
    { name: "units", label: "Units", options: { folded: "Folded into their group", open: "Opened" } },
  ],
  career: [{ name: "id", label: "Person", ids: true, example: "zhou-chang" }],
  funding: [
    { name: "id", label: "Company or investor", ids: true, example: "moonshot-ai" },
    { name: "mode", label: "Show", options: { company: "Its rounds", investor: "Its portfolio" } },
  ],
};

function field(view, { name, label, ids, example, placeholder, options }) {
  const id = `${view}-${name}`;
  const attrs = { id, name, "data-default": example ?? (options && Object.keys(options)[0]) };
  const control = options
    ? h("select", attrs, Object.entries(options).map(([value, text]) => h("option", { value }, text)))
    : h("input", { ...attrs, list: ids ? "known-ids" : undefined, placeholder, autocomplete: "off" });
  return h("div", {}, h("label", { for: id }, label), control);
}

// A view's panel: its form, then the box it draws in.
function buildPanel(view) {
  const fields = FORMS[view].map((f) => field(view, f));
  const form = h("form", { id: `${view}-form`, class: "view-form" }, fields, h("button", { type: "submit" }, "Draw"));
  $(`panel-${view}`).replaceChildren(form, h("div", { id: `${view}-out`, class: "view-out" }));
}

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
  for (const view of Object.keys(DRAW)) buildPanel(view);
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
