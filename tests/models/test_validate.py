"""Document-level validation, robustness of the reader, and the corpus copies."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.jsonl import read_records
from models.validate import validate_file

HEAD = [
    {"record": "document", "doc_id": "d1", "title": None, "authors": [], "published": None},
    {"record": "entity", "doc_id": "d1", "id": "malik-ishaq", "type": "PERSON", "name": "Malik Ishaq", "aliases": []},
    {"record": "entity", "doc_id": "d1", "id": "riaz-basra", "type": "PERSON", "name": "Riaz Basra", "aliases": []},
    {"record": "entity", "doc_id": "d1", "id": "lej", "type": "ORG", "name": "Lashkar-e-Jhangvi", "aliases": []},
    {"record": "entity", "doc_id": "d1", "id": "pakistan", "type": "LOC", "name": "Pakistan", "aliases": []},
]


def rel(subject: str, predicate: str, obj: str | None, **extra: object) -> dict:
    return {"record": "relation", "doc_id": "d1", "subject": subject, "predicate": predicate, "object": obj,
            "modality": "asserted", "evidence": "Some sentence.", **extra}


def write(path: Path, objs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def test_gold_files_are_valid(gold_dir: Path) -> None:
    files = sorted(gold_dir.glob("*.jsonl"))
    assert files
    for path in files:
        records, problems = validate_file(path)
        assert problems == [], "\n".join(map(str, problems))
        assert records


@pytest.mark.parametrize(
    "relation, needle",
    [
        (rel("nobody", "founder_of", "lej"), "subject 'nobody' is not an entity id"),
        (rel("malik-ishaq", "founder_of", "ghost"), "object 'ghost' is not an entity id"),
        (rel("malik-ishaq", "founder_of", "pakistan"), "founder_of needs an object of type ORG"),
        (rel("lej", "member_of", "lej-x"), "member_of needs a subject of type PERSON"),
        (rel("malik-ishaq", "founder_of", "lej", place="lej"), "place must be a LOC entity"),
    ],
)
def test_document_problems_name_the_line(tmp_path: Path, relation: dict, needle: str) -> None:
    path = write(tmp_path / "d1.jsonl", [*HEAD, relation])
    _, problems = validate_file(path)
    assert any(p.line == len(HEAD) + 1 and needle in p.message for p in problems), problems
    assert all(str(p).startswith(f"{path}:") for p in problems)


def test_symmetric_relation_stated_both_ways_is_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path / "d1.jsonl", [*HEAD, rel("malik-ishaq", "associate_of", "riaz-basra"),
                                         rel("riaz-basra", "associate_of", "malik-ishaq")])
    _, problems = validate_file(path)
    assert [(p.line, "stated twice" in p.message) for p in problems] == [(7, True)]


def test_duplicate_entity_id(tmp_path: Path) -> None:
    path = write(tmp_path / "d1.jsonl", [*HEAD, HEAD[1]])
    _, problems = validate_file(path)
    assert [p.line for p in problems] == [6]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file rewritten by each hypothesis example (function-scoped fixtures do not mix with @given)."""
    return tmp_path_factory.mktemp("fuzz") / "input.jsonl"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_read_records_never_raises_on_bytes(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    records, problems = read_records(scratch)
    assert isinstance(records, list) and isinstance(problems, list)
    assert all(p.line >= 0 and p.message for p in problems)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
_record_like = st.fixed_dictionaries(
    {"record": st.sampled_from(["document", "entity", "relation", "other"]), "doc_id": st.text(max_size=6)},
    optional={"id": st.text(max_size=6), "type": st.text(max_size=6), "object": _json, "date": _json,
              "predicate": st.sampled_from(["founder_of", "killed_by", "nope"]), "name": _json, "aliases": _json},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(st.text(max_size=60), _json.map(json.dumps), _record_like.map(json.dumps)), max_size=6))
def test_validate_file_never_raises_on_text(scratch: Path, lines: list[str]) -> None:
    scratch.write_text("\n".join(lines), encoding="utf-8")
    records, problems = validate_file(scratch)
    assert isinstance(records, list) and isinstance(problems, list)


def test_corpus_copies_equal_shared(root: Path) -> None:
    """corpus/gold and corpus/raw are copies of ../shared/corpus; a drift would score against stale gold."""
    shared = root.parent / "shared" / "corpus"
    if not shared.is_dir():
        pytest.skip(f"{shared} is absent")
    for sub in ("gold", "raw"):
        ours, theirs = root / "corpus" / sub, shared / sub
        names = sorted(p.name for p in theirs.iterdir() if p.is_file())
        assert sorted(p.name for p in ours.iterdir() if p.is_file()) == names
        match, mismatch, errors = filecmp.cmpfiles(ours, theirs, names, shallow=False)
        assert (mismatch, errors) == ([], []), f"{sub}: differs from shared: {mismatch + errors}"
