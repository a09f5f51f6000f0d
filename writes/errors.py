"""Refusals that name the input field at fault."""

from __future__ import annotations

from typing import TypeVar

from talentgraph.errors import AppError

E = TypeVar("E", bound=AppError)


def refuse(error: type[E], message: str, *, field: str) -> E:
    """An error that names the input field at fault, in its message and in `extensions.field`."""
    return error(f"{field}: {message}", field=field)
