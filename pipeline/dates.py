"""Date expressions in a sentence, normalised to EDTF (ISO 8601-2 level 1).

The guideline (section 6) writes the date of a fact as written, in EDTF:
``1997``, ``1997-01``, ``2003-06-16``, ``199X`` for "the 1990s", ``1994/1996``
for "the mid-1990s", ``2009/2011`` for "between 2009 and 2011" or "in both
2009 and 2011". :func:`find_dates` finds every such expression in a text with
its character span; the relation extractor then picks the one attached to the
relation's clause.

Relative expressions ("the following year", "that year", "on 15 May" with no
year) resolve against the last explicit year written before them, which the
caller passes in as ``context_year`` and which is updated as the text is read.
Numbers that are not dates ("9/11", "$10 million", "55 people", "3,000",
"E.O. 13224") never match: a year is four digits from 1800 to 2099 standing
alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.records import check_edtf

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ),
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_YEAR = r"(?:18|19|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_DASH = r"\s*[-\u2010-\u2015]\s*"
_QUAL = r"(?:early|mid|middle|late|the\s+early|the\s+mid|the\s+late)"
_NOT_AFTER = r"(?![\d,]*\d)(?!\s*(?:people|persons|men|militants|fighters|civilians|members|soldiers|dollars|rupees)\b)"
_NOT_BEFORE = r"(?<![\d$£€.,/])"

# Ordered: the first pattern that matches at a position wins, longest forms first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "year_range",
        re.compile(
            rf"\b(?:from|between)\s+(?:the\s+years?\s+)?(?P<y1>{_YEAR})\s+(?:to|and|until|till|through|-)\s+(?P<y2>{_YEAR}){_NOT_AFTER}",
            re.I,
        ),
    ),
    ("year_dash", re.compile(rf"{_NOT_BEFORE}\b(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR}|\d\d){_NOT_AFTER}\b(?!s)")),
    (
        "year_and",
        re.compile(rf"{_NOT_BEFORE}\b(?:both\s+)?(?P<y1>{_YEAR})\s*,?\s+(?:and|or)\s+(?P<y2>{_YEAR}){_NOT_AFTER}\b(?!s)"),
    ),
    (
        "month_day_year",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR}){_NOT_AFTER}\b"),
    ),
    (
        "day_month_year",
        re.compile(rf"\b(?P<d>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR}){_NOT_AFTER}\b"),
    ),
    (
        "month_range_year",
        re.compile(rf"\b(?P<m>{_MONTH}){_DASH}(?:{_MONTH})\s+(?P<y>{_YEAR}){_NOT_AFTER}\b"),
    ),
    (
        "day_month_relative",
        re.compile(rf"\b(?P<d>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\s+of\s+(?:the\s+same|that)\s+year\b", re.I),
    ),
    ("month_year", re.compile(rf"\b(?:(?:early|mid|late)[\s-]+)?(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR}){_NOT_AFTER}\b")),
    ("qual_decade", re.compile(rf"\b(?P<q>{_QUAL})[\s-]*(?P<dec>(?:18|19|20)\d0)'?s\b", re.I)),
    ("decade", re.compile(rf"{_NOT_BEFORE}\b(?P<dec>(?:18|19|20)\d0)'?s\b")),
    ("qual_year", re.compile(rf"\b(?P<q>{_QUAL})[\s-]+(?P<y>{_YEAR}){_NOT_AFTER}\b(?!s)", re.I)),
    ("year", re.compile(rf"{_NOT_BEFORE}\b(?P<y>{_YEAR}){_NOT_AFTER}\b(?!s|/\d)(?!\s*[-\u2013]\s*\d)")),
    (
        "relative_year",
        re.compile(
            r"\b(?P<rel>the\s+following\s+year|the\s+next\s+year|a\s+year\s+later|the\s+year\s+after|"
            r"the\s+previous\s+year|the\s+year\s+before|a\s+year\s+earlier|the\s+same\s+year|that\s+same\s+year|that\s+year)\b",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:18|19|20)\d\d)(?![\d,])"),
    ),
    ("day_month", re.compile(rf"\b(?P<d>{_DAY})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\b(?!\s*,?\s*(?:of\s+)?(?:18|19|20)\d\d)")),
    (
        "month_alone",
        re.compile(rf"\b(?:in|by|since|until|from|during|early|late|mid)[\s-](?P<m>{_MONTH})\b(?![\s,]*(?:of\s+)?\d)"),
    ),
]

_DECADE_QUALIFIERS = {"early": (0, 3), "mid": (4, 6), "middle": (4, 6), "late": (7, 9)}
_RELATIVE_OFFSETS = {
    "the following year": 1, "the next year": 1, "a year later": 1, "the year after": 1,
    "the previous year": -1, "the year before": -1, "a year earlier": -1,
    "the same year": 0, "that same year": 0, "that year": 0,
}


RELATIVE_KINDS = frozenset({"relative_year", "month_day", "day_month", "day_month_relative", "month_alone"})
"""Expressions that take their year from the context instead of giving one."""

#: Patterns that cannot match a text without a four-digit year ("1997", "1990s").
NEEDS_YEAR = frozenset(
    {"year_range", "year_dash", "year_and", "month_day_year", "day_month_year", "month_range_year", "month_year",
     "qual_decade", "decade", "qual_year", "year"}
)
#: Patterns that cannot match a text without a capitalised month name ("day_month_relative"
#: ignores case, so it is not listed).
NEEDS_MONTH = frozenset(
    {"month_day_year", "day_month_year", "month_range_year", "month_year", "month_day", "day_month", "month_alone"}
)
#: Patterns that cannot match a text without a digit (a year or a day number).
NEEDS_DIGIT = frozenset(kind for kind, _ in _PATTERNS) - {"relative_year", "month_alone"}
#: Every month name and abbreviation of ``_MONTH`` starts with one of these.
MONTH_PREFIXES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HAS_DIGIT = re.compile(r"\d")
_HAS_YEAR = re.compile(r"(?:18|19|20)\d\d")


def _patterns_for(digit: bool, year: bool, month: bool) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns, in order, that can match a text with or without a digit, a year and a month."""
    return [
        (kind, pattern)
        for kind, pattern in _PATTERNS
        if (digit or kind not in NEEDS_DIGIT) and (year or kind not in NEEDS_YEAR) and (month or kind not in NEEDS_MONTH)
    ]


