// SVG built from DOM nodes (names are data, never markup), a time axis, and the palette.
import { scaleUtc } from "d3-scale";

const NS = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

// Okabe-Ito: told apart with every common colour-blindness; the order spreads hues.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
export const colour = (i) => PALETTE[i % PALETTE.length];

// The chart's frame: the svg, with a title and a description for screen readers.
let charts = 0;

export function frame(width, height, title, description) {
  const id = `chart-${++charts}`;
  return s(
    "svg",
    { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc`, class: "chart" },
    s("title", { id: `${id}-title` }, title),
    s("desc", { id: `${id}-desc` }, description),
    s("style", {}, CHART_CSS),
  );
}

// Inside the svg, so an exported file looks as the page does.
const CHART_CSS = `
text { font: 12px system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; fill: #1b1f24; }
.axis line { stroke: #d0d7de; } .axis text { fill: #57606a; font-size: 11px; }
[tabindex]:focus { outline: 3px solid #0969da; }
.band { fill-opacity: 0.45; } .band:hover, .band:focus { fill-opacity: 0.8; }
.bar.alt { stroke: #57606a; stroke-width: 0.8; stroke-dasharray: 3 2; }
.hedged { stroke-dasharray: 3 2; }
.co { stroke: #1b1f24; stroke-width: 2; }
`;

// A vertical grid with year labels, over [x0, x1] in page units.
export function timeAxis(domain, x0, x1, top, bottom) {
  const x = scaleUtc().domain(domain).range([x0, x1]);
  const ticks = x.ticks(Math.max(2, Math.floor((x1 - x0) / 70)));
  const axis = s(
    "g",
    { class: "axis", "aria-hidden": "true" },
    ticks.map((t) => [
      s("line", { x1: x(t), x2: x(t), y1: top, y2: bottom }),
      s("text", { x: x(t), y: top - 6, "text-anchor": "middle" }, x.tickFormat()(t)),
    ]),
  );
  return { x, axis };
}

// Enter or Space on a focused mark does what a click does.
export const onKey = (open) => (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), open());

// A label cut to about `px` wide (12px text), whole in its tooltip; the table has it all.
export function clipped(text, px, attrs) {
  const room = Math.floor(px / 6.5);
  const short = text.length > room ? `${text.slice(0, room - 1)}…` : text;
  return s("text", attrs, short, short === text ? null : s("title", {}, text));
}

// The chart's width: the panel's, within reason.
export const widthOf = (target) => Math.min(1200, Math.max(640, target.clientWidth - 4));

// A name with its Chinese name, which the font renders (lang tells screen readers).
export const label = (entity) => (entity.nameZh ? `${entity.name} ${entity.nameZh}` : entity.name);
