"""Shared shapes and word classes of the relation stage (see :mod:`pipeline.components.relations`).

The stage is one class, :class:`pipeline.components.relations._DocState`,
assembled from four mixins, one module each:

- :mod:`pipeline.relate.slots`: where a trigger's arguments are in the parse
  (subjects, objects, prepositions, appositions, lists, anaphors);
- :mod:`pipeline.relate.frames`: triggers and the frames that turn their
  slots into candidate relations;
- :mod:`pipeline.relate.qualifiers`: date and place of a candidate;
- :mod:`pipeline.relate.facts`: types, modality, one fact per triple and the
  guideline's precedence rules.

This module holds what they share: the closed word classes the grammar walks
through, the argument-type tables from the contract, and the small records
passed between the steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy

from models.lexicon_relations import RelationCue
from models.records import SIGNATURES

from ..arguments import Arg

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..arguments import ArgumentIndex
    from ..components.relations import RelationExtractor
    from ..extensions import ClusterDict

WH_WORDS = frozenset({"who", "whom", "which", "that", "whose"})
#: Heads that make a group noun phrase locatable by "in": "the Taliban regime in Kabul", "the X group in Quetta"
ORG_HEADS = frozenset(
    {"group", "groups", "faction", "factions", "network", "networks", "chapter", "chapters", "wing", "cell", "cells",
     "branch", "branches", "regime", "office", "offices", "unit", "units", "outfit", "organization", "organisation",
     "movement", "front", "brigade", "battalion", "militia", "party"}
)
BE_FORMS = frozenset({"be", "is", "was", "were", "been", "being", "are", "am", "'s", "get", "got", "gets", "getting", "become", "became"})
#: Nouns whose agent a colon hands on to the arrests or killings it announces
ANNOUNCING_NOUNS = frozenset({"response", "crackdown", "operation", "operations", "campaign", "raid", "raids", "offensive", "sweep", "action"})
GOVERNING_NOUNS = frozenset(
    {"responsible", "role", "involvement", "part", "hand", "credit", "blame", "responsibility", "guilt", "guilty",
     "complicity", "participation", "culpable", "behind"}
)
OBJECT_CONTROL = frozenset(
    {"urged", "urging", "urge", "asked", "ask", "asking", "convinced", "persuaded", "forced", "ordered", "allowed",
     "enabled", "invited", "encouraged", "appointed", "told", "instructed", "compelled", "pushed", "pressed",
     "inspired", "recruited", "sent", "tasked", "directed", "authorized", "authorised", "permitted", "trained"}
)
ORG_ONLY = frozenset({"ORG"})
TEMPORAL_RELATORS = frozenset({"after", "before", "following", "prior", "until", "since"})
LOCATING_PARTICIPLES = frozenset({"based", "living", "residing", "settled", "located"})
SUBSET_PRONOUNS = frozenset({"those", "some", "many", "most", "all", "several"})
ADDITIVE_NOUNS = frozenset({"parallel", "addition", "tandem"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "within", "across", "throughout", "outside", "around", "into"})
SEPARATORS = frozenset({",", "—", "–", "-", "--", ":", "(", ";"})
NO_PLACE = frozenset({"based_in", "native_of"})
NULLABLE = frozenset(p.value for p, s in SIGNATURES.items() if s.object_nullable)
SYMMETRIC = frozenset(p.value for p, s in SIGNATURES.items() if s.symmetric)
SUBJECT_TYPES = {p.value: frozenset(t.value for t in s.subject) for p, s in SIGNATURES.items()}
OBJECT_TYPES = {p.value: frozenset(t.value for t in s.object) for p, s in SIGNATURES.items()}
CLAUSE_BOUNDARIES = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj"})
PREMODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "CD", "NN", "NNS", "NNP", "NNPS", "HYPH", "VBN", "VBG", "POS", "RB"})


@dataclass
class Hit:
    """An argument reached from a slot word, with how much to trust the path."""

    arg: Arg
    factor: float
    how: str


@dataclass
class Candidate:
    """A relation before types, qualifiers and deduplication."""

    subject: Hit
    predicate: str
    object: Hit | None
    trigger: int
    method: str
    base: float
    scope: set[int]
    cue_tokens: tuple[int, ...]
    date_mode: str = "clause"  # clause | phrase | none
    place_mode: str = "clause"
    object_root: int | None = None
    modality: str | None = None  # forced (offers)
    sentence: int | None = None


@dataclass
class Trigger:
    """A cue word (or phrase) found in the text: its cue, head token and token span."""

    cue: RelationCue
    head: int
    start: int
    end: int


@dataclass
class Sentence:
    """One evidence segment: its tokens and characters, the dates in it and its modality cues."""

    start: int
    end: int
    start_char: int
    end_char: int
    dates: list[tuple[int, int, int, str]] = field(default_factory=list)  # (start_tok, end_tok, root, value)
    cues: dict[int, str] = field(default_factory=dict)


class ChildLists:
    """Children of every token as index lists (compressed rows: one flat list and offsets).

    ``kids[i]`` equals ``[c.i for c in doc[i].children]``, built with numpy
    in one pass instead of one Python list per token.
    """

    def __init__(self, heads: Sequence[int]) -> None:
        n = len(heads)
        h = numpy.asarray(heads, dtype=numpy.int64)
        idx = numpy.arange(n, dtype=numpy.int64)
        mask = h != idx
        order = numpy.argsort(h[mask], kind="stable")
        self._flat: list[int] = idx[mask][order].tolist()
        counts = numpy.bincount(h[mask], minlength=n) if n else numpy.zeros(0, dtype=numpy.int64)
        self._offsets: list[int] = [0, *numpy.cumsum(counts).tolist()]

    def __getitem__(self, i: int) -> list[int]:
        return self._flat[self._offsets[i] : self._offsets[i + 1]]


def country_arg(event: Arg, cluster: int) -> Arg:
    """A country argument standing where the event that names it stands."""
    return Arg(event.start, event.end, cluster, "LOC", "organ", event.root, event.sent, rule="event_owner")


class StateFields:
    """What the mixins read from the per-document state (set by ``_DocState.__init__``)."""

    ex: RelationExtractor
    doc: Doc
    index: ArgumentIndex
    clusters: Sequence[ClusterDict]
    sent_of: list[int]
    sents: list[Sentence]
    lowers: list[str]
    deps: list[str]
    pos: list[str]
    kids: ChildLists
    loc_forms: dict[str, list[tuple[tuple[str, ...], int]]]
    date_tokens: set[int]
