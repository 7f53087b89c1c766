"""Sentence segments of pipeline/arguments.py, read from token columns, equal the token-by-token reading.

(Kept apart from test_arguments.py so the two branches that edit arguments.py merge cleanly.)
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.arguments import segments
from pipeline.tokens import DocColumns


def reference_segments(doc: Doc) -> list[tuple[int, int]]:
    """The token-by-token reading segments() replaced (same rules, ``Token`` attributes)."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                out.append((start, tok.i))
                start = tok.i + 1
        if start < sent.end:
            out.append((start, sent.end))
    cleaned = []
    for a, b in out:
        while a < b and doc[a].is_space:
            a += 1
        while b > a and doc[b - 1].is_space:
            b -= 1
        if a < b:
            cleaned.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in cleaned:
        if merged:
            pa, pb = merged[-1]
            same_line = not any("\n" in doc[k].text_with_ws for k in range(pb - 1, a))
            opens = sum(t.text == "(" for t in doc[pa:pb]) - sum(t.text == ")" for t in doc[pa:pb])
            if same_line and (opens > 0 or doc[a].text[:1].islower()):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged


@pytest.mark.parametrize(
    "text",
    [
        "The Origins of Lashkar-e-Jhangvi \n\nLashkar-e-Jhangvi was founded in 1996. It grew fast.",
        "Ustad Aslam (a.k.a. Qari Yasin) was killed. Pakistan detained Saeed. on 21 December 2001 he was freed.",
        "\n\n  Heading\nA line.\n\n\nAnother (open paren. still open) line.  \n",
        "",
    ],
)
def test_segments_equal_the_token_reading(nlp, text: str) -> None:
    doc = nlp(text)
    assert segments(doc) == reference_segments(doc)
    assert segments(doc, DocColumns(doc)) == reference_segments(doc)


def test_segments_of_the_corpus(nlp, raw_dir) -> None:
    for path in sorted(raw_dir.glob("*.txt"))[:2]:
        doc = nlp(path.read_text(encoding="utf-8"))
        assert segments(doc) == reference_segments(doc)
