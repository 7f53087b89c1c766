"""Token attributes of a whole ``Doc`` as plain lists and arrays, read in one pass.

Reading ``doc[i].lower_`` builds a ``Token`` object and decodes a string for
every token, every time a stage walks the document. The stages that scan
every token (argument indexing, organ phrases, sentence segments) take the
columns they need from ``Doc.to_array`` instead: one C loop per attribute,
and one string decoded per distinct value rather than per token.
"""

from __future__ import annotations

from functools import cached_property

import numpy
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc


def string_column(doc: Doc, attr: int) -> list[str]:
    """The string value of ``attr`` (``LOWER``, ``ORTH``, ``TAG``, ``POS`` ...) for every token of ``doc``."""
    if len(doc) == 0:
        return []
    uniq, inverse = numpy.unique(doc.to_array(attr), return_inverse=True)
    strings = doc.vocab.strings
    names = [strings[h] for h in uniq.tolist()]
    return [names[k] for k in inverse.tolist()]


def bool_column(doc: Doc, attr: int) -> list[bool]:
    """A flag attribute (``IS_SPACE``, ``IS_PUNCT`` ...) for every token of ``doc``."""
    return doc.to_array(attr).astype(bool).tolist()


def doc_text(doc: Doc) -> str:
    """``doc.text`` from the ORTH and trailing-space columns.

    ``Doc.text`` builds a ``Token`` and joins its ``text_with_ws`` for every
    word on each call; this decodes each distinct string once and joins plain
    strings, with the same result.
    """
    if len(doc) == 0:
        return ""
    arr = doc.to_array([ORTH, SPACY])
    uniq, inverse = numpy.unique(arr[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    names = [strings[h] for h in uniq.tolist()]
    spaced = [name + " " for name in names]
    return "".join([spaced[k] if space else names[k] for k, space in zip(inverse.tolist(), arr[:, 1].tolist())])


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of ``doc.sents``, read from the sentence-start column."""
    n = len(doc)
    if n == 0:
        return []
    if not doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    flags = doc.to_array(SENT_START)
    starts = [0] + [i for i in numpy.flatnonzero(flags == 1).tolist() if i > 0]
    return list(zip(starts, starts[1:] + [n]))


def sentence_char_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of every sentence, as ``(s.start_char, s.end_char)`` of ``doc.sents``."""
    ranges = sentence_ranges(doc)
    if not ranges:
        return []
    arr = doc.to_array([IDX, LENGTH])
    idx, length = arr[:, 0].tolist(), arr[:, 1].tolist()
    return [(idx[a], idx[b - 1] + length[b - 1]) for a, b in ranges]


class DocColumns:
    """The columns of one ``doc`` a stage reads, each computed on first use and kept.

    Valid while the document's tokens stay as they are: make a new one after
    a retokenization.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.memo: dict[object, object] = {}  # per-document results stages share ("subjects of segment k")

    @cached_property
    def texts(self) -> list[str]:
        return string_column(self.doc, ORTH)

    @cached_property
    def text(self) -> str:
        """The document's text (``doc.text``), joined once from the columns."""
        return doc_text(self.doc)

    @cached_property
    def starts(self) -> list[int]:
        """Character offset of every token (``token.idx``)."""
        return self.doc.to_array(IDX).tolist() if len(self.doc) else []

    @cached_property
    def ends(self) -> list[int]:
        """Character offset just after every token's text (``token.idx + len(token)``)."""
        if len(self.doc) == 0:
            return []
        arr = self.doc.to_array([IDX, LENGTH])
        return (arr[:, 0] + arr[:, 1]).tolist()

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` as one slice of the text (a ``Span`` joins a ``Token`` per word)."""
        if end <= start:
            return ""
        return self.text[self.starts[start] : self.ends[end - 1]]

    @cached_property
    def is_punct(self) -> list[bool]:
        return bool_column(self.doc, IS_PUNCT)

    @cached_property
    def sent_starts(self) -> list[bool]:
        """``token.is_sent_start`` is True (the first token of a sentence the parser or senter marked)."""
        if len(self.doc) == 0:
            return []
        return (self.doc.to_array(SENT_START) == 1).tolist()

    @cached_property
    def lowers(self) -> list[str]:
        return string_column(self.doc, LOWER)

    @cached_property
    def tags(self) -> list[str]:
        return string_column(self.doc, TAG)

    @cached_property
    def pos(self) -> list[str]:
        return string_column(self.doc, POS)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Token ranges of the sentences, as ``doc.sents`` gives them (without a Token per word)."""
        return sentence_ranges(self.doc)

    @cached_property
    def deps(self) -> list[str]:
        return string_column(self.doc, DEP)

    @cached_property
    def heads(self) -> list[int]:
        """Absolute index of every token's head (a root is its own head)."""
        if len(self.doc) == 0:
            return []
        rel = self.doc.to_array(HEAD).astype("int64")
        return (rel + numpy.arange(len(rel), dtype="int64")).tolist()

    @cached_property
    def subjects(self) -> list[int]:
        """Indices of the subject tokens (nsubj, nsubjpass), in order."""
        return [i for i, d in enumerate(self.deps) if d in ("nsubj", "nsubjpass")]

    @cached_property
    def is_space(self) -> list[bool]:
        return bool_column(self.doc, IS_SPACE)

    @cached_property
    def line_breaks(self) -> set[int]:
        """Tokens whose text holds a line break (a token's own trailing whitespace is one space at most)."""
        return {i for i, text in enumerate(self.texts) if "\n" in text}
