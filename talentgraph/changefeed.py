"""The change feed: one tailer per process reads the change log, every subscriber shares it.

Delivery across processes needs no broker: every write appends a `Change` with a
gap-free sequence number in commit order (docs/history.md), so each API process
polls the log past the last number it has seen (cypher/changes_after.cypher, one
indexed query every `subscription_poll_seconds`) and hands each change to its own
subscribers. N subscribers cost one poll; a process with none does not poll.

A subscriber is a pull: it catches up from the log at its own pace (`after`, its
cursor), then joins the live feed at the exact number the feed has reached, so it
sees every change once and in order. Live changes wait in a bounded buffer per
subscriber; the feed never waits for one, and a subscriber whose buffer fills is
ended with SLOW_CONSUMER and the cursor to resume from.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from resolvers import changes
from talentgraph.db import Graph
from talentgraph.errors import AppError, LimitReached, SlowConsumer
from talentgraph.settings import Settings

log = logging.getLogger("talentgraph.changefeed")

Change = dict[str, Any]
# (after, first, kinds, ids) -> the changes past `after`, by sequence number.
# An idle feed checks every this many polls that the log has not gone back.
_HEAD_CHECK_POLLS = 32
Reader = Callable[[int, int, list[str] | None, list[str] | None], Awaitable[list[Change]]]


class Subscriber:
    """One subscription's place in the log and its buffer of live changes."""

    def __init__(self, feed: ChangeFeed, key: str, after: int | None,
                 kinds: list[str] | None, ids: list[str] | None):  # fmt: skip
        self.feed = feed
        self.key = key
        self.after = after
        self.kinds = frozenset(kinds) if kinds else None
        self.ids = frozenset(ids) if ids else None
        # The log is covered up to here: every change up to `position` that matched
        # was yielded, the later ones are still to come.
        self.position = after or 0
        self.live = False
        self._buffer: deque[Change] = deque()
        self._wake = asyncio.Event()
        self._ended: AppError | None = None
        self._closed = False

    def matches(self, change: Change) -> bool:
        if self.kinds is not None and self.kinds.isdisjoint(change.get("kinds") or ()):
            return False
        return self.ids is None or not self.ids.isdisjoint(change.get("ids") or ())

    def offer(self, change: Change) -> bool:
        """Take a live change without waiting; False when the buffer is full."""
        if len(self._buffer) >= self.feed.buffer:
            return False
        self._buffer.append(change)
        self._wake.set()
        return True

    def end(self, error: AppError | None = None) -> None:
        """Stop after what is buffered: with `error`, or quietly (the server is stopping)."""
        self._ended = error
        self._closed = True
        self._wake.set()

    async def changes(self) -> AsyncIterator[Change]:
        """The changes past the cursor, then live ones, each once and in order."""
        feed = self.feed
        try:
            await feed.ready()
            if self.after is None:
                self.position = feed.head
            async for change in self._catch_up():
                yield change
            while True:
                while self._buffer:
                    change = self._buffer.popleft()
                    self.position = change["seq"]
                    yield change
                if self._closed:
                    if self._ended is not None:
                        raise self._ended
                    return
                self._wake.clear()
                await self._wake.wait()
        finally:
            feed.leave(self)

    async def _catch_up(self) -> AsyncIterator[Change]:
        """Read the log from the cursor until the feed's head, then go live.

        The head is taken before each read: a short page means the log is covered up
        to that head. Going live is synchronous (no await between the check and the
        registration), so the feed's next change is the first one past `position`.
        """
        feed = self.feed
        while True:
            head = feed.head
            if self.position >= head or self._closed:
                feed.go_live(self)
                return
            page = await feed.read(self.position, feed.batch, self._list(self.kinds),
                                   self._list(self.ids))  # fmt: skip
            for change in page:
                self.position = change["seq"]
                yield change
            if len(page) < feed.batch:
                self.position = max(self.position, head)

    @staticmethod
    def _list(values: frozenset[str] | None) -> list[str] | None:
        return sorted(values) if values is not None else None


