"""The footnote rules open with a literal or a character class (pipeline/footnotes.py).

They were rewritten from patterns that opened with ``\\b`` or a lookbehind,
which the regex engine tries at every character. These tests pin that the
rewritten patterns match exactly what the originals matched, on the corpus
reports and on random text made of the characters the rules look at.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.footnotes import _CLAUSE_FIRST, MONTHS, RULES, Rule, footnote_spans

ROOT = Path(__file__).resolve().parents[2]

#: the patterns as they were before the rewrite, by rule name
ORIGINAL = {
    "wiki_ref": re.compile(r"(?<=\S)(?P<fn>\[(?:\d{1,4}|[a-z]|(?:nb|note|n|lower-alpha|upper-alpha) ?\d{1,3})\])"),
    "wiki_tag": re.compile(
        r"(?<=\S)(?P<fn>\[(?:[a-z][a-z ,'’\-]{0,40}(?:needed|\?)"
        r"|dubious[^\[\]\n]{0,30}|disputed[^\[\]\n]{0,30}|failed verification"
        r"|not in citation given|original research\??)\])"
    ),
    "markdown_ref": re.compile(r"(?<=\S)(?P<fn>\[\^[^\[\]\s]{1,20}\])(?!:)"),
    "superscript": re.compile(r"(?<=\S)(?P<fn>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"),
    "year_glued": re.compile(
        rf"\b(?:(?:{MONTHS})\.?\s+(?:\d{{1,2}},?\s+)?)(?:1[5-9]|20)\d\d(?P<fn>\d{{1,3}})"
        r"(?=[\s.,;:!?)\]”’\"—–]|-{2}|$)"
    ),
    "year_glued_clause_end": re.compile(
        r"\b(?:in|since|until|till|during|by|from|before|after|of)\s+(?:1[5-9]|20)\d\d(?P<fn>\d{1,3})"
        r"(?=[.,;:!?)\]”’\"]|[ \t\u00a0]*(?:\r?\n|$))",
        re.IGNORECASE,
    ),
    "year_punct": re.compile(
        r"(?<![\d.,/])(?:(?:1[5-9]|20)\d\d|\d{1,2}/\d{1,2})(?:\.(?P<fn>\d{1,3})(?=[ \t\u00a0]*(?:\r?\n|$)|\s+[A-Z“\"‘]|[A-Z“\"‘])"
        r"|,(?P<fn2>\d{1,3})(?=\s|$))"
    ),
    "after_punct": re.compile(r"(?:(?<=[^\W\d_][.,;:!?])|(?<=[)\]”’\"»][.,;:!?]))(?P<fn>\d{1,3})(?=[\s.,;:)\]]|$|[A-Z“\"‘])"),
    "after_closer": re.compile(r"(?<=[^\d\s][)\]”’\"»])(?P<fn>\d{1,3})(?=[\s.,;:!?)\]]|$|[A-Z])"),
    "after_word": re.compile(r"(?<=[^\W\d_])(?P<fn>\d{1,3})(?=[\s.,;:!?)\]”’\"—–]|-{2}|$)"),
}

# pieces the rules care about, glued at random
PIECES = (
    [" ", "  ", "\n", "\r\n", "\t", "\u00a0", ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "^", "“", "”", "’", "'", '"', "»",
     "-", "--", "—", "–", "/", "_", "x", "a", "A", "Z", "s", "İ", "ı", "ſ", "é", "٣", "¹", "²", "³", "⁴", "⁰"]
    + [str(d) for d in range(10)] + ["19", "1997", "2003", "1512", "9/11", "12/3", "199719", "200312", "1998"]
    + MONTHS.split("|") + ["may", "MAY", "In", "IN", "in", "since", "SINCE", "ſince", "by", "By", "of", "OF", "İn", "ın"]
    + ["Laden", "word", "No", "pp", "Rs", "U.S", "km", "AK", "LeJ", "citation needed", "who?", "note 3", "nb 2", "dubious – discuss"]
)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, int | None, int | None]]:
    out = []
    for m in pattern.finditer(text):
        fn2 = m.span("fn2") if "fn2" in pattern.groupindex else (None, None)
        out.append((m.start(), m.end(), *m.span("fn"), *fn2))
    return out


def _texts() -> list[str]:
    rng = random.Random(20240611)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(20000)]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rewritten_pattern_matches_the_original(rule: Rule, texts: list[str]) -> None:
    original = ORIGINAL[rule.name]
    found = 0
    for text in texts:
        expected = _matches(original, text)
        assert _matches(rule.pattern, text) == expected, (rule.name, text)
        found += len(expected)
    assert found > 0  # the random texts exercise every rule


def test_footnote_spans_equal_the_original_rules(texts: list[str]) -> None:
    original = tuple(Rule(r.name, ORIGINAL[r.name], r.doc, r.check) for r in RULES)
    for text in texts[:5000]:
        assert footnote_spans(text) == footnote_spans(text, original)


def test_every_pattern_opens_with_a_literal_or_a_class() -> None:
    """The point of the rewrite: no pattern opens with an assertion (tried at every character)."""
    for rule in RULES:
        assert not rule.pattern.pattern.startswith(("(?<", "\\b", "(?:(?<")), rule.name


def test_clause_first_letters_are_what_ignorecase_matches() -> None:
    """``_CLAUSE_FIRST`` holds every character ``(?i)`` takes for a first letter of the clause words."""
    pattern = re.compile("(?i)[isutdbfao]")
    expected = {chr(cp) for cp in range(0x10000) if pattern.fullmatch(chr(cp))}
    assert set(_CLAUSE_FIRST) == expected
