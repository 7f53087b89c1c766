"""Modality of a stated relation: asserted, hedged or negated (guideline section 5).

Analytic prose hedges constantly ("is believed to", "reportedly", "research
suggests", "according to some sources", "potentially due to a planned
merger") and sometimes denies ("declined the offer", "denied any role in").
A cue counts only inside the *scope* of the relation's trigger, so a hedge on
one clause does not leak into its neighbours:

- a clause (verb trigger, or a noun that is an argument of its verb) reaches
  up through complement clauses ("believed *to have assassinated*", "suggests
  *that LeJ aligned*"), coordination, prepositional chains and copulas, and
  takes the modifiers of every word on that path (adverbs, auxiliaries, "not",
  "according to ...");
- relative clauses, adverbial clauses and appositions are boundaries: the
  hedge of "X, who was reportedly facilitating the attacks, seemed to go
  underground" belongs to the relative clause only;
- a noun phrase fact ("TTP emir X", "Jhangvi's murder" inside an adjunct)
  takes only the cues of its own noun phrase ("his alleged role").

Cue words come from ``corpus/lexicon/modality.yml``; a negation outranks a
hedge. "not only ... but also" is no negation.
"""

from __future__ import annotations

from typing import Iterable, Literal, Sequence

from spacy.tokens import Doc, Span, Token

from models.lexicon_relations import ModalityCue

ModalityValue = Literal["asserted", "hedged", "negated"]

#: Dependencies along which a clause reaches its governor.
CLIMB_DEPS = frozenset(
    {"xcomp", "ccomp", "conj", "prep", "pobj", "pcomp", "acomp", "attr", "oprd", "dobj", "aux", "auxpass", "dep", "advmod", "npadvmod", "agent", "dative"}
)
#: Dependencies of a noun phrase chain ("accusations of his involvement").
NP_CLIMB_DEPS = frozenset({"pobj", "prep", "compound", "amod", "conj"})
#: Children that are separate clauses or arguments, never modifiers of the path.
NOT_MODIFIERS = frozenset(
    {"relcl", "acl", "advcl", "conj", "ccomp", "xcomp", "appos", "nsubj", "nsubjpass", "dobj", "pobj", "attr", "parataxis", "csubj", "dative", "agent", "oprd", "pcomp"}
)
#: Prepositions whose whole phrase is a hedge cue ("according to some sources").
WHOLE_PP_CUES = frozenset({"according"})


class ModalityLexicon:
    """Hedge and negation cues, looked up by lower-cased token sequences."""

    def __init__(self, cues: Iterable[ModalityCue]) -> None:
        self.single: dict[str, str] = {}
        self.deps: dict[str, frozenset[str]] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cue in cues:
            words = tuple(cue.cue.split())
            if len(words) == 1:
                self.single[words[0]] = cue.kind
                if cue.deps:
                    self.deps[words[0]] = frozenset(cue.deps)
            else:
                self.phrases.setdefault(words[0], []).append((words, cue.kind))
        for first in self.phrases:
            self.phrases[first].sort(key=lambda p: -len(p[0]))

    def cue_map(self, span: Span | Doc, doc_lowers: Sequence[str] | None = None) -> dict[int, str]:
        """Token index -> cue kind for every cue in ``span`` (a phrase marks its first word).

        ``doc_lowers``: the lower-cased forms of the whole document, when known (no token is
        then built except at a cue word).
        """
        found: dict[int, str] = {}
        doc = span.doc if isinstance(span, Span) else span
        offset = span.start if isinstance(span, Span) else 0
        if doc_lowers is None:
            lowers = [t.lower_ for t in span]
        else:
            lowers = list(doc_lowers[offset : offset + len(span)])
        for k, low in enumerate(lowers):
            for words, kind in self.phrases.get(low, ()):
                if tuple(lowers[k : k + len(words)]) == words:
                    found[offset + k] = kind
                    break
            else:
                kind = self.single.get(low)
                if kind is None:
                    continue
                if low in self.deps and doc[offset + k].dep_ not in self.deps[low]:
                    continue  # "a planned merger" hedges, "planned and executed attacks" does not
                if kind == "negation" and low == "not" and k + 1 < len(lowers) and lowers[k + 1] == "only":
                    continue  # "not only ... but also"
                found[offset + k] = kind
        return found


