"""Token columns read in one pass (pipeline/tokens.py) equal the per-token attributes."""

from __future__ import annotations

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc

from pipeline.tokens import DocColumns, bool_column, sentence_char_bounds, sentence_ranges, string_column

TEXT = "The Origins of Lashkar-e-Jhangvi \n\nLashkar-e-Jhangvi (LeJ) was founded in 1996.\nIt grew   fast in the Punjab."


def test_columns_equal_token_attributes(nlp) -> None:
    doc = nlp(TEXT)
    assert string_column(doc, ORTH) == [t.text for t in doc]
    assert string_column(doc, LOWER) == [t.lower_ for t in doc]
    assert string_column(doc, TAG) == [t.tag_ for t in doc]
    assert string_column(doc, POS) == [t.pos_ for t in doc]
    assert bool_column(doc, IS_SPACE) == [t.is_space for t in doc]
    assert bool_column(doc, IS_PUNCT) == [t.is_punct for t in doc]


def test_parse_columns_equal_token_attributes(nlp) -> None:
    doc = nlp(TEXT + " Then it split. Its leader, who was arrested, fled.")
    cols = DocColumns(doc)
    assert cols.deps == [t.dep_ for t in doc]
    assert cols.heads == [t.head.i for t in doc]
    assert cols.subjects == [t.i for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
    assert sentence_ranges(doc) == [(s.start, s.end) for s in doc.sents]
    assert cols.sentences == sentence_ranges(doc)
    assert sentence_char_bounds(doc) == [(s.start_char, s.end_char) for s in doc.sents]


def test_doc_columns_line_breaks() -> None:
    doc = spacy.blank("en")(TEXT)
    cols = DocColumns(doc)
    assert cols.line_breaks == {t.i for t in doc if "\n" in t.text_with_ws}
    assert cols.lowers == [t.lower_ for t in doc]
    assert cols.is_space == [t.is_space for t in doc]
    assert cols.lowers is cols.lowers  # computed once


def test_empty_doc() -> None:
    doc = Doc(spacy.blank("en").vocab, words=[])
    cols = DocColumns(doc)
    assert (cols.texts, cols.lowers, cols.is_space, cols.line_breaks) == ([], [], [], set())
