// Partial dates as the API gives them ("2017", "2024-07", "2024-07-18"), as the span of
// days they may mean: a year-precision date is the whole year, never its first day.

export function span(text) {
  if (!text) return null;
  const [y, m, d] = text.split("-").map(Number);
  if (d) return [Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1)];
  if (m) return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
  return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
}

export const middle = (s) => (s[0] + s[1]) / 2;
