"""The load test (`make loadtest`): 50 concurrent clients for 60 s over the named traversals.

Everything runs on 127.0.0.1 and stops by itself:
- a Neo4j of its own (the local launcher, home .neo4j/loadtest, port 18087), loaded
  with the real seed graph; with NEO4J_URI set it uses that server instead, but only
  with TALENTGRAPH_LOADTEST_RESET=1, because loading the seed graph empties it first;
- `talentgraph serve --workers 1` on a free port, as a subprocess (the clients never
  share the server's GIL), anonymous reads on;
- the clients: one httpx2 AsyncClient each, each from its own loopback address
  (127.0.1.x: the rate limits are per address, and 50 users are 50 addresses), each
  sending the mix below back to back until the time or the request budget runs out.

It reports requests, non-2xx answers and GraphQL errors (apart), 5xx, dropped
connections, p50/p99 latency and requests/s, and exits 1 on any 5xx or dropped
connection (2 when it could not set up). The numbers are in docs/operations.md.

With --abuse (`make loadtest MODE=abuse`) it runs two phases of --seconds each (30 by
default): the normal clients alone, then the same clients with the attackers of
bench/abuse.py beside them (fragment bombs, deep Cypher nesting, oversized answers, a
flood from one address, slow heads and slow bodies), and reports PASS when the normal
clients' p99 rose by less than 2x and they saw no error at all (exit 0; else 1).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import orjson

from bench import abuse, loadtest_subscriptions
from bench.loadtest_setup import SetupError, cpu_seconds, free_port, neo4j_server, serving
from seeds import loader
from talentgraph.auth import Scope, new_key
from talentgraph.settings import Settings


@dataclass(frozen=True)
class Case:
    name: str  # also the operation name, so /metrics shows the load per case
    query: str
    variables: tuple[dict[str, Any], ...]  # rotated request by request


SEARCHES = ("Zhou Chang", "通义千问", "Qwen", "Moonshot", "阿里巴巴", "DeepSeek", "ByteDance")


def cases(person_ids: list[str]) -> list[Case]:
    return [
        Case("PortfolioAlumniHires", """query PortfolioAlumniHires($investor: ID!, $alumniOf: ID) {
            portfolioAlumniHires(investor: $investor, alumniOf: $alumniOf) {
              company { id name }
              investments { lead investor { id name } round { id name announced amount } }
              hires { person { id name } left { role start end employer { id name } }
                      joined { role start } } } }""",
             ({"investor": "alibaba-group"}, {"investor": "tencent", "alumniOf": "alibaba-group"})),
        Case("TalentFlows", """query TalentFlows($from: ID, $since: PartialDate) {
            talentFlows(from: $from, since: $since, first: 20) {
              from { id name } to { id name } count
              moves { nodes { person { id name } left { role start end } joined { role start } } } } }""",
             ({"from": "alibaba-group"}, {"since": "2020"})),
        Case("Departures", """query Departures($company: ID!) { departures(company: $company) {
              totalCount nodes { person { id name } left { role start end employer { id name } }
              next { role start employer { id name } } } } }""",
             ({"company": "alibaba-group"}, {"company": "bytedance"})),
        Case("CoInvestors", """query CoInvestors($company: ID!) { coInvestors(company: $company) {
              investor { id name } count rounds { id name announced amount } } }""",
             ({"company": "alibaba-group"}, {"company": "tencent"})),
        Case("Portfolio", """query Portfolio($investor: ID!) { portfolio(investor: $investor) {
              totalCount nodes { company { id name kind }
              investments { lead investor { id name } round { id name announced amount } } } } }""",
             ({"investor": "alibaba-group"}, {"investor": "tencent"})),
        Case("Connections", """query Connections($from: ID!, $to: ID!) {
            connections(from: $from, to: $to, maxHops: 4, first: 5) {
              length hops { from { id name } to { id name } type forward
                            evidence { confidence } } } }""",
             ({"from": "zhou-chang", "to": "moonshot-ai"},)),
        Case("Person", """query Person($id: ID!) { person(id: $id) {
              id name nameZh aliases description
              employments(first: 10) { nodes { role start end employer { id name } } } } }""",
             tuple({"id": i} for i in person_ids)),
        Case("Search", """query Search($text: String!) { search(text: $text, first: 10) {
              nodes { score node { id name } } } }""",
             tuple({"text": t} for t in SEARCHES)),
    ]  # fmt: skip


# -- Results -----------------------------------------------------------------------------


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)  # every answered request, seconds
    by_case: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    graphql_errors: Counter[str] = field(default_factory=Counter)  # by extensions.code
    dropped: Counter[str] = field(default_factory=Counter)  # by exception type
    elapsed: float = 0.0

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def requests(self) -> int:
        return self.answered + sum(self.dropped.values())

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def failed(self) -> bool:
        return self.server_errors > 0 or sum(self.dropped.values()) > 0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(results: Results, clients: int, graph: dict[str, int], load_before: float) -> str:
    ms = 1000
    lines = [
        f"graph: {graph.get('nodes')} nodes, {graph.get('relationships')} relationships; "
        f"{clients} clients for {results.elapsed:.1f} s; {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before the load",
        f"requests:        {results.requests:,}",
        f"requests/s:      {results.requests / max(results.elapsed, 1e-9):,.0f}",
        f"latency:         p50 {percentile(results.latencies, 50) * ms:.1f} ms, "
        f"p99 {percentile(results.latencies, 99) * ms:.1f} ms, "
        f"max {max(results.latencies, default=0) * ms:.1f} ms",
        f"non-2xx:         {results.non_2xx:,}  {dict(results.statuses)}",
        f"5xx:             {results.server_errors:,}",
        f"GraphQL errors:  {sum(results.graphql_errors.values()):,}  {dict(results.graphql_errors)}",
        f"dropped:         {sum(results.dropped.values()):,}  {dict(results.dropped)}",
        "",
        f"{'case':<22}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}",
    ]
    for name, values in sorted(results.by_case.items()):
        lines.append(
            f"{name:<22}{len(values):>10,}{percentile(values, 50) * ms:>10.1f}"
            f"{percentile(values, 99) * ms:>10.1f}"
        )
    return "\n".join(lines)


# -- The load ------------------------------------------------------------------------------


async def load(base: str, mix: list[Case], clients: int, seconds: float, budget: int,
               timeout: float) -> Results:  # fmt: skip
    results = Results()
    tickets = iter(range(budget))
    started = time.perf_counter()
    deadline = started + seconds

    async def client(n: int) -> None:
        transport = httpx2.AsyncHTTPTransport(local_address=client_address(n))
        async with httpx2.AsyncClient(
            base_url=base, transport=transport, timeout=httpx2.Timeout(timeout), trust_env=False
        ) as http:
            for i in tickets:  # shared: the budget bounds all clients together
                if time.perf_counter() >= deadline:
                    return
                case = mix[i % len(mix)]
                variables = case.variables[(i // len(mix)) % len(case.variables)]
                body = {"query": case.query, "operationName": case.name, "variables": variables}
                sent = time.perf_counter()
                try:
                    response = await http.post("/graphql", json=body)
                except httpx2.TransportError as e:  # timeouts included: no answer came
                    results.dropped[type(e).__name__] += 1
                    continue
                took = time.perf_counter() - sent
                results.latencies.append(took)
                results.by_case[case.name].append(took)
                results.statuses[response.status_code] += 1
                if response.status_code == 200:
                    for error in response.json().get("errors") or []:
                        code = (error.get("extensions") or {}).get("code", "none")
                        results.graphql_errors[code] += 1

    # The clients stop by themselves; the outer bound is a safety net.
    await asyncio.wait_for(
        asyncio.gather(*(client(n) for n in range(clients))), seconds + timeout + 30
    )
    results.elapsed = time.perf_counter() - started
    return results


def client_address(n: int) -> str:
    """Client n's own loopback address: 127.0.1.1, 127.0.1.2, ... (Linux routes all of 127/8)."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def check_mix(base: str, mix: list[Case], headers: dict[str, str]) -> list[str]:
    """Every case, every variant, once: the load must measure answers, not errors."""
    problems = []
    with httpx2.Client(base_url=base, timeout=30, headers=headers, trust_env=False) as http:
        for case in mix:
            for variables in case.variables:
                response = http.post("/graphql", json={"query": case.query,
                                                       "variables": variables})  # fmt: skip
                body = response.json() if response.status_code == 200 else {}
                if response.status_code != 200 or body.get("errors"):
                    problems.append(f"{case.name} {variables}: {response.status_code} "
                                    f"{response.text[:300]}")  # fmt: skip
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float,
                        help="how long the load runs (default 60 s; with --abuse, 30 s a phase)")  # fmt: skip
    parser.add_argument("--max-requests", type=int, default=1_000_000,
                        help="a budget across all clients; the load stops at whichever comes first")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds a request may take before it counts as dropped")  # fmt: skip
    parser.add_argument("--subscribers", type=int, default=50,
                        help="live-change subscribers beside the clients, with a write a second "
                        "(0: none; not with --abuse)")  # fmt: skip
    parser.add_argument("--abuse", action="store_true",
                        help="two phases: the normal clients alone, then beside the attackers")  # fmt: skip
    parser.add_argument("--attacks", type=lambda text: text.split(","), default=list(abuse.ATTACKS),
                        help=f"with --abuse, a comma-separated subset of {','.join(abuse.ATTACKS)}")  # fmt: skip
    args = parser.parse_args(argv)
    if args.seconds is None:
        args.seconds = 30.0 if args.abuse else 60.0
    if unknown := set(args.attacks) - set(abuse.ATTACKS):
        parser.error(f"unknown attacks: {', '.join(sorted(unknown))}")
    # The set-up's own requests (the mix checked once) must not spend a client's bucket;
    # the attackers need the cypher scope for their Cypher.
    setup_key, setup_entry = new_key("loadtest-setup", [Scope.READ])
    write_key, write_entry = new_key("loadtest-writer", [Scope.READ, Scope.WRITE])
    attacker_key, attacker_entry = new_key("loadtest-attacker", [Scope.CYPHER])
    keys = orjson.dumps([setup_entry.model_dump(), attacker_entry.model_dump(),
                         write_entry.model_dump()]).decode()  # fmt: skip

    try:
        with neo4j_server() as (uri, user, password, database):
            settings = Settings(NEO4J_URI=uri, NEO4J_USER=user, NEO4J_PASSWORD=password,
                                NEO4J_DATABASE=database)  # fmt: skip
            report_ = asyncio.run(loader.load_files(settings, loader.default_files(), reset=True))
            print(f"seed graph loaded: {report_.nodes} nodes, {report_.relationships} "
                  f"relationships", flush=True)  # fmt: skip
            env = {**os.environ, "NEO4J_URI": uri, "NEO4J_USER": user,
                   "NEO4J_PASSWORD": password, "NEO4J_DATABASE": database,
                   "TALENTGRAPH_ANONYMOUS_READ": "true", "TALENTGRAPH_API_KEYS": keys}  # fmt: skip
            log = Path(tempfile.gettempdir()) / f"talentgraph-loadtest-{os.getpid()}.log"
            with serving(env, free_port(), log) as (base, pid):
                return run_load(base, pid, args, setup_key, attacker_key, write_key)
    except SetupError as e:
        print(f"loadtest: {e}", file=sys.stderr)
        return 2


