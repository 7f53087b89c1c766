"""Shapes of the HTML report and the network export (``extract report``, ``extract graph``).

The report reads an output folder of ``extract run``: one ``<doc_id>.jsonl``
per document and, when the batch runner wrote it, ``entities.jsonl`` with the
corpus-level identities that merge one entity across documents. The shapes
here are what the report needs from that folder and what it tells its caller.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from .jsonl import AnyRecord
from .records import EntityType


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorpusMember(_Shape):
    """One document entity that a corpus entity merges."""

    doc_id: str
    entity_id: str


class CorpusEntity(_Shape):
    """One line of the runner's ``entities.jsonl``: an entity across documents.

    Only the fields the report needs are read (:meth:`from_line`), so the
    runner may add fields without breaking the report.
    """

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    members: list[CorpusMember] = Field(default_factory=list)

    @classmethod
    def from_line(cls, obj: Mapping[str, Any]) -> "CorpusEntity":
        """Validate the known fields of one decoded line (raises ``pydantic.ValidationError``)."""
        return cls.model_validate({k: obj[k] for k in cls.model_fields if k in obj})


class LoadedOutputs(_Shape):
    """The readable content of an output folder."""

    documents: dict[str, list[AnyRecord]] = Field(default_factory=dict)
    """Records of each per-document file, by doc_id, in file order."""
    sources: dict[str, str] = Field(default_factory=dict)
    """doc_id -> the JSONL file it was read from."""
    corpus_entities: list[CorpusEntity] | None = None
    """Merges from ``entities.jsonl``; ``None`` when the folder has none (one node per document entity)."""
    skipped: list[str] = Field(default_factory=list)
    """Files or lines that were not read, each with the reason."""
    failed: list[str] = Field(default_factory=list)
    """Inputs the run could not extract (the runner's ``errors.jsonl``), as ``file: message``."""


class MentionSource(str, Enum):
    """Where the highlighted mentions of a document come from."""

    offsets = "offsets"
    """The records' own ``mentions`` offsets into the original text."""
    search = "search"
    """Fallback: exact string search of names and aliases in the text (records without offsets)."""
    none = "none"
    """No original text found: relations are shown without highlighted text."""


class DocumentSummary(_Shape):
    """What the report shows for one document."""

    doc_id: str
    title: str | None = None
    text_path: str | None = None
    mention_source: MentionSource = MentionSource.none
    entities: NonNegativeInt = 0
    mentions_highlighted: NonNegativeInt = 0
    relations: NonNegativeInt = 0
    relations_located: NonNegativeInt = 0
    """Relations whose evidence is linked to its place in the highlighted text."""
    notes: list[str] = Field(default_factory=list)


class GraphSummary(_Shape):
    """Size of the network drawn in the report (and exported by ``extract graph``)."""

    nodes: NonNegativeInt = 0
    edges: NonNegativeInt = 0
    identity: str = "document"
    """``corpus`` when nodes are the runner's corpus entities, ``document`` when one per (doc_id, entity id)."""
    nodes_by_type: dict[str, NonNegativeInt] = Field(default_factory=dict)
    edges_by_modality: dict[str, NonNegativeInt] = Field(default_factory=dict)


class ReportSummary(_Shape):
    """What :func:`pipeline.report.build_report` wrote."""

    html_path: str
    documents: list[DocumentSummary] = Field(default_factory=list)
    entities_by_type: dict[str, NonNegativeInt] = Field(default_factory=dict)
    relations_by_predicate: dict[str, NonNegativeInt] = Field(default_factory=dict)
    relations_by_modality: dict[str, NonNegativeInt] = Field(default_factory=dict)
    graph: GraphSummary = Field(default_factory=GraphSummary)
    evaluated: bool = False
    """True when ``gold`` was given and the evaluation table is in the page."""
    skipped: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
