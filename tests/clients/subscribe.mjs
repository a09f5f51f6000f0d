// Subscriptions over multipart HTTP, no WebSocket: Apollo Client's HttpLink and urql's
// fetchExchange, each from a cursor. Usage: node subscribe.mjs <url> <key> <after>.
// Prints one JSON object: the first change each client received.
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Client, fetchExchange } from "@urql/core";

const [uri, key, after] = [process.argv[2], process.argv[3], Number(process.argv[4])];
// Unsubscribing aborts the request under way: that abort is the point, not a failure.
process.on("unhandledRejection", (e) => {
  if (e?.name === "AbortError") return;
  console.error(e);
  process.exit(1);
});

function apolloFirst() {
  return new Promise((resolve, reject) => {
    // docs:start (docs/history.md shows this block; tests/subscriptions checks it is the same)
    const client = new ApolloClient({
      link: new HttpLink({ uri, headers: { authorization: `Bearer ${key}` } }),
      cache: new InMemoryCache(),
    });
    const CHANGES = gql`
      subscription Changes($after: Int) {
        changes(after: $after) { seq at by operation ids kinds }
      }
    `;
    let cursor = after; // keep it (localStorage, a file): the last seq handled
    const subscription = client.subscribe({ query: CHANGES, variables: { after: cursor } }).subscribe({
      next: ({ data, error }) => {
        if (error) return reject(error); // SLOW_CONSUMER: subscribe again from `cursor`
        cursor = data.changes.seq;
        resolve(data.changes);
        subscription.unsubscribe();
      },
      error: reject, // the server stopped or the network failed: subscribe again from `cursor`
    });
    // docs:end
  });
}

function urqlFirst() {
  const client = new Client({ url: uri, exchanges: [fetchExchange], fetchSubscriptions: true,
                              fetchOptions: { headers: { authorization: `Bearer ${key}` } } });
  const query = "subscription ($after: Int) { changes(after: $after) { seq at by operation ids kinds } }";
  return new Promise((resolve, reject) => {
    const { unsubscribe } = client.subscription(query, { after }).subscribe((result) => {
      if (result.error) return reject(result.error);
      if (!result.data) return; // a heartbeat
      resolve(result.data.changes);
      unsubscribe();
    });
  });
}

const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 20000));
const [apollo, urql] = await Promise.race([Promise.all([apolloFirst(), urqlFirst()]), timeout]);
console.log(JSON.stringify({ apollo, urql }));
process.exit(0);
