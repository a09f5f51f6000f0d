// Apollo Client 4 against a live server: automatic persisted queries over POST and
// GET, and BatchHttpLink. Usage: node apollo.mjs <url>. Prints one JSON object.
import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { BatchHttpLink } from "@apollo/client/link/batch-http";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { recordingFetch } from "./record.mjs";

const uri = process.argv[2];
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const PERSON = gql`
  query Person($id: ID!) {
    person(id: $id) { id name }
  }
`;
const STATS = gql`
  query Stats {
    stats { people }
  }
`;

function client(log, useGETForHashedQueries) {
  const persisted = new PersistedQueryLink({ sha256, useGETForHashedQueries });
  const http = new HttpLink({ uri, fetch: recordingFetch(log) });
  return new ApolloClient({ link: ApolloLink.from([persisted, http]), cache: new InMemoryCache() });
}

async function ask(apollo, query, variables) {
  const { data, error } = await apollo.query({ query, variables, fetchPolicy: "network-only" });
  return { data, error: error?.message ?? null };
}

const post = [];
const first = await ask(client(post, false), PERSON, { id: "zhou-chang" });
// A new client knows nothing; the server remembers the hash: no text is sent again.
const again = await ask(client(post, false), PERSON, { id: "zhou-chang" });
const get = [];
const viaGet = await ask(client(get, true), PERSON, { id: "zhou-chang" });
const batch = [];
const batching = new ApolloClient({
  link: new BatchHttpLink({ uri, batchMax: 5, batchInterval: 20, fetch: recordingFetch(batch) }),
  cache: new InMemoryCache(),
});
const [person, stats] = await Promise.all([
  ask(batching, PERSON, { id: "zhou-chang" }),
  ask(batching, STATS, {}),
]);
console.log(JSON.stringify({ first, again, viaGet, person, stats, post, get, batch }));
