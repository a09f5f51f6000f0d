// Live changes while the page is open: the `changes` subscription over multipart HTTP
// (the protocol Apollo Client and urql speak; no WebSocket, no library). A dropped
// stream is resumed from the last sequence number seen, so no change is missed.
import { apiKey } from "./api.js";

const ENDPOINT = new URL("../graphql", document.baseURI).href;
const SUBSCRIPTION = `subscription Live($after: Int) {
  changes(after: $after) { seq operation ids kinds revisions { id kind before after } }
}`;
const BOUNDARY = "\r\n--graphql";

// Calls onChange(change) for each change committed from now on, until stop() is called.
export function watchChanges(onChange) {
  let cursor = null; // null: from now on; then the last seq seen
  let controller = null;
  let stopped = false;

  async function stream() {
    controller = new AbortController();
    const headers = { "Content-Type": "application/json", Accept: "multipart/mixed;subscriptionSpec=1.0, application/json" };
    const key = apiKey.get();
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(ENDPOINT, {
      method: "POST", headers, signal: controller.signal,
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { after: cursor } }),
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      // A part is everything between two boundaries: headers, a blank line, JSON.
      while ((end = buffer.indexOf(BOUNDARY, 1)) > -1) {
        const part = buffer.slice(0, end);
        buffer = buffer.slice(end);
        const body = part.indexOf("\r\n\r\n");
        if (body < 0) continue;
        const json = JSON.parse(part.slice(body + 4));
        const change = json.payload?.data?.changes;
        if (json.payload?.errors) throw new Error(json.payload.errors[0].message);
        if (change) {
          cursor = change.seq;
          onChange(change);
        }
      }
    }
  }

  (async () => {
    let wait = 500;
    while (!stopped) {
      try {
        await stream();
        wait = 500;
      } catch (e) {
        if (stopped) return;
        console.info(`live changes: ${e.message}; resuming in ${wait} ms`);
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 15000);
    }
  })();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
