// The history panel: every recorded change to the selected node or edge, newest first
// (`history(id:)`): who changed what and when, each field before and after, the sources.
import { gql } from "./api.js";
import { h } from "./panels.js";

export const HISTORY = `query History($id: ID!, $first: Int) {
  history(id: $id, first: $first) {
    totalCount
    nodes { seq at by operation reverts kind before after sources { id title url } }
  }
}`;

const SHOWN = 10;

// The panel for `id`, filled in when the answer comes; a section the details panel holds.
export function historySection(id) {
  const body = h("div", { class: "history-body" }, h("p", { class: "meta" }, "Loading the history…"));
  const section = h("section", { class: "history", "aria-label": "History", "data-history": id },
    h("h3", {}, "History"), body);
  gql(HISTORY, { id, first: SHOWN })
    .then(({ history }) => body.replaceChildren(...renderHistory(history)))
    .catch((e) => body.replaceChildren(h("p", { class: "meta" }, `No history: ${e.message}`)));
  return section;
}

function renderHistory({ totalCount, nodes }) {
  if (nodes.length === 0) return [h("p", { class: "meta" }, "No change is recorded for it.")];
  return [
    h("ol", { class: "revisions", reversed: true }, nodes.map(revisionItem)),
    totalCount > nodes.length && h("p", { class: "meta" }, `The ${nodes.length} latest of ${totalCount} changes.`),
  ];
}

function revisionItem(r) {
  const when = new Date(r.at);
  const what = r.before === null ? "created" : r.after === null ? "deleted" : "changed";
  return h(
    "li",
    { "data-seq": r.seq },
    h("p", {},
      h("strong", {}, `#${r.seq} ${r.operation ?? ""}`), ` ${what} by ${r.by ?? "a load"}, `,
      h("time", { datetime: r.at, title: r.at }, when.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })),
      r.reverts && h("span", { class: "meta" }, ` (reverts #${r.reverts})`)),
    diff(r.before ?? {}, r.after ?? {}),
    r.sources?.length > 0 && h("p", { class: "meta" }, "Sources: ",
      r.sources.map((s, i) => [i > 0 && ", ", s.url ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.title) : s.title])),
  );
}

const shown = (v) => (v === undefined || v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

// The fields that differ, as a small table: field, before, after.
function diff(before, after) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && !["writtenAt", "writtenBy"].includes(k))
    .sort();
  if (keys.length === 0) return null;
  return h("table", { class: "diff" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "field"), h("th", { scope: "col" }, "before"), h("th", { scope: "col" }, "after"))),
    h("tbody", {}, keys.map((k) => h("tr", {}, h("th", { scope: "row" }, k), h("td", { class: "before" }, shown(before[k])), h("td", { class: "after" }, shown(after[k]))))),
  );
}
