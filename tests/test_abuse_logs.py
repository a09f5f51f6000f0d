"""Quiet logs under a flood of bad requests (issue 13): bounded, counted, and with the
tracebacks of real faults kept.
"""

from __future__ import annotations

import json
import logging
import time

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.logs import JsonFormatter, RateLimitedLogger
from talentgraph.settings import Settings
from tests import abuse
from tests.abuse import gql
from tests.conftest import run

# The shared module-scoped fixtures (tests/abuse.py), under their names here.
api = abuse.api
base = abuse.base


# -- 6. Quiet logs under a flood of bad requests -------------------------------------------

BAD_REQUESTS = [
    "{ stats { ",  # syntax
    "{ stats { nodez } }",  # validation
    '{ person(id: "no-such-person") { id } }',  # NOT_FOUND
    '{ cypher(query: "RETURN 1") }',  # UNAUTHENTICATED
    "{ people(first: 99999999) { totalCount } }",  # bad argument
]


def test_a_flood_of_bad_requests_writes_a_bounded_log(
    seeded: neo4j.Driver, base: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # A low rate, so the bound below is far under one line per request however slow
    # the machine is.
    rate = 5
    caplog.set_level(logging.INFO)
    caplog.handler.setFormatter(JsonFormatter())
    padding = "#" * 5_000  # long queries must not make long lines
    app = create_app(base.model_copy(update={"log_lines_per_second": rate}))
    with TestClient(app) as client:
        started = time.monotonic()
        for i in range(1_000):
            gql(client, BAD_REQUESTS[i % len(BAD_REQUESTS)] + "\n" + padding)
        elapsed = time.monotonic() - started

    # The service's own lines, besides the one access line each request gets.
    records = [
        r
        for r in caplog.records
        if r.name.startswith(("talentgraph", "strawberry")) and r.name != "talentgraph.access"
    ]
    lines = [caplog.handler.format(r) for r in records]
    assert not [r for r in records if r.name.startswith("strawberry")]
    assert all(r.levelno < logging.ERROR for r in records), "client errors are not errors"
    assert not any(r.exc_info for r in records), "no tracebacks for client errors"
    assert max(len(line) for line in lines) < 1_000
    # At most `rate` lines a second, plus one "suppressed" line a second.
    seconds = int(elapsed) + 2
    assert len(records) <= (rate + 1) * seconds < 1_000, (len(records), elapsed)
    assert any("suppressed" in r.getMessage() for r in records)
    codes = {json.loads(line).get("code") for line in lines}
    assert codes >= {"BAD_USER_INPUT", "NOT_FOUND"}


def test_the_rate_limited_logger_counts_what_it_holds_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [100.0]
    logger = RateLimitedLogger(logging.getLogger("talentgraph.test-rate"), 3, clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="talentgraph.test-rate")
    for i in range(1_000):
        logger.log(logging.INFO, "line %d", i)
    assert [r.getMessage() for r in caplog.records] == ["line 0", "line 1", "line 2"]
    now[0] += 1
    logger.log(logging.INFO, "after")
    assert [r.getMessage() for r in caplog.records[3:]] == [
        "suppressed 997 messages over the limit of 3 a second",
        "after",
    ]
    assert caplog.records[3].levelno == logging.WARNING


def test_internal_errors_keep_their_traceback(
    api: TestClient, seeded: neo4j.Driver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="talentgraph")
    run(seeded, "CREATE (:Entity:Person {id: 'abuse-broken'})")  # no name: a server fault
    try:
        body = gql(api, '{ person(id: "abuse-broken") { id name } }')
    finally:
        run(seeded, "MATCH (n {id: 'abuse-broken'}) DETACH DELETE n")
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL"}
    (record,) = [r for r in caplog.records if r.name == "talentgraph.errors"]
    assert record.levelno == logging.ERROR
    assert record.exc_info