class ChangeFeed:
    """The process's one tailer of the change log, and its subscribers."""

    def __init__(self, read: Reader, read_head: Callable[[], Awaitable[int]], settings: Settings):
        self.read = read
        self._read_head = read_head
        self.poll_seconds = settings.subscription_poll_seconds
        self.batch = settings.subscription_batch
        self.buffer = settings.subscription_buffer
        self.per_key = settings.subscriptions_per_key
        # Every change up to `head` has been handed to the live subscribers.
        self.head = 0
        self.subscribers: set[Subscriber] = set()
        self._live: set[Subscriber] = set()
        self._keys: Counter[str] = Counter()
        self._active = asyncio.Event()  # some subscriber exists: poll
        self._ready = asyncio.Event()  # `head` is the log's, not a stale one
        self._task: asyncio.Task[None] | None = None
        self.closing = False
        self.polls = 0

    @classmethod
    def for_graph(cls, graph: Graph, settings: Settings) -> ChangeFeed:
        async def read(after: int, first: int, kinds: list[str] | None,
                       ids: list[str] | None) -> list[Change]:  # fmt: skip
            return await changes.read_after(graph, after, first, kinds, ids)

        async def read_head() -> int:
            (row,) = await graph.read("change_head")
            return int(row["seq"])

        return cls(read, read_head, settings)

    # -- subscribers ---------------------------------------------------------------------

    def subscribe(self, key: str, after: int | None = None, kinds: list[str] | None = None,
                  ids: list[str] | None = None) -> Subscriber:  # fmt: skip
        """A new subscriber, counted against its key's limit (LimitReached past it)."""
        if self.closing:
            raise AppError("the server is stopping: subscribe again, on another instance "
                           "or in a moment, with your cursor")  # fmt: skip
        if self._keys[key] >= self.per_key:
            raise LimitReached("subscriptions-per-key",
                               f"{key!r} has {self._keys[key]} subscriptions open here, the "
                               f"limit: close one, or share one stream")  # fmt: skip
        subscriber = Subscriber(self, key, after, kinds, ids)
        self._keys[key] += 1
        self.subscribers.add(subscriber)
        self._active.set()
        return subscriber

    def go_live(self, subscriber: Subscriber) -> None:
        if subscriber in self.subscribers:
            subscriber.live = True
            self._live.add(subscriber)

    def leave(self, subscriber: Subscriber) -> None:
        if subscriber in self.subscribers:
            self.subscribers.discard(subscriber)
            self._live.discard(subscriber)
            self._keys[subscriber.key] -= 1
            if self._keys[subscriber.key] <= 0:
                del self._keys[subscriber.key]

    async def ready(self) -> None:
        await self._ready.wait()

    # -- the tailer ------------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="changefeed")

    def shutdown(self) -> None:
        """End every stream (the protocols send their closing message); refuse new ones."""
        self.closing = True
        for subscriber in list(self.subscribers):
            subscriber.end()

    async def close(self) -> None:
        self.shutdown()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            if not self.subscribers:
                # Idle: no poll at all. The head goes stale, so it is read again.
                self._ready.clear()
                self._active.clear()
                await self._active.wait()
            try:
                if not self._ready.is_set():
                    self.head = await self._read_head()
                    self._ready.set()
                full = await self._poll()
            except AppError as e:  # the database is away: try again, subscribers wait
                log.warning("change feed: %s", e.message)
                full = False
                await asyncio.sleep(max(self.poll_seconds, 1.0))
            except Exception:  # a bug must not stop every subscriber's feed for good
                log.exception("change feed: poll failed")
                full = False
                await asyncio.sleep(max(self.poll_seconds, 1.0))
            if not full:
                await asyncio.sleep(self.poll_seconds)

    async def _poll(self) -> bool:
        """Hand the changes past the head to the live subscribers; True if the page was full."""
        self.polls += 1
        page = await self.read(self.head, self.batch, None, None)
        if not page and self.polls % _HEAD_CHECK_POLLS == 0:
            # A log that went back (a database restored or wiped) would be tailed past
            # its end for good: start again from its head.
            head = await self._read_head()
            if head < self.head:
                log.warning("change feed: the log is back at %d from %d", head, self.head)
                self.head = head
                for subscriber in self._live:
                    subscriber.position = min(subscriber.position, head)
        for change in page:
            seq = change["seq"]
            for subscriber in list(self._live):
                wanted = seq > subscriber.position and subscriber.matches(change)
                if wanted and not subscriber.offer(change):
                    self._too_slow(subscriber)
            self.head = seq
        return len(page) >= self.batch

    def _too_slow(self, subscriber: Subscriber) -> None:
        self._live.discard(subscriber)
        after = subscriber.position
        if subscriber._buffer:
            after = subscriber._buffer[-1]["seq"]
        subscriber.end(
            SlowConsumer(
                f"this subscriber fell {self.buffer} changes behind and was ended; subscribe "
                f"again with after: {after} to get the rest, in order",
                after,
            )
        )
