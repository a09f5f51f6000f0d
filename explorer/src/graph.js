// The cytoscape canvas: styles by kind, adding facts, layout, and tap events.
import cytoscape from "cytoscape";

// Okabe-Ito colours (told apart with colour-blindness too), and a shape per kind.
export const KINDS = {
  Person: { colour: "#0072B2", shape: "ellipse" },
  Company: { colour: "#E69F00", shape: "round-rectangle" },
  University: { colour: "#009E73", shape: "round-hexagon" },
  AIModel: { colour: "#CC79A7", shape: "round-diamond" },
  Product: { colour: "#D55E00", shape: "round-triangle" },
  FundingRound: { colour: "#56B4E9", shape: "round-tag" },
  Source: { colour: "#8C8C8C", shape: "rectangle" },
};

const style = [
  {
    selector: "node",
    style: {
      label: "data(name)",
      width: 26,
      height: 26,
      "background-color": "#999",
      "border-width": 2,
      "border-color": "#fff",
      "font-size": 12,
      "font-family": "system-ui, sans-serif",
      color: "#1b1f24",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-outline-color": "#fff",
      "text-outline-width": 2,
      "text-wrap": "ellipsis",
      "text-max-width": 140,
      "min-zoomed-font-size": 6,
    },
  },
  ...Object.entries(KINDS).map(([kind, k]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { "background-color": k.colour, shape: k.shape },
  })),
  { selector: "node.focus", style: { width: 38, height: 38, "font-size": 14, "font-weight": "bold" } },
  { selector: "node.expanded", style: { "border-color": "#1b1f24", "border-width": 2 } },
  {
    selector: "edge",
    style: {
      label: "data(label)",
      width: 1.5,
      "curve-style": "bezier",
      "control-point-step-size": 48,
      "line-color": "#8d99a6",
      "target-arrow-color": "#8d99a6",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.9,
      "font-size": 10,
      "font-family": "system-ui, sans-serif",
      color: "#39424d",
      "text-rotation": "autorotate",
      "text-background-color": "#fff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      "min-zoomed-font-size": 6,
    },
  },
  {
    selector: "edge.derived",
    style: { "line-style": "dashed", "line-color": "#D55E00", "target-arrow-color": "#D55E00", width: "mapData(count, 1, 10, 2, 8)" },
  },
  // Drawn or changed by a live change while the page was open (main.js, applyLive).
  { selector: "node.changed", style: { "border-color": "#009E73", "border-width": 5 } },
  { selector: "edge.changed", style: { width: 3, "line-color": "#009E73", "target-arrow-color": "#009E73" } },
  { selector: "node:selected", style: { "border-color": "#111", "border-width": 4, "overlay-opacity": 0 } },
  {
    selector: "edge:selected",
    style: { width: 3.5, "line-color": "#111", "target-arrow-color": "#111", color: "#111", "font-weight": "bold", "overlay-opacity": 0 },
  },
];

export function createGraph(container, { onNode, onEdge, onExpand, onClear }) {
  const cy = cytoscape({
    container,
    style,
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  cy.on("tap", "node", (e) => onNode(e.target));
  cy.on("tap", "edge", (e) => onEdge(e.target));
  cy.on("dbltap", "node", (e) => onExpand(e.target.id()));
  cy.on("tap", (e) => e.target === cy && onClear());
  // The panels reflow with the window (they stack on narrow screens): follow the container.
  new ResizeObserver(() => cy.resize()).observe(container);
  return cy;
}

// Adds nodes and edges, keeping what is already drawn (ids are stable across queries).
// New nodes start on a ring around `around` (or the origin), so the layout that
// follows is the same on every run and what was drawn stays about where it was.
export function addElements(cy, elements, around = null) {
  const seen = new Set();
  const fresh = elements.filter(
    (el) => cy.getElementById(el.data.id).empty() && !seen.has(el.data.id) && seen.add(el.data.id),
  );
  const anchor = around ? cy.getElementById(around) : cy.collection();
  const centre = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
  // Sorted, so the picture does not depend on the order the database returns rows in.
  fresh.sort((a, b) => (a.data.id < b.data.id ? -1 : 1));
  const ring = fresh.filter((el) => el.group === "nodes" && el.data.id !== around);
  const radius = 90 + 14 * ring.length;
  ring.forEach((el, i) => {
    const angle = (2 * Math.PI * i) / ring.length;
    el.position = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
  });
  cy.add(fresh.filter((el) => el.group === "nodes"));
  cy.add(fresh.filter((el) => el.group === "edges"));
}

export function layout(cy, roots = []) {
  if (cy.elements().empty()) return;
  const common = { animate: false, fit: false, nodeDimensionsIncludeLabels: true };
  if (roots.length > 0) {
    const r = roots.map((id) => `#${CSS.escape(id)}`);
    cy.layout({ ...common, name: "breadthfirst", roots: r, spacingFactor: 1.1, directed: false }).run();
  } else {
    cy.layout({
      ...common, name: "cose", randomize: false, numIter: 1500,
      nodeRepulsion: () => 90000, idealEdgeLength: () => 110, edgeElasticity: () => 80,
    }).run();
    // Force layouts come out in any orientation: turn a tall one to fill a wide canvas.
    const box = cy.elements().boundingBox();
    if ((box.h > box.w) !== (cy.height() > cy.width())) {
      cy.nodes().positions((n) => ({ x: n.position("y"), y: -n.position("x") }));
    }
  }
  cy.fit(undefined, 40);
}

export function select(cy, id) {
  cy.elements().unselect();
  const el = cy.getElementById(id);
  el.select();
  return el;
}
