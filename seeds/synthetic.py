"""A deterministic synthetic graph for scale tests, shaped like the real one.

N people move between big companies (with business units) and startups;
startups raise rounds from investors and big companies; companies develop
models that people contribute to. Every node is marked `synthetic: true` and
its id starts with `syn-`, so it never passes for a real fact. Same N and
seed, same graph.

Unlike the seed files, a synthetic graph is written in batches that each
commit: one transaction for a million relationships would pass the server's
transaction memory cap. A failed load can be rerun (every write is an upsert).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from model.rows import fact_id
from seeds.loader import BATCH, Report, empty
from talentgraph import changelog
from talentgraph.dates import PartialDate
from talentgraph.db import Graph, Tx
from talentgraph.errors import BadInput
from talentgraph.progress import Show, hidden
from talentgraph.settings import Settings

SOURCE = "syn-source"
ROLES = ["engineer", "researcher", "scientist", "product manager", "team lead", "director"]
ANCHOR = "syn-anchor"
ANCHOR_SEED = 2024
ANCHOR_PEOPLE = 40
# Nodes and relationships per person, about: the progress bar's total before the count is known.
ROWS_PER_PERSON = 4.5


def _period(prefix: str, text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    return PartialDate(text).stored(prefix)


def _node(id_: str, label: str, name: str, **props: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "label": label,
        "props": {"name": name, "aliases": [], "sources": [SOURCE], "confidence": 1.0,
                  "synthetic": True, **props},
    }  # fmt: skip


def _rel(type_: str, a: str, b: str, *, key: str | None = None, **props: Any) -> dict[str, Any]:
    return {
        "id": fact_id(type_, a, b, PartialDate(key) if key else None),
        "type": type_, "from": a, "to": b,
        "props": {"sources": [SOURCE], "confidence": 1.0, **props},
    }  # fmt: skip


def _month(rng: random.Random, year: int) -> str:
    # Mixed precision, as in real sources: years, months and days.
    roll = rng.random()
    if roll < 0.3:
        return str(year)
    month = rng.randint(1, 12)
    if roll < 0.8:
        return f"{year}-{month:02d}"
    return date(year, month, rng.randint(1, 28)).isoformat()


def anchors() -> Iterator[tuple[str, dict[str, Any]]]:
    """A small neighbourhood that is the same at every size and linked to nothing else.

    Its own random generator and no edge to the rest of the graph, so every named
    traversal anchored on it (portfolioAlumniHires and departures of syn-anchor-group,
    portfolio and coInvestors of syn-anchor-investor-0, talentFlows from
    syn-anchor-group, connections between two syn-anchor-person-N) and the first page
    of people by name ("Anchor Person ..." sort first) give the same answer whatever
    the size: the benchmark's fixed-answer cases, whose time must not grow with the
    graph. Every spell is dated, so no answer depends on how undated ones sort.
    """
    rng = random.Random(ANCHOR_SEED)
    group = f"{ANCHOR}-group"
    units = [f"{group}-unit-{j}" for j in range(2)]
    investors = [f"{ANCHOR}-investor-{i}" for i in range(2)]
    startups = [f"{ANCHOR}-startup-{i}" for i in range(6)]
    rels: list[dict[str, Any]] = []
    yield "node", _node(group, "Company", "Anchor Group", kind="BIG_TECH")
    for u in units:
        yield "node", _node(u, "Company", f"Anchor Group Unit {u[-1]}", kind="BUSINESS_UNIT")
        rels.append(_rel("PART_OF", u, group))
    for i in investors:
        yield "node", _node(i, "Company", f"Anchor Investor {i[-1]}", kind="INVESTOR")
    for n, s in enumerate(startups):
        yield "node", _node(s, "Company", f"Anchor Startup {n}", kind="STARTUP",
                            **_period("founded", str(2012 + n)))  # fmt: skip
    backers = [*investors, group, units[0]]
    for n, s in enumerate(startups):
        for k, year in enumerate((2016 + n, 2019 + n)):
            r = f"{ANCHOR}-round-{2 * n + k}"
            yield "node", _node(r, "FundingRound", f"Anchor Startup {n} round {k + 1}",
                                amount=float(rng.randint(1, 500) * 1_000_000), currency="USD",
                                **_period("announced", _month(rng, year)))  # fmt: skip
            rels.append(_rel("RAISED", s, r))
            for lead, backer in enumerate(rng.sample(backers, rng.randint(2, 3))):
                rels.append(_rel("INVESTED_IN", backer, r, lead=lead == 0))
    for p in range(ANCHOR_PEOPLE):
        pid = f"{ANCHOR}-person-{p}"
        # The alias is the search text (aliasText is made from aliases, as the loader does).
        yield "node", _node(pid, "Person", f"Anchor Person {p}", aliases=[f"AP{p}"],
                            aliasText=f"AP{p}")  # fmt: skip
        year = rng.randint(2005, 2011)  # three spells end by 2026 at the latest
        spells = [rng.choice(units), rng.choice(startups)]
        if rng.random() < 0.5:
            spells.append(rng.choice([*units, *startups]))
        for j, company in enumerate(spells):
            start = _month(rng, year)
            year += rng.randint(1, 4)
            end = _month(rng, year) if j < len(spells) - 1 or rng.random() < 0.3 else None
            rels.append(_rel("WORKED_AT", pid, company, key=start, role=rng.choice(ROLES),
                             ended=end is not None, **_period("start", start),
                             **_period("end", end)))  # fmt: skip
            year += 1  # the next spell starts in a later year, so moves are unambiguous
    yield from (("rel", r) for r in rels)


def generate(people: int, seed: int = 7) -> Iterator[tuple[str, dict[str, Any]]]:
    """("node" | "rel", row) pairs; all nodes come before the relationships that use them.

    The anchors (see `anchors`) come first; the rest depends on `people` and `seed`.
    """
    rng = random.Random(seed)
    yield "node", {
        "id": SOURCE, "label": "Source",
        "props": {"title": "Synthetic data generator", "publisher": "talentgraph",
                  "reliability": "low", "synthetic": True},
    }  # fmt: skip
    yield from anchors()
    groups = [f"syn-group-{i}" for i in range(max(3, people // 5000))]
    units = [f"{g}-unit-{j}" for g in groups for j in range(2)]
    startups = [f"syn-startup-{i}" for i in range(max(10, people // 100))]
    investors = [f"syn-investor-{i}" for i in range(max(5, people // 1000))]
    universities = [f"syn-university-{i}" for i in range(max(5, people // 2000))]
    rels: list[dict[str, Any]] = []

    for g in groups:
        yield "node", _node(g, "Company", g.replace("-", " ").title(), kind="BIG_TECH")
    for u in units:
        yield "node", _node(u, "Company", u.replace("-", " ").title(), kind="BUSINESS_UNIT")
        rels.append(_rel("PART_OF", u, u.rsplit("-unit-", 1)[0]))
    for s in startups:
        founded = rng.randint(2012, 2024)
        yield "node", _node(s, "Company", s.replace("-", " ").title(), kind="STARTUP",
                            **_period("founded", str(founded)))  # fmt: skip
    for i in investors:
        yield "node", _node(i, "Company", i.replace("-", " ").title(), kind="INVESTOR")
    for u in universities:
        yield "node", _node(u, "University", u.replace("-", " ").title())

    model_makers = units + startups
    models: dict[str, list[str]] = {}
    for n, maker in enumerate(model_makers):
        for k in range(2 if maker in units else 1):
            m = f"syn-model-{n}-{k}"
            models.setdefault(maker, []).append(m)
            yield "node", _node(m, "AIModel", f"Model {n}.{k}",
                                **_period("released", _month(rng, rng.randint(2019, 2025))))  # fmt: skip
            rels.append(_rel("DEVELOPED", maker, m))

    backers = investors + groups
    round_no = 0
    for s in startups:
        for year in sorted(rng.sample(range(2015, 2026), rng.randint(1, 3))):
            r = f"syn-round-{round_no}"
            round_no += 1
            when = _month(rng, year)
            yield "node", _node(r, "FundingRound", f"{s} round {round_no}",
                                amount=float(rng.randint(1, 500) * 1_000_000), currency="USD",
                                **_period("announced", when))  # fmt: skip
            rels.append(_rel("RAISED", s, r))
            for k, backer in enumerate(rng.sample(backers, rng.randint(1, 4))):
                rels.append(_rel("INVESTED_IN", backer, r, lead=k == 0))

    employers = units + startups
    for p in range(people):
        pid = f"syn-person-{p}"
        yield "node", _node(pid, "Person", f"Person {p}", aliases=[f"P{p}"], aliasText=f"P{p}")  # fmt: skip
        rels.append(_rel("STUDIED_AT", pid, rng.choice(universities), degree="PhD",
                         **_period("end", str(rng.randint(2000, 2020)))))  # fmt: skip
        year = rng.randint(2005, 2020)
        jobs = rng.randint(1, 3)
        for j in range(jobs):
            company = rng.choice(units if j == 0 and rng.random() < 0.5 else employers)
            start = _month(rng, year)
            year = min(year + rng.randint(1, 6), 2026)
            ongoing = j == jobs - 1 and rng.random() < 0.6
            end = None if ongoing else _month(rng, year)
            if end and PartialDate(end).is_surely_before(PartialDate(start)):
                end = start
            rels.append(_rel("WORKED_AT", pid, company, key=start, role=rng.choice(ROLES),
                             ended=end is not None, **_period("start", start),
                             **_period("end", end)))  # fmt: skip
            if rng.random() < 0.15 and company in models:
                rels.append(_rel("CONTRIBUTED_TO", pid, rng.choice(models[company])))
        if rng.random() < 0.01:
            rels.append(_rel("FOUNDED", pid, rng.choice(startups), role="co-founder"))
        # Flush relationships as we go so memory stays flat at a million.
        if len(rels) >= BATCH * 4:
            yield from (("rel", r) for r in rels)
            rels.clear()
    yield from (("rel", r) for r in rels)


async def load(
    settings: Settings, people: int, *, seed: int = 7, reset: bool = False, show: Show = hidden
) -> Report:
    if people < 1:
        raise BadInput("--synthetic takes a positive number of people", field="synthetic")
    graph = Graph(settings)
    try:
        started = time.perf_counter()
        removed = await empty(graph) if reset else None
        if not reset:
            (real,) = await graph.read("real_entity_count")
            if real["count"]:
                raise BadInput(
                    f"the graph holds {real['count']} real entities; a synthetic graph is never "
                    "mixed into the real one: pass --reset to replace it"
                )
        await graph.apply_schema()
        counts = {"node": 0, "rel": 0}
        batch: list[dict[str, Any]] = []
        kind = "node"
        with show("seed --synthetic", round(people * ROWS_PER_PERSON)) as progress:
            for row_kind, row in generate(people, seed):
                if row_kind != kind or len(batch) >= BATCH:
                    await _flush(graph, kind, batch)
                    progress.advance(len(batch))
                    batch = []
                    kind = row_kind
                batch.append(row)
                counts[row_kind] += 1
            await _flush(graph, kind, batch)
            progress.advance(len(batch))
        await graph.resample_indexes()
        elapsed = time.perf_counter() - started
        return Report(counts["node"], counts["rel"], elapsed, removed)
    finally:
        await graph.close()


async def _flush(graph: Graph, kind: str, batch: list[dict[str, Any]]) -> None:
    """One batch, one transaction, one change in the change log (with counts)."""
    if not batch:
        return

    async def write(tx: Tx) -> None:
        await tx.run("seed_nodes" if kind == "node" else "seed_relationships", rows=batch)
        key, counted = ("label", "nodes") if kind == "node" else ("type", "relationships")
        await changelog.append_load(
            tx, operation="seed", counts={"synthetic": True, counted: len(batch)},
            kinds={row[key] for row in batch},
        )  # fmt: skip

    await graph.transaction(write)
