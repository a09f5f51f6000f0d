"""`POST /import`: `talentgraph import` over HTTP, for a key with the write scope.

The body is one file: JSON Lines (`Content-Type: application/x-ndjson` or
`application/jsonl`), or CSV (`text/csv`) with `?kind=people` (the file's kind, as
its name would say). `?dryRun=true` answers the plan without writing. The answer
is `{"dryRun", "records", "created", "changed", "unchanged", "written", "notes",
"plan": {"created": [...], "changed": [...]}}`; a refusal is
`{"error": {"code", "message", "problems": [{"file", "record", "field", "message"}]}}`
with the code's HTTP status, and nothing is written. What it writes is stamped
`writtenBy` the key's name, as the mutations are. The body cap is
TALENTGRAPH_IMPORT_MAX_BODY_BYTES.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from talentgraph.auth import Scope, authenticate, require
from talentgraph.errors import AppError, BadInput
from talentgraph.refusals import error_response
from talentgraph.settings import Settings
from talentgraph.transfer import importer

FORMATS = {"application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "text/csv": "csv"}
PLAN_LINES = 1_000  # per category in the answer; the counts are whole


async def import_records(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        principal = authenticate(request.headers.get("authorization"), settings)
        writer = require(principal, Scope.WRITE)
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        format = FORMATS.get(media_type)
        if format is None:
            raise BadInput(f"send the body as one of: {', '.join(FORMATS)}", field="content-type")
        kind = request.query_params.get("kind")
        if format == "csv" and not kind:
            raise BadInput("a CSV body needs ?kind= (people, companies, facts...)", field="kind")
        dry_run = request.query_params.get("dryRun", "false").lower()
        if dry_run not in {"true", "false"}:
            raise BadInput("dryRun is true or false", field="dryRun")
        try:
            text = (await request.body()).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise BadInput("the body is not UTF-8 text") from e
        name = f"body.{kind}" if kind else "body"
        records, problems = importer.read_text(name, text, format, kind)
        plan = await importer.run(
            request.app.state.graph, records, problems, dry_run=dry_run == "true",
            by=writer.name, timeout=settings.import_timeout_seconds,
        )  # fmt: skip
    except AppError as e:
        return _error(e)
    return _json(
        {
            "dryRun": dry_run == "true", **plan.summary(), "notes": plan.notes,
            "plan": {"created": plan.created[:PLAN_LINES], "changed": plan.changed[:PLAN_LINES]},
        }
    )  # fmt: skip


def _error(error: AppError) -> Response:
    if not isinstance(error, importer.ImportProblems):
        return error_response(error)
    problems = [
        {"file": p.file, "record": p.record, "field": p.field, "message": p.message}
        for p in error.problems
    ]
    return error_response(error, problems=problems)


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), status, headers, media_type="application/json")


routes = [Route("/import", import_records, methods=["POST"])]
