"""Schwartz-Hearst acronym definitions, with the window counted in whitespace words."""

from __future__ import annotations

import pytest

from pipeline.acronyms import best_long_form, find_definitions


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("members of the Tehrik-e-Taliban Pakistan (TTP), contributing", "TTP", "Tehrik-e-Taliban Pakistan"),
        ("Lashkar-e-Jhangvi (LeJ), a well-known Sunni network", "LeJ", "Lashkar-e-Jhangvi"),
        ("its affiliate in the region, Islamic State Khorasan Province (ISKP), LeJ", "ISKP", "Islamic State Khorasan Province"),
        ("the anti-Shi’a sectarian group Sipah-e-Sahaba Pakistan (SSP) in the", "SSP", "Sipah-e-Sahaba Pakistan"),
        ("emerged as “LeJ al-Alami” (LeJ-A) or “LeJ International,”", "LeJ-A", "LeJ al-Alami"),
        ("on the American Federal Bureau of Investigation's (FBI) lists", "FBI", "Federal Bureau of Investigation"),
        ("three organizations: Harakat ul-Jihad Islami (HUJI), Jaish-e Mohammed (JEM)", "HUJI", "Harakat ul-Jihad Islami"),
        ("three organizations: Harakat ul-Jihad Islami (HUJI), Jaish-e Mohammed (JEM)", "JEM", "Jaish-e Mohammed"),
        ("the chief of Jama'at-ud-Da'wah (JuD) said", "JuD", "Jama'at-ud-Da'wah"),
        ("the TTP (Tehrik-e-Taliban Pakistan) said", "TTP", "Tehrik-e-Taliban Pakistan"),
    ],
)
def test_definitions(text: str, short: str, long: str) -> None:
    found = {(d.short, d.long) for d in find_definitions(text)}
    assert (short, long) in found
    for d in find_definitions(text):
        assert text[d.short_start : d.short_end] == d.short
        assert text[d.long_start : d.long_end] == d.long


def test_window_counts_whitespace_words_not_tokens() -> None:
    """A hyphenated name is one word: "Lashkar-e-Jhangvi-al-Alami" fits the window of a 3-letter acronym."""
    text = "the little known Harkat-ul-Jihad-al-Islami-Bangladesh-Pakistan-Chapter (HJP) said"
    assert [(d.short, d.long) for d in find_definitions(text)] == [
        ("HJP", "Harkat-ul-Jihad-al-Islami-Bangladesh-Pakistan-Chapter")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "the launch of rocket-propelled launchers (RPGs) was",  # letters not derivable
        "in the year (2003) and",  # not an acronym
        "an attack in Lahore (Pakistan) killed",  # a place in parentheses
        "Daesh (IS) claimed",  # Daesh cannot be derived: the lexicon's job
    ],
)
def test_no_definition(text: str) -> None:
    assert list(find_definitions(text)) == []


@pytest.mark.parametrize(
    "short, long, start",
    [("TTP", "the Tehrik-e-Taliban Pakistan", 4), ("ISKP", "Islamic State Khorasan Province", 0), ("XYZ", "no match here", None)],
)
def test_best_long_form(short: str, long: str, start: int | None) -> None:
    assert best_long_form(short, long) == start


def test_long_text_is_linear() -> None:
    text = ("Lashkar-e-Jhangvi (LeJ) and its cadres. " * 20000)
    assert sum(1 for _ in find_definitions(text)) == 20000
