"""The assertion contract of ``shared/ANNOTATION.md`` as pydantic v2 records.

One module owns every data shape the product reads or writes, so the gold
files, the pipeline's output and the database loader all agree by
construction. Records are frozen and reject unknown keys. Strings, numbers
and booleans are strict (no ``1`` for ``"1"``); enums accept their string
values, which is what JSON carries.

Fields that only a machine produces (``mentions``, ``alias_methods``,
``start``, ``end``, ``confidence``, ``method``) are optional: gold leaves them
out, and :func:`record_to_json` drops them again when they are unset so a gold
record round-trips byte for byte.
"""

from __future__ import annotations

import calendar
import re
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    field_validator,
    model_validator,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class EntityType(str, Enum):
    """Section 2 of the guideline."""

    PERSON = "PERSON"
    ORG = "ORG"
    LOC = "LOC"
    GROUP = "GROUP"
    EVENT = "EVENT"


class Modality(str, Enum):
    """Section 5 of the guideline."""

    asserted = "asserted"
    hedged = "hedged"
    negated = "negated"


class AliasMethod(str, Enum):
    """How an alias was linked to its entity (explained matches)."""

    cue = "cue"
    acronym = "acronym"
    surname = "surname"
    given_name = "given_name"
    honorific = "honorific"
    variant = "variant"
    fuzzy = "fuzzy"
    lexicon = "lexicon"
    exact = "exact"


class Predicate(str, Enum):
    """The 18 predicates of section 4. Argument types live in :data:`SIGNATURES`."""

    founder_of = "founder_of"
    leader_of = "leader_of"
    member_of = "member_of"
    deputy_of = "deputy_of"
    successor_of = "successor_of"
    associate_of = "associate_of"
    part_of = "part_of"
    allied_with = "allied_with"
    merged_with = "merged_with"
    rival_of = "rival_of"
    killed_by = "killed_by"
    arrested_by = "arrested_by"
    released_by = "released_by"
    responsible_for = "responsible_for"
    supported = "supported"
    targeted = "targeted"
    based_in = "based_in"
    native_of = "native_of"

    @property
    def signature(self) -> "Signature":
        return SIGNATURES[self]

    @property
    def symmetric(self) -> bool:
        return SIGNATURES[self].symmetric


