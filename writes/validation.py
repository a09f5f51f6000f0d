"""The domain's rules, as the write path asks them: the one module of writes/ that imports them.

The rules live in the domain layer (model/records.py, model/validation.py), so
the seed loader, the import command and the mutations accept exactly the same
data; this module turns their problems into the API's errors with input paths.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from model import records
from model.records import Fact
from model.validation import RecordGraph, check_record, error_location, error_message
from talentgraph.errors import BadInput
from writes.errors import refuse

__all__ = [
    "RECORDS",
    "SECTIONS",
    "Fact",
    "RecordGraph",
    "field_names",
    "input_path",
    "precheck",
    "precheck_sources",
    "validate",
]

Props = dict[str, Any]

# Label -> the record type that validates it, and the seed graph's section holding it.
RECORDS: dict[str, type[BaseModel]] = {cls.__name__: cls for cls in records.SECTIONS.values()}
SECTIONS = {cls.__name__: section for section, cls in records.SECTIONS.items()}

_LOC = re.compile(r"([A-Za-z_]+)(.*)")


def field_names(cls: type[BaseModel]) -> set[str]:
    """A record type's fields by their stored (camelCase, aliased) names."""
    return {info.alias or name for name, info in cls.model_fields.items()}


class _Known(RecordGraph):
    """The seed model's graph checks, asked of the entities this transaction locked."""

    def __init__(self, kinds: dict[str, str | None]):
        super().__init__()
        self.kinds = kinds

    def kind_of(self, id: str) -> str | None:
        return self.kinds.get(id)


def precheck(cls: type[BaseModel], patch: Props, path: str, renames: dict[str, str]) -> None:
    """Check the fields a patch sets before any database work (what is missing comes later)."""
    # Inline sources join `sources` later, so an empty list here is not yet an error.
    given = {k: v for k, v in patch.items() if v is not None and v != []}
    try:
        cls.model_validate(given)
    except ValidationError as error:
        for detail in error.errors():
            if detail["type"] != "missing":
                raise _bad(detail, path, renames) from None


def precheck_sources(sources: list[Props]) -> None:
    for index, source in enumerate(sources):
        precheck(RECORDS["Source"], source, f"input.newSources[{index}]", {})


def validate(
    cls: type[BaseModel],
    record: Props,
    path: str,
    renames: dict[str, str],
    kinds: dict[str, str | None] | None,
) -> Any:
    """The whole record, through the seed model and (with `kinds`) its graph checks."""
    try:
        valid: Any = cls.model_validate(record)
    except ValidationError as error:
        raise _bad(error.errors()[0], path, renames) from None
    if kinds is not None:
        # The same graph-level checks `python -m seeds.files` runs on the seed files.
        for where, message in check_record(valid, _Known(kinds)):
            raise refuse(BadInput, message, field=input_path(path, where, renames))
    return valid


def _bad(detail: ErrorDetails, path: str, renames: dict[str, str]) -> BadInput:
    where = error_location(detail["loc"])
    return refuse(BadInput, error_message(detail), field=input_path(path, where, renames))


def input_path(path: str, where: str, renames: dict[str, str]) -> str:
    """The input field at fault, from a seed-model location (`from` -> `input.person`)."""
    match = _LOC.fullmatch(where)
    if match is None:
        return path
    head, rest = match.groups()
    if head == "investors":
        rest = re.sub(r"^(\[\d+\])\.id\b", r"\1.investor", rest)
    return f"{path}.{renames.get(head, head)}{rest}"
