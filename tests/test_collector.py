"""talentgraph/collector.py: bulk blocks, overlapping or not, leave the collector as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from talentgraph import collector


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_a_bulk_block_collects_less_often_and_never_stops_collecting() -> None:
    with collector.bulk():
        assert gc.get_threshold() == (collector.BULK_THRESHOLD, 10, 10)
        assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_overlapping_blocks_restore_the_thresholds_only_when_the_last_ends() -> None:
    first, second = collector.bulk(), collector.bulk()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to begin ends first: the second goes on
    assert gc.get_threshold()[0] == collector.BULK_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_failure_inside_ends_the_block() -> None:
    with pytest.raises(RuntimeError), collector.bulk():
        raise RuntimeError("the import failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_set_higher_or_off_are_left_alone() -> None:
    for threshold in [(500_000, 10, 10), (0, 10, 10)]:
        gc.set_threshold(*threshold)
        with collector.bulk():
            assert gc.get_threshold() == threshold
        assert gc.get_threshold() == threshold