class Signature(BaseModel):
    """Allowed argument types of one predicate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: frozenset[EntityType]
    object: frozenset[EntityType]
    object_nullable: bool = False
    symmetric: bool = False


def _sig(subject: str, obj: str, *, nullable: bool = False, symmetric: bool = False) -> Signature:
    return Signature(
        subject=frozenset(EntityType(t) for t in subject.split()),
        object=frozenset(EntityType(t) for t in obj.split()),
        object_nullable=nullable,
        symmetric=symmetric,
    )


SIGNATURES: dict[Predicate, Signature] = {
    Predicate.founder_of: _sig("PERSON", "ORG"),
    Predicate.leader_of: _sig("PERSON", "ORG"),
    Predicate.member_of: _sig("PERSON", "ORG"),
    Predicate.deputy_of: _sig("PERSON", "PERSON"),
    Predicate.successor_of: _sig("PERSON", "PERSON"),
    Predicate.associate_of: _sig("PERSON", "PERSON", symmetric=True),
    Predicate.part_of: _sig("ORG", "ORG"),
    Predicate.allied_with: _sig("ORG", "ORG", symmetric=True),
    Predicate.merged_with: _sig("ORG", "ORG"),
    Predicate.rival_of: _sig("ORG", "ORG", symmetric=True),
    Predicate.killed_by: _sig("PERSON", "PERSON ORG LOC", nullable=True),
    Predicate.arrested_by: _sig("PERSON", "ORG LOC", nullable=True),
    Predicate.released_by: _sig("PERSON", "ORG LOC", nullable=True),
    Predicate.responsible_for: _sig("PERSON ORG", "EVENT"),
    Predicate.supported: _sig("PERSON", "ORG PERSON"),
    Predicate.targeted: _sig("PERSON ORG", "GROUP ORG PERSON LOC"),
    Predicate.based_in: _sig("PERSON ORG", "LOC"),
    Predicate.native_of: _sig("PERSON", "LOC"),
}

# --------------------------------------------------------------------------- EDTF

_YEAR = r"(?:\d{4}|\d{3}X|\d{2}XX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX|2[1-4])"  # 21-24: EDTF level 1 seasons
_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_QUAL = r"[?~%]?"
_EDTF_DATE = rf"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?)?{_QUAL}"
_EDTF_DATE_RE = re.compile(rf"^{_EDTF_DATE}$")
_EDTF_RE = re.compile(rf"^(?:{_EDTF_DATE}|(?:{_EDTF_DATE}|\.\.)?/(?:{_EDTF_DATE}|\.\.)?)$")


def _date_key(part: str) -> tuple[int, int, int] | None:
    """Earliest calendar point of one EDTF date, or None for open ends."""
    part = part.rstrip("?~%")
    if part in ("", ".."):
        return None
    bits = part.split("-")
    year = int(bits[0].replace("X", "0"))
    month = int(bits[1]) if len(bits) > 1 and "X" not in bits[1] and int(bits[1]) <= 12 else 1
    day = int(bits[2]) if len(bits) > 2 and "X" not in bits[2] else 1
    return (year, month, day)


def edtf_start(value: str) -> tuple[int, int, int] | None:
    """Earliest calendar point of an EDTF date or interval (None for an open start): the key
    that orders "199X" (1990) before "1994/1996" (1994) before "2009-05-15"."""
    return _date_key(value.split("/")[0])


def check_edtf(value: str) -> str:
    """Validate an EDTF level-1 string as the guideline lists them.

    Accepts ``1997``, ``1997-01``, ``2003-06-16``, ``199X``, ``19XX``,
    qualified dates (``1997?``, ``1997~``) and intervals (``1994/1996``,
    ``2009/..``). Rejects impossible days (``2003-02-30``) and intervals that
    run backwards, since both are typos a reader would never mean.
    """
    if not _EDTF_RE.match(value):
        raise ValueError(
            f"{value!r} is not an EDTF date: use 1997, 1997-01, 2003-06-16, 199X or an interval like 1994/1996"
        )
    parts = value.split("/") if "/" in value else [value]
    for part in parts:
        core = part.rstrip("?~%")
        bits = core.split("-")
        if len(bits) == 3 and "X" not in core:
            year, month, day = int(bits[0]), int(bits[1]), int(bits[2])
            if day > calendar.monthrange(year, month)[1]:
                raise ValueError(f"{value!r}: {core} is not a day of the calendar")
    if len(parts) == 2:
        if parts == ["", ""] or parts == ["..", ".."]:
            raise ValueError(f"{value!r}: an interval needs at least one end")
        a, b = _date_key(parts[0]), _date_key(parts[1])
        if a is not None and b is not None and a > b:
            raise ValueError(f"{value!r}: the interval ends before it starts")
    return value


EdtfDate = Annotated[StrictStr, Field(description="EDTF level-1 date or interval")]
Slug = Annotated[StrictStr, Field(pattern=SLUG_RE.pattern, description="lower-case slug, unique in its document")]
DocId = Annotated[StrictStr, Field(pattern=DOC_ID_RE.pattern, min_length=1)]
Offset = Annotated[StrictInt, Field(ge=0)]
MentionSpan = Annotated[list[Offset], Field(min_length=2, max_length=2)]
NonEmptyStr = Annotated[StrictStr, Field(min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Document(_Record):
    """One per file, first line: metadata of the article (front matter)."""

    record: Literal["document"] = "document"
    doc_id: DocId
    title: StrictStr | None = None
    authors: list[NonEmptyStr] = Field(default_factory=list)
    published: EdtfDate | None = None

    @field_validator("published")
    @classmethod
    def _published_is_edtf(cls, v: str | None) -> str | None:
        return None if v is None else check_edtf(v)


class Entity(_Record):
    """A distinct entity of one document with every unambiguous surface form."""

    record: Literal["entity"] = "entity"
    doc_id: DocId
    id: Slug
    type: EntityType
    name: NonEmptyStr
    aliases: list[NonEmptyStr] = Field(default_factory=list)
    # output only
    mentions: list[MentionSpan] | None = None
    alias_methods: dict[NonEmptyStr, AliasMethod] | None = None

    @field_validator("mentions")
    @classmethod
    def _mentions_are_spans(cls, v: list[list[int]] | None) -> list[list[int]] | None:
        if v is not None:
            for start, end in v:
                if end <= start:
                    raise ValueError(f"mention [{start}, {end}] is empty or reversed")
        return v

    @model_validator(mode="after")
    def _aliases_distinct(self) -> "Entity":
        seen = {self.name}
        for alias in self.aliases:
            if alias in seen:
                raise ValueError(f"alias {alias!r} repeats the name or another alias")
            seen.add(alias)
        if self.alias_methods is not None:
            unknown = set(self.alias_methods) - set(self.aliases)
            if unknown:
                raise ValueError(f"alias_methods explains forms that are not aliases: {sorted(unknown)}")
        return self


class Relation(_Record):
    """One assertion: (subject, predicate, object) with qualifiers and evidence."""

    record: Literal["relation"] = "relation"
    doc_id: DocId
    subject: Slug
    predicate: Predicate
    object: Slug | None
    date: EdtfDate | None = None
    place: Slug | None = None
    modality: Modality = Modality.asserted
    evidence: NonEmptyStr
    # output only
    start: Offset | None = None
    end: Offset | None = None
    confidence: Annotated[StrictFloat, Field(ge=0.0, le=1.0)] | None = None
    method: NonEmptyStr | None = None

    @field_validator("date")
    @classmethod
    def _date_is_edtf(cls, v: str | None) -> str | None:
        return None if v is None else check_edtf(v)

    @model_validator(mode="after")
    def _shape(self) -> "Relation":
        if self.object is None and not SIGNATURES[self.predicate].object_nullable:
            raise ValueError(f"{self.predicate.value} needs an object; only killed_by, arrested_by and released_by may have null")
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end go together")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"evidence offsets [{self.start}, {self.end}] are empty or reversed")
        if self.object is not None and self.object == self.subject:
            raise ValueError(f"subject and object are the same entity {self.subject!r}")
        return self

    def key(self) -> tuple[str, str, str | None]:
        """(subject, predicate, object), ordered canonically for symmetric predicates."""
        s, o = self.subject, self.object
        if SIGNATURES[self.predicate].symmetric and o is not None and o < s:
            s, o = o, s
        return (s, self.predicate.value, o)


Record = Annotated[Union[Document, Entity, Relation], Field(discriminator="record")]
RECORD_ADAPTER: TypeAdapter[Document | Entity | Relation] = TypeAdapter(Record)

OUTPUT_ONLY: dict[str, tuple[str, ...]] = {
    "document": (),
    "entity": ("mentions", "alias_methods"),
    "relation": ("start", "end", "confidence", "method"),
}


def parse_record(obj: Any) -> Document | Entity | Relation:
    """Validate one decoded JSON object as a record of the contract."""
    return RECORD_ADAPTER.validate_python(obj)


def record_to_json(record: Document | Entity | Relation) -> dict[str, Any]:
    """Plain JSON dict in the contract's key order, output-only fields omitted when unset."""
    data = record.model_dump(mode="json")
    for key in OUTPUT_ONLY[data["record"]]:
        if data.get(key) is None:
            data.pop(key, None)
    return data


def record_json_schema() -> dict[str, Any]:
    """JSON Schema of one JSONL line, generated from the models (never hand-written)."""
    schema = RECORD_ADAPTER.json_schema()
    schema["title"] = "ctie assertion record"
    return schema
