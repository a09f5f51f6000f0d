"""The targets a benchmark run is judged by, and how far each result is from its own.

Reported in docs/benchmarks.md and on the console, never enforced by a test.
"""

from __future__ import annotations

from typing import Any

# Against the raw driver, by case kind ("nested" and "fixed" have no such target).
RATIO_LIMIT = {"traversal": 1.5, "lookup": 1.3, "list": 1.5}
FLAT_LIMIT = 1.25  # id lookup p50 on the largest graph over the smallest
SEED_SPEEDUP = 20.0
# Against the peer, on the graphs of at least PEER_MIN_RELATIONSHIPS (100k and 1M):
PEER_LIMIT = 1.0  # p50 talentgraph / p50 peer, at most
THROUGHPUT_FLOOR = 1.0  # talentgraph's requests per second over the peer's, at least
PEER_MIN_RELATIONSHIPS = 50_000
GROWTH_LIMIT = 1.5  # a fixed-answer case's p50 on the largest graph over the smallest


def limit(kind: str) -> float | None:
    return RATIO_LIMIT.get(kind)


def _target(
    name: str, scale: str | None, measured: float, bound: float, *, at_least: bool = False
) -> dict[str, Any]:
    ok = measured >= bound if at_least else measured <= bound
    off = (measured / bound - 1) * 100
    how = (
        f"{abs(off):.0f}% {'above' if off >= 0 else 'below'} the {'floor' if at_least else 'limit'}"
    )
    return {
        "target": name, "scale": scale, "measured": round(measured, 2), "limit": bound,
        "result": "PASS" if ok else "MISS", "by": how,
    }  # fmt: skip


def _p50(row: dict[str, Any], side: str, *, alone: bool = True) -> float:
    """A row's p50 for one side, from its run without the peer when it has one and `alone`."""
    runs = row.get("alone", row) if alone else row
    return float(runs[side]["p50_ms"])


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each fixed-answer case: p50 on the largest graph over the smallest, per side.

    Talentgraph's and the raw driver's from their run without the peer (`alone`:
    bench/measure.py says why), and also, as `interleaved`, talentgraph's from the run
    with the peer's requests in between."""
    found = []
    for name in dict.fromkeys(r["case"] for r in rows if r["kind"] == "fixed"):
        rs = [r for r in rows if r["case"] == name]
        first, last = rs[0], rs[-1]
        found.append({
            "case": name, "from": first["scale"], "to": last["scale"],
            "p50_ms": {r["scale"]: _p50(r, "graphql") for r in rs},
            **{side: round(_p50(last, side) / _p50(first, side), 2) for side in ("graphql", "raw")},
            "peer": round(_p50(last, "peer", alone=False) / _p50(first, "peer", alone=False), 2),
            "interleaved": round(
                _p50(last, "graphql", alone=False) / _p50(first, "graphql", alone=False), 2
            ),
        })  # fmt: skip
    return found


def targets(
    rows: list[dict[str, Any]], scales: list[dict[str, Any]], seed: dict[str, Any],
    imports: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    found = []
    for r in rows:
        bound = limit(r["kind"])
        if bound is None:
            continue
        what = (
            "10,000-object list vs raw driver + orjson"
            if r["kind"] == "list"
            else "p50 vs raw driver"
        )
        found.append(_target(f"{r['case']}: {what} (p50 ratio)", r["scale"], r["ratio_p50"], bound))
    for r in rows:
        if r["relationships"] >= PEER_MIN_RELATIONSHIPS and r["kind"] != "fixed":
            found.append(_target(
                f"{r['case']}: p50 talentgraph / peer", r["scale"], r["peer_ratio_p50"], PEER_LIMIT,
            ))  # fmt: skip
            found.append(_target(
                f"{r['case']}: throughput talentgraph / peer, {r['clients']} clients", r["scale"],
                r["throughput_ratio"], THROUGHPUT_FLOOR, at_least=True,
            ))  # fmt: skip
    if len(scales) > 1:
        for g in growth(rows):
            found.append(_target(
                f"{g['case']}: fixed answer, p50 at {g['to']} over {g['from']}, without the "
                f"peer's requests in between (with them: {g['interleaved']:.2f}; the raw "
                f"driver's: {g['raw']:.2f}, the peer's: {g['peer']:.2f})", None,
                g["graphql"], GROWTH_LIMIT,
            ))  # fmt: skip
    lookups = [r for r in rows if r["kind"] == "lookup"]
    if len(scales) > 1 and lookups:
        first, last = lookups[0], lookups[-1]
        raw = last["raw"]["p50_ms"] / first["raw"]["p50_ms"]
        found.append(_target(
            f"id lookup flat: API p50 at {last['scale']} over {first['scale']} "
            f"(the raw driver's: {raw:.2f})", None,
            last["graphql"]["p50_ms"] / first["graphql"]["p50_ms"], FLAT_LIMIT,
        ))  # fmt: skip
    found.append(_target(
        f"seed loading: loader rows/s at {scales[-1]['name']} over naive rows/s", None,
        seed["speedup_at_scale"], SEED_SPEEDUP, at_least=True,
    ))  # fmt: skip
    found.append(_target(
        f"seed loading: loader over naive on the same {seed['rows']:,} rows", None,
        seed["speedup"], SEED_SPEEDUP, at_least=True,
    ))  # fmt: skip
    if imports is not None:
        found.append(_target(
            f"import: {imports['facts']:,} facts, importer over one statement per row", None,
            imports["speedup"], imports["target"], at_least=True,
        ))  # fmt: skip
    most = max(r["statements_per_request"] for r in rows)
    found.append(_target("Bolt statements per GraphQL request (most of any case)", None, most, 1.0))
    return found


def targets_text(found: list[dict[str, Any]]) -> str:
    lines = ["\n== targets"]
    for t in found:
        where = f" @{t['scale']}" if t["scale"] else ""
        lines.append(
            f"   {t['result']}  {t['target']}{where}: {t['measured']:g} vs {t['limit']:g} ({t['by']})"
        )
    return "\n".join(lines)
