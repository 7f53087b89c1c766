"""Data shapes of batch runs and database loads (``extract run`` / ``extract load``).

These are the rows the batch runner writes next to its outputs and the
summaries the library returns; the CLI prints them and tests assert on them.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Stage(str, Enum):
    """Where a document failed."""

    read = "read"  # missing, unreadable, binary, undecodable, empty, too large, duplicate id
    nlp = "nlp"  # a pipeline component raised
    emit = "emit"  # the pipeline state did not make valid contract records
    write = "write"  # the output file could not be written


class ErrorRow(BaseModel):
    """One line of ``DIR/errors.jsonl``: a document that produced no output in this run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    stage: Stage
    message: str


class DocState(BaseModel):
    """What ``DIR/.state/<doc_id>.json`` remembers of a finished document, for resume.

    A re-run skips the document when the input's ``sha256`` and the
    ``pipeline_version`` both match and the output file is still there.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    file: str
    sha256: str
    pipeline_version: str
    n_words: int = Field(ge=0)


class RunSummary(BaseModel):
    """What one ``run_corpus`` call did."""

    model_config = ConfigDict(extra="forbid")

    out_dir: str
    pipeline_version: str
    inputs: int = Field(ge=0, description="input files found")
    processed: int = Field(0, ge=0, description="documents extracted and written in this run")
    skipped: int = Field(0, ge=0, description="documents already up to date in out_dir (resume)")
    failed: int = Field(0, ge=0, description="documents listed in errors.jsonl")
    words: int = Field(0, ge=0, description="words of the processed documents")
    seconds: float = Field(0.0, ge=0.0)
    workers: int = Field(1, ge=1)
    dask_address: str | None = None
    errors: list[ErrorRow] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


class LoadProblem(BaseModel):
    """A file of the output folder that was not loaded, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    message: str


class LoadSummary(BaseModel):
    """What one ``load_outputs`` call did; ``rows`` are table totals after the load."""

    model_config = ConfigDict(extra="forbid")

    url: str
    documents: int = Field(0, ge=0, description="documents (re)loaded in this call")
    rows: dict[str, int] = Field(default_factory=dict)
    problems: list[LoadProblem] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
