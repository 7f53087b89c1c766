"""Checks a single JSONL line cannot make: the document as a whole.

Ids unique and resolving, argument types fitting the predicate, no duplicate
(subject, predicate, object), symmetric predicates not stated twice, one
document record per doc_id, and, for machine output when the original text
is at hand, that ``text[start:end]`` is the evidence and every mention lies
inside the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .jsonl import AnyRecord, Problem, read_records
from .records import SIGNATURES, Document, Entity, EntityType, Relation


def check_document(
    records: Iterable[tuple[int, AnyRecord]],
    path: str,
    text: str | None = None,
) -> list[Problem]:
    """All cross-record problems of one file's records (line-numbered)."""
    records = list(records)
    problems: list[Problem] = []
    docs = [(n, r) for n, r in records if isinstance(r, Document)]
    if not docs:
        problems.append(Problem(path, 0, "no document record: each file starts with one"))
    for n, _ in docs[1:]:
        problems.append(Problem(path, n, "second document record: one file holds one document"))
    expected = docs[0][1].doc_id if docs else None
    entities: dict[str, Entity] = {}
    for n, r in records:
        if expected is not None and r.doc_id != expected:
            problems.append(Problem(path, n, f"doc_id {r.doc_id!r} differs from the document record's {expected!r}"))
        if isinstance(r, Entity):
            if r.id in entities:
                problems.append(Problem(path, n, f"entity id {r.id!r} is not unique in the document"))
            else:
                entities[r.id] = r
            if text is not None and r.mentions:
                for start, end in r.mentions:
                    if end > len(text):
                        problems.append(Problem(path, n, f"mention [{start}, {end}] of {r.id!r} lies beyond the end of the text ({len(text)} characters)"))
    seen: dict[tuple[str, str, str | None], int] = {}
    for n, r in records:
        if not isinstance(r, Relation):
            continue
        sig = SIGNATURES[r.predicate]
        pred = r.predicate.value
        subj = entities.get(r.subject)
        if subj is None:
            problems.append(Problem(path, n, f"subject {r.subject!r} is not an entity id of this document"))
        elif subj.type not in sig.subject:
            problems.append(Problem(path, n, f"{pred} needs a subject of type {_types(sig.subject)}, {r.subject!r} is {subj.type.value}"))
        if r.object is not None:
            obj = entities.get(r.object)
            if obj is None:
                problems.append(Problem(path, n, f"object {r.object!r} is not an entity id of this document"))
            elif obj.type not in sig.object:
                problems.append(Problem(path, n, f"{pred} needs an object of type {_types(sig.object)}, {r.object!r} is {obj.type.value}"))
        if r.place is not None:
            place = entities.get(r.place)
            if place is None:
                problems.append(Problem(path, n, f"place {r.place!r} is not an entity id of this document"))
            elif place.type is not EntityType.LOC:
                problems.append(Problem(path, n, f"place must be a LOC entity, {r.place!r} is {place.type.value}"))
        key = r.key()
        if key in seen:
            how = "stated twice (symmetric predicates are unordered)" if sig.symmetric and (r.subject, pred, r.object) != key else "stated twice"
            problems.append(Problem(path, n, f"({r.subject}, {pred}, {r.object}) {how}: first at line {seen[key]}; relations are unique per document"))
        else:
            seen[key] = n
        if text is not None and r.start is not None and r.end is not None:
            if text[r.start : r.end] != r.evidence:
                problems.append(Problem(path, n, f"evidence does not match text[{r.start}:{r.end}] of the original input"))
    return sorted(problems)


def _types(types: frozenset[EntityType]) -> str:
    return " or ".join(sorted(t.value for t in types))


def validate_file(path: str | Path, text: str | None = None) -> tuple[list[tuple[int, AnyRecord]], list[Problem]]:
    """Read one JSONL file and return its records and every problem, line-level and document-level."""
    records, problems = read_records(path)
    if records or not problems:
        problems = problems + check_document(records, str(path), text)
    return records, sorted(problems)
