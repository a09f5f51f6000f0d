"""The one way to the database: named Cypher, read or write, with bounded waits.

Every statement passes through `Graph.read`/`Graph.write`/`Graph.transaction`,
so this is where the database name is always passed, where outages become
DATABASE_UNAVAILABLE, and where statements are counted and timed.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from talentgraph import metrics
from talentgraph.errors import DatabaseUnavailable, QueryTimeout, Refused
from talentgraph.queries import QUERIES
from talentgraph.settings import Settings

T = TypeVar("T")
Rows = list[dict[str, Any]]

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, OSError)


class StoredValueMismatch(Exception):
    """A compiled statement found a stored value that does not fit its GraphQL type."""


def _driver(settings: Settings, *, acquire: float, pool: int, **options: Any) -> AsyncDriver:
    """A driver to the configured Neo4j, with a pool of `pool` connections."""
    return AsyncGraphDatabase.driver(
        settings.bolt_uri(),
        auth=(settings.neo4j_user, settings.password()),
        connection_timeout=settings.neo4j_connect_timeout,
        connection_acquisition_timeout=acquire,
        max_connection_pool_size=pool,
        # A pooled connection idle for a while may be dead after a restart.
        liveness_check_timeout=10.0,
        # The statements are fixed and tested (tests/test_cypher_files.py): the
        # server's notifications would only cost bytes on every reply.
        notifications_min_severity="OFF",
        **options,
    )


# Retries hide blips, but a long retry turns an outage into a hang: the budget of the
# managed transactions (the driver checks it before its last backoff) and of `_read_one`.
_RETRY_SECONDS = 1.0
_ROLLED_BACK_TRIES = 5  # a deadlock with a writer is tried again (Graph.rolled_back)


class Graph:
    def __init__(self, settings: Settings):
        self.database = settings.neo4j_database
        self.driver = _driver(
            settings,
            acquire=settings.neo4j_acquire_timeout,
            pool=settings.neo4j_pool_size,
            max_transaction_retry_time=_RETRY_SECONDS,
        )
        # /readyz pings through a small driver of its own: through the main pool, a
        # ping would queue behind requests and report a busy database as down.
        self._probe = _driver(
            settings, acquire=settings.neo4j_connect_timeout, pool=settings.probe_pool_size
        )
        self.statements = 0
        # Every data write takes the change log's counter lock to commit
        # (talentgraph/changelog.py), so writers run one after another in Neo4j whatever
        # this process does. They queue here instead, where waiting holds no connection,
        # no lock and none of the transaction's time. 50 new people then 50 employments
        # at one company, each batch at once, took 13.6 s waiting in Neo4j and 4.9 s
        # queued here (docs/writing.md); on a loaded machine the last ones had run past
        # the transaction timeout.
        self._writing = asyncio.Lock()
        self._write_queue_timeout = settings.write_queue_timeout
        # User Cypher (cypher_guard) gets a driver and a small pool of its own:
        # however many power-user queries are stuck in Neo4j, the pool above keeps
        # its connections for GraphQL.
        self.power_user_driver = _driver(
            settings, acquire=settings.cypher_acquire_timeout, pool=settings.cypher_pool_size
        )
        self._power_user_grace = settings.cypher_deadline_grace_seconds
        self._power_user_pool = settings.cypher_pool_size
        # Power-user work past its deadline, still holding its connection.
        self._lingering: set[asyncio.Task[Any]] = set()

    async def close(self) -> None:
        for task in self._lingering:
            task.cancel()  # the driver drops their connections; Neo4j then ends them
        await asyncio.gather(*self._lingering, return_exceptions=True)
        await self.driver.close()
        await self._probe.close()
        await self.power_user_driver.close()

    async def read(self, name: str, **params: Any) -> Rows:
        """Run a named read statement (routed to a secondary in a cluster)."""
        return await self._read_one(lambda s: _run(s, name, QUERIES[name].text, params, self))

    async def read_collected(self, name: str, **params: Any) -> Rows:
        """Run a named read statement that returns its rows collected in one, as `rows`.

        The async driver receives each record for itself, at about 0.1 ms a record
        (20,000 one-string records took 2.3 s on the bench machine, 0.05 s as one list in
        one record: docs/benchmarks.md, imports at scale), so the statements that answer
        thousands of rows, the import's lookups and the export's reads, collect them.
        """
        (row,) = await self.read(name, **params)
        rows: Rows = row["rows"]
        return rows

    async def read_compiled(self, text: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run one statement the compiler wrote (compiler/), whose one row is the answer.

        The text holds only identifiers from the schema; every request value is in `params`.
        """

        async def single(session: neo4j.AsyncSession) -> dict[str, Any]:
            self.statements += 1
            started = time.perf_counter()
            try:
                record = await (await session.run(text, params)).single(strict=True)
                return dict(zip(record.keys(), record.values(), strict=True))
            finally:
                metrics.STATEMENT_SECONDS.labels("compiled").observe(time.perf_counter() - started)

        try:
            return await self._read_one(single)
        except ClientError as e:
            # compiler/scalars.py divides by zero where a value does not fit its type.
            if e.code == "Neo.ClientError.Statement.ArithmeticError":
                raise StoredValueMismatch(e.message) from e
            raise

    async def _read_one(self, run: Callable[[neo4j.AsyncSession], Awaitable[T]]) -> T:
        """One read statement, in an auto-commit transaction, retried as a managed one is.

        A managed transaction (`execute_read`) costs a round trip more, its COMMIT, and
        the driver's work around it: for entity_by_id on the seed graph, interleaved,
        1.33 ms of this process's CPU and a p50 of 1.56 ms a statement, against 0.82 ms
        and 1.02 ms auto-commit (docs/benchmarks.md). One statement reads one state of
        the graph either way. What the managed transaction added, retrying a failure the
        driver calls retryable (a cluster's leader moved, a transient error), stays:
        with backoff, within the same budget (`_RETRY_SECONDS`).
        """
        deadline = time.monotonic() + _RETRY_SECONDS
        delay = 0.1
        with _translated():
            while True:
                try:
                    async with self.driver.session(
                        database=self.database, default_access_mode=neo4j.READ_ACCESS
                    ) as session:
                        return await run(session)
                except (Neo4jError, DriverError) as e:
                    if not e.is_retryable() or time.monotonic() + delay > deadline:
                        raise
                await asyncio.sleep(delay * random.uniform(0.8, 1.2))
                delay *= 2

    async def write(self, name: str, **params: Any) -> Rows:
        """One statement in a write transaction. Not for data: every write of data runs in
        `transaction` and ends by appending its change (talentgraph/changelog.py)."""
        async with self._session(neo4j.WRITE_ACCESS) as session:
            return await session.execute_write(_run, name, QUERIES[name].text, params, self)

    async def transaction(
        self,
        work: Callable[[Tx], Awaitable[T]],
        *,
        write: bool = True,
        timeout: float | None = None,
    ) -> T:
        """Several named statements in one transaction: all land or none do.

        Write transactions run one at a time (see `_writing`). `timeout` (seconds)
        replaces the server's default, for bulk work such as an import.
        """

        @neo4j.unit_of_work(timeout=timeout)
        async def unit(tx: AsyncManagedTransaction) -> T:
            return await work(Tx(tx, self))

        if not write:
            async with self._session(neo4j.READ_ACCESS) as session:
                return await session.execute_read(unit)
        async with self._one_writer(), self._session(neo4j.WRITE_ACCESS) as session:
            return await session.execute_write(unit)

    @asynccontextmanager
    async def _one_writer(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(self._write_queue_timeout):
                await self._writing.acquire()
        except TimeoutError:
            raise QueryTimeout(
                f"other writes held the database for {self._write_queue_timeout:g} s; "
                "nothing was written, try again"
            ) from None
        try:
            yield
        finally:
            self._writing.release()

    async def rolled_back(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Named statements in a write transaction that is never committed: what `work`
        writes only it sees, and it is gone when `work` returns (the graph at a revision,
        resolvers/revisions.py). It holds the write locks of what it touches until then,
        so a writer of the same things may deadlock with it: Neo4j then fails one of the
        two, and this tries again, as the driver does for managed transactions."""
        tries = 0
        while True:
            try:
                async with self._session(neo4j.WRITE_ACCESS) as session:
                    tx = await session.begin_transaction()
                    try:
                        return await work(Tx(tx, self))
                    finally:
                        await tx.close()  # never committed, so this rolls back
            except TransientError as e:
                tries += 1
                if not e.is_retryable() or tries == _ROLLED_BACK_TRIES:
                    raise
                # Back off, with jitter, so the two do not meet again at once.
                await asyncio.sleep(0.05 * 2**tries * random.uniform(0.5, 1.5))

    async def autocommit(self, name: str, *, timeout: float | None = None, **params: Any) -> None:
        """For the statements that manage their own transactions (schema, batched deletes).

        `timeout` (seconds) replaces the server's default transaction timeout, for
        maintenance that rightly runs long, such as emptying a large graph.
        """
        await self._autocommit(QUERIES[name].text, params, timeout)

    async def resample_indexes(self) -> None:
        """After a bulk write, so the next statements are planned on true index samples."""
        await self.autocommit("resample_indexes")

    async def apply_schema(self) -> None:
        """Constraints and indexes; every statement is IF NOT EXISTS, so this is idempotent."""
        for statement in filter(None, map(str.strip, QUERIES["schema"].text.split(";"))):
            await self._autocommit(statement, {})

    async def _autocommit(
        self, text: str, params: dict[str, Any], timeout: float | None = None
    ) -> None:
        self.statements += 1
        async with self._session(neo4j.WRITE_ACCESS) as session:
            query = neo4j.Query(text, timeout=timeout)
            await (await session.run(query, params)).consume()

    async def version(self) -> str:
        """A token that changes whenever a transaction commits: the bookmark of a trivial read.

        Neo4j's bookmark names the last transaction committed when the read
        began, whoever wrote it (this service, the seed loader, Neo4j Browser),
        so HTTP caches can tell a changed graph at the cost of one `RETURN 1`.
        """
        async with self._session(neo4j.READ_ACCESS) as session:
            await (await session.run(QUERIES["ping"].text)).consume()
            return ",".join(sorted((await session.last_bookmarks()).raw_values))

    async def ping(self) -> None:
        # Auto-commit, not a managed transaction: a probe must not wait out retries.
        with _translated():
            async with self._probe.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                await (await session.run(QUERIES["ping"].text)).consume()

    async def power_user_read(
        self,
        work: Callable[[neo4j.AsyncTransaction], Awaitable[T]],
        *,
        timeout: float,
        fetch_size: int,
    ) -> T:
        """`work` in an explicit read transaction on the power-user pool, always rolled back.

        Never auto-commit and never retried. The transaction has `timeout`
        seconds; Neo4j cannot stop some work inside a single expression at that
        timeout, so the caller gets QueryTimeout at timeout + the grace whatever
        Neo4j does, while `work` goes on in the background and keeps its
        connection until Neo4j lets go: the pool's size is then the bound on
        how many Neo4j threads power users can hold.
        """
        limit = f"the query ran past its {timeout:g} s limit"
        task = asyncio.ensure_future(self._power_user_tx(work, timeout, fetch_size))
        try:
            with _translated(user_query=True):
                try:
                    deadline = timeout + self._power_user_grace
                    return await asyncio.wait_for(asyncio.shield(task), deadline)
                except ConnectionAcquisitionTimeoutError as e:
                    raise DatabaseUnavailable(
                        f"all {self._power_user_pool} connections for Cypher queries are "
                        "busy; try again shortly"
                    ) from e
                except TimeoutError:
                    if task.done():
                        raise  # the driver's own, from a socket
                    raise QueryTimeout(limit) from None
        except QueryTimeout as e:
            # Neo4j's own timeout, translated above: it too names the user's limit.
            raise QueryTimeout(limit) from e.__cause__
        finally:
            if not task.done():  # past the deadline, or the client went away
                self._lingering.add(task)
                task.add_done_callback(_forget(self._lingering))

    async def _power_user_tx(
        self,
        work: Callable[[neo4j.AsyncTransaction], Awaitable[T]],
        timeout: float,
        fetch_size: int,
    ) -> T:
        async with self.power_user_driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch_size
        ) as session:
            tx = await session.begin_transaction(timeout=timeout)
            try:
                return await work(tx)
            finally:
                await tx.close()  # never committed, so this rolls back

    @asynccontextmanager
    async def _session(self, mode: str) -> AsyncIterator[neo4j.AsyncSession]:
        with _translated():
            async with self.driver.session(database=self.database, default_access_mode=mode) as s:
                yield s


class Tx:
    """A transaction that only runs named statements."""

    def __init__(self, tx: AsyncManagedTransaction | neo4j.AsyncTransaction, graph: Graph):
        self._tx = tx
        self._graph = graph

    async def run(self, name: str, **params: Any) -> Rows:
        return await _run(self._tx, name, QUERIES[name].text, params, self._graph)

    async def pipelined(
        self, statements: AsyncIterable[tuple[str, dict[str, Any]]]
    ) -> AsyncIterator[tuple[str, dict[str, Any], Rows]]:
        """Each named statement of `statements` with its parameters, yielding each one's
        name, parameters and rows, in order.

        Each statement is sent before the rows of the one before are read, so Neo4j runs
        one while Python makes the next (`statements` may be a generator that does real
        work: an import plans its next facts there, docs/benchmarks.md)."""
        pending: tuple[str, dict[str, Any], neo4j.AsyncResult, float] | None = None
        async for name, params in statements:
            self._graph.statements += 1
            started = time.perf_counter()
            result = await self._tx.run(QUERIES[name].text, params)  # text comes from cypher/
            if pending is not None:
                yield await _answered(*pending)
            pending = (name, params, result, started)
        if pending is not None:
            yield await _answered(*pending)


async def _run(
    tx: AsyncManagedTransaction | neo4j.AsyncTransaction | neo4j.AsyncSession,
    name: str,
    text: str,
    params: dict[str, Any],
    graph: Graph,
) -> Rows:
    graph.statements += 1
    started = time.perf_counter()
    try:
        result = await tx.run(text, params)  # text comes from cypher/
        return await result.data()
    finally:
        metrics.STATEMENT_SECONDS.labels(name).observe(time.perf_counter() - started)


async def _answered(
    name: str, params: dict[str, Any], result: neo4j.AsyncResult, started: float
) -> tuple[str, dict[str, Any], Rows]:
    """A pipelined statement and its rows, its time observed from when it was sent."""
    try:
        return name, params, await result.data()
    finally:
        metrics.STATEMENT_SECONDS.labels(name).observe(time.perf_counter() - started)


def _forget(tasks: set[asyncio.Task[Any]]) -> Callable[[asyncio.Task[Any]], None]:
    def done(task: asyncio.Task[Any]) -> None:
        tasks.discard(task)
        if not task.cancelled():
            task.exception()  # nobody waits for it any more: its failure is expected

    return done


class _translated:
    """Turn driver failures into the errors clients are promised: the one translator.

    With `user_query`, for power users' own Cypher, what Neo4j says about the
    query itself also becomes a refusal that names a rule.
    """

    def __init__(self, *, user_query: bool = False):
        self.user_query = user_query

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: Any
    ) -> None:
        if error is None:
            return
        if isinstance(error, UNAVAILABLE) or (
            isinstance(error, TransientError) and "Unavailable" in (error.code or "")
        ):
            raise DatabaseUnavailable("the database is unavailable; try again shortly") from error
        code = (error.code or "") if isinstance(error, Neo4jError) else ""
        if "TransactionTimedOut" in code:
            raise QueryTimeout("the query ran past its time limit") from error
        if code.endswith(("Transaction.LockClientStopped", "Transaction.Terminated")):
            # Stopped while it waited for a lock or ran: past its timeout, or by an
            # operator (TERMINATE TRANSACTION). Neo4j says which only in prose.
            raise QueryTimeout(
                "the transaction was stopped before it finished (past its time limit, or "
                "by an operator); try again"
            ) from error
        if isinstance(error, DriverError) and "defunct" in str(error).lower():
            raise DatabaseUnavailable("the database is unavailable; try again shortly") from error
        if "OutOfMemory" in code or "MemoryLimit" in code:
            # Any statement, a GraphQL read's too: the answer asked for is too big, which
            # smaller pages or fewer fields cure, not a retry.
            raise Refused(
                "memory", "the query needs more memory than a transaction may use"
            ) from error
        if self.user_query and isinstance(error, Neo4jError):
            _refuse_user_query(error)


def _refuse_user_query(error: Neo4jError) -> None:
    code = error.code or ""
    if isinstance(error, TransientError):
        raise DatabaseUnavailable("the database could not run the query now; try again") from error
    if not isinstance(error, ClientError):
        return  # the server's own fault: a masked 500, never its details
    if code.startswith("Neo.ClientError.Statement."):
        # About the user's own query (syntax, types, missing parameters): the
        # first line says what and where; the rest only repeats the query.
        rule = "syntax" if code.endswith("SyntaxError") else "query-error"
        raise Refused(rule, (error.message or code).splitlines()[0][:300]) from error
    raise Refused("query-error", f"the database refused the query ({code})") from error