def _climb(start: Token, deps: frozenset[str]) -> list[Token]:
    chain = [start]
    tok = start
    while tok.head.i != tok.i and len(chain) < 12:
        # a complement clause the parser took for a participle on the object
        # ("research suggests that Rashid aligned with X" as Rashid <-acl- aligned)
        misparsed = tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBN") and tok.head.dep_ in ("dobj", "ccomp") and tok.i > tok.head.i
        if tok.dep_ not in deps and not misparsed:
            break
        tok = tok.head
        chain.append(tok)
    return chain


def clause_scope(start: Token) -> set[int]:
    """Tokens whose cues qualify a clause-level fact stated at ``start``.

    Verbs of saying the fact is the complement of ("India *said* that ...",
    "the UN *declared* X to be ...") are marked by adding ``-1 - i`` for
    their index ``i``: an ``attribution`` cue counts only there.
    """
    chain = _climb(start, CLIMB_DEPS)
    scope = _scope(chain)
    for tok in chain[:-1]:
        if tok.dep_ in ("ccomp", "xcomp"):
            scope.add(-1 - tok.head.i)
    for tok in chain[:-1]:
        if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
            # a coordinated verb shares its head's subject, auxiliaries and adverbs, not its
            # meaning: "rejected any merger and declared a war" does not negate the war
            scope.discard(tok.head.i)
    return scope


def phrase_scope(start: Token) -> set[int]:
    """Tokens whose cues qualify a noun-phrase fact at ``start``.

    Climbs a nominal chain ("accusations *of* his involvement"); when the
    chain ends on an adjective ("due *to* a planned merger", "responsible
    *for*"), continues as a clause.
    """
    chain = [start]
    tok = start
    while tok.dep_ in NP_CLIMB_DEPS and tok.head.i != tok.i and len(chain) < 8:
        head = tok.head
        if head.pos_ in ("VERB", "AUX"):
            break
        chain.append(head)
        tok = head
    if tok.pos_ == "ADJ":
        chain.extend(_climb(tok, CLIMB_DEPS)[1:])
    return _scope(chain)


def _scope(chain: list[Token]) -> set[int]:
    scope: set[int] = set()
    for tok in chain:
        scope.add(tok.i)
        for child in tok.children:
            if child.dep_ in NOT_MODIFIERS:
                continue
            if child.lower_ in WHOLE_PP_CUES:
                scope.update(t.i for t in child.subtree)
                continue
            scope.add(child.i)
            # "may have" / "is said to": the auxiliaries of an auxiliary
            for grandchild in child.children:
                if grandchild.dep_ in ("aux", "neg", "advmod", "auxpass"):
                    scope.add(grandchild.i)
    return scope


def decide(scope: set[int], cues: dict[int, str], exclude: Iterable[int] = ()) -> ModalityValue:
    """The modality the cues inside ``scope`` give (negation over hedge)."""
    skip = set(exclude)
    kinds: set[str] = set()
    for i in scope:
        if i >= 0:
            if i in cues and i not in skip and cues[i] != "attribution":
                kinds.add(cues[i])
        elif cues.get(-1 - i) == "attribution" and -1 - i not in skip:
            kinds.add("hedge")  # the fact is the complement of a verb of saying
    if "negation" in kinds:
        return "negated"
    if "hedge" in kinds:
        return "hedged"
    return "asserted"


MODALITY_RANK: dict[str, int] = {"asserted": 2, "hedged": 1, "negated": 0}
"""How committed a statement is: the deduplicator keeps the highest."""
