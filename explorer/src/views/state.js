// Each view is a URL: ?view=flows&from=alibaba-group&since=2020... A link reopens the same
// picture, and back/forward walk the pictures drawn, because each draw pushes its state.

const KEYS = ["view", "id", "ids", "from", "to", "since", "until", "granularity", "units", "period", "mode", "asOf"];

export function readState() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(KEYS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
}

function search(state) {
  const params = new URLSearchParams();
  for (const k of KEYS) if (state[k]) params.set(k, state[k]);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

// A new picture is a new history entry; the same one again (a redraw) is not.
export function pushState(state) {
  const next = search(state);
  if (next !== (location.search || location.pathname)) history.pushState(state, "", next);
}

export function onNavigate(fn) {
  window.addEventListener("popstate", () => fn(readState()));
}
