"""A ``DependencyMatcher`` run sentence by sentence without copying the whole document.

``matcher(sent)`` on a ``Span`` makes ``sent.as_doc(copy_user_data=True)``,
which exports the *whole* document to an array, walks every entity of the
document and copies its user data, once per sentence: on a long report that
costs more than the matching itself. Matching the whole ``Doc`` in one call
is slower still (the token matcher then tests every pattern on every token).

:func:`sentence_matches` gives the same matches as calling the matcher on each
sentence, but

- skips a sentence unless every word a pattern requires (its ``LOWER``
  constraints) occurs in it, for at least one pattern: no match can start there;
- exports the document to an array once and builds each remaining sentence's
  ``Doc`` from a slice of it, as ``Span.as_doc`` does.

Sentences whose copy would differ from ``as_doc``'s (a dependency leaving the
sentence, an entity crossing its edge) and matchers whose patterns read
extension attributes go through ``as_doc`` unchanged.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import numpy
from spacy.attrs import ENT_IOB, HEAD, ORTH, SPACY
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span

from .tokens import sentence_ranges

#: matcher id -> (the matcher, its number of keys then, its patterns' word requirements or None)
_REQUIREMENTS: dict[int, tuple[DependencyMatcher, int, list[list[frozenset[str]]] | None]] = {}
_IOB_INSIDE = 1  # ENT_IOB of a token continuing an entity


def _lower_values(attrs: dict) -> frozenset[str] | None:
    """The lower-case forms a node's ``LOWER`` constraint allows, or None when it has none."""
    value = attrs.get("LOWER")
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def pattern_requirements(matcher: DependencyMatcher) -> list[list[frozenset[str]]] | None:
    """Per pattern, the word sets a sentence must each share a word with; None to check nothing.

    None when a pattern reads extension attributes (``_``): those see the
    user data ``as_doc`` copies, so such a matcher keeps the plain path.
    Cached per matcher, recomputed when patterns are added.
    """
    cached = _REQUIREMENTS.get(id(matcher))
    if cached is not None and cached[0] is matcher and cached[1] == len(matcher):
        return cached[2]
    reqs: list[list[frozenset[str]]] | None = []
    for key in matcher._patterns:  # DependencyMatcher lists its keys nowhere else
        _on_match, patterns = matcher.get(key)
        for pattern in patterns:
            if any("_" in node.get("RIGHT_ATTRS", {}) for node in pattern):
                reqs = None
                break
            reqs.append([v for node in pattern if (v := _lower_values(node.get("RIGHT_ATTRS", {}))) is not None])
        if reqs is None:
            break
    _REQUIREMENTS[id(matcher)] = (matcher, len(matcher), reqs)
    return reqs


def may_match(requirements: Sequence[Sequence[frozenset[str]]], words: set[str]) -> bool:
    """Whether some pattern finds each of its required words among ``words``."""
    return any(all(not req.isdisjoint(words) for req in pattern) for pattern in requirements)


class _DocArrays:
    """The document as ``as_doc`` exports it, made once and sliced per sentence."""

    def __init__(self, doc: Doc) -> None:
        self.attrs = Doc._get_array_attrs()
        self.array = doc.to_array(self.attrs)
        self.head_col = self.attrs.index(HEAD)
        self.iob_col = self.attrs.index(ENT_IOB)
        self.orth = self.array[:, self.attrs.index(ORTH)]
        self.spacy = self.array[:, self.attrs.index(SPACY)]
        self.heads = numpy.arange(len(doc), dtype=numpy.int64) + self.array[:, self.head_col].view(numpy.int64)

    def plain_copy(self, start: int, end: int) -> bool:
        """No head outside ``[start, end)`` and no entity crossing its edges (``as_doc`` would fix those)."""
        heads = self.heads[start:end]
        if len(heads) and (heads.min() < start or heads.max() >= end):
            return False
        if self.array[start, self.iob_col] == _IOB_INSIDE:
            return False
        return end == len(self.array) or self.array[end, self.iob_col] != _IOB_INSIDE

    def sentence_doc(self, doc: Doc, start: int, end: int) -> Doc:
        """``doc[start:end].as_doc()`` for a sentence :meth:`plain_copy` accepts, without user data."""
        strings = doc.vocab.strings
        words = [strings[int(o)] for o in self.orth[start:end]]
        spaces = [bool(s) for s in self.spacy[start:end]]
        sub = Doc(doc.vocab, words=words, spaces=spaces)
        sub.from_array(self.attrs, self.array[start:end].copy())
        return sub


def sentence_matches(matcher: DependencyMatcher, doc: Doc, lowers: Sequence[str]) -> Iterator[tuple[int, list[int]]]:
    """``(match_id, token ids)`` of ``matcher`` over each sentence of ``doc``, ids in ``doc``.

    The same matches, in the same order, as ``matcher(sent)`` for every
    sentence in turn (offsets shifted to the document). ``lowers`` holds the
    lower-case form of every token of ``doc``.
    """
    reqs = pattern_requirements(matcher)
    arrays: _DocArrays | None = None
    for start, end in sentence_ranges(doc):
        if reqs is not None and not may_match(reqs, set(lowers[start:end])):
            continue
        sent = doc[start:end]
        if arrays is None:
            arrays = _DocArrays(doc)
        if reqs is not None and arrays.plain_copy(start, end):
            target: Doc | Span = arrays.sentence_doc(doc, start, end)
        else:
            target = sent
        for match_id, ids in matcher(target):
            yield match_id, [start + i for i in ids]
