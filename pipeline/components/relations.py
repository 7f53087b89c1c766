"""Relation extraction: the 18 predicates with date, place, modality and evidence.

Factory ``ctie_relations`` (creator :func:`make_relation_extractor`). It reads
the entity mentions and clusters the earlier stages wrote and writes
``doc._.relations`` (list of :class:`pipeline.extensions.RelationDict`).

How a relation is found
-----------------------
1. **Arguments** (:mod:`pipeline.arguments`): every named mention, state organ
   ("Pakistani security forces" -> Pakistan) and resolved anaphor ("he",
   "the group", "the latter") becomes an argument with its cluster.
2. **Triggers**: the cue words of ``corpus/lexicon/relation_cues.yml``
   (forms with their inflections; no lemmatizer runs). A PhraseMatcher finds
   words and noun phrases; a DependencyMatcher, compiled once from the
   versioned pattern builder ``ctie.relation_trigger_patterns.v1``, finds
   phrasal verbs by their particles wherever they stand ("carried the attack
   out") and verbs that state a relation only with a given object ("provided
   *support* to", "raised *funds* for"). Cues inside a name ("Amjad Farooqi
   *group*") and in headings are no triggers.
3. **Slots**: each trigger's grammatical neighbours in the dependency parse
   (subject, passive subject, "by" agent, object, prepositional objects,
   possessor, pre-modifiers, appositions, governor).
4. **Frames** turn slots into (subject, object) by the cue's kind: a verb in
   active or passive voice, inheriting a missing subject through
   coordination, control, participles and relative clauses; an event noun
   ("the killing of Basra", "LeJ's attacks on Shi'a") taking its agent from
   a possessor, a "by" phrase or the clause that governs it; a role noun
   ("LeJ commander X", "X, an LeJ militant", "Jhangvi's successor") relating
   the person it describes (apposition, title, copula, "such as" lists) to
   its anchor; presence nouns ("camps in X"), origin ("a militant from X")
   and hyphenated modifiers ("a London-based newspaper").
5. **Expansion**: a slot word reaches its entities through coordination
   ("Riaz Basra, Malik Ishaq, Akram Lahori, and Syed Ghulam Rasool Shah" are
   four arguments), appositions, "including"/"such as" lists, quantifiers
   ("dozens of LeJ's commanders, including X"), relative pronouns and
   collective nouns ("al-Qaeda members" stands for al-Qaeda where a group is
   wanted).
6. **Types** come from :data:`models.records.SIGNATURES`: a cue whose
   arguments do not fit is dropped, so one word serves several predicates
   ("supported" is ``supported`` for a person and ``allied_with`` for a
   group; "killed" a group is ``targeted``).
7. **Qualifiers**: the EDTF date (:mod:`pipeline.dates`) and the LOC place
   attached to the trigger's clause, the modality (:mod:`pipeline.modality`)
   from hedge and negation cues scoped to that clause, a confidence and the
   method that found it.
8. **One fact per document**: relations are unique on (subject, predicate,
   object); the most committed statement (asserted over hedged over
   negated, then the most confident) is kept as evidence and the others
   lend it a missing date or place. The guideline's precedence rules follow
   (no ``member_of`` where ``leader_of``/``founder_of`` holds for the pair, no
   null killer where one is named, no ``targeted`` where ``killed_by`` states
   the killing, no ``allied_with`` between a group and its own faction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy
from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.util import registry

from models.lexicon_relations import (
    CountryEntry,
    ModalityCue,
    RelationCue,
    RelationWordClasses,
    StateOrganLexicon,
)
from models.records import SIGNATURES, Predicate, edtf_start

from .. import modality as mod
from ..anaphora import GROUP_NOUNS
from ..arguments import Arg, ArgumentIndex, OrganMatcher, build_index, fold
from ..dates import RELATIVE_KINDS, find_dates
from ..depmatch import sentence_matches
from ..emit import clusters_without_aliases
from ..extensions import ClusterDict, RelationDict, mention_key, register_extensions
from ..lexicon import load_entries, load_yaml, strip_lines
from ..paths import resolve_path
from ..tokens import DocColumns

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

# --------------------------------------------------------------------------- trigger patterns


TriggerPatternBuilder = Callable[[RelationCue, list[str], list[str]], "list[list[dict[str, Any]]] | None"]


@registry.misc("ctie.relation_trigger_patterns.v1")
def relation_trigger_patterns() -> TriggerPatternBuilder:
    """DependencyMatcher patterns for cues whose words are linked by the parse, not by adjacency.

    Returns a builder called at init with a cue, the first words of its
    forms that share the same remaining words (all inflections of "carried
    out"), and those remaining words. It returns None for forms a plain
    phrase match finds (single words, noun phrases: "armed wing", "training
    camps"), and dependency patterns for:

    - phrasal verbs, whose particle and preposition are children of the
      verb wherever they stand: "carried out", "carried the attack out",
      "took over from", "set free";
    - verbs that state the relation only with a given object: "provided
      *support* to X", "raised *funds* for X", "received *funding* from X"
      (the object or a conjunct of it: "provided facilitation and financial
      *services* to X").
    """

    def build(cue: RelationCue, heads: list[str], tail: list[str]) -> list[list[dict[str, Any]]] | None:
        if cue.kind != "verb" or (not tail and not cue.with_object):
            return None
        anchor = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": sorted(heads)}, "POS": {"IN": ["VERB", "AUX"]}}}
        # the particle is the verb's child; a preposition may hang on the particle ("broke away from")
        base = [anchor] + [
            {"LEFT_ID": "verb", "REL_OP": ">" if k == 1 else ">>", "RIGHT_ID": f"w{k}", "RIGHT_ATTRS": {"LOWER": w}}
            for k, w in enumerate(tail, 1)
        ]
        if not cue.with_object:
            return [base]
        objects = sorted({o.split()[-1] for o in cue.with_object})
        direct = {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj", "LOWER": {"IN": objects}}}
        via = {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}}
        conj = {"LEFT_ID": "obj", "REL_OP": ">", "RIGHT_ID": "conj", "RIGHT_ATTRS": {"DEP": "conj", "LOWER": {"IN": objects}}}
        return [base + [direct], base + [via, conj]]

    return build


# --------------------------------------------------------------------------- data


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
    cue: RelationCue
    head: int
    start: int
    end: int


@dataclass
class _Sentence:
    start: int
    end: int
    start_char: int
    end_char: int
    dates: list[tuple[int, int, int, str]] = field(default_factory=list)  # (start_tok, end_tok, root, value)
    cues: dict[int, str] = field(default_factory=dict)


class RelationExtractor:
    """The ``ctie_relations`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        lexicon_dir: str,
        trigger_patterns: TriggerPatternBuilder,
        max_anaphora_sentences: int,
        min_confidence: float,
        confidence: dict[str, float],
        anaphora_factor: float,
        collective_factor: float,
        inherited_factor: float,
        surface_factor: float,
        max_date_distance: int,
        max_place_distance: int,
        offer_window: int,
        infer_from_succession: bool,
        resolve_definite_roles: bool,
        durative_predicates: list[str],
    ) -> None:
        register_extensions()
        self.name = name
        self.min_confidence = min_confidence
        self.confidence = dict(confidence)
        self.anaphora_factor = anaphora_factor
        self.collective_factor = collective_factor
        self.inherited_factor = inherited_factor
        self.surface_factor = surface_factor
        self.max_date_distance = max_date_distance
        self.max_place_distance = max_place_distance
        self.max_anaphora_sentences = max_anaphora_sentences
        self.offer_window = offer_window
        self.infer_from_succession = infer_from_succession
        self.resolve_definite_roles = resolve_definite_roles
        unknown = set(durative_predicates) - {p.value for p in Predicate}
        if unknown:
            raise ValueError(f"ctie_relations: durative_predicates has unknown predicates {sorted(unknown)}")
        self.durative = frozenset(durative_predicates)
        lex = resolve_path(lexicon_dir)
        cues_path = lex / "relation_cues.yml"
        self.cues: list[RelationCue] = load_entries(cues_path, RelationCue, key="cues")
        self.words = RelationWordClasses.model_validate(strip_lines(load_yaml(str(cues_path)))["words"])
        self.modality = mod.ModalityLexicon(load_entries(lex / "modality.yml", ModalityCue, key="cues"))
        organs_path = lex / "state_organs.yml"
        countries = load_entries(organs_path, CountryEntry, key="countries")
        organ_lex = StateOrganLexicon.model_validate(strip_lines(load_yaml(str(organs_path)))["organs"])
        self.organs = OrganMatcher(countries, organ_lex)
        w = self.words
        self.collective = frozenset(w.collective_nouns) | {"organization", "organisation", "movement", "outfit"}
        self.hop_nouns = frozenset(w.hop_nouns)
        self.place_nouns = frozenset(x for p in w.place_nouns for x in [p.split()[-1]])
        self.person_nouns = frozenset(w.person_nouns)
        self.attack_nouns = frozenset(a.split()[-1] for a in w.attack_nouns)
        self.copulas = frozenset(w.copulas)
        self.list_cues = frozenset(c.split()[-1] for c in w.list_cues)
        self.name_cues = frozenset(w.name_cues)
        self.quantifiers = frozenset(w.indefinite_quantifiers)
        self.offer_nouns = frozenset(w.offer_nouns)
        self.offer_verbs = frozenset(w.offer_verbs)
        self.accept_verbs = frozenset(w.accept_verbs)
        self.reject_verbs = frozenset(w.reject_verbs)
        self.attempt_words = frozenset(w.attempt_words)
        self.subordinate = frozenset(w.subordinate_modifiers)
        self.role_words = frozenset(f.split()[-1] for c in self.cues if c.kind == "role" for f in c.forms)
        # triggers: a phrase matcher for words and noun phrases, a dependency
        # matcher for phrasal verbs and verbs that need their object
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        self._match_cue: dict[int, tuple[int, int]] = {}
        for ci, cue in enumerate(self.cues):
            by_tail: dict[tuple[str, ...], list[str]] = {}
            for fi, form in enumerate(cue.forms):
                form_doc = nlp.make_doc(form)
                words = [t.lower_ for t in form_doc]
                if trigger_patterns(cue, words[:1], words[1:]) is not None:
                    by_tail.setdefault(tuple(words[1:]), []).append(words[0])
                    continue
                key = f"{cue.id}|{fi}"
                self._match_cue[nlp.vocab.strings.add(key)] = (ci, 0 if cue.kind == "verb" else len(words) - 1)
                self.phrases.add(key, [form_doc])
            for tail, heads in by_tail.items():
                key = f"{cue.id}|{' '.join(tail) or '_'}"
                self._match_cue[nlp.vocab.strings.add(key)] = (ci, 0)
                self.dep_matcher.add(key, trigger_patterns(cue, heads, list(tail)))

    # ------------------------------------------------------------------ entry point

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[ClusterDict] = doc._.clusters if doc._.clusters is not None else clusters_without_aliases(doc)
        mention_cluster = doc._.mention_cluster
        if mention_cluster is None and doc._.clusters is None:
            mention_cluster = {
                mention_key(s, e): i for i, c in enumerate(clusters) for s, e in c["mentions"]
            }
        if not clusters or len(doc) == 0:
            doc._.relations = []
            return doc
        index = build_index(doc, clusters, mention_cluster, self.organs, self.max_anaphora_sentences)
        state = _DocState(self, doc, index, clusters)
        doc._.relations = state.run()
        return doc


# --------------------------------------------------------------------------- per-document work


class _ChildLists:
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


class _DocState:
    """Everything computed for one document; frames are methods so they share the indexes."""

    def __init__(self, ex: RelationExtractor, doc: Doc, index: ArgumentIndex, clusters: Sequence[ClusterDict]) -> None:
        self.ex = ex
        self.doc = doc
        self.index = index
        self.clusters = clusters
        self.sent_of = index.sent_of
        self.sents: list[_Sentence] = []
        self.lowers = index.columns.lowers if index.columns is not None else [t.lower_ for t in doc]
        year: int | None = None
        full_text = doc.text  # (built from every token on each call: read once)
        for a, b in index.segments:
            span = doc[a:b]
            text = full_text[span.start_char : span.end_char]
            sent = _Sentence(a, b, span.start_char, span.end_char)
            for d in find_dates(text, year):
                dspan = doc.char_span(span.start_char + d.start, span.start_char + d.end, alignment_mode="expand")
                if dspan is not None:
                    sent.dates.append((dspan.start, dspan.end, dspan.root.i, d.value))
                if d.kind not in RELATIVE_KINDS:
                    year = d.year
            sent.cues = ex.modality.cue_map(span, self.lowers)
            self.sents.append(sent)
        # LOC names by first word, to find places inside event names
        self.loc_forms: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for a in index.args:
            if a.type == "LOC" and a.kind == "name":
                form = tuple(self.lowers[a.start : a.end])
                entry = (form, a.cluster)
                if entry not in self.loc_forms.setdefault(form[0], []):
                    self.loc_forms[form[0]].append(entry)
        self.date_tokens = {t for s in self.sents for (a, b, _r, _v) in s.dates for t in range(a, b)}
        # the tree as index lists, read once: walking it builds a Token only where a slot is found
        cols = index.columns if index.columns is not None else DocColumns(doc)
        self.deps = cols.deps
        self.pos = cols.pos
        self.kids = _ChildLists(cols.heads)

    # ---------------------------------------------------------------- helpers

    @staticmethod
    def _prep_name(prep: Token) -> str:
        """'of', or 'behalf of' style names for multiword prepositions ("on behalf of", "such as")."""
        low = prep.lower_
        if low == "as" and any(c.lower_ == "such" for c in prep.children):
            return "such as"
        if low == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
            return "such as"
        return low

    def arg(self, i: int) -> Arg | None:
        return self.index.at(i)

    def hit(self, a: Arg, factor: float, how: str) -> Hit:
        if a.kind == "anaphor":
            factor *= self.ex.anaphora_factor
            how = f"{how}+anaphor"
        return Hit(a, factor, how)

    def children(self, tok: Token, deps: Iterable[str]) -> list[Token]:
        """Children of ``tok`` with one of ``deps``, in its own segment (a heading is no subject)."""
        ds = set(deps)
        k = self.sent_of[tok.i]
        dep, sent_of, doc = self.deps, self.sent_of, self.doc
        own = [doc[c] for c in self.kids[tok.i] if dep[c] in ds and sent_of[c] == k]
        if own or k - 1 not in self.index.headings:
            return own
        # a heading the parser made the subject (or a loose modifier) of the
        # section's first sentence is that sentence's topic
        if ds & {"nsubj", "nsubjpass"}:
            ds = ds | {"npadvmod", "dep"}
        return [doc[c] for c in self.kids[tok.i] if dep[c] in ds and sent_of[c] == k - 1]

    def preps(self, tok: Token, names: Iterable[str]) -> list[Token]:
        """Objects of the prepositions ``names`` attached to ``tok`` (multiword: "on behalf of")."""
        wanted = set(names)
        out: list[Token] = []
        seg = self.sent_of[tok.i]
        dep, doc, tree = self.deps, self.doc, self.kids
        kids = [c for c in tree[tok.i] if self.sent_of[c] == seg]
        for c in list(kids):
            if dep[c] == "prep":
                kids.extend(g for g in tree[c] if dep[g] == "conj" and self.pos[g] == "ADP")
        for ci in kids:
            if dep[ci] not in ("prep", "agent", "dative", "conj"):
                continue
            c = doc[ci]
            name = self._prep_name(c)
            objs = [doc[g] for g in tree[ci] if dep[g] in ("pobj", "pcomp")]
            if name in wanted:
                out.extend(self._surface_object(c, objs))
                continue
            # "on behalf of X", "out of X", "in addition to"
            for o in objs:
                for g in o.children:
                    if g.dep_ == "prep" and f"{name} {o.lower_} {g.lower_}" in wanted:
                        out.extend(x for x in g.children if x.dep_ == "pobj")
            if name == "out" and any(g.lower_ == "of" for g in c.children) and "out of" in wanted:
                for g in c.children:
                    if g.lower_ == "of":
                        out.extend(x for x in g.children if x.dep_ == "pobj")
        return out

    def _surface_object(self, prep: Token, objs: list[Token]) -> list[Token]:
        """The object of ``prep``, trusting the words over the parse when a name follows it directly.

        "the killing of X by Jund al-Nasr shocked Quetta" is parsed with
        Quetta as the object of "by"; the name right after the preposition is
        what the text says.
        """
        k = prep.i + 1
        doc = self.doc
        while k < len(doc) and doc[k].tag_ in ("DT", "PRP$", "JJ") and self.arg(k) is None and k - prep.i <= 3:
            k += 1
        a = self.arg(k) if k < len(doc) else None
        if a is None or a.start != k or self.sent_of[k] != self.sent_of[prep.i]:
            return objs
        after = doc[a.end] if a.end < len(doc) else None
        if after is not None and (after.tag_ == "POS" or after.pos_ in ("NOUN", "PROPN") or after.lower_ in self.ex.role_words):
            return objs  # a possessor or pre-modifier: "of the CIA's unit", "as ISKP emir X"
        if any(a.start <= o.i < a.end for o in objs):
            return objs
        if any(self.arg(o.i) is not None for o in objs) or not objs:
            return [doc[a.root]] + [o for o in objs if self.arg(o.i) is None]
        return objs

    def is_passive(self, v: Token) -> bool:
        # "Zia-ul-Haq appointed X" is sometimes parsed with the hyphen as a passive auxiliary
        if any(
            (c.dep_ == "auxpass" and c.lower_ in BE_FORMS) or (c.dep_ == "nsubjpass" and self.arg(c.i) is None)
            or (c.dep_ == "nsubjpass" and not any(g.dep_ == "auxpass" and g.lower_ not in BE_FORMS for g in v.children))
            for c in v.children
        ):
            return True
        if v.tag_ == "VBN" and v.dep_ in ("acl",):
            return True
        if v.tag_ == "VBN" and v.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in v.children):
            return True  # "..., arrested again on 15 May"
        if v.tag_ == "VBN" and v.dep_ == "conj" and not any(c.dep_ in ("nsubj", "dobj") for c in v.children):
            return self.is_passive(v.head) if v.head.i != v.i and v.head.pos_ in ("VERB", "AUX") else False
        return False

    # ---------------------------------------------------------------- expansion

    def coordinated(self, tok: Token) -> list[Token]:
        """``tok`` and its conjuncts (and same-kind appositions continuing a list).

        Places are stricter: "Quetta, Balochistan" and "Lahore, Pakistan" name
        one place and its region, so a place conjunct needs an "and"/"or".
        """
        out = [tok]
        seen = {tok.i}
        stack = [tok]
        seg = self.sent_of[tok.i]
        dep = self.deps
        while stack:
            t = stack.pop()
            a = self.arg(t.i)
            heads = [t.i] if a is None else list(range(a.start, a.end))
            for h in heads:
                for ci in self.kids[h]:
                    if ci in seen or self.sent_of[ci] != seg:
                        continue
                    if a is not None and a.start <= ci < a.end:
                        continue
                    if dep[ci] not in ("conj", "appos"):
                        continue
                    c = self.doc[ci]
                    b = self.arg(c.i)
                    if a is not None and a.type == "LOC" and b is not None and b.type == "LOC":
                        lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
                        if c.dep_ == "appos" or not any(self.doc[k].lower_ in ("and", "or") for k in range(lo, hi)):
                            continue
                    if c.dep_ == "conj" or (c.dep_ == "appos" and a is not None and b is not None and b.type == a.type):
                        seen.add(c.i)
                        out.append(c)
                        stack.append(c)
        return out

    def surface_list(self, a: Arg) -> list[Arg]:
        """Arguments of ``a``'s type listed with it on the surface ("A, B, and C"); needs an "and"/"or"."""
        doc = self.doc
        items = [a]
        saw_conj = False
        # rightwards
        j = a.end
        cur = a
        while j < len(doc):
            k = j
            seps = []
            while k < len(doc) and doc[k].lower_ in (",", "and", "or", "as", "well") and len(seps) < 4:
                seps.append(doc[k].lower_)
                k += 1
            if k < len(doc) and doc[k].text == "(":  # skip "(alias X)"
                depth = 0
                while k < len(doc):
                    if doc[k].text == "(":
                        depth += 1
                    elif doc[k].text == ")":
                        depth -= 1
                        if depth == 0:
                            k += 1
                            break
                    k += 1
                continue_j = k
                if continue_j != j:
                    j = continue_j
                    continue
            if not seps or seps[-1] not in (",", "and", "or"):
                break
            nxt = self.arg(k) if k < len(doc) else None
            if nxt is None or nxt.start != k or nxt.type != cur.type:
                break
            if "and" in seps or "or" in seps:
                saw_conj = True
            items.append(nxt)
            cur = nxt
            j = nxt.end
            if saw_conj:
                break
        if not saw_conj:
            items = [a]
        # leftwards: a is the last of "A, B and a"
        j = a.start - 1
        left: list[Arg] = []
        conj_left = False
        while j >= 0 and not saw_conj:
            seps = []
            k = j
            while k >= 0 and doc[k].lower_ in (",", "and", "or") and len(seps) < 3:
                seps.append(doc[k].lower_)
                k -= 1
            if not seps:
                break
            prev = self.arg(k) if k >= 0 else None
            if prev is None or prev.end != k + 1 or prev.type != a.type:
                break
            if "and" in seps or "or" in seps:
                if conj_left or left:
                    break
                conj_left = True
            elif not conj_left:
                break
            left.insert(0, prev)
            j = prev.start - 1
        if conj_left and left:
            items = left + items
        return items

    def expand(self, tok: Token | None, depth: int = 0, collective: bool = True) -> list[Hit]:
        """The arguments a slot word stands for (see the module docstring, step 5)."""
        if tok is None or depth > 5:
            return []
        hits: list[Hit] = []
        seen: set[int] = set()

        def add(h: Hit) -> None:
            if id(h.arg) in seen:
                return
            seen.add(id(h.arg))
            hits.append(h)

        for t in self.coordinated(tok):
            a = self.arg(t.i)
            if a is not None:
                add(self.hit(a, 1.0, "direct" if t.i == tok.i else "coord"))
                if t.i == tok.i:
                    for b in self.surface_list(a)[0:]:
                        if b is not a:
                            add(self.hit(b, self.ex.surface_factor, "list"))
                continue
            low = t.lower_
            # relative pronoun: "Khurasani, who had reorganized LeJ-A"
            if low in WH_WORDS and t.tag_ in ("WP", "WDT", "WP$"):
                v = t.head
                while v.pos_ not in ("VERB", "AUX") and v.dep_ in ("prep", "pobj", "nsubj", "nsubjpass", "dobj") and v.head.i != v.i:
                    v = v.head
                while v.dep_ == "conj" and v.head.i != v.i:
                    v = v.head
                if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
                    ante = v.head
                    if ante.dep_ == "pobj" and ante.head.lower_ == "of" and ante.head.head.pos_ == "NOUN" and self.arg(ante.i) is None:
                        ante = ante.head.head  # "a Taliban-affiliated group of militants that operates from X"
                    for h in self.expand(ante, depth + 1, collective):
                        add(h)
                    a = self.arg(ante.i)
                    if a is not None and a.type == "LOC" and ante.dep_ == "pobj" and ante.head.dep_ == "prep":
                        # "the Saif Ullah Kurd faction in Balochistan, which targeted Shi'as"
                        for h in self.expand(ante.head.head, depth + 1, collective):
                            if h.arg.type != "LOC":
                                add(Hit(h.arg, h.factor * 0.8, "relative_attachment"))
                continue
            found_any = False
            # "Jund al-Nasr, a network set up by X": the apposition stands for its head
            if t.dep_ == "appos" and self.arg(t.head.i) is not None and depth < 3:
                add(self.hit(self.arg(t.head.i), 0.95, "appos"))
                found_any = True
            # "TTP factions, especially those influenced by LeJ, carried out ...": a subset of its head
            if t.dep_ == "appos" and low in SUBSET_PRONOUNS and t.tag_ == "DT" and depth < 3:
                for h in self.expand(t.head, depth + 1, collective):
                    add(Hit(h.arg, h.factor * 0.9, "subset"))
                    found_any = True
            # "the TTP Darra Adam Khail chapter, one of its deadliest chapters with ..."
            q = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else None
            if q is not None and q.lower_ in self.ex.quantifiers and q.dep_ == "appos" and self.arg(q.head.i) is not None:
                add(self.hit(self.arg(q.head.i), 0.9, "appos"))
                found_any = True
            # appositions: "an influential Deobandi leader, Haq Nawaz Jhangvi"
            for c in t.children:
                if c.dep_ == "appos":
                    for h in self.expand(c, depth + 1, collective):
                        add(Hit(h.arg, h.factor * 0.95, "appos"))
                        found_any = True
            # lists: "leaders such as X", "attacks, including X"; names: "a leader known as X"
            for c in t.children:
                if c.dep_ == "prep" and (c.lower_ in self.ex.list_cues or self._prep_name(c) == "such as"):
                    for o in c.children:
                        if o.dep_ == "pobj":
                            for h in self.expand(o, depth + 1, collective):
                                add(Hit(h.arg, h.factor * 0.95, "list"))
                                found_any = True
                if c.dep_ == "acl" and c.lower_ in self.ex.name_cues:
                    for o in self.preps(c, ["as"]) + self.children(c, ["oprd", "attr", "dobj"]):
                        for h in self.expand(o, depth + 1, collective):
                            add(Hit(h.arg, h.factor * 0.95, "named"))
                            found_any = True
            # quantifiers: "dozens of LeJ's commanders", "one of the leaders"
            if low in self.ex.quantifiers or t.tag_ == "CD" or low in ("dozens", "hundreds", "thousands", "scores", "number", "some", "many", "most"):
                for o in self.preps(t, ["of"]):
                    for h in self.expand(o, depth + 1, collective):
                        add(h)
                        found_any = True
            # "United States Navy SEALs" with only "United States Navy" recognised: the unit stands for the organisation
            if not found_any and t.text[:1].isupper() and t.tag_ in ("NNP", "NNPS", "NNS"):
                for c in self._premodifier_tokens(t):
                    b = self.arg(c.i)
                    if b is not None and b.type == "ORG" and b.end == t.i:
                        add(self.hit(b, 0.85, "unit"))
                        found_any = True
                        break
            # "the founder of Jaish-e-Mohammed (JeM), a group that operates in Kashmir"
            if not found_any and low in GROUP_NOUNS and depth < 3:
                for h in self._surface_appositions(t, ORG_ONLY):
                    add(h)
                    found_any = True
            # a predicate nominal stands for its subject: "he was a HUJI commander who ..."
            if not found_any and t.dep_ in ("attr", "oprd") and t.pos_ == "NOUN" and depth < 3:
                for h in self.clause_subjects(t.head):
                    if low in GROUP_NOUNS and h.arg.type != "ORG":
                        continue  # "Azhar is ... a group that ...": a group describes no person
                    add(Hit(h.arg, h.factor * 0.9, "predicate_nominal"))
                    found_any = True
            if not found_any and t.pos_ == "NOUN" and t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == ",":
                # "the construction company, Saudi Binladin Group": an appositive name the parser missed
                b = self.arg(t.i + 2)
                after = self.doc[b.end] if b is not None and b.end < len(self.doc) else None
                if b is not None and b.start == t.i + 2 and b.kind == "name" and (after is None or after.text in (",", ".", ";", ")", "—", "–")):
                    add(self.hit(b, 0.85, "apposition"))
                    found_any = True
            if not found_any and t.tag_ == "NNS" and t.i == tok.i:
                # "staged several attacks after the killing of X in 2004, including the Marriott bombing":
                # an example list the parser hung on a nearer noun
                for h in self._surface_examples(t, depth):
                    add(h)
                    found_any = True
            if found_any:
                continue
            # collective nouns: "al-Qaeda members", "LeJ's cadres", "the Farooqi group members"
            if collective and low in self.ex.hop_nouns:
                # "the New Jersey home of El Sayyid Nosair", "the operations of al-Qaeda"
                for o in self.preps(t, ["of"]):
                    for h in self.expand(o, depth + 1, collective):
                        add(Hit(h.arg, h.factor * self.ex.collective_factor, "hop"))
                        found_any = True
                if found_any:
                    continue
            if collective and (low in self.ex.collective or low in self.ex.hop_nouns):
                for c in self._premodifier_tokens(t):
                    if self.arg(c.i) is not None:
                        a = self.arg(c.i)
                        # "Sunni government officials" are officials, "the Shi'a community" is the community
                        if a.type == "GROUP" and low not in self.ex.hop_nouns:
                            continue
                        if a.type in ("ORG", "LOC", "GROUP"):
                            # (never a person: "Haqqani commanders" were not Sirajuddin Haqqani)
                            add(self.hit(a, self.ex.collective_factor, "collective"))
                            found_any = True
                if not found_any:
                    for o in self.preps(t, ["of"]):
                        for h in self.expand(o, depth + 1, collective):
                            add(Hit(h.arg, h.factor * self.ex.collective_factor, "collective"))
                            found_any = True
                if not found_any:
                    a = self._left_arg(t, max_gap=3)
                    if a is not None and (a.type in ("ORG", "LOC") or (a.type == "GROUP" and low in self.ex.hop_nouns)):
                        add(self.hit(a, self.ex.collective_factor * 0.95, "collective"))
        return hits

    def _surface_examples(self, t: Token, depth: int) -> list[Hit]:
        """Arguments of a ", including X, Y and Z" list after plural noun ``t`` in the same clause."""
        doc = self.doc
        seg = self.sent_of[t.i]
        for k in range(t.i + 1, min(len(doc), t.i + 16)):
            if self.sent_of[k] != seg:
                return []
            is_cue = self.lowers[k] in ("including", "especially", "notably", "namely")
            if not is_cue and (doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (";", ":")):
                return []
            if is_cue and doc[k - 1].text == ",":
                if doc[k].head.i == t.i or any(c.i == k for c in t.children):
                    return []  # the parser got it right; expand() has it
                objs = [c for c in doc[k].children if c.dep_ == "pobj"]
                first = self.arg(k + 1) if k + 1 < len(doc) else None
                if not objs and first is None:
                    return []
                hits: list[Hit] = []
                for o in objs:
                    hits.extend(Hit(h.arg, h.factor * 0.85, "list") for h in self.expand(o, depth + 1))
                if first is not None and not hits:
                    hits.append(self.hit(first, 0.85, "list"))
                    hits.extend(self.hit(b, 0.8, "list") for b in self.surface_list(first)[1:])
                return hits
        return []

    def _premodifier_tokens(self, t: Token) -> list[Token]:
        """Pre-modifiers of ``t``, nested ("the Hazara Shi'a community": Hazara and Shi'a) and
        coordinated ("Sikh and Hazara communities": both)."""
        out: list[Token] = []
        stack = [t]
        while stack:
            u = stack.pop()
            for c in u.children:
                if c.i >= t.i:
                    continue
                if c.dep_ in ("compound", "nmod", "poss", "amod") or (u is not t and c.dep_ == "conj"):
                    out.append(c)
                    stack.append(c)
        out.sort(key=lambda x: x.i)
        return out

    def _left_arg(self, t: Token, max_gap: int = 3, stop_at_role: bool = True) -> Arg | None:
        """The argument ending just before ``t`` inside its noun phrase ("LeJ's key commanders")."""
        j = t.i - 1
        gap = 0
        while j >= 0 and gap <= max_gap:
            a = self.arg(j)
            if a is not None:
                return a
            tok = self.doc[j]
            if tok.tag_ not in PREMODIFIER_TAGS and tok.text not in ("/", "-"):
                return None
            if tok.tag_ in ("NNP", "NNPS") and tok.ent_type_ == "":
                pass
            if stop_at_role and tok.lower_ in self.ex.role_words and j != t.i - 1:
                return None
            gap += 1
            j -= 1
        return None

    def _left_args(self, t: Token) -> list[Arg]:
        """Pre-modifier arguments of ``t``: "LeJ commander", "SSP/LeJ activists", "TTP's Balochistan chapter"."""
        out: list[Arg] = []
        a = self._left_arg(t)
        if a is None:
            return out
        out.append(a)
        j = a.start - 1
        while j >= 1 and self.doc[j].text in ("/", "and", ",", "&"):
            b = self.arg(j - 1)
            if b is None or b.type != a.type:
                break
            out.append(b)
            j = b.start - 1
        return out

    # ---------------------------------------------------------------- referents of nouns

    def referents(self, noun: Token, types: frozenset[str], depth: int = 0) -> list[Hit]:
        """Who a descriptive noun ("an LeJ militant", "his successor") is about."""
        if depth > 3:
            return []
        hits: list[Hit] = []
        a = self.arg(noun.i)
        if a is not None:
            return [self.hit(a, 1.0, "self")]
        # title before a name: "TTP emir Hakeem Ullah Mehsud"
        if noun.dep_ in ("compound", "nmod", "amod") and self.arg(noun.head.i) is not None:
            b = self.arg(noun.head.i)
            if b.type in types:
                hits.append(self.hit(b, 1.0, "title"))
                if noun.tag_ in ("NNS", "NNPS"):
                    for c in self.surface_list(b)[1:]:
                        hits.append(self.hit(c, self.ex.surface_factor, "title+list"))
        nxt = self.doc[noun.i + 1] if noun.i + 1 < len(self.doc) else None
        if not hits and nxt is not None and self.arg(nxt.i) is not None and self.arg(nxt.i).start == nxt.i:
            b = self.arg(nxt.i)
            if b.type in types and b.kind == "name":
                hits.append(self.hit(b, 0.95, "title"))
                if noun.tag_ in ("NNS", "NNPS"):
                    for c in self.surface_list(b)[1:]:
                        hits.append(self.hit(c, self.ex.surface_factor, "title+list"))
        # appositions and lists hanging on the noun
        for c in noun.children:
            if c.dep_ == "appos" or (c.dep_ == "prep" and (c.lower_ in self.ex.list_cues or self._prep_name(c) == "such as")):
                targets = [c] if c.dep_ == "appos" else [o for o in c.children if o.dep_ == "pobj"]
                for o in targets:
                    hits.extend(h for h in self.expand(o, collective=False) if h.arg.type in types)
            if c.dep_ == "acl" and c.lower_ in self.ex.name_cues:
                for o in self.preps(c, ["as"]) + self.children(c, ["oprd", "attr", "dobj"]):
                    hits.extend(h for h in self.expand(o, collective=False) if h.arg.type in types)
        if noun.dep_ == "appos" and self.arg(noun.head.i) is not None and self.arg(noun.head.i).type in types:
            hits.append(self.hit(self.arg(noun.head.i), 0.95, "appos"))
        # copula: "X is a co-founder of Y", "X served as leader", "was established as an armed wing"
        base = noun
        for _ in range(4):
            while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN") and base.head.i != base.i:
                base = base.head
            # "a co-founder of LeT and the chief or amir of JuD", parsed with "chief" joined to "LeT";
            # "a Saudi millionaire from Hadhramaut, Yemen and the founder of ...", "founder" joined to "Yemen"
            if base is not noun and base.dep_ == "pobj" and base.head.dep_ == "prep" and base.head.head.pos_ in ("NOUN", "PROPN"):
                base = base.head.head
                continue
            break
        if base is not noun and base.dep_ == "appos" and self.arg(base.head.i) is not None and self.arg(base.head.i).type in types:
            hits.append(self.hit(self.arg(base.head.i), 0.9, "appos"))
        if base.dep_ == "pobj" and base.head.lower_ == "of" and base.head.head.lower_ in self.ex.quantifiers:
            base = base.head.head  # "one of Jhangvi's bodyguards"
        if base.dep_ in ("attr", "oprd", "acomp"):
            v = base.head
            subj = [h for h in self.clause_subjects(v) if h.arg.type in types]
            if not subj:
                # "The four LeJ co-founders—A, B, C and D—were active SSP cadres", parsed with LeJ as the subject
                for s_tok in self.children(v, ["nsubj", "nsubjpass"]):
                    for t in s_tok.subtree:
                        if t.i != noun.i and t.lower_ in self.ex.role_words and self.arg(t.i) is None:
                            subj.extend(h for h in self.referents(t, types, depth + 1) if h.arg.type in types)
            hits.extend(subj)
        elif base.dep_ == "pobj" and base.head.lower_ == "as" and base.head.head.pos_ in ("VERB", "AUX"):
            v = base.head.head
            if v.lower_ not in self.ex.name_cues:
                subj = self.logical_patient(v) if self.is_passive(v) else self.logical_agent(v)
                hits.extend(h for h in subj if h.arg.type in types)
        if noun.dep_ in ("nsubj",) and noun.head.lower_ in self.ex.copulas:
            for at in self.children(noun.head, ["attr"]):
                found = [h for h in self.expand(at) if h.arg.type in types]
                if not found and "LOC" in types:
                    found = [h for h in self.place_hits(at) if h.arg.type in types]
                hits.extend(found)
        # surface appositions the parser missed
        if not hits:
            hits.extend(self._surface_appositions(noun, types))
        return hits

    def _np_bounds(self, noun: Token) -> tuple[int, int]:
        """Token range of ``noun``'s phrase: its pre-modifiers and an "of/in/for X" complement."""
        doc = self.doc
        j = noun.i - 1
        while j >= 0:
            t = doc[j]
            if self.arg(j) is not None:
                j = self.arg(j).start - 1
                continue
            if t.tag_ in PREMODIFIER_TAGS or t.tag_ in ("DT", "PRP$") or t.text in ("/", "-"):
                j -= 1
                continue
            break
        left = j + 1
        k = noun.i + 1
        if k < len(doc) and doc[k].lower_ in ("of", "in", "within", "for", "to"):
            m = k + 1
            while m < len(doc) and m - k <= 6:
                a = self.arg(m)
                if a is not None:
                    m = a.end
                    if m < len(doc) and doc[m].tag_ == "POS":
                        m += 1
                        continue
                    break
                if doc[m].tag_ in PREMODIFIER_TAGS or doc[m].tag_ in ("DT", "PRP$"):
                    m += 1
                    continue
                break
            else:
                m = k
            k = m
        return left, k

    def _surface_appositions(self, noun: Token, types: frozenset[str]) -> list[Hit]:
        doc = self.doc
        left, right = self._np_bounds(noun)
        hits: list[Hit] = []
        # right: "an LeJ cofounder, Malik Ishaq", "co-founders—Riaz Basra, ...", "deputies – including his successor X, Y"
        k = right
        if k < len(doc) and doc[k].text in SEPARATORS and doc[k].text != ";":
            k += 1
            steps = 0
            while k < len(doc) and steps < 4 and self.arg(k) is None and (
                doc[k].lower_ in ("including", "namely", "such", "as", "especially", "notably")
                or doc[k].tag_ in ("DT", "PRP$", "JJ", "CD")
                or doc[k].lower_ in self.ex.role_words
            ):
                k += 1
                steps += 1
            a = self.arg(k) if k < len(doc) else None
            if a is not None and a.start == k and a.type in types and a.kind in ("name", "anaphor"):
                hits.append(self.hit(a, self.ex.surface_factor, "apposition"))
                for b in self._dash_list(a, types):
                    hits.append(self.hit(b, self.ex.surface_factor * 0.95, "apposition+list"))
        if not hits:
            hits.extend(self._misattached_apposition(noun, right, types))
        # left: "Abid Mehsud, an LeJ militant", "Zia ur-Rehman Farooq (Jhangvi's successor)",
        # "Jaish-e-Mohammed (JeM), a group"
        j = left - 1
        if j >= 1 and doc[j].text in (",", "(", "—", "–"):
            k = j - 1
            if doc[k].text == ")" and k >= 2 and doc[k - 2].text == "(":
                k -= 3  # a parenthesised acronym between the name and the comma
            a = self.arg(k) if k >= 0 else None
            if a is not None and a.end == k + 1 and a.type in types and a.kind == "name":
                # not "In Afghanistan, LeJ commanders": the phrase must be closed by a separator or clause end
                after = doc[right] if right < len(doc) else None
                if after is None or after.text in (",", ")", ".", "—", "–", ";", ":") or after.pos_ in ("VERB", "AUX", "ADV") or after.lower_ in WH_WORDS:
                    hits.append(self.hit(a, self.ex.surface_factor, "apposition"))
                    for b in self.surface_list(a)[:-1]:
                        if b is not a:
                            hits.append(self.hit(b, self.ex.surface_factor * 0.95, "apposition+list"))
        return hits

    def _misattached_apposition(self, noun: Token, right: int, types: frozenset[str]) -> list[Hit]:
        """A name in apposition to a description with a long complement: "another LeJ commander
        from Peshawar's outskirts close to the Khyber district, Amanullah Afridi, attempted ...".

        The parser hangs the name on the last noun of the complement. It is
        taken for the description when it is an apposition inside the
        description's own subtree, after a comma, closed by a separator or the
        clause's verb, with no verb in between.
        """
        doc = self.doc
        subtree_end = noun.right_edge.i
        for k in range(right, min(subtree_end, noun.i + 25) + 1):
            t = doc[k]
            if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG"):
                return []
            if t.text != "," or k + 1 > subtree_end:
                continue
            a = self.arg(k + 1)
            if a is None or a.start != k + 1 or a.type not in types or a.kind != "name":
                continue
            if not any(doc[m].dep_ == "appos" and doc[m].head.i != noun.i for m in range(a.start, a.end)):
                continue
            after = doc[a.end] if a.end < len(doc) else None
            if after is None or after.text in (",", ")", ".", "—", "–", ";") or after.pos_ in ("VERB", "AUX"):
                return [self.hit(a, self.ex.surface_factor * 0.95, "apposition")]
            return []
        return []

    def _dash_list(self, first: Arg, types: frozenset[str]) -> list[Arg]:
        """Further items of a list opened after a dash or colon (parentheses and titles skipped)."""
        doc = self.doc
        out: list[Arg] = []
        k = first.end
        saw_and = False
        while k < len(doc) and not saw_and:
            if doc[k].text == "(":
                depth = 0
                while k < len(doc):
                    depth += doc[k].text == "("
                    depth -= doc[k].text == ")"
                    k += 1
                    if depth == 0:
                        break
                continue
            if doc[k].lower_ not in (",", "and", "or"):
                break
            while k < len(doc) and doc[k].lower_ in (",", "and", "or"):
                saw_and = saw_and or doc[k].lower_ in ("and", "or")
                k += 1
            steps = 0
            while k < len(doc) and steps < 3 and self.arg(k) is None and (doc[k].tag_ in ("DT", "PRP$", "JJ") or doc[k].lower_ in self.ex.role_words):
                k += 1
                steps += 1
            a = self.arg(k) if k < len(doc) else None
            if a is None or a.start != k or a.type not in types:
                break
            out.append(a)
            k = a.end
        return out if saw_and else []

    # ---------------------------------------------------------------- clause arguments

    def clause_subjects(self, v: Token, depth: int = 0) -> list[Hit]:
        """Subjects of the clause of ``v`` (active or passive surface subject), inheriting when missing."""
        subs = self.children(v, ["nsubj", "nsubjpass"])
        hits: list[Hit] = []
        for s in subs:
            hits.extend(self.expand(s))
        if not subs and depth < 4:
            if v.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "ccomp") and v.head.i != v.i:
                if v.dep_ in ("relcl", "acl"):
                    hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.expand(v.head))
                else:
                    hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.clause_subjects(v.head, depth + 1))
        return hits

    def logical_agent(self, v: Token, depth: int = 0) -> list[Hit]:
        """Who does ``v``: the active subject, the passive "by" phrase, or an inherited subject."""
        if self.is_passive(v):
            hits = [h for b in self.children(v, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)]
            if not hits:
                # "was shot and killed by X": the agent of the last conjunct
                for c in v.children:
                    if c.dep_ == "conj" and c.tag_ == "VBN":
                        hits = [h for b in self.children(c, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)]
                        if hits:
                            break
            return hits
        subs = self.children(v, ["nsubj"])
        if subs:
            out: list[Hit] = []
            for s in subs:
                out.extend(self.expand(s))
            # "X, along with Y, founded Z"
            for s in subs:
                for p in s.children:
                    if p.lower_ == "along" or (p.lower_ == "with" and p.i > 0 and self.doc[p.i - 1].lower_ == "along"):
                        for o in [g for q in [p, *p.children] for g in q.children if g.dep_ == "pobj"]:
                            out.extend(Hit(h.arg, h.factor * 0.9, "along_with") for h in self.expand(o))
            for p in v.children:
                if p.lower_ == "along" and p.dep_ in ("prep", "advmod"):
                    for q in [p, *p.children]:
                        for o in q.children:
                            if o.dep_ == "pobj":
                                out.extend(Hit(h.arg, h.factor * 0.9, "along_with") for h in self.expand(o))
            return out
        if depth >= 4 or v.head.i == v.i:
            return []
        f = self.ex.inherited_factor
        head = v.head
        if v.dep_ == "conj":
            if self.is_passive(head) and not self.is_passive(v):
                # "He was banished from Saudi Arabia and shifted his base to Sudan"
                return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(head)]
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "xcomp":
            # raising and passive control: "Basra is believed to have assassinated X",
            # "was appointed by Haqqani to serve as ..."
            if self.is_passive(head):
                return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(head)]
            # object control: "urged Hekmatyar to join", else subject control: "attempted to regroup"
            objs = [o for o in self.children(head, ["dobj"]) if o.lower_ not in WH_WORDS]
            if objs and head.lower_ in OBJECT_CONTROL:
                return [Hit(h.arg, h.factor * f, h.how) for o in objs for h in self.expand(o)]
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN", "VB"):
            if v.tag_ == "VBN":
                return []
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "pcomp":
            # "by establishing links with X", "in addition to attacking Shi'a": the governing clause's subject
            u = head
            for _ in range(8):
                if u.dep_ == "prep" and u.lower_ in self.ex.list_cues and u.head.i != u.i:
                    u = u.head  # "attacks, including (in addition to attacking Shi'a) ...": the list's head
                    continue
                poss = self.children(u, ["poss"]) if u.pos_ in ("NOUN", "PROPN") else []
                if poss:
                    # "his role in masterminding the attacks"
                    return [Hit(h.arg, h.factor * f, h.how) for p in poss for h in self.expand(p)]
                if u.pos_ in ("VERB", "AUX"):
                    # "X was designated for providing support to Y": the gerund's subject is the clause's subject
                    if self.is_passive(u):
                        return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(u)]
                    return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(u, depth + 1)]
                if u.pos_ == "ADJ" and u.dep_ in ("acomp", "oprd") and u.head.pos_ in ("VERB", "AUX"):
                    return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(u.head)]
                if u.dep_ not in ("prep", "pobj", "pcomp", "dobj") or u.head.i == u.i:
                    break
                u = u.head
            return []
        if v.dep_ in ("relcl",):
            return [Hit(h.arg, h.factor * f, h.how) for h in self.expand(head)]
        if v.dep_ == "acl" and v.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            return [Hit(h.arg, h.factor * f, h.how) for h in self.expand(head)]
        return []

    def logical_patient(self, v: Token, depth: int = 0) -> list[Hit]:
        """What ``v`` is done to: the active object, the passive subject, or the noun a participle modifies."""
        if self.is_passive(v):
            subs = self.children(v, ["nsubjpass", "nsubj"])
            if subs:
                return [h for s in subs for h in self.expand(s)]
            if v.dep_ == "acl" and v.head.i != v.i:
                return self.expand(v.head) or self._partitive_subject(v.head)
            if v.dep_ in ("conj", "advcl") and depth < 4:
                # "Choto was targeted and killed", "who had reorganized LeJ-A and was based in X",
                # "He was held until March, arrested again in May"
                return [Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.clause_subjects(v.head)]
            if v.dep_ == "relcl":
                return self.expand(v.head)
            return []
        objs = self.children(v, ["dobj"])
        if not objs:
            # "arrested and killed dozens of ...": the object of the last conjunct
            for c in v.children:
                if c.dep_ == "conj" and c.pos_ == "VERB" and not self.is_passive(c):
                    objs = self.children(c, ["dobj"])
                    if objs:
                        break
        return [h for o in objs for h in self.expand(o)]

    def _partitive_subject(self, noun: Token) -> list[Hit]:
        """Who an inverted partitive copula names: "Among those released by X was Y", "Among the dead were A and B".

        The participle modifies a pronoun or plural noun inside "among"; the
        people it is about are the other argument of the copula.
        """
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "among" or prep.head.lower_ not in self.ex.copulas:
            return []
        hits: list[Hit] = []
        for t in self.children(prep.head, ["nsubj", "attr"]):
            found = self.expand(t, collective=False)
            if not found and self.arg(t.i) is None:
                found = self.referents(t, frozenset({"PERSON"}), depth=1)
            hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, "partitive") for h in found)
        return hits

    def announced_agent(self, v: Token) -> list[Hit]:
        """The agent a colon announces: "... triggered a response by Pakistani security forces: X was arrested".

        Only inside the sentence: the clause of ``v`` must follow a colon (or
        dash) whose left side names who responded, cracked down or operated.
        """
        doc = self.doc
        seg = self.index.segments[self.sent_of[v.i]]
        colon = next((k for k in range(v.i - 1, seg[0] - 1, -1) if doc[k].text in (":", "—", "–", ";")), None)
        if colon is None or doc[colon].text == ";":
            return []
        for k in range(seg[0], colon):
            if self.lowers[k] not in ANNOUNCING_NOUNS or doc[k].pos_ != "NOUN":
                continue
            n = doc[k]
            hits = [h for o in self.preps(n, ["by"]) for h in self.expand(o)]
            hits += [h for c in n.children if c.dep_ in ("poss", "compound", "amod") for h in self.expand(c, collective=False)]
            if not hits and self.arg(k) is not None and self.arg(k).kind == "organ":
                hits = [self.hit(self.arg(k), 1.0, "organ")]
            if not hits and n.dep_ == "dobj":
                hits = self.logical_agent(n.head)
            hits = [Hit(h.arg, h.factor * 0.8, "announced") for h in hits if h.arg.type in ("ORG", "LOC", "PERSON")]
            if hits:
                return hits
        return []

    def instrument(self, v: Token) -> list[Hit]:
        """The killer named by the strike a death happened in ("in a U.S. drone strike", "in a TTP attack")."""
        hits: list[Hit] = []
        for p in v.children:
            if p.dep_ != "prep" or p.lower_ not in ("in", "during", "by", "after"):
                continue
            for o in p.children:
                if o.dep_ != "pobj" or o.lower_ not in self.ex.attack_nouns:
                    continue
                a = self.arg(o.i)
                if a is not None and a.type == "EVENT":
                    # "killed in a joint Afghan and U.S. raid" with "U.S. raid" an event name
                    hits.extend(self._event_owners(a))
                    continue
                if a is not None:
                    hits.append(self.hit(a, 0.9, "instrument"))
                    continue
                for c in o.children:
                    b = self.arg(c.i)
                    if c.dep_ in ("compound", "nmod", "amod", "poss") and b is not None and b.type in ("ORG", "LOC", "PERSON"):
                        hits.append(self.hit(b, 0.9, "instrument"))
                for b in self.preps(o, ["by"]):
                    hits.extend(self.expand(b))
        return hits

    def _event_owners(self, event: Arg) -> list[Hit]:
        """Countries that own a strike named as an event: a place name opening its name ("U.S.
        raid") or a nationality adjective before it ("a joint Afghan and U.S. raid")."""
        doc = self.doc
        owners: dict[int, Hit] = {}
        names = self.ex.organs.name_keys
        for k in range(event.start, doc[event.root].i):
            for width in (3, 2, 1):
                country = names.get(fold(doc[k : min(k + width, event.root)].text))
                cluster = self.index.country_of.get(country) if country is not None else None
                if cluster is not None:
                    owners.setdefault(cluster, Hit(_country_arg(event, cluster), 0.85, "instrument"))
                    break
        k = event.start - 1
        while k >= 0 and doc[k].tag_ in ("JJ", "NNP", "CC", ",") and self.arg(k) is None and event.start - k <= 5:
            found = self.ex.organs.adjective_at(self.lowers, k)
            if found is not None and found[0] in self.index.country_of:
                cluster = self.index.country_of[found[0]]
                owners.setdefault(cluster, Hit(_country_arg(event, cluster), 0.85, "instrument"))
            k -= 1
        return list(owners.values())

    def governing_agent(self, noun: Token) -> tuple[list[Hit], Token | None]:
        """Agent of an event noun from the clause that governs it, and the governing word."""
        f = self.ex.inherited_factor
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") and not self.is_passive(noun.head):
            v = noun.head
            return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(v)], v
        if noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB":
            v = noun.head
            return [Hit(h.arg, h.factor * f, "governor") for b in self.children(v, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)], v
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
            prep = noun.head
            gov = prep.head
            # "held responsible for the assassination of X", "his role in the killing"
            if gov.lower_ in GOVERNING_NOUNS:
                if gov.dep_ in ("acomp", "oprd", "attr", "amod") or gov.pos_ == "ADJ":
                    v = gov.head
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.clause_subjects(v)], gov
                poss = self.children(gov, ["poss"])
                if poss:
                    return [h for p in poss for h in self.expand(p)], gov
                if gov.dep_ == "dobj":
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov.head)], gov
            # "admitted guilt for the murder of X", "claimed responsibility for the attack"
            if gov.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ in GOVERNING_NOUNS for c in gov.children):
                return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov)], gov
            # "carried out attacks on X in parallel with attacks on Y", "in addition to attacking Y":
            # the clause's own agent
            if gov.lower_ in ADDITIVE_NOUNS and gov.dep_ == "pobj" and gov.head.lower_ == "in":
                v = gov.head.head
                if v.pos_ == "VERB" and not self.is_passive(v):
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(v)], v
            # "in collaboration with", "through attacks on" under an active verb (or its object)
            if prep.lower_ in ("through", "via", "by", "in", "with"):
                if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ == "dobj" and self.arg(gov.i) is None:
                    gov = gov.head
                if gov.pos_ == "VERB" and not self.is_passive(gov):
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov)], gov
        if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
            return self.governing_agent(noun.head)
        return [], None

    # ---------------------------------------------------------------- frames

    def run(self) -> list[RelationDict]:
        triggers = self.find_triggers()
        cands: list[Candidate] = []
        for trig in triggers:
            frame = getattr(self, f"frame_{trig.cue.kind}")
            cands.extend(frame(trig))
        cands.extend(self.frame_names())
        cands.extend(self.frame_org_in_place())
        cands.extend(self.frame_event_agents())
        cands.extend(self.frame_along_with())
        cands.extend(self.frame_offers())
        rels = self.finish(cands)
        return rels

    def find_triggers(self) -> list[Trigger]:
        seen: set[tuple[str, int]] = set()
        out: list[Trigger] = []
        found: list[tuple[int, int, int, int]] = [(m, s + self.ex._match_cue[m][1], s, e) for m, s, e in self.ex.phrases(self.doc)]
        # the dependency matcher only over the sentences holding its words (it is the slow one)
        for m, ids in sentence_matches(self.ex.dep_matcher, self.doc, self.lowers):
            found.append((m, ids[0], min(ids), max(ids) + 1))
        for match_id, head, start, end in sorted(found, key=lambda f: (f[1], f[0])):
            ci, _off = self.ex._match_cue[match_id]
            cue = self.ex.cues[ci]
            tok = self.doc[head]
            a = self.arg(head)
            if a is not None and a.kind in ("name", "anaphor"):
                continue  # a cue word inside a name is no trigger
            if a is not None and a.kind == "organ" and cue.kind not in ("event",):
                continue
            if cue.kind == "verb" and not (tok.tag_.startswith("VB") or (tok.tag_ == "JJ" and (tok.lower_ in ("based", "active", "responsible") or tok.lower_.endswith("ed")))):
                continue  # (a participle tagged as an adjective still states: "is closely allied with X")
            if cue.kind in ("role", "presence") and not (tok.tag_.startswith("NN") or self._title_before_name(head)):
                continue
            if cue.kind == "event" and not (tok.tag_.startswith("NN") or tok.tag_ in ("VBG", "JJ")):
                continue
            if self.sent_of[head] in self.index.headings:
                continue  # a heading names a topic, it states no fact
            key = (cue.id, head)
            if key in seen:
                continue
            seen.add(key)
            out.append(Trigger(cue, head, start, end))
        return out

    def _title_before_name(self, i: int) -> bool:
        """A role word right before a person's name is a title, whatever the tagger made of it
        ("ISKP Baluchistan *emir* Mufti Hidayat Ullah Baruhi" tagged as an adjective)."""
        nxt = self.arg(i + 1) if i + 1 < len(self.doc) else None
        return nxt is not None and nxt.start == i + 1 and nxt.type == "PERSON" and nxt.kind == "name"

    def _sent_bounds(self, i: int) -> _Sentence:
        return self.sents[self.sent_of[i]]

    def _candidate(
        self,
        trig: Trigger,
        subj: Hit,
        predicate: str,
        obj: Hit | None,
        kind: str,
        scope: set[int],
        **kw: Any,
    ) -> Candidate:
        base = trig.cue.confidence if trig.cue.confidence is not None else self.ex.confidence.get(kind, 0.6)
        return Candidate(
            subject=subj,
            predicate=predicate,
            object=obj,
            trigger=trig.head,
            method=f"{kind}:{trig.cue.id}",
            base=base,
            scope=scope,
            cue_tokens=tuple(range(trig.start, trig.end)),
            **kw,
        )

    def _pairs(
        self,
        trig: Trigger,
        subjects: list[Hit],
        objects: list[Hit],
        kind: str,
        scope: set[int],
        allow_null: bool = True,
        **kw: Any,
    ) -> list[Candidate]:
        cue = trig.cue
        pred = cue.predicate.value
        out: list[Candidate] = []
        for s in subjects:
            if objects:
                for o in objects:
                    p = pred
                    if cue.non_person_victim is not None and s.arg.type != "PERSON":
                        # "LeJ killed five Iranian cadets": the victims are no person entity -> targeted
                        out.append(self._candidate(trig, o, cue.non_person_victim.value, s, kind, scope, **kw))
                        continue
                    out.append(self._candidate(trig, s, p, o, kind, scope, **kw))
            elif allow_null and pred in NULLABLE and not cue.requires_object and s.arg.type == "PERSON":
                out.append(self._candidate(trig, s, pred, None, kind, scope, **kw))
        return out

    def _attempted(self, tok: Token) -> bool:
        """A killing that was only attempted ("attempted to assassinate", "a failed attack")."""
        if tok.dep_ == "xcomp" and tok.head.lower_ in self.ex.attempt_words:
            return True
        if any(c.lower_ in self.ex.attempt_words and c.dep_ in ("amod", "compound", "aux") for c in tok.children):
            return True
        if tok.dep_ in ("compound", "nmod") and tok.head.lower_ in self.ex.attempt_words:
            return True
        return False

    def frame_verb(self, trig: Trigger) -> list[Candidate]:
        doc = self.doc
        v = doc[trig.head]
        cue = trig.cue
        slots: dict[str, list[Hit]] = {}

        def get(slot: str) -> list[Hit]:
            if slot in slots:
                return slots[slot]
            if slot == "agent":
                hits = self.logical_agent(v)
            elif slot == "patient":
                hits = self.logical_patient(v)
                if not cue.collective:
                    hits = [h for h in hits if h.how not in ("collective", "hop")]
            elif slot == "prep":
                objs = self.preps(v, cue.preps)
                if not objs:
                    for o in self.children(v, ["dobj", "attr", "acomp", "advmod"]) + self.preps(v, ["as"]):
                        objs.extend(self.preps(o, cue.preps))
                if not objs:
                    # "invested millions in various businesses for the Taliban": hung on the other adjunct
                    for o in self.preps(v, PLACE_PREPS):
                        objs.extend(self.preps(o, cue.preps))
                if not objs and v.dep_ == "relcl" and any(c.lower_ == "where" for c in v.children) and PLACE_PREPS & set(cue.preps):
                    objs = [v.head]  # "in Abbottabad, where he lived with a local family"
                if cue.predicate.value == "based_in" and len(objs) > 1:
                    # "operates from North Waziristan Agency in the Tribal Areas": the first place is the base,
                    # the next one only locates it
                    first = min(objs, key=lambda o: o.head.i)
                    objs = [o for o in objs if o.head.i == first.head.i]
                hits = [h for o in objs for h in self.expand(o)]
                if "LOC" in OBJECT_TYPES[cue.predicate.value] and not any(h.arg.type == "LOC" for h in hits):
                    hits += [h for o in objs for h in self.place_hits(o)]  # "born in a Gujjar family in Sargodha"
            elif slot == "dative":
                hits = [h for d in self.children(v, ["dative"]) for h in self.expand(d)]
                hits += [h for d in self.preps(v, ["to"]) for h in self.expand(d)]
            elif slot == "instrument":
                hits = self.instrument(v)
            elif slot == "announced":
                hits = self.announced_agent(v)
            else:
                hits = []
            slots[slot] = hits
            return hits

        subjects = get(cue.subject)
        if not subjects and cue.subject == "agent" and "patient" not in cue.object and self.is_passive(v):
            # a stative participle with no object of its own: "X is closely allied with Y"
            subjects = self.clause_subjects(v)
        objects: list[Hit] = []
        for slot in cue.object:
            objects = get(slot)
            if objects:
                break
        if not subjects:
            return []
        scope = mod.clause_scope(v)
        pred = cue.predicate.value
        if cue.polarity == "negative":
            return self._withheld(trig, subjects, objects, scope)
        if pred == "killed_by" and self._attempted(v):
            return [self._candidate(trig, o, "targeted", s, "verb", scope) for s in subjects for o in objects]
        return self._pairs(trig, subjects, objects, "verb", scope)

    def _withheld(self, trig: Trigger, subjects: list[Hit], objects: list[Hit], scope: set[int]) -> list[Candidate]:
        """A cue that states its relation by being negated ("elected not to hand over any LeJ
        members", "refused to extradite him"): nothing without a negation in the clause, and
        that negation is the cue's own, not the fact's modality."""
        cues = self.sents[self.sent_of[trig.head]].cues
        negs = tuple(i for i in scope if i >= 0 and cues.get(i) == "negation")
        if not negs:
            return []
        out = self._pairs(trig, subjects, objects, "verb", scope, allow_null=False)
        for c in out:
            c.cue_tokens = c.cue_tokens + negs
        return out

    def frame_event(self, trig: Trigger) -> list[Candidate]:
        n = self.doc[trig.head]
        cue = trig.cue
        if cue.requires_governor and not (n.dep_ == "pobj" and n.head.lower_ in cue.requires_governor):
            return []
        agents: list[Hit] = []
        patients: list[Hit] = []
        organ = self.arg(n.i)
        if organ is not None and organ.kind == "organ":
            agents.append(self.hit(organ, 0.9, "organ"))
        for o in self.preps(n, cue.agent_preps):
            agents.extend(self.expand(o))
        poss = [h for p in self.children(n, ["poss"]) for h in self.expand(p, collective=False)]
        if cue.poss == "agent":
            agents.extend(poss)
        else:
            patients.extend(poss)
        between = [h for o in self.preps(n, ["between"]) for h in self.expand(o)]
        objs = self.preps(n, [p for p in cue.preps if p != "between"])
        if not objs and n.dep_ == "dobj" and n.head.pos_ == "VERB":
            objs = self.preps(n.head, [p for p in cue.preps if p != "between"])  # "built relations with X"
        for o in objs:
            for h in self.expand(o):
                patients.append(h)
            if not self.expand(o) and o.lower_ in self.ex.hop_nouns:
                for oo in self.preps(o, ["of"]) + self.children(o, ["poss"]):
                    patients.extend(Hit(h.arg, h.factor * 0.9, "hop") for h in self.expand(oo))
        if not agents:
            used = {id(h.arg) for h in patients}
            for a in self._left_args(n):
                if id(a) not in used:
                    agents.append(self.hit(a, 0.9, "premodifier"))
        gov_tok: Token | None = None
        if not agents and "clause" not in cue.object:
            gov, gov_tok = self.governing_agent(n)
            agents.extend(gov)
        if between and not agents and len(between) >= 2:
            agents, patients = [between[0]], between[1:] + patients
        elif between:
            patients.extend(between)
        if not patients and cue.subject == "patient" and n.dep_ == "pobj" and n.head.lower_ in ("under", "in") and n.head.head.pos_ == "VERB":
            # "was placed under house arrest", "held in detention": the one it happens to is the clause's subject
            patients = self.clause_subjects(n.head.head)
        if "clause" in cue.object:
            # "under the command of X": X leads the subject of the clause
            prep = n.head
            v = prep.head if prep.dep_ == "prep" else prep
            clause = self.clause_subjects(v) if v.pos_ in ("VERB", "AUX") else self.expand(v)
            subjects, objects = agents, clause
        elif cue.subject == "patient":
            subjects, objects = patients, agents
        else:
            subjects, objects = agents, patients
        date_mode = "phrase"
        if n.dep_ in ("nsubj", "nsubjpass") and n.head.pos_ in ("VERB", "AUX"):
            # "the close links between the organisations are of concern": the predicate's clause
            scope = mod.clause_scope(n.head) | mod.phrase_scope(n)
            date_mode = "clause"
        elif n.dep_ in ("dobj", "attr", "oprd") or (n.dep_ == "pobj" and n.head.head.pos_ in ("ADJ",)):
            scope = mod.clause_scope(n) | mod.phrase_scope(n)
            date_mode = "clause"
        elif gov_tok is not None:
            scope = mod.phrase_scope(n) | mod.clause_scope(gov_tok)
            date_mode = "clause"
        else:
            scope = mod.phrase_scope(n)
        pred = cue.predicate.value
        if pred == "killed_by" and self._attempted(n):
            return [self._candidate(trig, o, "targeted", s, "event", scope, date_mode=date_mode) for s in subjects for o in objects]
        if pred == "responsible_for" and n.lower_ in ("role", "part", "participation"):
            # "played a pacifying role in the civil war": taking part in a war is no responsibility for it
            objects = [o for o in objects if not any(w in self.doc[o.arg.start : o.arg.end].text.lower() for w in ("war", "conflict", "jihad", "insurgency"))]
        return self._pairs(trig, subjects, objects, "event", scope, date_mode=date_mode)

    def role_anchors(self, r: Token, cue: RelationCue, depth: int = 0) -> list[Hit]:
        """What a role noun is relative to: "LeJ's leader", "TTP emir", "leader of X", "a general in the army"."""
        hits: list[Hit] = []
        for p in self.children(r, ["poss"]):
            hits.extend(self.expand(p, collective=False))
        for c in r.children:
            if c.dep_ in ("compound", "nmod", "amod") and self.arg(c.i) is not None:
                a = self.arg(c.i)
                if not hits or all(h.arg is not a for h in hits):
                    hits.append(self.hit(a, 1.0, "premodifier"))
        if not hits:
            for a in self._left_args(r):
                hits.append(self.hit(a, 0.95, "premodifier"))
        for o in self.preps(r, cue.preps):
            hits.extend(self.expand(o))
        if not hits:
            # coordinated roles share an anchor: "the chief or amir of JuD"
            for c in r.children:
                if c.dep_ == "conj" and c.lower_ in self.ex.role_words:
                    for o in self.preps(c, cue.preps):
                        hits.extend(self.expand(o))
            if r.dep_ == "conj" and r.head.lower_ in self.ex.role_words and depth < 2:
                hits.extend(self.role_anchors(r.head, cue, depth + 1))
        if not hits and depth < 3:
            # "LeJ's key commanders, including ... like founding leader X": the list's head lends its anchor
            t = r
            while t.dep_ in ("compound", "conj") and t.head.i != t.i:
                t = t.head
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and (t.head.lower_ in self.ex.list_cues or self._prep_name(t.head) == "such as"):
                outer = t.head.head
                if outer.pos_ in ("NOUN", "PROPN"):
                    hits.extend(self.role_anchors(outer, cue, depth + 1))
        return hits

    def _indefinite(self, r: Token, holders_by_title: bool, cue: RelationCue) -> bool:
        if r.tag_ in ("NNS", "NNPS"):
            return True
        for c in r.children:
            if c.dep_ in ("det", "predet") and c.lower_ in ("a", "an", "another", "any", "some", "one"):
                return True
            if c.dep_ == "nummod":
                return True
            if c.dep_ == "amod" and c.lower_ in ("senior", "key", "top", "local", "mid-level", "several", "other", "prominent", "notorious", "slain", "provincial-level", "district-level"):
                if any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in r.children):
                    return True
        if r.i > 0 and self.doc[r.i - 1].lower_ in ("a", "an"):
            return True
        # "another LeJ commander", "a senior Pakistani al-Qaeda leader" with the determiner further left
        left, _ = self._np_bounds(r)
        if left < r.i and self.doc[left].lower_ in ("a", "an", "another", "one"):
            return True
        base = r
        if base.dep_ == "pobj" and base.head.lower_ == "of" and base.head.head.lower_ in self.ex.quantifiers:
            return True
        if holders_by_title and not cue.title_definite:
            return True
        return False

    def _subordinate(self, r: Token) -> bool:
        """A leading role held under someone: "the deputy emir of LeT", "vice chairman"."""
        if any(c.dep_ in ("amod", "compound", "nmod") and c.lower_ in self.ex.subordinate for c in r.children):
            return True
        prev = self.doc[r.i - 1] if r.i > 0 else None
        return prev is not None and prev.lower_ in self.ex.subordinate

    def frame_role(self, trig: Trigger) -> list[Candidate]:
        r = self.doc[trig.head]
        cue = trig.cue
        pred = cue.predicate.value
        holder_types = OBJECT_TYPES[pred] if cue.inverse else SUBJECT_TYPES[pred]
        anchor_types = SUBJECT_TYPES[pred] if cue.inverse else OBJECT_TYPES[pred]
        if cue.indefinite is not None:
            holder_types = holder_types | SUBJECT_TYPES[cue.indefinite.value]
            anchor_types = anchor_types | OBJECT_TYPES[cue.indefinite.value]
        anchors = [h for h in self.role_anchors(r, cue) if h.arg.type in anchor_types]
        if not anchors:
            return []
        holders = [h for h in self.referents(r, holder_types) if h.arg.type in holder_types]
        if not holders and self.ex.resolve_definite_roles and holder_types == frozenset({"PERSON"}):
            holders = self._definite_description(r, holder_types, anchors)
        if not holders:
            return []
        if r.tag_ == "NN" and not any(c.dep_ == "conj" for c in r.children) and r.dep_ != "conj":
            # one successor, one deputy: a singular role describes the nearest person only
            nearest = min(holders, key=lambda h: min(abs(h.arg.start - r.i), abs(h.arg.end - 1 - r.i)))
            holders = [h for h in holders if h.arg.cluster == nearest.arg.cluster]
        by_title = any(h.how.startswith("title") for h in holders)
        if cue.indefinite is not None and (self._indefinite(r, by_title, cue) or self._subordinate(r)):
            pred = cue.indefinite.value
        base = r
        while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN"):
            base = base.head
        if base.dep_ in ("attr", "oprd") or (base.dep_ == "pobj" and base.head.lower_ == "as"):
            scope = mod.clause_scope(base.head if base.dep_ != "pobj" else base.head.head) | mod.phrase_scope(r)
            date_mode = "clause"
        else:
            scope = mod.phrase_scope(r)
            date_mode = "phrase"
        out: list[Candidate] = []
        for h in holders:
            for a in anchors:
                if h.arg is a or h.arg.cluster == a.arg.cluster:
                    continue
                s, o = (a, h) if cue.inverse else (h, a)
                cand = self._candidate(trig, s, pred, o, "role", scope, date_mode=date_mode)
                out.append(cand)
        return out

    def _definite_description(self, r: Token, types: frozenset[str], anchors: list[Hit]) -> list[Hit]:
        """"LeJ's leader declined": a definite role subject without a name is the last person mentioned."""
        if r.tag_ != "NN" or r.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in r.children):
            return []
        anchor_clusters = {h.arg.cluster for h in anchors}
        sent = self.sent_of[r.i]
        for a in reversed(self.index.args):
            if a.start >= r.i:
                continue
            if sent - a.sent > 1:
                break
            if a.type in types and a.kind == "name" and a.cluster not in anchor_clusters:
                return [Hit(a, 0.6, "definite_description")]
        return []

    def frame_presence(self, trig: Trigger) -> list[Candidate]:
        n = self.doc[trig.head]
        cue = trig.cue
        owners: list[Hit] = []
        recipient_places: list[Hit] = []
        for p in self.children(n, ["poss"]):
            owners.extend(self.expand(p, collective=False))
        if not owners:
            for a in self._left_args(n):
                if a.type in ("ORG", "PERSON"):
                    owners.append(self.hit(a, 0.9, "premodifier"))
        gov: Token | None = None
        base = n
        while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN"):
            base = base.head
        if not owners:
            # "the New Jersey home of El Sayyid Nosair"
            for o in self.preps(n, ["of"]):
                owners.extend(h for h in self.expand(o) if h.arg.type in ("ORG", "PERSON"))
        if base.dep_ == "dobj" and base.head.pos_ == "VERB":
            gov = base.head
            if not owners:
                # a shelter given is the receiver's: "provided shelter to X in Kabul"
                receivers = [g for d in self.children(gov, ["dative"]) for g in ([*d.children] if d.lower_ == "to" else [d]) if g.dep_ != "punct"]
                receivers += self.preps(gov, ["to"])
                owners = [Hit(h.arg, h.factor * 0.9, "recipient") for d in receivers for h in self.expand(d)]
                recipient_places = [h for d in receivers for o in self.preps(d, cue.preps) for h in self.place_hits(o)]
            if not owners:
                owners = [Hit(h.arg, h.factor * self.ex.inherited_factor, "governor") for h in self.logical_agent(gov)]
        if not owners and base.dep_ == "pobj" and base.head.lower_ == "with" and base.head.head.pos_ in ("NOUN", "PROPN"):
            # "one of its deadliest chapters with an operational network in Peshawar"
            owners = [Hit(h.arg, h.factor * 0.9, "with") for h in self.expand(base.head.head) if h.arg.type in ("ORG", "PERSON")]
        if not owners and base.dep_ == "nsubj":
            gov = base.head
        owners = [h for h in owners if h.arg.type in ("ORG", "PERSON")]
        if not owners:
            return []
        places: list[Hit] = []
        for t in [n, *([c for c in n.children if c.dep_ == "conj"]), base]:
            for o in self.preps(t, cue.preps):
                places.extend(self.place_hits(o))
            for c in t.children:
                if c.dep_ == "acl" and c.lower_ in ("located", "based", "situated", "run", "operating"):
                    for o in self.preps(c, cue.preps):
                        places.extend(self.place_hits(o))
        for c in n.children:
            a = self.arg(c.i)
            if c.dep_ in ("compound", "nmod") and a is not None and a.type == "LOC" and a.kind == "name":
                places.append(self.hit(a, 0.9, "premodifier"))
        if not places:
            a = self._left_arg(n, max_gap=2)
            if a is not None and a.type == "LOC" and a.kind == "name":
                places.append(self.hit(a, 0.85, "premodifier"))
        if not places and gov is not None:
            for o in self.preps(gov, cue.preps):
                places.extend(self.place_hits(o))
        if not places:
            places = recipient_places  # "provided shelter to X in Kurram" with "in" hung on X
        places = [h for h in places if h.arg.type == "LOC" and h.arg.kind != "organ"]
        if not places:
            return []
        scope = mod.phrase_scope(n) | (mod.clause_scope(gov) if gov is not None else set())
        return self._pairs(trig, owners, places, "presence", scope, date_mode="clause")

    def place_hits(self, tok: Token) -> list[Hit]:
        """Places a prepositional object names, through generic place nouns ("areas in X", "Peshawar's outskirts").

        Every conjunct counts: "in the Kurram tribal district and North
        Waziristan" names two places, one of them through its noun.
        """
        hits: list[Hit] = []
        for t in self.coordinated(tok):
            a = self.arg(t.i)
            if a is not None:
                if a.type == "LOC" and not self._hyphenated(a):
                    hits.append(self.hit(a, 1.0, "direct" if t.i == tok.i else "coord"))
                continue
            if not (t.lower_ in self.ex.place_nouns or t.lower_ in self.ex.hop_nouns or t.tag_ in ("NN", "NNS")):
                continue
            found: list[Hit] = []
            if t.lower_ in self.ex.place_nouns and not any(c.dep_ in ("compound", "nmod") and self.arg(c.i) is not None for c in t.children):
                # "the district of Nangarhar", but "the Achin district of Nangarhar" is Achin
                for o in self.preps(t, ["of"]):
                    found.extend(h for h in self.expand(o, collective=False) if h.arg.type == "LOC")
            if not found and t.lower_ not in ("border", "borders", "frontier", "boundary"):
                # (a border is between places, in neither: "near the Afghanistan/Pakistan border")
                for c in t.children:
                    b = self.arg(c.i)
                    if c.dep_ in ("compound", "nmod", "poss", "amod") and b is not None and b.type == "LOC" and not self._hyphenated(b):
                        found.append(self.hit(b, 0.9, "place_noun"))
            if not found and t.lower_ in self.ex.place_nouns:
                # "in the provincial capital, Peshawar"
                for c in t.children:
                    b = self.arg(c.i)
                    if c.dep_ == "appos" and b is not None and b.type == "LOC":
                        found.append(self.hit(b, 0.95, "place_noun"))
            if not found and t.lower_ in self.ex.place_nouns and t.lower_ not in ("border", "borders", "frontier", "boundary"):
                b = self._left_arg(t, max_gap=2)
                if b is not None and b.type == "LOC" and not self._hyphenated(b):
                    found.append(self.hit(b, 0.85, "place_noun"))
            if not found and (t.lower_ in GROUP_NOUNS or t.lower_ in self.ex.collective):
                continue  # "a war against the group in Bajaur" is no war against Bajaur
            if not found:
                # "a Gujjar family in Sargodha", "areas in Afghanistan"; "a family based in Latakia"
                objs = self.preps(t, ["in", "within"])
                for c in t.children:
                    if c.dep_ == "acl" and c.lower_ in LOCATING_PARTICIPLES:
                        objs += self.preps(c, ["in", "within"])
                for o in objs:
                    found.extend(h for h in self.expand(o, collective=False) if h.arg.type == "LOC" and not self._hyphenated(h.arg))
            hits.extend(found)
        return hits

    def _hyphenated(self, a: Arg) -> bool:
        """"Balochistan-adjacent", "Taliban-controlled": a name used as the first half of a compound modifier."""
        return a.end + 1 < len(self.doc) and self.doc[a.end].text in ("-", "\u2010", "\u2011") and not self.doc[a.end - 1].whitespace_

    def frame_origin(self, trig: Trigger) -> list[Candidate]:
        tok = self.doc[trig.head]
        cue = trig.cue
        if tok.lower_ == "from":
            if tok.dep_ != "prep":
                return []
            head = tok.head
            holders: list[Hit] = []
            a = self.arg(head.i)
            left = self.arg(tok.i - 1) if tok.i > 0 else None
            if left is not None and left.type == "PERSON" and left.end == tok.i:
                a = left  # "Tariq Afridi from Darra Adam Khail", whatever the parser attached "from" to
            if a is not None and a.type == "PERSON":
                holders = [self.hit(a, 1.0, "self")]
            elif head.lower_ in self.ex.person_nouns and head.pos_ in ("NOUN", "PROPN"):
                holders = [h for h in self.referents(head, frozenset({"PERSON"})) if h.arg.type == "PERSON"]
            elif head.lower_ in ("is", "was", "are", "were", "hails", "hailed", "comes", "came"):
                holders = [h for h in self.clause_subjects(head) if h.arg.type == "PERSON"]
            if not holders:
                return []
            places = [h for o in tok.children if o.dep_ == "pobj" for h in self.place_hits(o)]
            places = [h for h in places if h.arg.kind == "name"]
            scope = mod.phrase_scope(head)
            return self._pairs(trig, holders, places, "origin", scope, date_mode="none")
        # hometown nouns: "his hometown of Faisalabad"
        holders = [h for p in self.children(tok, ["poss"]) for h in self.expand(p) if h.arg.type == "PERSON"]
        places = [h for o in self.preps(tok, cue.preps) for h in self.place_hits(o)]
        for c in tok.children:
            if c.dep_ == "appos":
                places.extend(self.place_hits(c))
        if not holders:
            holders = [h for h in self.referents(tok, frozenset({"PERSON"}))]
        return self._pairs(trig, holders, [h for h in places if h.arg.kind == "name"], "origin", mod.phrase_scope(tok), date_mode="none")

    def frame_modifier(self, trig: Trigger) -> list[Candidate]:
        """"a London-based newspaper", "a Taliban-affiliated group": X-<cue> N."""
        doc = self.doc
        t = doc[trig.head]
        if t.i < 2 or doc[t.i - 1].text not in ("-", "\u2010", "\u2011"):
            return []
        obj = self.arg(t.i - 2)
        if obj is None or obj.end != t.i - 1:
            return []
        noun = t.head if t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN") else None
        if noun is None:
            k = t.i + 1
            while k < len(doc) and doc[k].pos_ not in ("NOUN", "PROPN") and k - t.i < 3:
                k += 1
            noun = doc[k] if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN") else None
        if noun is None:
            return []
        pred = trig.cue.predicate.value
        subjects = [h for h in self.referents(noun, SUBJECT_TYPES[pred]) if h.arg.type in SUBJECT_TYPES[pred]]
        if not subjects:
            a = self.arg(noun.i)
            subjects = [self.hit(a, 1.0, "self")] if a is not None else []
        return self._pairs(trig, subjects, [self.hit(obj, 1.0, "modifier")], "modifier", mod.phrase_scope(noun), date_mode="none")

    def frame_prefix(self, trig: Trigger) -> list[Candidate]:
        """"its anti-Shi'a agenda", "the anti-Shi'a sectarian group SSP": the owner targets the prefixed entity."""
        doc = self.doc
        t = doc[trig.head]
        if t.i + 2 >= len(doc) or doc[t.i + 1].text not in ("-", "\u2010", "\u2011"):
            return []
        k = t.i + 2
        target = self.arg(k)
        if target is None or target.start != k:
            adj = self.ex.organs.adjective_at(self.lowers, k)
            cluster = self.index.country_of.get(adj[0]) if adj is not None else None
            if cluster is None:
                return []
            target = Arg(k, k + adj[1], cluster, "LOC", "organ", k, self.sent_of[k], rule="prefix")  # type: ignore[index]
        # the noun the prefixed word modifies: the first listed noun after it
        noun = None
        m = target.end
        while m < len(doc) and m - target.end < 3:
            if doc[m].lower_ in trig.cue.with_object:
                noun = doc[m]
                break
            if doc[m].pos_ not in ("ADJ", "NOUN", "PROPN") or self.arg(m) is not None:
                break
            m += 1
        if noun is None:
            return []
        owners = [h for p in self.children(noun, ["poss"]) for h in self.expand(p, collective=False)]
        if not owners:
            owners = [h for h in self.referents(noun, frozenset({"ORG", "PERSON"})) if h.arg.type in ("ORG", "PERSON")]
        if not owners:
            owners = [h for h in self.governing_agent(noun)[0]]
        if not owners:
            return []
        subj_hits = [h for h in owners if h.arg.type in ("ORG", "PERSON")]
        return self._pairs(trig, subj_hits, [self.hit(target, 0.9, "prefix")], "prefix", mod.phrase_scope(noun), date_mode="phrase")

    def frame_names(self) -> list[Candidate]:
        """"TTP Darra Adam Khail chapter" is part of TTP (and based in Darra Adam Khail)."""
        prefixes: dict[tuple[str, ...], int] = {}
        for a in self.index.args:
            if a.kind == "name" and a.type == "ORG":
                prefixes.setdefault(tuple(t.lower_ for t in self.doc[a.start : a.end]), a.cluster)
        out: list[Candidate] = []
        done: set[int] = set()
        part_words = {f.split()[-1] for c in self.ex.cues if c.id == "part_role" for f in c.forms}
        # "LeJ's Choto network", "the CIA's bin Laden unit": a group's group is part of it
        for a in self.index.args:
            if a.kind != "name" or a.type != "ORG" or a.start < 2 or self.doc[a.start - 1].tag_ != "POS":
                continue
            owner = self.arg(a.start - 2)
            if owner is None or owner.type != "ORG" or owner.cluster == a.cluster or owner.end != a.start - 1:
                continue
            trig = Trigger(_NAME_CUE, a.root, a.start - 1, a.start)
            out.append(self._candidate(trig, Hit(a, 1.0, "name"), "part_of", self.hit(owner, 0.9, "possessor"), "name", mod.phrase_scope(self.doc[a.root]), date_mode="none", place_mode="none"))
        ordered = sorted(self.index.args, key=lambda x: (self.sent_of[x.start] in self.index.headings, x.start))
        for a in ordered:
            if a.kind != "name" or a.type != "ORG" or a.cluster in done:
                continue
            words = tuple(t.lower_ for t in self.doc[a.start : a.end])
            for k in range(len(words) - 1, 0, -1):
                parent = prefixes.get(words[:k])
                if parent is None or parent == a.cluster:
                    continue
                rest = self.doc[a.start + k : a.end]
                if not any(t.is_alpha for t in rest):
                    continue
                parent_text = self.doc[a.start : a.start + k].text
                acronym = " " not in parent_text and sum(ch.isupper() for ch in parent_text) >= 2
                has_place = any(self.arg(t.i) is not None and self.arg(t.i).type == "LOC" for t in rest) or any(
                    b.type == "LOC" and b.kind == "name" and self.doc[b.start : b.end].text in rest.text for b in self.index.args
                )
                if not (acronym or has_place or words[-1] in part_words):
                    continue  # "Ariana" is the short name of "Ariana Afghan Airlines", not its parent
                done.add(a.cluster)
                sent = self.sents[self.sent_of[a.start]]
                trig = Trigger(_NAME_CUE, a.root, a.start, a.end)
                subj = Hit(a, 1.0, "name")
                parent_arg = Arg(a.start, a.start + k, parent, "ORG", "name", a.start, a.sent)
                out.append(self._candidate(trig, subj, "part_of", Hit(parent_arg, 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                if words[-1] in part_words:
                    for t in rest:
                        loc = self.arg(t.i)
                        if loc is not None and loc.type == "LOC" and loc is not a:
                            out.append(self._candidate(trig, subj, "based_in", Hit(loc, 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                            break
                    else:
                        loc_words = rest.text
                        for b in self.index.args:
                            if b.type == "LOC" and b.kind == "name" and self.doc[b.start : b.end].text in loc_words and len(loc_words) > len(self.doc[b.start : b.end].text):
                                out.append(self._candidate(trig, subj, "based_in", Hit(Arg(a.start, a.end, b.cluster, "LOC", "name", a.root, a.sent), 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                                break
                del sent
                break
        return out

    def frame_event_agents(self) -> list[Candidate]:
        """"the Iraqi invasion of Kuwait under Saddam Hussein", "the bombing by LeJ": who is behind a named event."""
        out: list[Candidate] = []
        for a in self.index.args:
            if a.type != "EVENT" or a.kind != "name":
                continue
            r = self.doc[a.root]
            for o in self.preps(r, ["by", "under"]):
                for h in self.expand(o, collective=True):
                    if h.arg.type in ("PERSON", "ORG"):
                        trig = Trigger(_EVENT_CUE, r.i, r.i, r.i + 1)
                        out.append(self._candidate(trig, h, "responsible_for", self.hit(a, 1.0, "name"), "event", mod.phrase_scope(r)))
        return out

    def frame_along_with(self) -> list[Candidate]:
        """"X, along with Y, founded Z": people who act together are associates."""
        out: list[Candidate] = []
        for i, low in enumerate(self.lowers):
            if low not in ("along", "together") or i + 1 >= len(self.doc) or self.lowers[i + 1] != "with":
                continue
            tok = self.doc[i]
            w = self.doc[tok.i + 1]
            objs = [g for q in (tok, w) for g in q.children if g.dep_ == "pobj"]
            partners = [h for o in objs for h in self.expand(o, collective=False) if h.arg.type == "PERSON"]
            if not partners:
                continue
            head = tok.head
            if head.pos_ in ("VERB", "AUX"):
                subjects = self.clause_subjects(head)
            else:
                subjects = [h for h in self.expand(head, collective=False)]
            subjects = [h for h in subjects if h.arg.type == "PERSON"]
            trig = Trigger(_ALONG_CUE, tok.i, tok.i, tok.i + 2)
            for sh in subjects:
                for ph in partners:
                    if sh.arg.cluster != ph.arg.cluster:
                        out.append(self._candidate(trig, sh, "associate_of", ph, "along", mod.clause_scope(head)))
        return out

    def frame_org_in_place(self) -> list[Candidate]:
        """"the Usman Kurd group in Quetta", "the Taliban regime in Kabul": a group located by a place phrase."""
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for a in self.index.args:
            if a.type != "ORG" or a.kind not in ("name", "anaphor"):
                continue
            r = self.doc[a.root]
            noun = r
            if r.dep_ in ("compound", "nmod") and r.head.lower_ in self.ex.collective and self.arg(r.head.i) is None:
                noun = r.head  # "the Taliban regime in Kabul"
            if noun.lower_ not in ORG_HEADS:
                continue  # "attacked the Iranian Culture Centre in Multan" is where the attack was
            if noun.dep_ in ("pobj",) and noun.head.lower_ in PLACE_PREPS:
                continue
            objs = self.preps(noun, ["in", "inside", "within"])
            nxt = noun.i + 1
            if not objs and nxt + 1 < len(self.doc) and self.lowers[nxt] in ("in", "inside") and self.arg(nxt + 1) is not None:
                objs = [self.doc[self.arg(nxt + 1).root]]  # "the Taliban regime in Kabul", whatever the PP was attached to
            for o in objs:
                for h in self.place_hits(o)[:1]:
                    if h.arg.kind != "name" or (a.cluster, h.arg.cluster) in seen:
                        continue
                    seen.add((a.cluster, h.arg.cluster))
                    trig = Trigger(_PLACE_CUE, noun.i, noun.i, noun.i + 1)
                    out.append(self._candidate(trig, self.hit(a, 1.0, "name"), "based_in", h, "located", mod.phrase_scope(noun), date_mode="none"))
        return out

    def frame_offers(self) -> list[Candidate]:
        """"X offered Kurd leadership of the chapter ... LeJ's leader declined the offer": a negated leader_of."""
        out: list[Candidate] = []
        doc = self.doc
        for i, low in enumerate(self.lowers):
            if low not in self.ex.offer_verbs:
                continue
            tok = doc[i]
            if not tok.tag_.startswith("VB"):
                continue
            themes = [c for c in tok.children if c.dep_ in ("dobj", "dative", "npadvmod", "attr") and c.lower_ in ("leadership", "command", "membership", "post", "position", "role", "seat", "charge")]
            if not themes:
                continue
            theme = themes[0]
            recipients = [h for c in tok.children if c.dep_ in ("dative", "dobj") and c.i != theme.i for h in self.expand(c) if h.arg.type == "PERSON"]
            if not recipients:
                k = theme.i - 1
                a = self.arg(k) if k >= 0 else None
                if a is not None and a.type == "PERSON":
                    recipients = [self.hit(a, 0.9, "offer")]
            orgs = [h for o in self.preps(theme, ["of"]) for h in self.expand(o) if h.arg.type == "ORG"]
            if not recipients or not orgs:
                continue
            pred = "member_of" if theme.lower_ == "membership" else "leader_of"
            s0 = self.sent_of[tok.i]
            for k in range(s0 + 1, min(len(self.sents), s0 + 1 + self.ex.offer_window)):
                sent = self.sents[k]
                for j in range(sent.start, sent.end):
                    if self.lowers[j] not in self.ex.offer_nouns:
                        continue
                    o = doc[j]
                    t = o.head
                    objs = [o] if o.dep_ == "dobj" else []
                    if not objs:
                        continue
                    if t.lower_ in self.ex.reject_verbs:
                        modality = "negated"
                    elif t.lower_ in self.ex.accept_verbs:
                        modality = "asserted"
                    else:
                        continue
                    trig = Trigger(_OFFER_CUE, t.i, t.i, t.i + 1)
                    for r in recipients:
                        for o in orgs:
                            c = self._candidate(trig, r, pred, o, "offer", set(), date_mode="none", place_mode="none", modality=modality, sentence=k)
                            out.append(c)
                    break
        return out

    # ---------------------------------------------------------------- qualifiers and output

    @staticmethod
    def _simultaneous(clause: Token) -> bool:
        """An adverbial clause that shares its main clause's time and place ("..., when X killed Y")."""
        return clause.dep_ == "advcl" and any(c.lower_ in ("when", "while", "as", "whereupon") for c in clause.children if c.dep_ in ("advmod", "mark"))

    def _reachable(self, start: Token, limit: int, mode: str = "clause", for_date: bool = False) -> dict[int, int]:
        """Tokens an adjunct of the fact at ``start`` can hang on, with their tree distance.

        ``clause``: the trigger's clause and the clauses it is an argument or
        a simultaneous adverbial of; ``phrase``: the noun phrase only.
        Relative, adverbial and coordinated clauses below are other facts.
        """
        dist: dict[int, int] = {start.i: 0}
        chain = [start]
        t = start
        d = 0
        while d < limit and t.head.i != t.i:
            if mode == "clause":
                ok = t.dep_ in mod.CLIMB_DEPS or self._simultaneous(t) or (t.dep_ == "relcl" and t.head.i in self.date_tokens)
            else:
                ok = t.dep_ in ("pobj", "appos", "compound", "nmod") or (t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN")) or (
                    t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN")
                )
            if not ok:
                break
            t = t.head
            d += 1
            dist.setdefault(t.i, d)
            chain.append(t)
        chain_ids = {c.i for c in chain}
        frontier = chain
        while frontier:
            nxt: list[Token] = []
            for u in frontier:
                du = dist[u.i]
                if du >= limit:
                    continue
                for c in u.children:
                    if c.i in dist:
                        continue
                    if for_date and self._anchored_elsewhere(c):
                        continue
                    if c.dep_ in CLAUSE_BOUNDARIES or c.dep_ in ("conj", "nsubj", "nsubjpass", "csubj"):
                        when_clause = c.dep_ == "relcl" and u.i in self.date_tokens
                        if not (mode == "clause" and ((u.i in chain_ids and self._simultaneous(c)) or when_clause)):
                            continue
                    if u.i != start.i and u.i in chain_ids and c.dep_ in ("dobj", "attr"):
                        continue
                    dist[c.i] = du + 1
                    nxt.append(c)
            frontier = nxt
        return dist

    def _anchored_elsewhere(self, c: Token) -> bool:
        """A temporal phrase about another event: "prior to his arrest in May 2010", "after the
        killing of X in 2002". Its date dates that event, not the fact it modifies ("since
        2005", with a date as the object, does; so does the subject's own preceding step:
        "after leaving college in 1979, he went to Pakistan")."""
        if c.lower_ not in TEMPORAL_RELATORS:
            return False
        objs = [g for g in c.children if g.dep_ == "pobj"]
        objs += [g for t in c.children if t.dep_ == "prep" for g in t.children if g.dep_ == "pobj"]
        return bool(objs) and not any(o.i in self.date_tokens for o in objs)

    def pick_date(self, cand: Candidate) -> str | None:
        if cand.date_mode == "none":
            return None
        sent = self.sents[cand.sentence if cand.sentence is not None else self.sent_of[cand.trigger]]
        if not sent.dates:
            return None
        # an event object's own date: "the Marriott Hotel bombing in Islamabad in 2008"
        if cand.object is not None and cand.object.arg.type == "EVENT":
            o = cand.object.arg
            for (a, b, root, value) in sent.dates:
                if o.start <= a < o.end:
                    return value
            own = self._reachable(self.doc[o.root], 2)
            best = min(((own[root], value) for (a, b, root, value) in sent.dates if root in own), default=None)
            if best is not None:
                return best[1]
        limit = self.ex.max_date_distance if cand.date_mode == "clause" else 4
        dist = self._reachable(self.doc[cand.trigger], limit, cand.date_mode, for_date=True)
        best = None
        for (a, b, root, value) in sent.dates:
            d = dist.get(root)
            if d is None:
                # a date inside the trigger's own noun phrase ("the 1998 attacks")
                continue
            key = (d, abs(root - cand.trigger))
            if best is None or key < best[0]:
                best = (key, value)
        return best[1] if best else None

    def pick_place(self, cand: Candidate) -> int | None:
        if cand.place_mode == "none" or cand.predicate in NO_PLACE:
            return None
        used = {cand.subject.arg.cluster}
        if cand.object is not None:
            used.update(cand.object.arg.clusters())
        sent = self.sents[self.sent_of[cand.trigger]]
        if cand.object is not None and cand.object.arg.type == "EVENT":
            o = cand.object.arg
            for k in range(o.start, o.end):
                a = self.arg(k)
                if a is not None and a is not o and a.type == "LOC" and a.kind == "name":
                    pass
            own = self._reachable(self.doc[o.root], 3)
            for i in sorted(own, key=lambda i: own[i]):
                a = self.arg(i)
                if a is not None and a.type == "LOC" and a.kind == "name" and a.cluster not in used and self._place_like(self.doc[a.root]):
                    return a.cluster
        inner = self._place_inside(cand.object.arg, used) if cand.object is not None and cand.object.arg.type == "EVENT" else None
        limit = self.ex.max_place_distance if cand.date_mode != "phrase" else 3
        dist = self._reachable(self.doc[cand.trigger], limit, "phrase" if cand.date_mode == "phrase" else "clause")
        best = None
        for i, d in dist.items():
            a = self.arg(i)
            if a is None or a.type != "LOC" or a.kind != "name" or a.cluster in used:
                continue
            if not (sent.start <= i < sent.end):
                continue
            if not self._place_like(self.doc[i]):
                continue
            key = (d, abs(i - cand.trigger))
            if best is None or key < best[0]:
                best = (key, a.cluster)
        return best[1] if best else inner

    def _place_inside(self, event: Arg, used: set[int]) -> int | None:
        """A place named inside an event's name: "the Iraqi invasion of Kuwait", "attack in Afghanistan"."""
        words = [self.lowers[i] for i in range(event.start, event.end)]
        for k in range(len(words)):
            for (form, cluster) in self.loc_forms.get(words[k], ()):
                if tuple(words[k : k + len(form)]) == form and cluster not in used and k > 0:
                    return cluster
        return None

    def _place_like(self, tok: Token) -> bool:
        """A LOC in a place adjunct: object of in/at/near..., or the possessor/modifier of one ("in Lahore's high court")."""
        a = self.arg(tok.i)
        root = self.doc[a.root] if a is not None else tok
        if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
            return True
        if root.dep_ in ("poss", "compound", "nmod") and root.head.dep_ == "pobj" and root.head.head.lower_ in PLACE_PREPS:
            return True
        if root.dep_ in ("appos", "conj") and root.head.dep_ == "pobj" and root.head.head.lower_ in PLACE_PREPS:
            return True
        return False

    def finish(self, cands: list[Candidate]) -> list[RelationDict]:
        best: dict[tuple[int, str, int | None], tuple[tuple[int, int, float], RelationDict]] = {}
        extras: dict[tuple[int, str, int | None], list[RelationDict]] = {}
        for c in cands:
            pred = c.predicate
            s_arg = c.subject.arg
            if pred == "supported" and s_arg.type == "ORG" and c.object is not None and c.object.arg.type == "ORG":
                pred = "allied_with"  # guideline: an organisation's support to another is an alliance
            if s_arg.type not in SUBJECT_TYPES[pred]:
                continue
            objects: list[int | None]
            if c.object is None:
                if pred not in NULLABLE:
                    continue
                objects = [None]
            else:
                if c.object.arg.type not in OBJECT_TYPES[pred]:
                    continue
                objects = list(c.object.arg.clusters())
            conf = c.base * c.subject.factor * (c.object.factor if c.object is not None else 1.0)
            if conf < self.ex.min_confidence:
                continue
            sent = self.sents[c.sentence if c.sentence is not None else self.sent_of[c.trigger]]
            if c.modality is not None:
                modality = c.modality
            else:
                modality = mod.decide(c.scope, sent.cues, exclude=c.cue_tokens)
            date = self.pick_date(c)
            place = self.pick_place(c)
            how = c.subject.how + ("/" + c.object.how if c.object is not None else "")
            for subj in s_arg.clusters():
                for obj in objects:
                    if obj is not None and obj == subj:
                        continue
                    key_s, key_o = subj, obj
                    if pred in SYMMETRIC and obj is not None and obj < subj:
                        key_s, key_o = obj, subj
                    rel = RelationDict(
                        subject=key_s,
                        predicate=pred,
                        object=key_o,
                        date=date,
                        place=place if place not in (subj, obj) else None,
                        modality=modality,
                        start=sent.start_char,
                        end=sent.end_char,
                        confidence=round(min(1.0, conf), 3),
                        method=f"{c.method}:{how}",
                    )
                    key = (key_s, pred, key_o)
                    rank = (mod.MODALITY_RANK[modality], -sent.start_char, conf)
                    extras.setdefault(key, []).append(rel)
                    if key not in best or rank > best[key][0]:
                        best[key] = (rank, rel)
        # merge qualifiers the other statements add
        for key, (_rank, rel) in best.items():
            for other in sorted(extras[key], key=lambda r: -r["confidence"]):
                if other["start"] == rel["start"]:
                    continue  # the same statement found twice keeps its own reading
                if rel["date"] is None and other["date"] is not None:
                    rel["date"] = other["date"]
                if rel["place"] is None and other["place"] is not None:
                    rel["place"] = other["place"]
            if key[1] in self.ex.durative:
                # a state dates from when it began: "since at least 2005" over "in 2009"
                # (other statements only: one sentence found twice keeps its own reading)
                stated = [rel] + [r for r in extras[key] if r["start"] != rel["start"]]
                dated = [r["date"] for r in stated if r["date"] is not None and edtf_start(r["date"]) is not None]
                if dated:
                    rel["date"] = min(dated, key=lambda d: edtf_start(d) or (0, 0, 0))
        rels = {k: v[1] for k, v in best.items()}
        self._respective(rels, extras)
        if self.ex.infer_from_succession:
            self._infer(rels)
        return self._precedence(rels)

    def _respective(
        self,
        rels: dict[tuple[int, str, int | None], RelationDict],
        statements: dict[tuple[int, str, int | None], list[RelationDict]],
    ) -> None:
        """Settle coordinated fates over a list by what the document says of each person elsewhere.

        "Security agencies arrested and killed dozens of commanders, including A
        and B" has a respective reading (some were arrested, others killed) as
        well as a distributive one; the sentence cannot tell which. When the
        document states elsewhere, for a listed person, only some of those
        fates ("the killing of A", "the arrests of B"), the list statement is
        read respectively and keeps only those; with no other statement every
        fate stays.
        """
        fates = ("killed_by", "arrested_by", "released_by")
        listed: dict[tuple[int, int], set[str]] = {}
        for (s, p, _o), stmts in statements.items():
            if p in fates:
                for r in stmts:
                    if r["method"].split(":")[-1].startswith("list/"):
                        listed.setdefault((s, r["start"]), set()).add(p)
        for (s, start), preds in listed.items():
            if len(preds) < 2:
                continue
            elsewhere = {
                p for (s2, p, _o), stmts in statements.items() if s2 == s and p in preds and any(r["start"] != start for r in stmts)
            }
            if not elsewhere or elsewhere == preds:
                continue
            for key in [k for k in rels if k[0] == s and k[1] in preds - elsewhere]:
                if all(r["start"] == start for r in statements[key]):
                    del rels[key]
            # the statement that settled the reading is the same fact: its date and place join the named one
            for p in elsewhere:
                unnamed = rels.get((s, p, None))
                named = [r for k, r in rels.items() if k[:2] == (s, p) and k[2] is not None and r["start"] == start]
                if unnamed is None or not named:
                    continue
                for r in named:
                    r["date"] = r["date"] or unnamed["date"]
                    r["place"] = r["place"] if r["place"] is not None else unnamed["place"]
                del rels[(s, p, None)]

    def _infer(self, rels: dict[tuple[int, str, int | None], RelationDict]) -> None:
        """A leader's successor leads the group; a leader's or founder's deputy is a member."""
        leads: dict[int, list[int]] = {}
        heads: dict[int, list[int]] = {}
        for (s, p, o), r in rels.items():
            if o is None or r["modality"] == "negated":
                continue
            if p == "leader_of":
                leads.setdefault(s, []).append(o)
            if p in ("leader_of", "founder_of"):
                heads.setdefault(s, []).append(o)
        added: dict[tuple[int, str, int | None], RelationDict] = {}
        factor = self.ex.confidence.get("inferred", 0.5)
        for (s, p, o), r in rels.items():
            if o is None or r["modality"] == "negated":
                continue
            if p == "successor_of":
                for org in leads.get(o, []):
                    key = (s, "leader_of", org)
                    if key not in rels and org != s:
                        added[key] = RelationDict(**{**r, "subject": s, "predicate": "leader_of", "object": org, "place": None, "confidence": round(r["confidence"] * factor, 3), "method": "inferred:successor_of+leader_of"})  # type: ignore[typeddict-item]
            if p == "deputy_of":
                for org in heads.get(o, []):
                    key = (s, "member_of", org)
                    if key not in rels and org != s:
                        added[key] = RelationDict(**{**r, "subject": s, "predicate": "member_of", "object": org, "place": None, "date": None, "confidence": round(r["confidence"] * factor, 3), "method": "inferred:deputy_of+leader_of"})  # type: ignore[typeddict-item]
        rels.update(added)

    def _precedence(self, rels: dict[tuple[int, str, int | None], RelationDict]) -> list[RelationDict]:
        """The guideline's rules for facts that subsume others."""
        keys = set(rels)
        heads = {(s, o) for (s, p, o) in keys if p in ("leader_of", "founder_of") and rels[(s, p, o)]["modality"] != "negated"}
        named_killer = {(s, p) for (s, p, o) in keys if p in NULLABLE and o is not None}
        named_dates = {(s, p): {rels[(s, p, o)]["date"] for (s2, p2, o) in keys if (s2, p2) == (s, p) and o is not None} for (s, p) in named_killer}

        def redundant(s: int, p: str, r: RelationDict) -> bool:
            """A null agent repeats a named one: always for a killing (one per life), for an arrest or
            release only without a date of its own (people are arrested and freed more than once:
            "arrested again on 15 May")."""
            if (s, p) not in named_killer:
                return False
            dates = named_dates[(s, p)]
            return p == "killed_by" or r["date"] is None or r["date"] in dates

        killed = {(s, o) for (s, p, o) in keys if p == "killed_by" and o is not None}
        parts = {frozenset((s, o)) for (s, p, o) in keys if p in ("part_of",) and o is not None}
        rivals = {frozenset((s, o)) for (s, p, o) in keys if p == "rival_of" and o is not None}
        out: list[RelationDict] = []
        for (s, p, o), r in rels.items():
            if o is None and redundant(s, p, r):
                # the unnamed statement may still date the fact ("both of whom were killed in 1996")
                for (s2, p2, o2), r2 in rels.items():
                    if s2 == s and p2 == p and o2 is not None:
                        if r2["date"] is None:
                            r2["date"] = r["date"]
                        if r2["place"] is None:
                            r2["place"] = r["place"]
        for (s, p, o), r in rels.items():
            if p == "member_of" and (s, o) in heads:
                continue
            if o is None and redundant(s, p, r):
                continue
            if p == "targeted" and (o, s) in killed:
                continue
            if p == "targeted" and o is not None and frozenset((s, o)) in rivals:
                continue
            if p == "allied_with" and o is not None and frozenset((s, o)) in parts:
                continue
            out.append(r)
        out.sort(key=lambda r: (r["start"], r["subject"], r["predicate"], -1 if r["object"] is None else r["object"]))
        return out


def _country_arg(event: Arg, cluster: int) -> Arg:
    """A country argument standing where the event that names it stands."""
    return Arg(event.start, event.end, cluster, "LOC", "organ", event.root, event.sent, rule="event_owner")


DURATIVE_DEFAULT = (
    "leader_of", "member_of", "deputy_of", "associate_of", "part_of", "allied_with", "rival_of", "supported", "targeted", "based_in",
)
"""States that hold over time: their date is when they began, the earliest any statement gives."""


_NAME_CUE = RelationCue(id="name_structure", predicate=Predicate.part_of, kind="role", forms=["name"])
_EVENT_CUE = RelationCue(id="event_agent", predicate=Predicate.responsible_for, kind="event", forms=["by"])
_ALONG_CUE = RelationCue(id="along_with", predicate=Predicate.associate_of, kind="event", forms=["along with"])
_PLACE_CUE = RelationCue(id="org_in_place", predicate=Predicate.based_in, kind="presence", forms=["in"])
_OFFER_CUE = RelationCue(id="offer_declined", predicate=Predicate.leader_of, kind="event", forms=["offer"])


# --------------------------------------------------------------------------- factory


@Language.factory(
    "ctie_relations",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.relations"],
    default_config={
        "lexicon_dir": "corpus/lexicon",
        "trigger_patterns": {"@misc": "ctie.relation_trigger_patterns.v1"},
        "max_anaphora_sentences": 2,
        "min_confidence": 0.3,
        "confidence": {
            "verb": 0.8,
            "event": 0.7,
            "role": 0.8,
            "presence": 0.65,
            "origin": 0.7,
            "modifier": 0.7,
            "prefix": 0.6,
            "name": 0.6,
            "offer": 0.6,
            "located": 0.55,
            "along": 0.6,
            "inferred": 0.7,
        },
        "anaphora_factor": 0.85,
        "collective_factor": 0.8,
        "inherited_factor": 0.9,
        "surface_factor": 0.85,
        "max_date_distance": 6,
        "max_place_distance": 5,
        "offer_window": 2,
        "infer_from_succession": True,
        "resolve_definite_roles": True,
        "durative_predicates": list(DURATIVE_DEFAULT),
    },
)
def make_relation_extractor(
    nlp: Language,
    name: str,
    lexicon_dir: str,
    trigger_patterns: TriggerPatternBuilder,
    max_anaphora_sentences: int,
    min_confidence: float,
    confidence: dict[str, float],
    anaphora_factor: float,
    collective_factor: float,
    inherited_factor: float,
    surface_factor: float,
    max_date_distance: int,
    max_place_distance: int,
    offer_window: int,
    infer_from_succession: bool,
    resolve_definite_roles: bool,
    durative_predicates: list[str],
) -> RelationExtractor:
    """Create the relation extractor (typed options, validated by spaCy on load)."""
    return RelationExtractor(
        nlp,
        name,
        lexicon_dir=lexicon_dir,
        trigger_patterns=trigger_patterns,
        max_anaphora_sentences=max_anaphora_sentences,
        min_confidence=min_confidence,
        confidence=confidence,
        anaphora_factor=anaphora_factor,
        collective_factor=collective_factor,
        inherited_factor=inherited_factor,
        surface_factor=surface_factor,
        max_date_distance=max_date_distance,
        max_place_distance=max_place_distance,
        offer_window=offer_window,
        infer_from_succession=infer_from_succession,
        resolve_definite_roles=resolve_definite_roles,
        durative_predicates=durative_predicates,
    )
