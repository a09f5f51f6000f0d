// Runs the generated refetch queries through relay-runtime against a live server:
// node run.mjs http://127.0.0.1:PORT/graphql. Prints the server's answers as JSON.
import { Environment, Network, RecordSource, Store, fetchQuery } from "relay-runtime";

const url = process.argv[2];
const answers = [];
const network = Network.create(async (params, variables) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: params.text, variables }),
  });
  const body = await response.json();
  answers.push({ name: params.name, variables, body });
  return body;
});
const environment = new Environment({ network, store: new Store(new RecordSource()) });

const spells = (await import("./src/__generated__/PersonSpellsRefetchQuery.graphql.js")).default;
const first = await fetchQuery(environment, spells, { id: "zhou-chang" }).toPromise();
const cursor = answers[0].body.data.node.employments.pageInfo.endCursor;
await fetchQuery(environment, spells, { id: "zhou-chang", cursor }).toPromise();
const companies = (await import("./src/__generated__/CompaniesListRefetchQuery.graphql.js")).default;
await fetchQuery(environment, companies, {}).toPromise();
const before = answers[2].body.data.companies.pageInfo.startCursor;
await fetchQuery(environment, companies, { before }).toPromise();
// The record Relay normalised from the answers, by the person's id.
const record = environment.getStore().getSource().get("zhou-chang");
process.stdout.write(
  JSON.stringify({ answers, typename: record?.__typename, refetched: first?.node?.id ?? null }),
);
