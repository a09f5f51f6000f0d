"""The change log's pure parts: property maps to JSON and back, and what a transaction touched."""

from __future__ import annotations

import datetime

import neo4j.time
import pytest

from model.graph import FACT_TYPES
from model.kinds import FACT_TYPE_NAMES
from schema import facts
from schema.types import Fact
from talentgraph.changelog import Log, decode, encode


def test_a_property_map_survives_the_round_trip_exactly() -> None:
    props = {
        "id": "ann", "name": "Ann", "aliases": ["A"], "confidence": 0.8, "amount": 3,
        "born": "1985", "bornMin": neo4j.time.Date(1985, 1, 1),
        "bornMax": neo4j.time.Date(1985, 12, 31),
        "writtenAt": neo4j.time.DateTime(2026, 1, 2, 3, 4, 5, 123456789, tzinfo=datetime.UTC),
        "ended": False,
    }  # fmt: skip
    text = encode(props)
    assert text is not None
    assert '"bornMin": "1985-01-01"' in text
    assert decode(text) == props
    assert encode(None) is None
    assert decode(None) is None


def test_a_temporal_value_it_could_not_restore_is_refused() -> None:
    with pytest.raises(ValueError, match="born"):
        encode({"born": neo4j.time.Date(1985, 1, 1)})


def test_a_log_keeps_the_first_before_and_the_last_after() -> None:
    log = Log()
    log.node("Person", "ann", {"id": "ann", "name": "A"}, {"id": "ann", "name": "B"})
    log.node("Person", "ann", {"id": "ann", "name": "B"}, {"id": "ann", "name": "C"})
    log.node("Person", "ben", {"id": "ben"}, {"id": "ben", "label": ["Entity", "Person"]})
    log.touch("ann", "Redirect", None, {"id": "ann", "redirectsTo": "x"})
    (ann, redirect) = log.revisions()  # ben's write changed nothing
    assert (ann.before, ann.after) == ({"id": "ann", "name": "A"}, {"id": "ann", "name": "C"})
    assert redirect.type == "Redirect"
    assert ann.row()["kind"] == "Person"


def test_every_relationship_type_has_its_api_type() -> None:
    assert set(FACT_TYPE_NAMES) == set(map(str, FACT_TYPES))
    assert all(issubclass(getattr(facts, name), Fact) for name in FACT_TYPE_NAMES.values())
