"""The contract records: EDTF, strictness, unknown keys, null objects, exact round trips."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from models.records import SIGNATURES, Predicate, check_edtf, edtf_start, parse_record, record_to_json

NULLABLE = {Predicate.killed_by, Predicate.arrested_by, Predicate.released_by}

DOC = {"record": "document", "doc_id": "d1", "title": "T", "authors": ["A"], "published": None}
ENT = {"record": "entity", "doc_id": "d1", "id": "malik-ishaq", "type": "PERSON", "name": "Malik Ishaq", "aliases": ["Ishaq"]}
REL = {
    "record": "relation", "doc_id": "d1", "subject": "malik-ishaq", "predicate": "founder_of", "object": "lej",
    "date": None, "place": None, "modality": "asserted", "evidence": "Malik Ishaq founded LeJ.",
}


@pytest.mark.parametrize(
    "value",
    ["1997", "1997-01", "2003-06-16", "199X", "19XX", "1994/1996", "2009/2011", "1997?", "1997~",
     "2009/..", "../2009", "2004-02-29", "1997-21", "1997-01/1997-03"],
)
def test_edtf_accepts(value: str) -> None:
    assert check_edtf(value) == value


@pytest.mark.parametrize(
    "value",
    ["", "97", "1997-13", "1997-00", "2003-02-30", "2005-02-29", "2003-6-16", "1996/1994", "/", "../..",
     "mid-1990s", "1990s", "1997-01-01T00:00", "June 1997", "1997-01-32"],
)
def test_edtf_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        check_edtf(value)


@pytest.mark.parametrize(
    "earlier, later",
    [("199X", "1994/1996"), ("1994/1996", "1997"), ("2009", "2009-05-15"), ("2008-12", "2009"), ("2005", "2005/2007")],
)
def test_edtf_start_orders_by_the_earliest_point(earlier: str, later: str) -> None:
    assert edtf_start(earlier) < edtf_start(later) or (earlier, later) == ("2005", "2005/2007")
    assert edtf_start(later) >= edtf_start(earlier)


def test_edtf_start_of_an_open_start_is_none() -> None:
    assert edtf_start("../2005") is None


def test_bad_edtf_in_a_relation_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="EDTF"):
        parse_record({**REL, "date": "mid-1990s"})


@pytest.mark.parametrize("record", [DOC, ENT, REL], ids=["document", "entity", "relation"])
def test_unknown_keys_rejected(record: dict) -> None:
    parse_record(record)
    with pytest.raises(ValidationError, match="extra"):
        parse_record({**record, "colour": "red"})


@pytest.mark.parametrize(
    "record, key, value",
    [
        (ENT, "name", 1),
        (ENT, "aliases", [1]),
        (ENT, "doc_id", 5),
        (DOC, "title", 3),
        (DOC, "authors", "Abdul Sayed"),
        (REL, "evidence", 7),
        (REL, "date", 1997),
        (REL, "start", "3"),
        (REL, "confidence", "0.5"),
        (ENT, "type", "person"),
    ],
)
def test_strict_types(record: dict, key: str, value: object) -> None:
    """No coercion: a number where a string belongs (or the reverse) is an error, not a guess."""
    extra = {"end": 9} if key == "start" else {}
    with pytest.raises(ValidationError):
        parse_record({**record, key: value, **extra})


@pytest.mark.parametrize("predicate", list(Predicate), ids=lambda p: p.value)
def test_null_object_only_where_allowed(predicate: Predicate) -> None:
    record = {**REL, "predicate": predicate.value, "object": None}
    if predicate in NULLABLE:
        assert parse_record(record).object is None
    else:
        with pytest.raises(ValidationError, match="needs an object"):
            parse_record(record)


def test_signatures_mark_exactly_the_nullable_and_symmetric_predicates() -> None:
    assert {p for p, s in SIGNATURES.items() if s.object_nullable} == NULLABLE
    assert {p for p, s in SIGNATURES.items() if s.symmetric} == {
        Predicate.associate_of, Predicate.allied_with, Predicate.rival_of,
    }


def test_gold_lines_round_trip_exactly(gold_dir) -> None:
    """record_to_json(parse_record(line)) gives back the very object of every gold line."""
    count = 0
    for path in sorted(gold_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                assert record_to_json(parse_record(obj)) == obj, f"{path.name}: {line[:80]}"
                assert list(record_to_json(parse_record(obj))) == list(obj), "key order differs"
                count += 1
    assert count > 0
