"""Footnote and reference markers to cut from the body, and only those.

Analytic reports glue endnote numbers to the text they annotate
("Riaz Basra,3", "Shah5--were", "May 199719", "forcefully.”13"); Wikipedia
glues bracketed references ("Laden[1]", "[citation needed]"). Left in, they
break names ("Abbas14"), dates ("199719") and sentence splitting, so the body
spaCy sees drops them. The same text is full of real numbers that must
survive: years ("in 1996"), dates ("June 16, 2003"), "9/11", "55 people",
"$10 million", "E.O. 13224", "F-16", "1990s", "No. 2", "2nd", "3.5", "3,000".

Every rule lives in :data:`RULES`, each a regex whose group ``fn`` is the
span to cut, plus an optional check on the surrounding text. The docstring of
each rule says what it catches and what it must leave alone. The module only
*finds* spans in the original text; :mod:`pipeline.ingest` removes them while
keeping a character map, so offsets still point into the original.

Known limits, on purpose: a marker glued to an acronym or a capitalised word
("ISKP72", "LeJ5") is kept, because it cannot be told from a model number
("AK47", "G20", "MP5"); a marker separated by a space ("resistance 9") is
kept, because it cannot be told from a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

#: Abbreviations that take a number after their period without a space
#: ("No.2", "pp.12", "Rs.500"): the digits are the number, not a footnote.
NUMBER_ABBREVIATIONS = frozenset(
    s.casefold()
    for s in (
        "No", "Nos", "Nr", "Vol", "Vols", "p", "pp", "Art", "Arts", "Fig", "Figs", "Ch", "Chap",
        "Sec", "Para", "Paras", "Op", "Ex", "Reg", "Res", "Ref", "Doc", "Pt", "Tab", "v", "vs",
        "Ver", "Rs", "Re", "Rp", "Tk", "Sh", "Ksh", "Dh", "Ed", "Eds", "Ps", "Sura", "Ayah",
    )
)


def _at_word_start(words: str) -> str:
    """``\\b(?:w1|w2|...)`` written so that every alternative opens with its letter.

    A pattern that opens with ``\\b`` or a lookbehind is tried at every
    character of the text; one that opens with a literal or a character
    class lets the regex engine skip straight to the candidate characters.
    The word-boundary check moves behind the first letter (``J(?<=\\bJ)anuary``),
    which matches exactly the same text.
    """
    return "|".join(f"{w[0]}(?<=\\b{w[0]}){w[1:]}" for w in words.split("|"))


_CLAUSE_WORDS = "in|since|until|till|during|by|from|before|after|of"
#: every character that ``(?i)`` matches to the first letter of a clause word (İ, ı and ſ too)
_CLAUSE_FIRST = "isutdbfaoISUTDBFAO\u0130\u0131\u017f"
#: ``(?i)\\b(?:in|since|...)`` opening with a character class (see :func:`_at_word_start`)
_CLAUSE_AT_WORD_START = (
    f"[{_CLAUSE_FIRST}](?<=\\b.)(?i:" + "|".join(f"(?<={w[0]}){w[1:]}" for w in _CLAUSE_WORDS.split("|")) + ")"
)

_WORD_BEFORE = re.compile(r"[^\W\d_](?:[’'\-]?[^\W\d_])*$")
_ALNUM_TOKEN_BEFORE = re.compile(r"[\w’'\-]+$")


@dataclass(frozen=True)
class Rule:
    """One kind of footnote marker.

    Attributes:
        name: short id, used in tests and debugging.
        pattern: compiled regex; its group ``fn`` is the span to cut.
        check: optional ``check(text, match) -> bool``; the span is cut only
            when it returns True (for conditions a lookbehind cannot state).
        doc: what it catches and what it must keep.
    """

    name: str
    pattern: re.Pattern[str]
    doc: str
    check: Callable[[str, re.Match[str]], bool] | None = None


def _word_before(text: str, end: int) -> str:
    """The letters-only word (inner ’ ' - allowed) ending at ``end``, or ''."""
    m = _WORD_BEFORE.search(text, max(0, end - 60), end)
    return m.group() if m else ""


def _glued_to_word(text: str, m: re.Match[str]) -> bool:
    """A marker glued to a word: the word has 3+ letters, ends lower-case and holds no digit.

    Keeps "km2" (short unit), "AK47"/"G20"/"LeJ5" (upper case before the
    digits) and "B-52"/"Mi-17" (not glued to letters at all).
    """
    start = m.start("fn")
    token = _ALNUM_TOKEN_BEFORE.search(text, max(0, start - 60), start)
    if token is None or any(c.isdigit() for c in token.group()):
        return False
    word = _word_before(text, start)
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 and letters[-1].islower()


def _not_number_abbreviation(text: str, m: re.Match[str]) -> bool:
    """The word before the punctuation takes no number of its own.

    Keeps "No.2", "pp.12", "Rs.500" (number abbreviations) and "A.1",
    "Table B.3" (a lone letter numbering a section); a lone letter that ends
    a dotted abbreviation ("U.S.1") or a decade ("1980s.22") is still a
    footnote.
    """
    punct = m.start("fn") - 1
    word = _word_before(text, punct)
    if word.casefold() in NUMBER_ABBREVIATIONS:
        return False
    if len(word) == 1:
        before = punct - 1 - len(word)
        return before >= 0 and (text[before] == "." or text[before].isdigit())
    return True


def _superscript_check(text: str, m: re.Match[str]) -> bool:
    """Superscript digits after punctuation, or after a word of 3+ letters (keeps "km²")."""
    before = text[m.start("fn") - 1]
    if not before.isalnum():
        return True
    word = _word_before(text, m.start("fn"))
    return len(word) >= 3


RULES: tuple[Rule, ...] = (
    Rule(
        "wiki_ref",
        # every pattern opens with a literal or a character class, its lookbehind right
        # after it, so the engine jumps to candidates (see _at_word_start)
        re.compile(r"(?P<fn>\[(?<=\S\[)(?:\d{1,4}|[a-z]|(?:nb|note|n|lower-alpha|upper-alpha) ?\d{1,3})\])"),
        doc=(
            "Wikipedia-style reference glued to text: 'Laden[1]', 'killed[13] by', '[9][10][11]', "
            "'[a]', '[note 3]'. A bracket after a space ('see [12]') or at line start (a "
            "reference list item) is kept."
        ),
    ),
    Rule(
        "wiki_tag",
        re.compile(
            r"(?P<fn>\[(?<=\S\[)(?:[a-z][a-z ,'’\-]{0,40}(?:needed|\?)"
            r"|dubious[^\[\]\n]{0,30}|disputed[^\[\]\n]{0,30}|failed verification"
            r"|not in citation given|original research\??)\])"
        ),
        doc=(
            "Wikipedia maintenance tag glued to text: '[citation needed]', '[who?]', "
            "'[according to whom?]', '[dubious – discuss]'. An editorial insertion in a quote "
            "('[the group]') is kept."
        ),
    ),
    Rule(
        "markdown_ref",
        re.compile(r"(?P<fn>\[(?<=\S\[)\^[^\[\]\s]{1,20}\])(?!:)"),
        doc="Markdown footnote reference 'text[^1]' (the '[^1]: ...' definition is a notes line).",
    ),
    Rule(
        "superscript",
        re.compile(r"(?P<fn>[⁰¹²³⁴⁵⁶⁷⁸⁹](?<=\S[⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]*)"),
        doc="Unicode superscript digits after a word or punctuation: 'Basra³'. Keeps 'km²', 'm³'.",
        check=_superscript_check,
    ),
    Rule(
        "year_glued",
        re.compile(
            rf"(?:(?:{_at_word_start(MONTHS)})\.?\s+(?:\d{{1,2}},?\s+)?)(?:1[5-9]|20)\d\d(?P<fn>\d{{1,3}})"
            r"(?=[\s.,;:!?)\]”’\"—–]|-{2}|$)"
        ),
        doc=(
            "A year after a month name with footnote digits glued on: 'May 199719' -> 'May 1997', "
            "'June 5, 200312' -> 'June 5, 2003'. A month name is what makes the first four "
            "digits a year; bare numbers ('200000 barrels') are not touched."
        ),
    ),
    Rule(
        "year_glued_clause_end",
        re.compile(
            _CLAUSE_AT_WORD_START + r"\s+(?:1[5-9]|20)\d\d(?P<fn>\d{1,3})"
            r"(?=[.,;:!?)\]”’\"]|[ \t\u00a0]*(?:\r?\n|$))",
        ),
        doc=(
            "A year after 'in', 'since', 'by' ... with footnote digits glued on, at the end of a "
            "clause: 'in 199812.' -> 'in 1998.'. Only before punctuation or a line end, where an "
            "endnote sits; 'in 200000 cases' is kept."
        ),
    ),
    Rule(
        "year_punct",
        re.compile(
            r"\d(?<![\d.,/]\d)(?:(?<=1)[5-9]\d\d|(?<=2)0\d\d|\d?/\d{1,2})(?:\.(?P<fn>\d{1,3})(?=[ \t\u00a0]*(?:\r?\n|$)|\s+[A-Z“\"‘]|[A-Z“\"‘])"
            r"|,(?P<fn2>\d{1,3})(?=\s|$))"
        ),
        doc=(
            "Footnote digits after a year (or a day/month date like 9/11) and its period or comma: "
            "'1997.17 At', 'in 1998.18⏎', 'after 9/11.47 This', 'January 2002,30 a car'. A decimal "
            "('1999.99 dollars', '3.5') is followed by a lower-case word or is no year or date; a "
            "thousands separator never follows a four-digit group."
        ),
    ),
    Rule(
        "after_punct",
        re.compile(
            r"(?P<fn>\d(?<=[^\W\d_][.,;:!?]\d|[)\]”’\"»][.,;:!?]\d)\d{0,2})(?=[\s.,;:)\]]|$|[A-Z“\"‘])"
        ),
        doc=(
            "Digits right after sentence or clause punctuation that follows a word or a closing "
            "bracket/quote: 'region.1 The', 'Basra,3 Malik', 'list.53Around', 'forces.57.', "
            "'Balochistan).76 In'. Keeps 'No.2', 'pp.12', 'Rs.500' (number abbreviations), '3.5' "
            "and '3,000' (a digit before the punctuation) and 'No. 2' (a space)."
        ),
        check=_not_number_abbreviation,
    ),
    Rule(
        "after_closer",
        re.compile(r"(?P<fn>\d(?<=[^\d\s][)\]”’\"»]\d)\d{0,2})(?=[\s.,;:!?)\]]|$|[A-Z])"),
        doc=(
            "Digits right after a closing quote or bracket glued to text: 'forcefully.”13', "
            "'(TTP)15 and'. Keeps '’90s' (apostrophe after a space), 5'11 (digit before the "
            "quote) and '(2002)3'-style numbers after a bracketed number."
        ),
    ),
    Rule(
        "after_word",
        re.compile(r"(?P<fn>\d(?<=[^\W\d_]\d)\d{0,2})(?=[\s.,;:!?)\]”’\"—–]|-{2}|$)"),
        doc=(
            "Digits glued to the end of a lower-case word: 'Shah5--were', 'resistance9 and', "
            "'Abbas14 and', 'Shi’as17'. Keeps 'km2', 'AK47', 'G20', 'LeJ5', 'F-16', '2nd', "
            "'1990s'."
        ),
        check=_glued_to_word,
    ),
)


def footnote_spans(text: str, rules: Iterable[Rule] = RULES) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of ``text`` that are footnote or reference markers.

    Sorted and merged. Only the ``fn`` (or ``fn2``) group of each rule's match
    is returned: the context the rule needed stays in the text.
    """
    spans: list[tuple[int, int]] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            group = "fn" if m.group("fn") is not None else "fn2"
            if rule.check is not None and not rule.check(text, m):
                continue
            spans.append((m.start(group), m.end(group)))
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def strip_footnotes(text: str) -> str:
    """``text`` with every footnote marker removed (for tests and quick use)."""
    out: list[str] = []
    pos = 0
    for start, end in footnote_spans(text):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)
