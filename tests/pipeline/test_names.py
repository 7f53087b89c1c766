"""Name keys, honorific stripping at word boundaries, token-level fits, and the variants lexicon."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from models.lexicon_variants import VariantsLexicon
from pipeline.errors import InvalidLexicon
from pipeline.lexicon import load_yaml
from pipeline.names import (
    NameLexicon,
    acronym_key,
    clean_form,
    initials,
    is_acronym,
    load_variants,
    partial_fit,
    word_tokens,
)

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ROOT / "corpus" / "lexicon" / "variants.yml"

TITLES = ["Qari", "Ustad", "Mufti", "Mullah", "Maulana", "Syed", "Hafiz", "General", "Malik", "Hajji", "Sheikh",
          "Ambassador", "Prime Minister", "Prophet"]
PARTICLES = ["bin", "ibn", "ben", "ul", "ur", "ud", "al", "el", "abu"]


@pytest.fixture(scope="module")
def lex() -> NameLexicon:
    return NameLexicon.build(load_variants(VARIANTS), titles=TITLES, particles=PARTICLES)


# --------------------------------------------------------------------------- surface forms


@pytest.mark.parametrize(
    "surface, form",
    [
        ("Riaz Basra33", "Riaz Basra"),
        ("Ghulam Rasool Shah.65", "Ghulam Rasool Shah"),
        ("LeJ’s", "LeJ"),
        ("Aqdas’", "Aqdas"),
        ("the “Amjad Farooqi” group", "Amjad Farooqi group"),
        ("“LeJ International,”", "LeJ International"),
        ("the Army of the Jhangvi", "Army of the Jhangvi"),
        ("TTP’s suicide brigade", "TTP suicide brigade"),
        ("U.S.", "U.S."),
        ("al-Qa'ida", "al-Qa'ida"),
        ("9/11", "9/11"),
        ("Shah.", "Shah"),
        ("  Usman\nKurd ", "Usman Kurd"),
    ],
)
def test_clean_form(surface: str, form: str) -> None:
    assert clean_form(surface) == form


@pytest.mark.parametrize(
    "word, tokens",
    [("Zia-ul-Haq", ["zia", "ul", "haq"]), ("U.S.", ["us"]), ("Shi’a", ["shia"]), ("Abū", ["abu"]), ("LeJ-A", ["lej", "a"])],
)
def test_word_tokens(word: str, tokens: list[str]) -> None:
    assert word_tokens(word) == tokens


@pytest.mark.parametrize(
    "form, expected",
    [("LeJ", True), ("TTP", True), ("U.S.", True), ("LeJ-A", True), ("ISKP", True), ("JuD", True),
     ("Lashkar-e-Jhangvi", False), ("Taliban", False), ("McDonald", False), ("9/11", False), ("Naeem Bukhari", False)],
)
def test_is_acronym(form: str, expected: bool) -> None:
    assert is_acronym(form) is expected


def test_acronym_key_ignores_dots_and_case() -> None:
    assert acronym_key("U.S.") == acronym_key("US") == "us"
    assert acronym_key("LeT") == acronym_key("LET")


@pytest.mark.parametrize(
    "long, short",
    [("Tehrik-e-Taliban Pakistan", "ttp"), ("United States", "us"), ("Lashkar-e-Jhangvi", "lej"),
     ("Federal Bureau of Investigation", "fbi"), ("LeJ al-Alami", "leja"), ("Jama'at-ud-Da'wah", "jud")],
)
def test_initials(long: str, short: str) -> None:
    assert short in initials(long)


# --------------------------------------------------------------------------- honorific stripping


@pytest.mark.parametrize(
    "form, core, bare",
    [
        ("Syed Ghulam Rasool Shah", ("ghulam", "rasool", "shah"), ("ghulam", "rasool", "shah")),
        ("General Zia-ul-Haq", ("zia", "ul", "haq"), ("zia", "ul", "haq")),
        ("Ustad Aslam", ("ustad", "aslam"), ("aslam",)),
        ("Hafiz Saeed", ("hafiz", "saeed"), ("saeed",)),
        ("Hafiz Muhammad Saeed", ("muhammad", "saeed"), ("muhammad", "saeed")),
        ("Hafizullah Khan", ("hafizullah", "khan"), ("hafizullah", "khan")),
        ("Hafiz-ur-Rehman", ("hafiz", "ur", "rehman"), ("hafiz", "ur", "rehman")),
        ("Hajji Malik Noorzai", ("malik", "noorzai"), ("malik", "noorzai")),
        ("Malik Ishaq", ("malik", "ishaq"), ("ishaq",)),
        ("Prime Minister Nawaz Sharif", ("nawaz", "sharif"), ("nawaz", "sharif")),
        ("Mullah", ("mullah",), ("mullah",)),
    ],
)
def test_titles_strip_at_word_boundaries_only(lex: NameLexicon, form: str, core: tuple, bare: tuple) -> None:
    key = lex.key(form)
    assert key.core == core
    assert key.bare == bare


def test_hafiz_never_eats_hafizullah(lex: NameLexicon) -> None:
    """Regression: a title is a whole whitespace word, never a prefix of one."""
    assert lex.key("Hafizullah").core == ("hafizullah",)
    assert lex.key("Hafizullah").titles == 0
    assert partial_fit(lex.key("Hafizullah"), lex.key("Hafiz Saeed"), "PERSON", lex) is None


@pytest.mark.parametrize(
    "a, b",
    [
        ("Yousaf Mansur Khurasani", "Yousuf Mansur Khurasani"),
        ("Zia ur-Rehman Farooq", "Zia ur-Rehman Farooqi"),
        ("Usama bin Ladin", "Osama bin Laden"),
        ("Hakeem Ullah Mehsud", "Hakimullah Mehsud"),
        ("Balochistan", "Baluchistan"),
        ("Tehreek-e-Taliban Pakistan", "Tehrik-e-Taliban Pakistan"),
        ("Hussain", "Hussein"),
        ("Abdur Rahman", "Abdur Rehman"),
        ("al-Qa'ida", "al-Qaeda"),
    ],
)
def test_transliteration_variants_share_a_key(lex: NameLexicon, a: str, b: str) -> None:
    assert lex.key(a).core == lex.key(b).core


def test_variants_are_not_fuzzy_neighbours(lex: NameLexicon) -> None:
    assert lex.key("Fazal Rahim").core != lex.key("Fazal Rehman").core
    assert lex.key("Hassan").core != lex.key("Hussain").core


# --------------------------------------------------------------------------- fits


@pytest.mark.parametrize(
    "short, full, etype, method",
    [
        ("Bukhari", "Naeem Bukhari", "PERSON", "surname"),
        ("Abid", "Abid Mehsud", "PERSON", "given_name"),
        ("Aslam", "Ustad Aslam", "PERSON", "honorific"),
        ("Khurasani", "Yousuf Mansur Khurasani", "PERSON", "surname"),
        ("Farooqi", "Amjad Farooqi", "PERSON", "surname"),
        ("Farooqi", "Zia ur-Rehman Farooq", "PERSON", "surname"),
        ("Malik", "Hajji Malik Noorzai", "PERSON", "given_name"),
        ("Faizullah", "Hajji Faizullah Khan Noorzai", "PERSON", "given_name"),
        ("Hafiz Saeed", "Hafiz Muhammad Saeed", "PERSON", "surname"),
        ("Saeed", "Hafiz Muhammad Saeed", "PERSON", "surname"),
        ("Ambassador Carney", "Timothy Carney", "PERSON", "surname"),
        ("bin Laden", "Osama bin Mohammed bin Awad bin Laden", "PERSON", "surname"),
        ("Mohammed bin Laden", "Mohammed bin Awad bin Laden", "PERSON", "surname"),
        ("Choto network", "Asif Choto Network", "ORG", "surname"),
        ("Taliban", "Afghan Taliban", "ORG", "surname"),
        ("Lashkar", "Lashkar-e-Taiba", "ORG", "given_name"),
        ("Gulf", "Gulf region", "LOC", "given_name"),
        ("Kandahar", "Kandahar Province", "LOC", "given_name"),
        ("Kashmir", "Indian Kashmir", "LOC", "surname"),
        ("9/11", "9/11 attacks", "EVENT", "given_name"),
        ("War on Terror", "Global War on Terror", "EVENT", "surname"),
        ("U.S. invasion", "U.S. invasion of Afghanistan", "EVENT", "given_name"),
    ],
)
def test_fits(lex: NameLexicon, short: str, full: str, etype: str, method: str) -> None:
    assert partial_fit(lex.key(short), lex.key(full), etype, lex) == method


@pytest.mark.parametrize(
    "short, full, etype",
    [
        ("Kurd", "Usman Kurd group", "PERSON"),  # a different token set
        ("Mansur", "Yousaf Mansur Khurasani", "PERSON"),  # a middle name alone is no reference
        ("Malik", "Hajji Faizullah Khan Noorzai", "PERSON"),
        ("Mullah Omar", "Ustad Umar Faiz Aqdas", "PERSON"),  # a titled form is never a given name
        ("Laden", "Osama bin Mohammed bin Awad bin Laden", "PERSON"),  # after "bin": an ancestor
        ("Mohammed bin Awad bin Laden", "Osama bin Mohammed bin Awad bin Laden", "PERSON"),
        ("Mullah", "Mullah Mohammed Omar", "PERSON"),  # a title alone
        ("bin", "Omar bin Laden", "PERSON"),  # a particle alone
        ("Islamic State", "Islamic State Khorasan Province", "ORG"),  # a leading run without a particle
        ("LeJ", "LeJ al-Alami", "ORG"),
        ("Waziristan", "South Waziristan", "LOC"),  # a qualifier makes another place
        ("Khyber", "Khyber Pakhtunkhwa", "LOC"),
        ("Asia", "Central Asia", "LOC"),
        ("Kashmir", "Jammu and Kashmir", "LOC"),
        ("attack", "attack on the Sri Lankan cricket team", "EVENT"),  # says nothing specific
        ("Sunni", "Sunni Islam", "GROUP"),  # communities only by exact form
    ],
)
def test_no_fit(lex: NameLexicon, short: str, full: str, etype: str) -> None:
    assert partial_fit(lex.key(short), lex.key(full), etype, lex) is None


def test_place_named_as_adjective_is_no_demonym(lex: NameLexicon) -> None:
    places = frozenset({lex.key("Jordan").canon})
    assert partial_fit(lex.key("Valley"), lex.key("Jordan Valley"), "LOC", lex, places) is None


# --------------------------------------------------------------------------- the lexicon file


def test_variants_file_validates() -> None:
    data = load_variants(VARIANTS)
    assert isinstance(data, VariantsLexicon)
    assert data.variants and data.linking_particles and data.place_heads


def test_no_spelling_in_two_variant_groups() -> None:
    data = load_variants(VARIANTS)
    counts = Counter("".join(word_tokens(f)) for g in data.variants for f in g.forms)
    assert [t for t, n in counts.items() if n > 1] == []


def test_every_variant_is_one_token() -> None:
    data = load_variants(VARIANTS)
    assert [f for g in data.variants for f in g.forms if len(word_tokens(f)) != 1] == []


def test_variants_name_no_single_person() -> None:
    """The lexicon holds name tokens, not names: no entry has a space in it."""
    raw = load_yaml(str(VARIANTS))
    assert all(" " not in str(f) for g in raw["variants"] for f in g["forms"])


def test_bad_variants_file_fails_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "variants.yml"
    bad.write_text("variants:\n  - forms: [Yousaf]\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"variants.yml:2"):
        load_variants(bad)


def test_clean_span_reads_nothing_outside_its_span() -> None:
    # the result is cached per substring, so the same name cleans the same wherever it stands
    from pipeline.names import clean_span

    name = "“the LeJ’s"
    for prefix in ("", "x", "In 1996, ", "(“"):
        for suffix in ("", ",", " and more", "”)"):
            text = prefix + name + suffix
            s, e = clean_span(text, len(prefix), len(prefix) + len(name))
            assert text[s:e] == "LeJ"
    assert clean_span("   ", 0, 3) == (0, 3)  # nothing left: unchanged
    assert clean_span("abc", 5, 9) == (5, 9)
