// Bundles GraphiQL into dist/: graphiql.js (GraphiQL, its explorer plugin, React and the
// Monaco editor), the editor's web workers, graphiql.css and index.html. The app serves
// index.html on GET /graphql and the rest at /graphiql/; nothing loads from a CDN.
// The tabs GraphiQL opens with are the README's example queries, read here.
import { build } from "esbuild";
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist);

// Every ```graphql block of the README that reads (mutations change data: not a tab to run).
const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1].trim())
  .filter((query) => !/^\s*mutation\b/.test(query));

const common = { bundle: true, minify: true, target: ["es2022"], logLevel: "warning",
  legalComments: "linked", metafile: true };
const page = await build({
  ...common,
  entryPoints: { graphiql: "src/main.jsx" },
  outdir: "dist",
  format: "esm",
  jsx: "automatic",
  loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
  define: { __EXAMPLES__: JSON.stringify(examples), "process.env.NODE_ENV": '"production"' },
});
// Monaco runs its language services in workers, each a script of its own.
const workers = await build({
  ...common,
  entryPoints: {
    "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
    "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
    "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
  },
  outdir: "dist",
  format: "iife",
});
await copyFile(new URL("./index.html", import.meta.url), new URL("index.html", dist));

for (const result of [page, workers]) {
  for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".map") && !file.endsWith(".txt")) {
      console.log(`${file}  ${(bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
console.log(`${examples.length} example tabs from README.md`);
