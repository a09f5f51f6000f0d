"""The run's results as bench/results.json, docs/benchmarks.md and docs/bench-latency.png.

A run at other than the default sizes writes the same three files to bench/out/
instead, so a quick try never replaces the full run's numbers.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.benchmarks_doc import markdown
from bench.naive_load import LoadComparison
from bench.targets import PEER_LIMIT, RATIO_LIMIT, growth, targets
from talentgraph.settings import ROOT

JSON = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "benchmarks.md"
PLOT = ROOT / "docs" / "bench-latency.png"
TRIAL = ROOT / "bench" / "out"  # where a run at other sizes writes
# docs/benchmarks.md's section from bench/plans.py, a separate run: kept as it stands.
PLANS_HEADING = "## Plans"
# And its last part, from this heading on: what other commands measured, kept too.
APART_HEADING = "# Measured apart from `make bench`"


def case_line(r: dict[str, Any]) -> str:
    g, peer, raw = r["graphql"], r["peer"], r["raw"]
    return (
        f"   {r['case'][:52]:<52} p50 {g['p50_ms']:8.2f} | peer {peer['p50_ms']:8.2f} | "
        f"raw {raw['p50_ms']:8.2f} ms = {r['peer_ratio_p50']:5.2f}x peer, {r['ratio_p50']:5.2f}x raw"
        f"   {r['statements_per_request']:g}/{r['peer_statements_per_request']:g} stmt/req"
        f"   {r['requests_per_second']:6.1f} | {r['peer_requests_per_second']:6.1f} req/s"
        f" ({r['clients']} clients)   ({r['objects']:,} objects, n={r['samples']})"
        + (
            f"\n   {'':<52} p50 {r['alone']['graphql']['p50_ms']:8.2f} | raw "
            f"{r['alone']['raw']['p50_ms']:8.2f} ms without the peer's requests in between"
            if "alone" in r
            else ""
        )
    )


def results(
    *, where: str, peer: str, scales: list[dict[str, Any]], rows: list[dict[str, Any]],
    seed: LoadComparison, profiles: list[dict[str, Any]], total_seconds: float,
    imports: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    seed_row = {
        "people": seed.people, "rows": seed.rows,
        "naive_seconds": round(seed.naive_seconds, 2), "loader_seconds": round(seed.loader_seconds, 2),
        "naive_rows_per_second": round(seed.naive_rows_per_second),
        "loader_rows_per_second": round(seed.loader_rows_per_second),
        "speedup": round(seed.loader_rows_per_second / seed.naive_rows_per_second, 1),
        "loader_at_scale_rows_per_second": scales[-1]["load_rows_per_second"],
        "speedup_at_scale": round(scales[-1]["load_rows_per_second"] / seed.naive_rows_per_second, 1),
    }  # fmt: skip
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": _memory_gb(),
            "python": platform.python_version(),
            "neo4j": where,
            "peer": f"@neo4j/graphql {peer} behind Apollo Server (bench/peer/package-lock.json)",
        },
        "total_seconds": round(total_seconds),
        "scales": scales,
        "cases": rows,
        "growth": growth(rows) if len(scales) > 1 else [],
        "seed_load": seed_row,
        "import_at_scale": imports,
        "profiles": profiles,
        "targets": targets(rows, scales, seed_row, imports),
    }


def _memory_gb() -> float:
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return round(kb / 1024 / 1024, 1)


def write(results: dict[str, Any], *, full: bool = True) -> list[Path]:
    """Write the three files (to bench/out/ unless `full`); returns their paths.

    docs/benchmarks.md keeps its Plans section, which bench/plans.py writes, and all from
    APART_HEADING on."""
    paths = [JSON, DOC, PLOT]
    if not full:
        TRIAL.mkdir(exist_ok=True)
        paths = [TRIAL / p.name for p in paths]
    json_path, doc, png = paths
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    plot(results, png)
    old = DOC.read_text() if DOC.exists() else ""
    start = old.find(PLANS_HEADING)
    ends = [old.find(h, start + 1) for h in ("\n## ", "\n# ")] if start >= 0 else []
    end = min((e for e in ends if e >= 0), default=-1)
    plans = "" if start < 0 else "\n" + (old[start : end + 1] if end >= 0 else old[start:])
    apart = old.find(APART_HEADING)
    doc.write_text(markdown(results) + plans + ("" if apart < 0 else "\n" + old[apart:]))
    return paths


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in results["cases"] if r["kind"] != "fixed"]
    names = list(dict.fromkeys(r["case"] for r in rows))
    fig, (lat, raw, peer) = plt.subplots(1, 3, figsize=(19, 6))
    palette = plt.get_cmap("tab20")
    for k, name in enumerate(names):
        color = palette(k % 20)
        rs = [r for r in rows if r["case"] == name]
        x = [r["relationships"] for r in rs]
        lat.plot(x, [r["graphql"]["p50_ms"] for r in rs], "o-", color=color, label=name)
        lat.plot(x, [r["peer"]["p50_ms"] for r in rs], "s:", color=color, alpha=0.6)
        raw.plot(x, [r["ratio_p50"] for r in rs], "o-", color=color, label=name)
        peer.plot(x, [r["peer_ratio_p50"] for r in rs], "o-", color=color, label=name)
    for axis in (lat, raw, peer):
        axis.set_xscale("log")
        axis.set_xlabel("relationships in the graph")
        axis.grid(True, which="both", alpha=0.3)
    lat.set_yscale("log")
    lat.set_ylabel("p50 latency, ms (solid: talentgraph, dotted: the peer)")
    lat.set_title("Latency against graph size")
    raw.axhline(RATIO_LIMIT["traversal"], color="grey", linestyle=":", label="target 1.5x")
    raw.set_ylabel("p50 talentgraph / p50 raw driver")
    raw.set_title("Overhead over the raw driver")
    peer.axhline(PEER_LIMIT, color="black", linestyle=":", label="target 1.0x")
    peer.set_ylabel("p50 talentgraph / p50 peer (@neo4j/graphql)")
    peer.set_title("Against the peer (below 1: talentgraph is faster)")
    peer.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
