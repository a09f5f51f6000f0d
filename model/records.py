"""The records of the seed files, one pydantic model per kind, and the checks on their text.

Shared by the validator (model/validation.py), the importer and the writes: a
record that passes here has plain one-line names, public URLs, slugs for ids
and dates no more precise than given. Unknown fields are refused.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
import urllib.parse
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
)

from model.graph import CompanyKind, MoneyQualifier, RelType
from model.kinds import ENTITIES, FACT_ROWS, Prop
from talentgraph.dates import PartialDate

# Checked by pydantic-core's own regex engine, in Rust: a Python validator here was the
# largest single cost of parsing an import's records (three slugs a fact). Its error
# becomes the message `slug_problem` gives (model/validation.py, error_message).
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def slug_problem(value: object) -> str:
    return f"{value!r} is not a slug (lowercase a-z and 0-9 words joined by '-')"


# Bidi embeddings, overrides and isolates: they make text read in another order
# than it is stored ("Trojan Source"), so a name could display as another name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden(character: str) -> bool:
    """Control characters (NUL, ANSI escapes, C1) and bidi controls: text that is not text."""
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


# The same characters as one regular expression each (category Cc is exactly U+0000-U+001F
# and U+007F-U+009F): every text field of every record is checked, and a search in C is
# many times faster than a Python loop over the characters (imports of 100,000 records).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Free text may break lines and indent: tab, line feed and carriage return are allowed.
_HIDDEN_IN_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_name(value: str) -> str:
    # Names, aliases and titles are one line of plain text: no character hides or reorders it.
    if found := _HIDDEN.search(value):
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X} at position "
            f"{found.start()}; names and titles must be plain text"
        )
    return value


def _check_prose(value: str) -> str:
    # Free text may break lines and indent, nothing more.
    if found := _HIDDEN_IN_PROSE.search(value):
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X} at position {found.start()}"
        )
    return value


def _check_url(value: str) -> str:
    """An absolute http(s) URL to a public-looking host, without credentials or hidden characters."""
    if any(character.isspace() or _hidden(character) for character in value):
        raise ValueError("a URL contains no whitespace or control characters")
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as error:
        raise ValueError(f"not a URL ({error})") from None
    if parts.scheme not in {"http", "https"}:
        raise ValueError("must be an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials (user:password@)")
    host = parts.hostname or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not address.is_global:
            raise ValueError(f"must point to a public host, not {host}")
    elif "." not in host.strip(".") or host.rstrip(".").endswith((".localhost", ".local")):
        raise ValueError(f"must name a public host (like example.com), not {host or 'nothing'!r}")
    return value


def _scalar_to_text(value: object) -> object:
    # YAML reads an unquoted 1979 as an int; a disputed value is text whatever it looks like.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
SourceIds = Annotated[list[Slug], Field(min_length=1)]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]
# One line of plain text: names, aliases, titles.
Line = Annotated[str, AfterValidator(_check_name)]
Text = Annotated[Line, Field(min_length=1)]
Url = Annotated[str, AfterValidator(_check_url)]
# Free text (notes, descriptions): every text field, not only names, refuses NUL, ANSI
# escapes and bidi controls. A field typed `str` would not be checked: a unit test
# (tests/test_records_text.py) refuses one.
Prose = Annotated[str, AfterValidator(_check_prose)]
DisputedValue = Annotated[Prose, BeforeValidator(_scalar_to_text)]
Currency = Literal["USD", "CNY"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dispute(_Strict):
    """Another value for one field of the record, as other sources give it."""

    field: Prose
    value: DisputedValue
    sources: SourceIds
    note: Prose | None = None


class Source(_Strict):
    id: Slug
    title: Text
    publisher: Text
    url: Url | None = None
    published: PartialDate | None = None
    language: Prose | None = None
    reliability: Literal["high", "medium", "low"] = "medium"
    note: Prose | None = None


class _Entity(_Strict):
    id: Slug
    name: Text
    nameZh: Line | None = None
    # Lists by default_factory: pydantic deep-copies a `[]` default for every record.
    aliases: list[Text] = Field(default_factory=list)
    description: Prose | None = None
    sources: SourceIds
    confidence: Confidence = 1.0
    disputes: list[Dispute] = Field(default_factory=list)
    note: Prose | None = None


class Investment(_Strict):
    """One investor in a round; without `sources` the round's sources vouch for it."""

    id: Slug
    lead: bool = False
    sources: list[Slug] | None = None
    note: Prose | None = None


