"""Every text field of every seed record is checked for hidden characters.

The checks are types (`Slug`, `Line`, `Text`, `Url`, `Prose` in model/records.py), one
validator per text field, rather than one validator on every field of every record: a
field typed plain `str` would slip past them, and this test refuses one.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BaseModel, StringConstraints, ValidationError

from model import records
from model.records import SECTIONS, Fact, Person

pytestmark = pytest.mark.unit

_CHECKS = {records._check_name, records._check_url, records._check_prose}
MODELS: list[type[BaseModel]] = [
    *SECTIONS.values(), Fact, records.Dispute, records.Investment,
]  # fmt: skip


def _checked(metadata: list[Any]) -> bool:
    return any(
        (isinstance(m, AfterValidator) and m.func in _CHECKS)
        or (isinstance(m, StringConstraints) and m.pattern == records.SLUG_PATTERN)
        for m in metadata
    )


def _unchecked_text(annotation: Any) -> bool:
    """Whether a value of this type can be a string that no text check sees."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *metadata = typing.get_args(annotation)
        return not _checked(metadata) and _unchecked_text(base)
    if origin in (typing.Union, types.UnionType, list):
        return any(_unchecked_text(arg) for arg in typing.get_args(annotation))
    return False


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_text_field_has_a_check(model: type[BaseModel]) -> None:
    unchecked = [
        name
        for name, info in model.model_fields.items()
        if not _checked(info.metadata) and _unchecked_text(info.annotation)
    ]
    assert not unchecked, f"{model.__name__}: type these as Prose (or Line, Text, Slug, Url)"


def test_the_check_finds_a_plain_str_field() -> None:
    class Careless(BaseModel):
        note: str | None = None

    assert _unchecked_text(Careless.model_fields["note"].annotation)


HOSTILE_FREE_TEXT = {
    "description": {"description": "a\x1b[2J"},
    "disputed value": {"disputes": [{"field": "name", "value": "a\u202eb", "sources": ["s"]}]},
}


@pytest.mark.parametrize("extra", HOSTILE_FREE_TEXT.values(), ids=HOSTILE_FREE_TEXT.keys())
def test_free_text_refuses_hidden_characters(extra: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="control character"):
        Person.model_validate({"id": "p", "name": "P", "sources": ["s"], **extra})


def test_a_fact_s_text_property_refuses_hidden_characters() -> None:
    fact = {"rel": "WORKED_AT", "from": "p", "to": "c", "sources": ["s"], "role": "a\x00b"}
    with pytest.raises(ValidationError, match="role"):
        Fact.model_validate(fact)