_PATTERNS_BY_CONTENT = {
    (digit, year, month): _patterns_for(digit, year, month)
    for digit in (False, True)
    for year in (False, True)
    for month in (False, True)
}


def applicable_patterns(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns worth running on ``text``, in order.

    Each pattern is a full scan of the text and most sentences hold no
    date, so a quick look for a digit, a year and a month name first
    leaves out the patterns that cannot match.
    """
    digit = _HAS_DIGIT.search(text) is not None
    year = digit and _HAS_YEAR.search(text) is not None
    month = any(prefix in text for prefix in MONTH_PREFIXES)
    return _PATTERNS_BY_CONTENT[digit, year, month]


@dataclass(frozen=True)
class DateMention:
    """One date expression: character span in the searched text, EDTF value, the year it refers to."""

    start: int
    end: int
    value: str
    year: int
    kind: str


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _valid(value: str) -> str | None:
    try:
        return check_edtf(value)
    except ValueError:
        return None


def _value(kind: str, m: re.Match[str], context_year: int | None) -> tuple[str, int] | None:
    """EDTF value and reference year of one match, or None when it cannot be resolved."""
    g = m.groupdict()
    if kind in ("year_range", "year_dash", "year_and"):
        y1 = int(g["y1"])
        y2s = g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else int(str(y1)[:2] + y2s)
        if y2 < y1:
            return None
        if y2 == y1:
            return str(y1), y1
        return f"{y1}/{y2}", y2
    if kind in ("month_day_year", "day_month_year"):
        y = int(g["y"])
        return f"{y}-{_month(g['m']):02d}-{int(g['d']):02d}", y
    if kind in ("month_range_year", "month_year"):
        y = int(g["y"])
        return f"{y}-{_month(g['m']):02d}", y
    if kind == "qual_decade":
        dec = int(g["dec"])
        qual = g["q"].lower().split()[-1]
        lo, hi = _DECADE_QUALIFIERS[qual]
        return f"{dec + lo}/{dec + hi}", dec + hi
    if kind == "decade":
        dec = int(g["dec"])
        return f"{str(dec)[:3]}X", dec
    if kind in ("qual_year", "year"):
        y = int(g["y"])
        return str(y), y
    if kind == "relative_year":
        if context_year is None:
            return None
        y = context_year + _RELATIVE_OFFSETS[" ".join(g["rel"].lower().split())]
        return str(y), y
    if kind in ("month_day", "day_month", "day_month_relative"):
        if context_year is None:
            return None
        return f"{context_year}-{_month(g['m']):02d}-{int(g['d']):02d}", context_year
    if kind == "month_alone":
        if context_year is None:
            return None
        return f"{context_year}-{_month(g['m']):02d}", context_year
    return None


def find_dates(text: str, context_year: int | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, non-overlapping.

    Args:
        text: the text to search (usually one sentence).
        context_year: the last explicit year written before ``text``, for
            "the following year" and day-month dates without a year.
    """
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in applicable_patterns(text):
        for m in pattern.finditer(text):
            a, b = m.span("m") if kind == "month_alone" else m.span()
            candidates.append((a, -(b - a), kind, m))
    # leftmost first; at one position the longest; overlaps lose
    candidates.sort(key=lambda c: (c[0], c[1]))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    end = -1
    for cand in candidates:
        if cand[0] < end:
            continue
        taken.append(cand)
        end = cand[0] - cand[1]
    out: list[DateMention] = []
    year = context_year
    for start, _neg, kind, m in taken:
        resolved = _value(kind, m, year)
        if resolved is None:
            continue
        value, ref_year = resolved
        if _valid(value) is None:
            continue
        span = m.span("m") if kind == "month_alone" else m.span()  # "in May": the month is the date
        out.append(DateMention(start=span[0], end=span[1], value=value, year=ref_year, kind=kind))
        if kind not in RELATIVE_KINDS:
            year = ref_year
    return out


def normalize_date(text: str, context_year: int | None = None) -> str | None:
    """EDTF of the first date expression in ``text`` ("mid-1990s" -> "1994/1996"), or None."""
    found = find_dates(text, context_year)
    return found[0].value if found else None


def last_year(text: str, context_year: int | None = None) -> int | None:
    """The year a reader has in mind after ``text``: the last explicit year in it, else ``context_year``."""
    year = context_year
    for d in find_dates(text, context_year):
        if d.kind not in RELATIVE_KINDS:
            year = d.year
    return year
