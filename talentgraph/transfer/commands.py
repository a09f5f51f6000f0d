"""The `talentgraph import` and `talentgraph export` commands (parsers in talentgraph/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from talentgraph import progress
from talentgraph.db import Graph
from talentgraph.settings import get_settings
from talentgraph.transfer import exporter, importer
from talentgraph.transfer.importer import ImportProblems, Plan

SHOWN = 20  # lines per category a dry run prints before "... and N more"


def run_import(args: argparse.Namespace) -> int:
    paths = list(map(Path, args.paths))
    records, problems = importer.read_files(paths)
    settings = get_settings()
    graph = Graph(settings)

    async def work() -> Plan:
        try:
            return await importer.run(
                graph, records, problems, dry_run=args.dry_run, show=progress.shown,
                by=importer.command_name(paths), timeout=settings.import_timeout_seconds,
            )  # fmt: skip
        finally:
            await graph.close()

    try:
        plan = asyncio.run(work())
    except ImportProblems as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(f"{len(refused.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    for note in plan.notes:
        print(note)
    if args.dry_run:
        for verb, lines in (("create", plan.created), ("change", plan.changed)):
            for line in lines[:SHOWN]:
                print(f"would {verb} {line}")
            if len(lines) > SHOWN:
                print(f"... and {len(lines) - SHOWN:,} more to {verb}")
    done = "would create" if args.dry_run else "created"
    print(
        f"{plan.records:,} records: {done} {len(plan.created):,}, "
        f"{'would change' if args.dry_run else 'changed'} {len(plan.changed):,}, "
        f"left alone {plan.unchanged:,} (nodes and relationships)"
        + ("; dry run, nothing written" if args.dry_run else "")
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.output is None:
        print(
            "talentgraph: CSV is one file per kind: give a directory with --output", file=sys.stderr
        )
        return 2
    graph = Graph(get_settings())

    async def work() -> exporter.Export:
        try:
            return await exporter.collect(
                graph, around=args.around, hops=args.hops, show=progress.shown
            )
        finally:
            await graph.close()

    export = asyncio.run(work())
    out = Path(args.output) if args.output else sys.stdout
    exporter.write(export, args.format, out, show=progress.shown)
    if args.output:
        print(f"exported {export.count():,} records to {args.output}", file=sys.stderr)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import records from CSV or JSON Lines files")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files (.csv named for their kind, .jsonl), or directories of them")  # fmt: skip
    p.add_argument("--dry-run", action="store_true",
                   help="print what would be created, changed and left alone; write nothing")  # fmt: skip
    p.set_defaults(run=run_import)

    p = sub.add_parser("export", help="export the graph (or a neighbourhood) as records")
    p.add_argument("--format", choices=exporter.FORMATS, default="jsonl")
    p.add_argument("--output", "-o", metavar="PATH",
                   help="file (a directory for csv); default: standard output")  # fmt: skip
    p.add_argument("--around", metavar="ID", help="only the neighbourhood of this entity")
    p.add_argument("--hops", type=int, default=1, metavar="N", help="its radius (default 1)")
    p.set_defaults(run=run_export)
