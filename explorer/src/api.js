// The explorer's only way to the data: the public GraphQL endpoint, as any client uses it.

const ENDPOINT = new URL("../graphql", document.baseURI).href;
const KEY_STORE = "talentgraph.apiKey";

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// An API key is needed only where the service turns anonymous reads off. It
// stays in this tab's session storage, never in the URL.
export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORE) ?? "",
  set: (key) => (key ? sessionStorage.setItem(KEY_STORE, key) : sessionStorage.removeItem(KEY_STORE)),
};

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = apiKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new ApiError(`The API did not answer: ${e.message}`, "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} ${response.statusText}`, `HTTP ${response.status}`);
  }
  // A partial answer is treated as a failed one: a half-drawn graph would mislead.
  if (body.errors?.length) {
    const code = body.errors[0].extensions?.code ?? `HTTP ${response.status}`;
    throw new ApiError(body.errors.map((e) => e.message).join("; "), code);
  }
  if (!response.ok) throw new ApiError(`The API answered HTTP ${response.status}`, `HTTP ${response.status}`);
  return body.data;
}

// The schema's vocabulary, which the app answers at vocabulary.json (talentgraph/app.py):
// the fact types and their ends, the dated fields, and what each relationship field stands
// for in the graph. Asked once; asked again only if it failed.
let vocabularyOnce;
export function vocabulary() {
  vocabularyOnce ??= fetch(new URL("vocabulary.json", document.baseURI))
    .then((response) => {
      if (!response.ok) throw new ApiError(`The schema's vocabulary: HTTP ${response.status}`, `HTTP ${response.status}`);
      return response.json();
    })
    .catch((e) => {
      vocabularyOnce = undefined;
      throw e instanceof ApiError ? e : new ApiError(`The schema's vocabulary: ${e.message}`, "NETWORK");
    });
  return vocabularyOnce;
}
