"""The Python API analysts call from notebooks and their own jobs.

Load the pipeline once, then extract from strings or files and get the
contract's pydantic records back::

    from pipeline.api import Extractor

    ex = Extractor()                      # loads spaCy and the lexicons once
    records = ex.extract_file("report.txt")
    records = ex.extract_text("Hakimullah Mehsud led the TTP.", doc_id="note-1")

The CLI (``extract run``) is a thin layer over this class and
:mod:`pipeline.run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from spacy.language import Language

from models import Document, Entity, Relation

from .emit import emit_records
from .ingest import SourceDoc, ingest_text, read_source
from .nlp import build_nlp, load_config

AnyRecord = Document | Entity | Relation


class Extractor:
    """A loaded pipeline: ingest -> nlp -> resolve -> relate -> emit."""

    def __init__(self, config: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> None:
        self.config = load_config(config, overrides)
        self.nlp: Language = build_nlp(self.config)
        self.max_bytes: int = int(self.config["ingest"]["max_bytes"])
        self.batch_size: int = int(self.config["nlp"]["batch_size"])

    def read(self, path: str | Path) -> SourceDoc:
        """Read and clean one file (raises :class:`pipeline.errors.InvalidInput`)."""
        return read_source(Path(path), max_bytes=self.max_bytes)

    def extract_text(self, text: str, doc_id: str = "text", fmt: str = "txt") -> list[AnyRecord]:
        """Records for a document given as a string (offsets index ``text``)."""
        return self.extract_source(ingest_text(text, doc_id, fmt=fmt))

    def extract_file(self, path: str | Path) -> list[AnyRecord]:
        """Records for one file; ``doc_id`` is the file stem."""
        return self.extract_source(self.read(path))

    def extract_source(self, source: SourceDoc) -> list[AnyRecord]:
        """Records for an already ingested document."""
        return emit_records(source, self.nlp(source.body))

    def pipe(self, sources: Iterable[SourceDoc], n_process: int = 1) -> Iterator[tuple[SourceDoc, list[AnyRecord]]]:
        """Stream many ingested documents through ``nlp.pipe`` in batches, in input order."""
        pairs = ((s.body, s) for s in sources)
        for doc, source in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=n_process):
            yield source, emit_records(source, doc)
