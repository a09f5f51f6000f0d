// Every view exports its picture (SVG, PNG) and its data (CSV, the rows of its table).

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const svgText = (svg) => new XMLSerializer().serializeToString(svg);

export function exportSvg(svg, name) {
  download(new Blob([svgText(svg)], { type: "image/svg+xml" }), `${name}.svg`);
}

// Drawn through an <img> onto a canvas at twice the size, so the picture stays sharp.
export async function exportPng(svg, name) {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(svg))}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = svg.width.baseVal.value * 2;
  canvas.height = svg.height.baseVal.value * 2;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  download(await new Promise((done) => canvas.toBlob(done, "image/png")), `${name}.png`);
}

const cell = (v) => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function exportCsv(columns, rows, name) {
  const lines = [columns.map((c) => cell(c.title)), ...rows.map((r) => columns.map((c) => cell(c.value(r))))];
  // The BOM lets spreadsheet programs read the Chinese names as UTF-8.
  download(new Blob(["\ufeff" + lines.map((l) => l.join(",")).join("\r\n")], { type: "text/csv" }), `${name}.csv`);
}
