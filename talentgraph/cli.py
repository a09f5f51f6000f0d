"""The `talentgraph` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from talentgraph import local_neo4j
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
    except LocalNeo4jError as e:
        print(f"talentgraph: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
