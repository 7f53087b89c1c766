"""EDTF normalisation of date expressions (pipeline/dates.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.records import check_edtf
from pipeline import dates
from pipeline.dates import find_dates, last_year, normalize_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The cell was formed in 1997 in Karachi.", "1997"),
        ("He was arrested in January 1997.", "1997-01"),
        ("It happened on June 16, 2003, in Karachi.", "2003-06-16"),
        ("It happened on 16 June 2003 in Karachi.", "2003-06-16"),
        ("The group grew in the 1990s.", "199X"),
        ("The group grew in the mid-1990s.", "1994/1996"),
        ("The group grew in the mid 1990s.", "1994/1996"),
        ("He studied there in the late 1980s.", "1987/1989"),
        ("He was sent abroad in the early 2000s.", "2000/2003"),
        ("It was released between 2009 and 2011.", "2009/2011"),
        ("They were freed in both 2012 and 2014.", "2012/2014"),
        ("Around 2006-2008, the front expanded.", "2006/2008"),
        ("Around 2006–08, the front expanded.", "2006/2008"),
        ("From 1981 to 1989, it received aid.", "1981/1989"),
        ("It split in early 2004.", "2004"),
        ("As of mid-2009, he was a commander.", "2009"),
        ("Fighting resumed in March–April 1994.", "1994-03"),
        ("He has been a facilitator since at least 2006.", "2006"),
        ("The cell was dismantled by August 2020.", "2020-08"),
    ],
)
def test_normalize_date(text: str, expected: str) -> None:
    assert normalize_date(text) == expected
    assert check_edtf(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The attacks of 9/11 changed everything.",
        "The bounty was $10 million.",
        "At least 55 people died.",
        "It runs 2,500 offices.",
        "He was designated under E.O. 13224.",
        "The post-9/11 era began.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text,context,expected",
    [
        ("He was arrested the following year.", 2005, "2006"),
        ("He was killed that year.", 2013, "2013"),
        ("He was freed a year later.", 1999, "2000"),
        ("He was arrested again on 15 May.", 2002, "2002-05-15"),
        ("He was detained on 31 October of the same year.", 2002, "2002-10-31"),
        ("He was arrested again in May.", 2002, "2002-05"),
    ],
)
def test_relative_dates_use_the_context_year(text: str, context: int, expected: str) -> None:
    assert normalize_date(text, context) == expected


def test_modal_may_is_no_month() -> None:
    assert find_dates("The group may have moved.", 2002) == []


def test_relative_date_without_context_is_dropped() -> None:
    assert find_dates("He was arrested the following year.") == []


def test_context_year_follows_the_text() -> None:
    found = find_dates("He was held in 2005 and freed the following year.")
    assert [d.value for d in found] == ["2005", "2006"]
    assert last_year("It began in 1990 and ended in 1994.") == 1994


def test_offsets_cover_the_expression() -> None:
    text = "It was founded in the mid-1990s in Lahore."
    (d,) = find_dates(text)
    assert text[d.start : d.end] == "the mid-1990s"


def test_impossible_day_is_dropped() -> None:
    assert find_dates("It happened on February 30, 2003.") == []


# --------------------------------------------------------------------------- pattern preselection

PIECES = [
    "He was arrested", "in", "on", "the", "of", "and", "between", "from", "to", "both", "early", "mid", "late",
    "the following year", "that year", "a year later", "may", "May", "MAY", "march", "March", "Sept.", "sept", "Jan",
    "1997", "1990s", "2003", "08", "16", "3rd", "31", "55 people", "9/11", "$10", "2,500", "-", "–", ",", ".", "of the same year",
    "JANUARY", "\n",
]


def all_patterns_dates(text: str, context_year: int | None) -> list[dates.DateMention]:
    """find_dates with every pattern run: the reference for the preselection."""
    original = dates.applicable_patterns
    dates.applicable_patterns = lambda _text: dates._PATTERNS
    try:
        return dates.find_dates(text, context_year)
    finally:
        dates.applicable_patterns = original


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from([None, 2002]))
def test_preselection_finds_what_every_pattern_finds(pieces: list[str], context_year: int | None) -> None:
    text = " ".join(pieces)
    assert find_dates(text, context_year) == all_patterns_dates(text, context_year)


def test_preselection_sets_match_the_patterns() -> None:
    """A pattern listed as needing a year, a month or a digit really contains one in its regex."""
    sources = {kind: pattern.pattern for kind, pattern in dates._PATTERNS}
    flags = {kind: pattern.flags for kind, pattern in dates._PATTERNS}
    for kind, source in sources.items():
        if kind in dates.NEEDS_YEAR:
            assert dates._YEAR in source or "(?:18|19|20)\\d0" in source, kind
        if kind in dates.NEEDS_MONTH:
            assert dates._MONTH in source and not flags[kind] & re.IGNORECASE, kind
        if kind in dates.NEEDS_DIGIT:
            assert "\\d" in source or dates._DAY in source, kind
        elif kind not in dates.NEEDS_MONTH:
            assert "\\d" not in source, kind
    alternatives = dates._MONTH[3:-1].split("|")
    assert all(alt.startswith(dates.MONTH_PREFIXES) for alt in alternatives)


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("No date here.", {"relative_year"}),
        ("It was founded in May.", {"relative_year", "month_alone"}),
        ("At least 55 people died.", {"relative_year", "day_month_relative"}),
    ],
)
def test_applicable_patterns(text: str, kinds: set[str]) -> None:
    assert {kind for kind, _ in dates.applicable_patterns(text)} == kinds
