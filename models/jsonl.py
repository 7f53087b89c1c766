"""Strict JSONL reading and writing of contract records (srsly-style).

Lines are counted with ``enumerate(fh, start=1)`` on the raw file, so the
line numbers in problems are true even with blank lines. Reading never stops
at the first problem: every bad line is reported, every good line is kept.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import jsonlines
from pydantic import ValidationError

from .records import Document, Entity, Relation, parse_record, record_to_json

AnyRecord = Document | Entity | Relation


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located to file and line (0 = whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def describe_validation_error(err: ValidationError) -> str:
    """One readable line from a pydantic error: field path and reason for each error."""
    parts = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"] if not (isinstance(p, str) and p in ("document", "entity", "relation")))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (the contract rejects keys it does not define)"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def read_records(path: str | Path) -> tuple[list[tuple[int, AnyRecord]], list[Problem]]:
    """Read and validate every line of a JSONL file.

    Returns the good records with their line numbers and one
    :class:`Problem` per bad line (or per unreadable file).
    """
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return [], [Problem(name, 0, f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(name, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); JSONL must be UTF-8")]
    if not text.strip():
        return [], [Problem(name, 0, "empty file: expected a document record and its entities and relations")]
    good: list[tuple[int, AnyRecord]] = []
    problems: list[Problem] = []
    current = [0]

    def numbered_lines() -> Iterator[str]:
        for number, line in enumerate(text.splitlines(), start=1):
            current[0] = number
            yield line

    with jsonlines.Reader(numbered_lines()) as reader:
        while True:
            try:
                obj = reader.read(skip_empty=True)
            except EOFError:
                break
            except jsonlines.InvalidLineError as exc:
                cause = exc.__cause__
                reason = f"{cause.msg} at column {cause.colno}" if isinstance(cause, json.JSONDecodeError) else str(exc).split(" (line")[0]
                problems.append(Problem(name, exc.lineno, f"invalid JSON: {reason}"))
                continue
            lineno = current[0]
            if not isinstance(obj, dict):
                problems.append(Problem(name, lineno, f"expected a JSON object, got {type(obj).__name__}"))
                continue
            kind = obj.get("record")
            if kind not in ("document", "entity", "relation"):
                problems.append(Problem(name, lineno, f"record: must be 'document', 'entity' or 'relation', got {kind!r}"))
                continue
            try:
                good.append((lineno, parse_record(obj)))
            except ValidationError as exc:
                problems.append(Problem(name, lineno, f"{kind}: {describe_validation_error(exc)}"))
    return good, problems


def write_records(path: str | Path, records: Iterable[AnyRecord]) -> None:
    """Write records as JSONL in the contract's key order (no atomicity: see the batch runner)."""
    with jsonlines.open(path, mode="w", compact=True, sort_keys=False) as writer:
        for record in records:
            writer.write(record_to_json(record))


def dumps_records(records: Iterable[AnyRecord]) -> str:
    """The JSONL text of records, identical to what :func:`write_records` writes."""
    buf = io.StringIO()
    writer = jsonlines.Writer(buf, compact=True, sort_keys=False)
    for record in records:
        writer.write(record_to_json(record))
    writer.close()
    return buf.getvalue()


CORPUS_ENTITIES_FILE = "entities.jsonl"
RUN_ERRORS_FILE = "errors.jsonl"
#: Files a run folder holds beside its per-document outputs; they are not document records.
RUN_FILES = frozenset({CORPUS_ENTITIES_FILE, RUN_ERRORS_FILE})


def iter_jsonl_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into the sorted per-document ``.jsonl`` files they hold.

    A folder's :data:`RUN_FILES` (corpus entities, run errors) are skipped;
    a file named explicitly is always yielded.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from sorted(
                q for q in p.glob("*.jsonl") if q.is_file() and not q.name.startswith(".") and q.name not in RUN_FILES
            )
        else:
            yield p
