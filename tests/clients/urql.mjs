// urql against a live server, with its persisted exchange sending hashes by GET.
// Usage: node urql.mjs <url>. Prints one JSON object.
import { Client, fetchExchange, gql } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { recordingFetch } from "./record.mjs";

const log = [];
const client = new Client({
  url: process.argv[2],
  exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
  fetch: recordingFetch(log),
  requestPolicy: "network-only",
});
const COMPANY = gql`
  query Company($id: ID!) {
    company(id: $id) { id name }
  }
`;
const first = await client.query(COMPANY, { id: "alibaba-group" }).toPromise();
const again = await client.query(COMPANY, { id: "alibaba-group" }).toPromise();
const summary = (r) => ({ data: r.data ?? null, error: r.error?.message ?? null });
console.log(JSON.stringify({ first: summary(first), again: summary(again), log }));
