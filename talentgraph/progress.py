"""Progress of long work (loads, imports, exports, the benchmark) for the person watching.

On a terminal, a rich progress bar with the count, the rate and the time left;
otherwise (CI logs, pipes) a plain line every few seconds, so a log shows the work
is alive without a line per batch. Library code takes a `Progress` and calls
`advance`; `QUIET` is the one that shows nothing (tests, the HTTP endpoint).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

PLAIN_EVERY_SECONDS = 5.0


class Progress(Protocol):
    def advance(self, count: int = 1) -> None: ...

    def total(self, total: int | None) -> None:
        """Correct the expected total (an estimate made at the start)."""


class _Quiet:
    def advance(self, count: int = 1) -> None:
        return None

    def total(self, total: int | None) -> None:
        return None


QUIET: Progress = _Quiet()


class Show(Protocol):
    """Opens the display of one piece of work: `shown` or `hidden`."""

    def __call__(self, label: str, total: int | None) -> AbstractContextManager[Progress]: ...


@contextmanager
def hidden(label: str, total: int | None) -> Iterator[Progress]:
    yield QUIET


class _Plain:
    """`label: 12,000/100,000 (4,100/s, about 19 s left)`, at most every few seconds."""

    def __init__(self, label: str, total: int | None, out: TextIO):
        self.label, self._total, self.out = label, total, out
        self.done = 0
        self.started = self.last = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last >= PLAIN_EVERY_SECONDS:
            self.last = now
            self.line(now)

    def total(self, total: int | None) -> None:
        self._total = total

    def line(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        of = f"/{self._total:,}" if self._total else ""
        text = f"{self.label}: {self.done:,}{of} ({rate:,.0f}/s"
        if self._total and rate > 0:
            text += f", about {max(self._total - self.done, 0) / rate:,.0f} s left"
        print(text + ")", file=self.out, flush=True)


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:,.0f}/s", style="progress.data.speed")


class _Bar:
    def __init__(self, bar: RichProgress, task: int):
        self.bar, self.task = bar, task

    def advance(self, count: int = 1) -> None:
        self.bar.advance(self.task, count)  # type: ignore[arg-type]

    def total(self, total: int | None) -> None:
        self.bar.update(self.task, total=total)  # type: ignore[arg-type]


@contextmanager
def shown(label: str, total: int | None, out: TextIO | None = None) -> Iterator[Progress]:
    """A bar on a terminal, plain periodic lines elsewhere; on stderr, so stdout stays data."""
    stream = out or sys.stderr
    if not stream.isatty():
        plain = _Plain(label, total, stream)
        yield plain
        plain.line(time.monotonic())  # the final count, always
        return
    columns = (
        TextColumn(f"{label} "),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=Console(file=stream), transient=False) as bar:
        yield _Bar(bar, bar.add_task(label, total=total))
