"""The entity recogniser (``ctie_entities``): spans and labels on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.components.entities import _RUN_ON_HINT, _RUN_ON_RE, LABELS

pytestmark = pytest.mark.usefixtures("ner_nlp")


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qari Saifullah Akhtar was arrested in Lahore.", [("Qari Saifullah Akhtar", "PERSON"), ("Lahore", "LOC")]),
        ("Maulana Abdul Aziz preached in Islamabad.", [("Maulana Abdul Aziz", "PERSON"), ("Islamabad", "LOC")]),
        ("The court freed Mufti Abdul Rauf in Bahawalpur.", [("Mufti Abdul Rauf", "PERSON"), ("Bahawalpur", "LOC")]),
        ("Interior Minister Rehman Malik visited Quetta on Monday.", [("Rehman Malik", "PERSON"), ("Quetta", "LOC")]),
        ("The rebels feared the Egyptian President Anwar Sadat.", [("Anwar Sadat", "PERSON")]),
        ("They met King Abdullah and President Ghani.", [("King Abdullah", "PERSON"), ("President Ghani", "PERSON")]),
    ],
)
def test_honorific_names(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fazl-ur-Rehman Khalil and Inam-ul-Haq addressed the rally.", [("Fazl-ur-Rehman Khalil", "PERSON"), ("Inam-ul-Haq", "PERSON")]),
        ("Abu Bakr al-Baghdadi declared the caliphate.", [("Abu Bakr al-Baghdadi", "PERSON")]),
        ("Later bin Laden moved to Jalalabad.", [("bin Laden", "PERSON"), ("Jalalabad", "LOC")]),
    ],
)
def test_hyphenated_and_particle_names(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Hakimullah Mehsud group rejected the talks.", [("Hakimullah Mehsud group", "ORG")]),
        ("He joined the TTP Swat chapter in 2008.", [("TTP Swat chapter", "ORG")]),
        ("Fighters of Harkat-ul-Shuhada joined the LeT's media wing.", [("Harkat-ul-Shuhada", "ORG"), ("LeT's media wing", "ORG")]),
        ("The Mangal Bagh Network controls the valley.", [("Mangal Bagh Network", "ORG")]),
        ("He was the TTP Bajaur emir.", [("TTP Bajaur", "ORG")]),
        ("He left the LeJ faction in Karachi.", [("LeJ", "ORG"), ("Karachi", "LOC")]),
    ],
)
def test_factions(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The attack on the Peshawar army school and the 2007 Islamabad hotel bombing shocked the country.",
            [("attack on the Peshawar army school", "EVENT"), ("2007 Islamabad hotel bombing", "EVENT")],
        ),
        (
            "Operation Black Thunderstorm followed the Soviet invasion of Afghanistan.",
            [("Operation Black Thunderstorm", "EVENT"), ("Soviet invasion of Afghanistan", "EVENT")],
        ),
        ("They condemned the killing of Chinese engineers.", [("killing of Chinese engineers", "EVENT")]),
        ("Pakistan joined the Global War on Terror after 9/11.", [("Pakistan", "LOC"), ("Global War on Terror", "EVENT"), ("9/11", "EVENT")]),
        ("The 2016 Quetta hospital bombings killed lawyers.", [("2016 Quetta hospital bombings", "EVENT")]),
    ],
)
def test_events(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "An attack on Governor Salmaan Taseer failed.",  # an attack on one person is no EVENT
        "LeJ carried out attacks in Karachi.",  # plural, unnamed
        "The group waged a sectarian war against its rivals.",  # generic war
        "The attack campaign continued.",  # "attack" modifies another noun
    ],
)
def test_not_events(ner_nlp, text):
    assert "EVENT" not in {label for _, label in ents(ner_nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants in Quetta and Kurram attacked pilgrims.", [("Quetta", "LOC"), ("Kurram", "LOC")]),
        ("Lashkar-e-Jhangvi claimed the attack.", [("Lashkar-e-Jhangvi", "ORG")]),
        ("Shi'a and Sunni clerics met Barelvi and Hazara elders.", [("Shi'a", "GROUP"), ("Sunni", "GROUP"), ("Barelvi", "GROUP"), ("Hazara", "GROUP")]),
        ("The Taliban ruled Kandahar Province from 1996.", [("Taliban", "ORG"), ("Kandahar Province", "LOC")]),
        ("Riaz Ahmed moved to Multan. Later Ahmed and Qasim fled.", [("Riaz Ahmed", "PERSON"), ("Multan", "LOC"), ("Ahmed", "PERSON"), ("Qasim", "PERSON")]),
    ],
)
def test_label_corrections(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pakistani and Afghan officials met Iranian diplomats.",
        "Saudi donors funded Kashmiri fighters.",
        "The Urdu poet recited verses.",
        "Hundreds of non-Pashtuns left.",
    ],
)
def test_nationality_adjectives_and_non_entities_dropped(ner_nlp, text):
    assert ents(ner_nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hakimullah Mehsud's deputy spoke.", [("Hakimullah Mehsud", "PERSON")]),
        ("LeJ's leadership was decimated.", [("LeJ", "ORG")]),
        ("The attack was claimed by the LeJ. Police arrested two men.", [("LeJ", "ORG")]),
        ("The Islamic Movement of Uzbekistan (IMU) operated there.", [("Islamic Movement of Uzbekistan", "ORG"), ("IMU", "ORG")]),
    ],
)
def test_possessives_punctuation_and_parentheses_stripped(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


def test_lexicon_spans_carry_entry_ids(ner_nlp):
    doc = ner_nlp("LeJ, Lashkar-e-Jhangvi and the Army of the Jhangvi are one group; Shi'as are Shi'a.")
    ids = {e.text: e.kb_id_ for e in doc.ents}
    assert ids["LeJ"] == ids["Lashkar-e-Jhangvi"] == ids["Army of the Jhangvi"] == "lashkar-e-jhangvi"
    assert ids["Shi'as"] == ids["Shi'a"] == "shia"


def test_ambiguous_lexicon_form_has_no_entry_id(ner_nlp):
    doc = ner_nlp("Lashkar claimed the attack.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("Lashkar", "ORG", "")]


def test_quoted_names_in_naming_sentences(ner_nlp):
    doc = ner_nlp('His followers gave him the nicknames "Lion" and "Sheikh" over the years.')
    assert [(e.text, e.label_) for e in doc.ents] == [("Lion", "PERSON"), ("Sheikh", "PERSON")]


def test_only_contract_labels(ner_nlp):
    doc = ner_nlp("On 12 May 2009, 300 militants of Jundallah attacked a mosque in Zahedan, killing 25 Iranians and wounding $5 worth of goods.")
    assert {e.label_ for e in doc.ents} <= set(LABELS)
    assert ("Jundallah", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_empty_document(ner_nlp):
    assert list(ner_nlp("").ents) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He lived in the Al-Riyadh quarter of Khartoum.", [("Al-Riyadh", "LOC"), ("Khartoum", "LOC")]),
        ("London Mayor Sadiq Khan spoke.", [("London", "LOC"), ("Sadiq Khan", "PERSON")]),
        ("Envoys of the Islamic Republic of Iran arrived.", [("Islamic Republic of Iran", "LOC")]),
        ("The 9/11 Commission Report was published.", [("9/11 Commission", "ORG")]),
    ],
)
def test_regressions_places_posts_and_bodies(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


def test_entities_inside_longer_entities_kept_in_span_group(ner_nlp):
    from pipeline.components.entities import NESTED_KEY

    doc = ner_nlp("The Iraqi invasion of Kuwait alarmed the LeJ Karachi chapter.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Iraqi invasion of Kuwait", "EVENT"), ("LeJ Karachi chapter", "ORG")]
    nested = {(s.text, s.label_) for s in doc.spans[NESTED_KEY]}
    assert {("Kuwait", "LOC"), ("LeJ", "ORG"), ("Karachi", "LOC")} <= nested


def test_doc_with_entities_round_trips_through_bytes(ner_nlp):
    from spacy.tokens import Doc

    doc = ner_nlp("LeJ attacked Quetta after the U.S. invasion of Afghanistan.")
    copy = Doc(ner_nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.text, e.label_, e.kb_id_) for e in copy.ents] == [(e.text, e.label_, e.kb_id_) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lashkar-e-Islam, led by Mangal Bagh, held the pass.", [("Lashkar-e-Islam", "ORG"), ("Mangal Bagh", "PERSON")]),
        ("Clerics of the Lal Masjid in Islamabad resisted.", [("Lal Masjid", "LOC"), ("Islamabad", "LOC")]),
    ],
)
def test_model_confusions_corrected_by_context(ner_nlp, text, expected):
    assert ents(ner_nlp, text) == expected


def test_name_glued_to_next_sentence_is_split(ner_nlp):
    # footnote digits removed from "ISKP.77However" leave the period and the next word glued
    assert ents(ner_nlp, "LeJ merged with ISKP.However, Quetta remained calm.") == [("LeJ", "ORG"), ("ISKP", "ORG"), ("Quetta", "LOC")]


def test_dateline_is_not_a_place(ner_nlp):
    assert ents(ner_nlp, "KABUL– Officials in Kandahar said the Taliban withdrew.") == [("Kandahar", "LOC"), ("Taliban", "ORG")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZk.’'- \nIS9", max_size=30))
def test_run_on_hint_is_in_every_run_on_match(text: str) -> None:
    """The quick scan never misses a run-on sentence the full pattern finds."""
    if _RUN_ON_RE.search(text) is not None:
        assert _RUN_ON_HINT.search(text) is not None
    for m in _RUN_ON_RE.finditer(text):
        assert _RUN_ON_HINT.search(m.group(0)) is not None
