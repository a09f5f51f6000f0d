// What every view shows under its controls: the chart, its export buttons, and the same
// data as a table (the chart's text alternative, and the rows its CSV holds).
import { h } from "../panels.js";
import { exportCsv, exportPng, exportSvg } from "./export.js";

function table(caption, columns, rows) {
  return h(
    "table",
    { class: "data" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.title)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => h("td", {}, String(c.value(r) ?? "")))))),
  );
}

export function present(target, { svg, caption, columns, rows, name, empty }) {
  if (rows.length === 0) {
    target.replaceChildren(h("p", { class: "empty" }, empty));
    return;
  }
  target.replaceChildren(
    h("div", { class: "chart-wrap" }, svg),
    h(
      "div",
      { class: "exports", role: "group", "aria-label": "Export" },
      h("button", { type: "button", onclick: () => exportPng(svg, name) }, "PNG"),
      h("button", { type: "button", onclick: () => exportSvg(svg, name) }, "SVG"),
      h("button", { type: "button", onclick: () => exportCsv(columns, rows, name) }, "CSV"),
    ),
    table(caption, columns, rows),
  );
}
