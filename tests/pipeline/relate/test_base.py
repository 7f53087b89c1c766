"""Shared shapes of the relation stage (pipeline/relate/base.py)."""

from __future__ import annotations

from pipeline.relate.base import NULLABLE, OBJECT_TYPES, SUBJECT_TYPES, SYMMETRIC, ChildLists
from pipeline.tokens import DocColumns


def test_child_lists_equal_token_children(bare_nlp) -> None:
    doc = bare_nlp("Karim Haddad, who led Jund al-Nasr, fled to Quetta. Omar Rashid was arrested and later released.")
    kids = ChildLists(DocColumns(doc).heads)
    assert [kids[t.i] for t in doc] == [[c.i for c in t.children] for t in doc]


def test_child_lists_of_an_empty_document() -> None:
    assert ChildLists([])._offsets == [0]


def test_type_tables_follow_the_contract() -> None:
    assert NULLABLE == {"killed_by", "arrested_by", "released_by"}
    assert SYMMETRIC == {"associate_of", "allied_with", "rival_of"}
    assert SUBJECT_TYPES["supported"] == {"PERSON"}
    assert OBJECT_TYPES["based_in"] == {"LOC"}
