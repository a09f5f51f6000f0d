"""Progress display: plain periodic lines where the output is not a terminal."""

from __future__ import annotations

import io

import pytest

from talentgraph import progress

pytestmark = pytest.mark.unit


def test_plain_lines_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()  # not a terminal: no bar, no escape codes
    clock = iter([0.0, 1.0, 6.0, 7.0, 8.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    with progress.shown("import", 1_000, out=out) as shown:
        shown.advance(100)  # at 1 s: too soon for a line
        shown.advance(400)  # at 6 s: a line, with the rate and the time left
        shown.advance(500)  # at 7 s: too soon again
    lines = out.getvalue().splitlines()
    assert lines == [
        "import: 500/1,000 (83/s, about 6 s left)",
        "import: 1,000/1,000 (125/s, about 0 s left)",  # the final count, always
    ]
