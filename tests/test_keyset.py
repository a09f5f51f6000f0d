"""The compiled keyset condition (compiler/keyset.py) agrees with the reference's
comparison in Python (resolvers/ordered.py) on every kind of key, in a real Neo4j."""

from __future__ import annotations

import itertools
import random

import neo4j

from compiler.keyset import Key, past
from resolvers.ordered import Order, _compare
from tests.conftest import run

VALUES = [None, 1, 2, 3]


def test_past_agrees_with_the_reference_comparison(driver: neo4j.Driver) -> None:
    rng = random.Random(7)
    for descending in itertools.product([False, True], repeat=3):
        nullable = (True, rng.random() < 0.5, False)  # the id, last, is never missing
        pairs = enumerate(zip(descending, nullable, strict=True))
        orders = [Order((f"k{i}",), int, d, n) for i, (d, n) in pairs]
        keys = [Key(f"row.k[{i}]", o.descending, o.nullable) for i, o in enumerate(orders)]
        pick = [VALUES if n else VALUES[1:] for n in nullable]
        rows = [
            {"k": [rng.choice(p) for p in pick], "c": [rng.choice(p) for p in pick]}
            for _ in range(200)
        ]
        found = run(
            driver,
            f"UNWIND $rows AS row RETURN {past(keys, 'row.c', True)} AS later, "
            f"{past(keys, 'row.c', False)} AS earlier",
            rows=rows,
        )
        for row, answer in zip(rows, found, strict=True):
            side = _compare(orders, row["k"], row["c"])
            assert (answer["later"], answer["earlier"]) == (side > 0, side < 0), (row, orders)
