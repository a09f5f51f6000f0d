// Bundles the explorer into dist/: index.html, explorer.js (cytoscape included)
// and explorer.css. The app serves dist/ at /explore; nothing loads from a CDN.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist);

const result = await build({
  entryPoints: { explorer: "src/main.js" },
  outdir: "dist",
  bundle: true,
  minify: true,
  sourcemap: "linked",
  format: "esm",
  target: ["es2020"],
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
await copyFile(new URL("./index.html", import.meta.url), new URL("index.html", dist));
// The app answers this introspection at /explore/vocabulary.json (talentgraph/app.py).
await copyFile(new URL("./src/views/vocabulary.graphql", import.meta.url), new URL("vocabulary.graphql", dist));

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith(".map")) console.log(`${file}  ${(bytes / 1024).toFixed(1)} KiB`);
}
