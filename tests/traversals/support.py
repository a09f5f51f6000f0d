"""Helpers the traversal tests share."""

from __future__ import annotations

from typing import Any


def ids(items: list[dict[str, Any]], key: str = "id") -> list[str]:
    return [item[key] for item in items]
