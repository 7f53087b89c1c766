"""Emit: every offset the pipeline writes points into the original text, as written.

Runs the full pipeline on every corpus document (the loaded pipeline is
shared by the session) and checks each entity mention and each evidence span
against the original file, before any cleaning.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from models import Entity, Relation, check_document
from pipeline.emit import assign_ids, slugify

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(p.stem for p in (ROOT / "corpus" / "raw").glob("*.txt"))
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    """Case-folded words, possessive 's and plural s dropped (how a form is written alone varies)."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    out = set()
    for w in _WORD.findall(text.casefold()):
        out.add(w)
        out.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return out


@pytest.fixture(scope="module")
def extracted(extractor, raw_dir):
    out = {}
    for stem in CORPUS:
        source = extractor.read(raw_dir / f"{stem}.txt")
        out[stem] = (source, extractor.extract_source(source))
    return out


@pytest.mark.parametrize("stem", CORPUS)
def test_every_mention_is_the_text_as_written(stem: str, extracted) -> None:
    source, records = extracted[stem]
    original = source.original
    entities = [r for r in records if isinstance(r, Entity)]
    assert entities, "no entity found at all"
    for e in entities:
        forms = _words(" ".join([e.name, *e.aliases]))
        for start, end in e.mentions or []:
            written = original[start:end]
            assert written == written.strip(), f"{e.id}: mention {written!r} has surrounding space"
            assert not re.search(r"[A-Za-z][’']?\d+$", written), f"{e.id}: mention {written!r} keeps a footnote digit"
            assert unicodedata.normalize("NFC", written) in source.body, f"{e.id}: {written!r} crosses removed text"
            assert _words(written) & forms, f"{e.id}: mention {written!r} shares no word with {e.name!r} or its aliases"


@pytest.mark.parametrize("stem", CORPUS)
def test_records_validate_against_the_original_text(stem: str, extracted) -> None:
    """Ids resolve, types fit, and text[start:end] is each relation's evidence."""
    source, records = extracted[stem]
    numbered = list(enumerate(records, start=1))
    assert check_document(numbered, f"{stem}.jsonl", text=source.original) == []
    relations = [r for r in records if isinstance(r, Relation)]
    assert relations
    for r in relations:
        assert source.original[r.start : r.end] == r.evidence
        assert r.confidence is not None and 0 < r.confidence <= 1 and r.method


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Lashkar-e-Jhangvi", "lashkar-e-jhangvi"), ("Shi’a", "shia"), ("Abū 'Abdāllāh", "abu-abdallah"), ("!!!", "entity")],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_repeated_names_get_distinct_ids() -> None:
    clusters = [{"id": "", "name": n} for n in ("Ali", "Ali", "ali", "Omar")]
    assert assign_ids(clusters) == ["ali", "ali-2", "ali-3", "omar"]
