// The graphql-http server audit (GraphQL over HTTP conformance) against a live server.
// Usage: node audit.mjs <url>. Prints one JSON line per audit: id, name, status.
import { auditServer } from "graphql-http";

const results = await auditServer({ url: process.argv[2] });
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") line.reason = result.reason;
  console.log(JSON.stringify(line));
}