def run_load(
    base: str,
    server_pid: int,
    args: argparse.Namespace,
    setup_key: str,
    attacker_key: str,
    write_key: str,
) -> int:
    setup = {"authorization": f"Bearer {setup_key}"}
    with httpx2.Client(base_url=base, timeout=30, headers=setup, trust_env=False) as http:
        people = http.post("/graphql", json={"query": "{ people(first: 1000, synthetic: false) "
                                                      "{ nodes { id } } }"}).json()  # fmt: skip
        graph = http.post("/graphql", json={"query": "{ stats { nodes relationships } }"}).json()
    person_ids = [p["id"] for p in people["data"]["people"]["nodes"]]
    mix = cases(person_ids)
    if problems := check_mix(base, mix, setup):
        print("the mix does not run cleanly on this graph:\n" + "\n".join(problems),
              file=sys.stderr)  # fmt: skip
        return 2
    if args.abuse:
        return run_abuse(base, mix, args, attacker_key, graph["data"]["stats"])
    print(f"load: {args.clients} clients, {args.seconds:.0f} s or {args.max_requests:,} "
          f"requests, against {base}", flush=True)  # fmt: skip
    load_before = os.getloadavg()[0]  # other work on the machine skews the numbers
    cpu_before = cpu_seconds(server_pid), resource.getrusage(resource.RUSAGE_SELF)
    results, delivery = asyncio.run(with_subscribers(base, mix, args, write_key))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = cpu_seconds(server_pid) - cpu_before[0]
    client_cpu = usage.ru_utime + usage.ru_stime - cpu_before[1].ru_utime - cpu_before[1].ru_stime
    with httpx2.Client(base_url=base, timeout=5, trust_env=False) as http:
        ready = http.get("/readyz").status_code
    print(report(results, args.clients, graph["data"]["stats"], load_before))
    print(f"CPU during the load: server {server_cpu:.1f} s "
          f"({server_cpu / max(results.requests, 1) * 1000:.1f} ms a request), "
          f"clients {client_cpu:.1f} s")  # fmt: skip
    print(f"/readyz after the load: {ready}")
    if delivery is not None:
        print(loadtest_subscriptions.report(delivery, percentile))
    if results.failed or ready != 200 or (delivery is not None and delivery.failed):
        print("FAILED: 5xx answers, dropped connections, not ready after the load, or live "
              "changes lost, repeated or out of order", file=sys.stderr)  # fmt: skip
        return 1
    return 0


