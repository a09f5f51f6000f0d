"""The `talentgraph` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from talentgraph import local_neo4j
from talentgraph.errors import AppError
from talentgraph.local_neo4j import LocalNeo4jError


def _neo4j(args: argparse.Namespace) -> int:
    server = local_neo4j.from_settings()
    if args.action == "start":
        if (pid := server.running_pid()) is not None:
            print(f"the local Neo4j is already running (pid {pid}) at {server.uri}")
            return 0
        print(server.start())
        print(f"stop it with: talentgraph neo4j stop   (password in {server.data / 'password'})",
              file=sys.stderr)  # fmt: skip
    elif args.action == "stop":
        print("stopped" if server.stop() else "the local Neo4j was not running")
    else:
        pid = server.running_pid()
        print(f"running (pid {pid}) at {server.uri}" if pid else "not running")
        return 0 if pid else 3
    return 0


def _seed(args: argparse.Namespace) -> int:
    import asyncio
    from pathlib import Path

    from seeds import loader, synthetic
    from talentgraph.settings import get_settings

    settings = get_settings()
    if args.synthetic is not None:
        report = asyncio.run(
            synthetic.load(settings, args.synthetic, seed=args.random_seed, reset=args.reset)
        )
    else:
        paths = [Path(f) for f in args.files] or loader.default_files()
        try:
            report = asyncio.run(_with_wait(loader.load_files, settings, paths, args))
        except loader.SeedError as e:
            for problem in e.problems:
                print(problem, file=sys.stderr)
            print(f"{len(e.problems)} problem(s); nothing was written", file=sys.stderr)
            return 1
    if report.removed is not None:
        print(f"removed {report.removed['nodes']} nodes and "
              f"{report.removed['relationships']} relationships")  # fmt: skip
    print(
        f"wrote {report.nodes} nodes and {report.relationships} relationships "
        f"in {report.seconds:.2f}s ({report.rows_per_second:,.0f} rows/s)"
    )
    return 0


async def _with_wait(load, settings, paths, args):  # type: ignore[no-untyped-def]
    """Retry while the database is still starting (compose starts both at once)."""
    import asyncio
    import time

    from talentgraph.errors import DatabaseUnavailable

    deadline = time.monotonic() + args.wait
    while True:
        try:
            return await load(settings, paths, reset=args.reset)
        except DatabaseUnavailable:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(2)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from talentgraph.settings import get_settings

    s = get_settings()
    uvicorn.run(
        "talentgraph.app:create_app", factory=True, host=args.host or s.host,
        port=args.port or s.port, workers=args.workers, log_level="info",
    )  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talentgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("neo4j", help="start, stop or check the local Neo4j (no Docker needed)")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.set_defaults(run=_neo4j)

    p = sub.add_parser("seed", help="validate and load the seed graph (or a synthetic one)")
    p.add_argument("files", nargs="*", help="seed files (default: seeds/data/*.yaml)")
    p.add_argument("--reset", action="store_true", help="empty the graph first")
    p.add_argument("--synthetic", type=int, metavar="N", help="a synthetic graph of N people")
    p.add_argument("--random-seed", type=int, default=7, metavar="S")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="keep retrying while Neo4j is unavailable")  # fmt: skip
    p.set_defaults(run=_seed)

    p = sub.add_parser("serve", help="serve the API (uvicorn)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (LocalNeo4jError, AppError) as e:
        print(f"talentgraph: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
