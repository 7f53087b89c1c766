"""Hedge and negation cues scoped to the clause of a trigger (pipeline/modality.py)."""

from __future__ import annotations

import pytest

from models.lexicon_relations import ModalityCue
from pipeline import modality as mod
from pipeline.lexicon import load_entries


@pytest.fixture(scope="module")
def lexicon(root) -> mod.ModalityLexicon:
    return mod.ModalityLexicon(load_entries(root / "corpus/lexicon/modality.yml", ModalityCue, key="cues"))


def _clause_modality(nlp, lexicon: mod.ModalityLexicon, text: str, trigger: str) -> str:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return mod.decide(mod.clause_scope(tok), lexicon.cue_map(doc), exclude=[tok.i])


@pytest.mark.parametrize(
    "text,trigger,expected",
    [
        ("Rashid founded the front in 2004.", "founded", "asserted"),
        ("Rashid is believed to have founded the front.", "founded", "hedged"),
        ("Rashid reportedly founded the front.", "founded", "hedged"),
        ("Rashid allegedly financed the cell.", "financed", "hedged"),
        ("Rashid may have financed the cell.", "financed", "hedged"),
        ("Research suggests that Rashid aligned with the cell.", "aligned", "hedged"),
        ("According to some sources, the front merged with the cell.", "merged", "hedged"),
        ("It is thought that Rashid led the front.", "led", "hedged"),
        ("Rashid did not join the front.", "join", "negated"),
        ("Rashid never joined the front.", "joined", "negated"),
        ("Rashid refused to join the front.", "join", "negated"),
        ("Rashid denied that he financed the cell.", "financed", "negated"),
        ("Officials said that Rashid financed the cell.", "financed", "hedged"),
        ("Rashid planned and executed the attacks.", "executed", "asserted"),
    ],
)
def test_clause_modality(bare_nlp, lexicon, text: str, trigger: str, expected: str) -> None:
    assert _clause_modality(bare_nlp, lexicon, text, trigger) == expected


def test_not_only_is_no_negation(bare_nlp, lexicon) -> None:
    text = "The front not only attacked the police but also financed the cell."
    assert _clause_modality(bare_nlp, lexicon, text, "attacked") == "asserted"


def test_hedge_in_a_relative_clause_stays_there(bare_nlp, lexicon) -> None:
    text = "Rashid, who reportedly financed the cell, founded the front in 2004."
    assert _clause_modality(bare_nlp, lexicon, text, "founded") == "asserted"
    assert _clause_modality(bare_nlp, lexicon, text, "financed") == "hedged"


def test_hedge_of_the_main_clause_does_not_reach_an_adjunct_noun(bare_nlp, lexicon) -> None:
    doc = bare_nlp("Rashid is believed to have shot the envoy in revenge for Karim's murder in 1990.")
    murder = next(t for t in doc if t.text == "murder")
    assert mod.decide(mod.phrase_scope(murder), lexicon.cue_map(doc)) == "asserted"


def test_noun_phrase_hedge(bare_nlp, lexicon) -> None:
    doc = bare_nlp("The court cited his alleged role in the bombing.")
    role = next(t for t in doc if t.text == "role")
    assert mod.decide(mod.phrase_scope(role), lexicon.cue_map(doc)) == "hedged"


def test_attribution_hedges_its_complement_only(bare_nlp, lexicon) -> None:
    assert _clause_modality(bare_nlp, lexicon, "The group declared war on the state.", "war") == "asserted"


def test_negation_outranks_hedge() -> None:
    assert mod.decide({1, 2}, {1: "hedge", 2: "negation"}) == "negated"
    assert mod.decide({1}, {1: "hedge"}, exclude=[1]) == "asserted"


def test_multiword_cues_mark_their_first_word(bare_nlp, lexicon) -> None:
    doc = bare_nlp("According to officials, he may have fled.")
    cues = lexicon.cue_map(doc)
    assert cues[0] == "hedge"
    assert any(doc[i].text == "may" for i in cues)


def test_lexicon_file_is_valid(root) -> None:
    cues = load_entries(root / "corpus/lexicon/modality.yml", ModalityCue, key="cues")
    forms = [c.cue for c in cues]
    assert len(forms) == len(set(forms)), "a cue is listed twice"
    assert {"hedge", "negation", "attribution"} == {c.kind for c in cues}
