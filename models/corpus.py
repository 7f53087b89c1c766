"""Shape of ``DIR/entities.jsonl``: entities resolved across the documents of a run.

A corpus entity merges document entities (``members``) that name the same
thing; ``links`` say, for every member after the first, which shared form
joined it and how (``exact``: the same full name or explicit alias;
``variant``: the same after transliteration variants are mapped). The fields
``id``, ``type``, ``name``, ``aliases`` and ``members`` are what the report
reads (:class:`models.report.CorpusEntity`).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from .records import DocId, EntityType, Slug


class CorpusMethod(str, Enum):
    """How a document entity was merged into a corpus entity."""

    exact = "exact"  # a full name or explicit alias equal after normalisation
    variant = "variant"  # equal once transliteration variants are mapped (Usama/Osama)


class CorpusMember(BaseModel):
    """One document entity a corpus entity merges."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: DocId
    entity_id: Slug


class CorpusLink(BaseModel):
    """Why a member joined: the form it shares with an earlier member, and the method."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: DocId
    entity_id: Slug
    form: Annotated[StrictStr, Field(min_length=1)]
    method: CorpusMethod


class CorpusEntity(BaseModel):
    """One line of ``entities.jsonl``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    type: EntityType
    name: Annotated[StrictStr, Field(min_length=1)]
    aliases: list[Annotated[StrictStr, Field(min_length=1)]] = Field(default_factory=list)
    members: Annotated[list[CorpusMember], Field(min_length=1)]
    links: list[CorpusLink] = Field(default_factory=list)
    methods: list[CorpusMethod] = Field(default_factory=list)
