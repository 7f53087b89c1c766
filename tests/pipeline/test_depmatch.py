"""Dependency matching sentence by sentence (pipeline/depmatch.py): the same matches as ``matcher(sent)``."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from pipeline.depmatch import may_match, pattern_requirements, sentence_matches

PHRASAL = [
    {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": ["carried", "carries"]}, "POS": {"IN": ["VERB", "AUX"]}}},
    {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "w1", "RIGHT_ATTRS": {"LOWER": "out"}},
]
WITH_OBJECT = [
    {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": ["provided"]}, "POS": {"IN": ["VERB", "AUX"]}}},
    {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}},
    {"LEFT_ID": "obj", "REL_OP": ">", "RIGHT_ID": "conj", "RIGHT_ATTRS": {"DEP": "conj", "LOWER": {"IN": ["support"]}}},
]
TEXT = (
    "The group carried out the attack in Quetta. Its leader carried the bombing out in 2013.\n\n"
    "Donors provided money and support to the network. Nobody carried anything. "
    "Al-Qaeda provided training and support to LeJ, which carried out attacks."
)


def per_sentence(matcher: DependencyMatcher, doc: Doc) -> list[tuple[int, list[int]]]:
    """The reference: the matcher on each sentence span, offsets shifted to the document."""
    return [(m, [sent.start + i for i in ids]) for sent in doc.sents for m, ids in matcher(sent)]


def make_matcher(vocab, *patterns) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for k, pattern in enumerate(patterns):
        matcher.add(f"p{k}", [pattern])
    return matcher


def lowers(doc: Doc) -> list[str]:
    return [t.lower_ for t in doc]


def test_same_matches_as_sentence_spans(nlp) -> None:
    doc = nlp(TEXT)
    matcher = make_matcher(nlp.vocab, PHRASAL, WITH_OBJECT)
    expected = per_sentence(matcher, doc)
    assert len(expected) >= 3  # the fixture text really matches
    assert list(sentence_matches(matcher, doc, lowers(doc))) == expected


def test_extension_patterns_keep_the_span_path(nlp) -> None:
    if not Token.has_extension("ctie_test_flag"):
        Token.set_extension("ctie_test_flag", default=True)
    pattern = [dict(PHRASAL[0]), {**PHRASAL[1], "RIGHT_ATTRS": {"LOWER": "out", "_": {"ctie_test_flag": True}}}]
    doc = nlp(TEXT)
    matcher = make_matcher(nlp.vocab, pattern)
    assert pattern_requirements(matcher) is None
    assert list(sentence_matches(matcher, doc, lowers(doc))) == per_sentence(matcher, doc)


def test_entity_across_a_sentence_edge() -> None:
    vocab = spacy.blank("en").vocab
    words = ["Lashkar", "carried", "out", "Jhangvi", "carried", "out", "raids"]
    doc = Doc(
        vocab,
        words=words,
        heads=[1, 1, 1, 4, 4, 4, 4],
        deps=["nsubj", "ROOT", "prt", "nsubj", "ROOT", "prt", "dobj"],
        pos=["PROPN", "VERB", "ADP", "PROPN", "VERB", "ADP", "NOUN"],
        ents=["O", "O", "B-ORG", "I-ORG", "O", "O", "O"],
    )
    assert [s.start for s in doc.sents] == [0, 3]
    matcher = make_matcher(vocab, PHRASAL)
    expected = per_sentence(matcher, doc)
    assert [ids for _, ids in expected] == [[1, 2], [4, 5]]
    assert list(sentence_matches(matcher, doc, lowers(doc))) == expected


def test_requirements_follow_added_patterns() -> None:
    vocab = spacy.blank("en").vocab
    matcher = make_matcher(vocab, PHRASAL)
    assert pattern_requirements(matcher) == [[frozenset({"carried", "carries"}), frozenset({"out"})]]
    matcher.add("p9", [WITH_OBJECT])
    assert pattern_requirements(matcher)[1] == [frozenset({"provided"}), frozenset({"support"})]


@pytest.mark.parametrize(
    "words,expected",
    [
        ({"they", "carried", "out", "raids"}, True),
        ({"they", "carried", "raids"}, False),  # no particle: the phrasal pattern cannot match
        ({"provided", "support"}, True),
        (set(), False),
    ],
)
def test_may_match(words: set[str], expected: bool) -> None:
    reqs = [[frozenset({"carried"}), frozenset({"out"})], [frozenset({"provided"}), frozenset({"support", "aid"})]]
    assert may_match(reqs, words) is expected
