// GraphiQL for talentgraph: the README's example queries as tabs, the explorer plugin,
// and a hint in the headers editor for the API key that writes and Cypher need.
import "./workers.js";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";

/* global __EXAMPLES__ */
const HEADERS = `{
  // Reads may need no key. Writes and Cypher need one with the scope:
  // "Authorization": "Bearer <your API key>"
}`;

const fetcher = createGraphiQLFetcher({ url: "/graphql" });
const plugins = [explorerPlugin()];

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={plugins}
    defaultTabs={__EXAMPLES__.map((query) => ({ query }))}
    defaultHeaders={HEADERS}
    defaultEditorToolsVisibility="headers"
  />,
);