class FundingRound(_Entity):
    company: Slug
    series: Prose | None = None
    # Left out only when no source dates the round (say so in `note`).
    announced: PartialDate | None = None
    amount: Annotated[float, Field(ge=0)] | None = None
    amountQualifier: MoneyQualifier | None = None
    amountText: Prose | None = None
    currency: Currency | None = None
    valuation: Annotated[float, Field(ge=0)] | None = None
    valuationQualifier: MoneyQualifier | None = None
    valuationCurrency: Currency | None = None
    investors: list[Investment] = Field(default_factory=list)


class _FactCore(_Strict):
    """One relationship; which properties it may carry depends on `rel` (see RELATIONSHIPS)."""

    rel: RelType
    from_: Slug = Field(alias="from")
    to: Slug
    sources: SourceIds
    confidence: Confidence = 1.0
    note: Prose | None = None
    disputes: list[Dispute] = Field(default_factory=list)
    # The properties the rules read by name (model/validation.py, model/rows.py). The
    # others are added from the registry (model/kinds.toml) by `_fact_record`.
    start: PartialDate | None = None
    end: PartialDate | None = None
    # The work is over but no source dates its end ("ex-SenseTime").
    ended: Literal[True] | None = None


# A property's registry type (model/kinds.py PROP_TYPES) as a record's field, left out
# unless the registry says it is required.
_PROPERTY_TYPES: dict[str, Any] = {
    "text": Prose,
    "date": PartialDate,
    "flag": Literal[True],
    "number": Annotated[float, Field(ge=0)],
    "id": Slug,
    "CompanyKind": CompanyKind,
    "MoneyQualifier": MoneyQualifier,
}


def _field(prop: Prop) -> tuple[Any, Any]:
    annotation = _PROPERTY_TYPES[prop.type]
    return (annotation, ...) if prop.required else (annotation | None, None)


def _entity_record(label: str) -> type[_Entity]:
    """The record of the entity kind `label`: an entity's fields, then the kind's own
    properties as the registry (model/kinds.toml) lists and types them."""
    fields: dict[str, Any] = {prop.name: _field(prop) for prop in ENTITIES[label].props}
    return create_model(label, __base__=_Entity, __module__=__name__, **fields)


if TYPE_CHECKING:  # the fields the code reads by name; the records have all the registry's
    Person: TypeAlias = _Entity
    Company: TypeAlias = _Entity
    University: TypeAlias = _Entity
    Product: TypeAlias = _Entity

    class AIModel(_Entity):
        versionOf: Slug | None
else:
    Person, Company, University, AIModel, Product = map(
        _entity_record, ["Person", "Company", "University", "AIModel", "Product"]
    )


def _fact_record() -> type[_FactCore]:
    """`Fact`: the core fields and every property of a recorded fact type, as the registry types them."""
    props: dict[str, Any] = {}
    for row in FACT_ROWS:
        for prop in row.props if row.write else ():
            annotation = _PROPERTY_TYPES[prop.type] | None
            declared = _FactCore.model_fields.get(prop.name)
            if declared is not None and declared.annotation != annotation:
                raise ValueError(f"{row.name}.{prop.name}: a {prop.type} here, not in the record")
            props.setdefault(prop.name, (annotation, None))
    fields = {name: spec for name, spec in props.items() if name not in _FactCore.model_fields}
    return create_model(
        "Fact", __base__=_FactCore, __module__=__name__, __doc__=_FactCore.__doc__, **fields
    )


if TYPE_CHECKING:
    Fact = _FactCore
else:
    Fact = _fact_record()


Entity = Source | Person | Company | University | AIModel | Product | FundingRound

# Section name -> record type. The type's name is the node's Neo4j label.
SECTIONS: dict[str, type[Entity]] = {
    "sources": Source,
    "people": Person,
    "companies": Company,
    "universities": University,
    "models": AIModel,
    "products": Product,
    "rounds": FundingRound,
}
FACTS_SECTION = "facts"


def _check_round_record() -> None:
    """The round's record is written by hand, for what the registry cannot say (amounts
    are not negative, currencies are USD or CNY, investors are a list of records): it
    must still have the properties its registry row lists, in that order and as required,
    since the API's type and input are made from the row."""
    fields = FundingRound.model_fields
    own = [(n, f.is_required()) for n, f in fields.items() if n not in _Entity.model_fields]
    listed = [(p.name, p.required) for p in ENTITIES["FundingRound"].props]
    if [field for field in own if field[0] != "investors"] != listed:
        raise ValueError("model/kinds.toml: FundingRound's props are not its record's fields")


_check_round_record()

# Fields every fact has; the rest are per-type properties, allowed as RELATIONSHIPS says.
FACT_CORE = {"rel", "from_", "to", "sources", "confidence", "note", "disputes"}
# Provenance fields: a dispute is about what the record says, not about these.
NOT_DISPUTABLE = {"id", "sources", "confidence", "disputes", "note"}
