"""The `talentgraph` command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from seeds import loader, synthetic
from talentgraph import local_neo4j, logs, progress
from talentgraph.auth import Principal, Scope, new_key
from talentgraph.cypher_guard import CypherResult, run_guarded
from talentgraph.db import Graph
from talentgraph.errors import AppError, DatabaseUnavailable
from talentgraph.local_neo4j import LocalNeo4jError
from talentgraph.settings import Settings, describe_error, get_settings
from talentgraph.transfer import commands as transfer


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
    settings = get_settings()
    if args.synthetic is not None:
        options = {"seed": args.random_seed, "reset": args.reset, "show": progress.shown}
        report = asyncio.run(synthetic.load(settings, args.synthetic, **options))
    else:
        paths = [Path(f) for f in args.files] or loader.default_files()
        try:
            report = asyncio.run(_load_waiting(settings, paths, reset=args.reset, wait=args.wait))
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


async def _load_waiting(
    settings: Settings, paths: list[Path], *, reset: bool, wait: float
) -> loader.Report:
    """Load, retrying while the database is still starting (compose starts both at once)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return await loader.load_files(settings, paths, reset=reset)
        except DatabaseUnavailable:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(2)


def _export_schema(args: argparse.Namespace) -> int:
    # Strawberry and uvicorn load only for the commands that need them (here and
    # in _serve): `talentgraph neo4j status` and friends answer at once.
    import schema

    print(schema.build(get_settings()).as_str())
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from talentgraph.server import uvicorn_options

    s = get_settings()
    logs.configure()
    # On SIGTERM uvicorn stops accepting, lets requests in flight finish (up to the
    # timeout), then runs the lifespan's shutdown, which closes the driver.
    uvicorn.run(
        "talentgraph.app:create_app", factory=True, host=args.host or s.host,
        port=args.port or s.port, workers=args.workers, log_config=None,
        timeout_graceful_shutdown=10, server_header=False, **uvicorn_options(s),
    )  # fmt: skip
    return 0


def _scopes(text: str) -> list[Scope]:
    try:
        return [Scope(s.strip()) for s in text.split(",") if s.strip()]
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"scopes are {', '.join(Scope)}") from e


def _apikey(args: argparse.Namespace) -> int:
    key, entry = new_key(args.name, args.scopes)
    # Instructions on stderr, so stdout holds only the key and the entry.
    print(f"API key for {args.name} (shown once; store it now):", file=sys.stderr)
    print(key)
    print("Add this entry to the JSON list in TALENTGRAPH_API_KEYS:", file=sys.stderr)
    print(entry.model_dump_json())
    return 0


def _param(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value  # not JSON: a plain string, e.g. a slug id


def _cypher(args: argparse.Namespace) -> int:
    result = asyncio.run(_run_cypher(args.query, args.name, dict(args.param)))
    if args.json:
        body = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
        print(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode())
        return 0
    table = [result.columns] + [
        [v if isinstance(v, str) else orjson.dumps(v).decode() for v in row] for row in result.rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(result.columns))]
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if result.truncated:
        print(f"(the first {len(result.rows)} rows only)", file=sys.stderr)
    return 0


async def _run_cypher(query: str | None, name: str | None, params: dict[str, Any]) -> CypherResult:
    settings = get_settings()
    graph = Graph(settings)
    # The local user is trusted with the cypher scope; the read-only guard still applies.
    local_user = Principal("cli", frozenset({Scope.CYPHER}))
    try:
        return await run_guarded(
            graph, local_user, query=query, name=name, params=params, settings=settings
        )
    finally:
        await graph.close()


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

    p = sub.add_parser("export-schema", help="print the GraphQL SDL (schema/schema.graphql)")
    p.set_defaults(run=_export_schema)

    p = sub.add_parser("serve", help="serve the API (uvicorn)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(run=_serve)

    p = sub.add_parser("apikey", help="make an API key; prints it once, and its settings entry")
    p.add_argument("--name", required=True, help="who the key is for")
    p.add_argument("--scopes", type=_scopes, required=True, help="e.g. read,write,cypher")
    p.set_defaults(run=_apikey)

    p = sub.add_parser("cypher", help="run read-only Cypher (text or a named query)")
    p.add_argument("query", nargs="?", help="the Cypher text (or give --name)")
    p.add_argument("--name", help="a public named query from cypher/")
    p.add_argument("--param", type=_param, action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter; the value is read as JSON, else as a string")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_cypher)

    transfer.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (LocalNeo4jError, AppError) as e:
        print(f"talentgraph: {e}", file=sys.stderr)
        return 1
    except ValidationError as e:  # the settings: named, their values never shown
        print(f"talentgraph: {describe_error(e)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
