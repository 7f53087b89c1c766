"""Footnote markers are cut from the body; real numbers are not."""

from __future__ import annotations

import pytest

from pipeline.footnotes import RULES, footnote_spans, merge_spans, strip_footnotes

REMOVED = [
    # glued to punctuation
    ("Riaz Basra,3 Malik Ishaq,4 Akram", "Riaz Basra, Malik Ishaq, Akram"),
    ("across the region.1 The violent", "across the region. The violent"),
    ("the Global Terrorists list.53Around 2008-2010", "the Global Terrorists list.Around 2008-2010"),
    ("with ISKP.77However, after", "with ISKP.However, after"),
    ("security forces.57.\n", "security forces..\n"),
    ("in Balochistan).76 In an", "in Balochistan). In an"),
    ("Bukhari),64 and two", "Bukhari), and two"),
    ("anti-government activity.10\u00a0 While", "anti-government activity.\u00a0 While"),
    ("local offshoots.2\u00a0 \u00a0\n", "local offshoots.\u00a0 \u00a0\n"),
    ("the capital, Islamabad,50 while", "the capital, Islamabad, while"),
    ("in the 1980s.22 While LeJ", "in the 1980s. While LeJ"),
    ("fled the U.S.1 The", "fled the U.S. The"),
    ("is this true?12 Yes", "is this true? Yes"),
    # glued to a word
    ("Ghulam Rasool Shah5--were active", "Ghulam Rasool Shah--were active"),
    ("eliminating Shi’a resistance9 and that", "eliminating Shi’a resistance and that"),
    ("Tajamal Abbas14 and", "Tajamal Abbas and"),
    ("in Waziristan43 while", "in Waziristan while"),
    ("the Shi’as17 and", "the Shi’as and"),
    ("leader Riaz Basra33 and his", "leader Riaz Basra and his"),
    ("at the end of a line resistance9\nNext", "at the end of a line resistance\nNext"),
    # after closing quotes and brackets
    ("crush you forcefully.”13\n\nSoon", "crush you forcefully.”\n\nSoon"),
    ("the “Army of Jhangvi”14 and", "the “Army of Jhangvi” and"),
    ("the Taliban (TTP)15 and", "the Taliban (TTP) and"),
    # years with glued digits
    ("in Marth, in May 199719 and a few", "in Marth, in May 1997 and a few"),
    ("on June 5, 200312 the", "on June 5, 2003 the"),
    ("in January 1997.17 At other", "in January 1997. At other"),
    ("particularly in 1998.18\n\nOver", "particularly in 1998.\n\nOver"),
    ("in January 2002,30 a car bomb", "in January 2002, a car bomb"),
    ("emerged in 199812.", "emerged in 1998."),
    ("a commander after 9/11.47 This group", "a commander after 9/11. This group"),
    # Wikipedia and Markdown references
    ("BIN LADEN[1] (, __;", "BIN LADEN (, __;"),
    ("bombings.[9][10][11]\n", "bombings.\n"),
    ("was shot and killed[13] by", "was shot and killed by"),
    ("it was true.[citation needed] Then", "it was true. Then"),
    ("led by him[who?] in", "led by him in"),
    ("the militants[a] left", "the militants left"),
    ("the group[^1] was", "the group was"),
    ("as Basra³ said", "as Basra said"),
]

KEPT = [
    "in 1996 and",
    "on June 16, 2003, in Karachi",
    "March 10, 1957 – May 2, 2011",
    "the 9/11 attacks",
    "killing 55 people.",
    "a bounty of $10 million on him",
    "Executive Order (E.O.) 13224 for",
    "LeJ-A and LeJ-B",
    "an F-16 jet",
    "in the 1990s when",
    "the No. 2 leader",
    "the No.2 leader",
    "see pp.12 and",
    "Rs.500 crore",
    "his 2nd term",
    "rose by 3.5 percent",
    "nearly 3,000 people",
    "more than $100,000 for",
    "an AK47 rifle",
    "the G20 summit",
    "the H5N1 virus",
    "a 50 km2 area",
    "an area of 50 km² here",
    "the ’90s were violent",
    "Appendix A.1 Then",
    "the (2002)3 edition",
    "from 2008-2010 the",
    "at 5:30 pm",
    "in 200000 barrels",
    "priced at 1999.99 dollars",
    "in Section 3.2 Then",
    "see [12] for",
    "he said [the group] would",
    "[1] Reference list item at line start",
    "mid-2009, Faizullah",
    "Born : Sargodha,Punjab,Pakistan",
    "Covid-19 and Mi-17",
    "the ISKP72 pattern is kept on purpose",
    "the LeJ5 pattern is kept on purpose",
]


@pytest.mark.parametrize(("text", "expected"), REMOVED)
def test_footnote_markers_are_removed(text: str, expected: str) -> None:
    assert strip_footnotes(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_real_numbers_are_kept(text: str) -> None:
    assert strip_footnotes(text) == text
    assert footnote_spans(text) == []


def test_spans_are_sorted_disjoint_and_only_digits_or_brackets() -> None:
    text = " ".join(t for t, _ in REMOVED)
    spans = footnote_spans(text)
    assert spans == sorted(spans)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    for start, end in spans:
        piece = text[start:end]
        assert piece.isdigit() or (piece.startswith("[") and piece.endswith("]")), piece


def test_every_rule_is_documented() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(len(rule.doc) > 40 and "fn" in rule.pattern.groupindex for rule in RULES)


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(5, 7), (1, 3)], [(1, 3), (5, 7)]),
        ([(1, 3), (3, 5)], [(1, 5)]),
        ([(1, 6), (2, 4)], [(1, 6)]),
        ([(2, 2), (4, 5)], [(4, 5)]),
    ],
)
def test_merge_spans(spans: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert merge_spans(spans) == merged
