// A fetch that records what each client sends and what the server answers, so the
// test can check the persisted-query protocol as it ran, not only its final data.
export function recordingFetch(log) {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? JSON.parse(init.body) : null;
    const response = await fetch(input, init);
    const text = await response.clone().text();
    log.push({
      method,
      sentQuery: Array.isArray(body) ? body.map((b) => "query" in b) : body ? "query" in body : url.searchParams.has("query"),
      batch: Array.isArray(body) ? body.length : null,
      status: response.status,
      etag: response.headers.get("etag"),
      contentType: response.headers.get("content-type"),
      codes: [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]),
    });
    return response;
  };
}
