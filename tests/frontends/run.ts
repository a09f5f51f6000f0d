// Runs the operations of docs/frontends.md against a live server (argv[2]: its /graphql
// URL), through the docs' Apollo Client and then the docs' Relay environment with the
// queries relay-compiler generated, and prints what came back as JSON, for
// tests/test_frontends.py to check against the seed graph. Copied beside the docs' files
// (app/src/) so that `tsc --noEmit` checks it, and the Relay files it imports, with them.
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { fetchQuery } from "relay-runtime";
import CareerPaginationQuery from "../relay/src/__generated__/CareerPaginationQuery.graphql";
import CareerQuery from "../relay/src/__generated__/CareerQuery.graphql";
import { makeEnvironment } from "../relay/src/environment";
import { makeClient, typePolicies } from "./client";
import { loadCareer } from "./career";
import { EmployerFields, Path } from "./operations";

// Node's one global used here, declared rather than pulling in @types/node.
declare const process: { argv: string[] };
const url = process.argv[2];
if (!url) throw new Error("usage: run.ts <graphql url>");
const client = makeClient(url);

// The whole career two spells a request; the type policy merges the pages.
const person = await loadCareer(client, "yang-hongxia", 2);
const employments = person?.employments;

// A fragment on the `Employer` interface, read from the cache for a University: it
// matches only because the cache knows the generated possibleTypes.
const university = employments?.edges
  .map((edge) => edge.node.employer)
  .find((employer) => employer.__typename === "University");
const fragment = university
  ? client.readFragment({ fragment: EmployerFields, from: university })
  : null;

// The same without possibleTypes: the cache cannot tell that a University is an Employer.
const bare = new ApolloClient({
  link: new HttpLink({ uri: url }),
  cache: new InMemoryCache({ typePolicies }),
});
await loadCareer(bare, "yang-hongxia", 2);
const bareFragment = university
  ? bare.readFragment({ fragment: EmployerFields, from: university })
  : null;

const path = await client.query({ query: Path, variables: { from: "zhou-chang", to: "bytedance" } });

// Relay: the query, then the next page through the generated pagination query (which
// refetches the person by `node(id:)`). What the server answered is kept off the wire:
// Relay's own results are masked by its fragments.
type Spells = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } };
type Wire = { data?: { person?: { employments: Spells }; node?: { employments: Spells } } };
const wire: Wire[] = [];
const networkFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await networkFetch(input, init);
  wire.push((await response.clone().json()) as Wire);
  return response;
};
const environment = makeEnvironment(url);
await fetchQuery(environment, CareerQuery, { id: "yang-hongxia" }).toPromise();
const cursor = wire[0]?.data?.person?.employments.pageInfo.endCursor ?? null;
await fetchQuery(environment, CareerPaginationQuery, { id: "yang-hongxia", cursor }).toPromise();
globalThis.fetch = networkFetch;

console.log(
  JSON.stringify({
    relay: wire,
    totalCount: employments?.totalCount,
    employers: employments?.edges.map(({ node }) => ({
      typename: node.employer.__typename,
      id: node.employer.id,
      start: node.start,
      kind: node.employer.__typename === "Company" ? node.employer.kind : null,
      city: node.employer.__typename === "University" ? node.employer.city : null,
    })),
    fragment,
    bareFragment,
    path: path.data?.connections,
    error: path.error?.message ?? null,
  }),
);