async def with_subscribers(
    base: str, mix: list[Case], args: argparse.Namespace, write_key: str
) -> tuple[Results, loadtest_subscriptions.Delivery | None]:
    """The clients' load, and beside it the subscribers and their writer (if any)."""
    clients = load(base, mix, args.clients, args.seconds, args.max_requests, args.timeout)
    if args.subscribers <= 0:
        return await clients, None
    # The writes stop a few seconds before the load does, so every delivery is under load.
    seconds = max(1.0, args.seconds - 8)
    live = loadtest_subscriptions.run(base, args.subscribers, seconds, write_key)
    results, delivery = await asyncio.gather(clients, live)
    return results, delivery


# Attackers start first, so the whole measured phase is under attack.
ATTACK_HEAD_START = 3.0


def run_abuse(
    base: str, mix: list[Case], args: argparse.Namespace, attacker_key: str, graph: dict[str, int]
) -> int:
    phase = (base, mix, args.clients, args.seconds, args.max_requests, args.timeout)
    print(f"phase 1: {args.clients} normal clients alone for {args.seconds:.0f} s", flush=True)
    calm = asyncio.run(load(*phase))
    print(report(calm, args.clients, graph, os.getloadavg()[0]), flush=True)
    print(f"\nphase 2: the same clients beside the attackers ({', '.join(args.attacks)})",
          flush=True)  # fmt: skip
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        attackers = pool.submit(abuse.run_attackers, base, attacker_key,
                                args.seconds + ATTACK_HEAD_START, args.attacks)  # fmt: skip
        time.sleep(ATTACK_HEAD_START)
        stormy = asyncio.run(load(*phase))
        # A hostile request may still be running at the deadline: give it its timeout.
        outcomes = attackers.result(timeout=args.seconds + 120)
    print(report(stormy, args.clients, graph, os.getloadavg()[0]))
    print("\nwhat the attackers got (status, `cut` for a closed slow connection, or an error):")
    for name, seen in outcomes.items():
        print(f"  {name:<12} {dict(sorted(seen.items()))}")
    with httpx2.Client(base_url=base, timeout=5, trust_env=False) as http:
        ready = http.get("/readyz").status_code
    before, during = percentile(calm.latencies, 99), percentile(stormy.latencies, 99)
    errors = sum(r.non_2xx + sum(r.graphql_errors.values()) + sum(r.dropped.values())
                 for r in (calm, stormy))  # fmt: skip
    # No answer at all under attack leaves the p99 undefined (nan), and a FAIL.
    passed = during < 2 * before and errors == 0 and ready == 200
    print(f"\nnormal clients' p99: {before * 1000:.1f} ms alone, {during * 1000:.1f} ms under "
          f"attack ({during / before:.2f}x); errors they saw: {errors}; /readyz after: {ready}")  # fmt: skip
    print("PASS" if passed else "FAIL: p99 rose 2x or more, or normal clients saw errors")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
