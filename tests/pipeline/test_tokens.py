"""Token columns read in one pass (pipeline/tokens.py) equal the per-token attributes."""

from __future__ import annotations

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc

from pipeline.tokens import DocColumns, bool_column, doc_text, sentence_char_bounds, sentence_ranges, string_column

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


def test_doc_text_equals_doc_text_property(nlp) -> None:
    for text in (TEXT, "  leading and trailing  ", "one", "Tabs\tand\u00a0no-break spaces, “quotes” (LeJ’s).\n\n\nEnd "):
        doc = nlp.make_doc(text)
        assert doc_text(doc) == doc.text == text
    assert doc_text(Doc(spacy.blank("en").vocab, words=[])) == ""
    words_doc = Doc(spacy.blank("en").vocab, words=["a", "b", "c"], spaces=[True, False, True])
    assert doc_text(words_doc) == words_doc.text == "a bc "


def test_span_text_and_offsets(nlp) -> None:
    doc = nlp(TEXT)
    cols = DocColumns(doc)
    assert cols.text == doc.text
    assert cols.starts == [t.idx for t in doc]
    assert cols.ends == [t.idx + len(t) for t in doc]
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert cols.span_text(start, end) == doc[start:end].text
    assert cols.is_punct == [t.is_punct for t in doc]
    assert cols.sent_starts == [t.is_sent_start is True for t in doc]
    assert any(cols.sent_starts[1:])  # the parse has several sentences
