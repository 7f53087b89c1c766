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

from typing import Any, Callable, Sequence

from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.util import registry

from models.lexicon_relations import (
    CountryEntry,
    ModalityCue,
    RelationCue,
    RelationWordClasses,
    StateOrganLexicon,
)
from models.records import Predicate

from .. import modality as mod
from ..arguments import ArgumentIndex, OrganMatcher, build_index
from ..dates import RELATIVE_KINDS, find_dates
from ..emit import clusters_without_aliases
from ..extensions import ClusterDict, mention_key, register_extensions
from ..lexicon import load_entries, load_yaml, strip_lines
from ..paths import resolve_path
from ..relate.base import ChildLists, Sentence
from ..relate.facts import FactsMixin
from ..relate.frames import FramesMixin
from ..relate.qualifiers import QualifiersMixin
from ..relate.slots import SlotsMixin
from ..tokens import DocColumns

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


class _DocState(FactsMixin, QualifiersMixin, FramesMixin, SlotsMixin):
    """Everything computed for one document: the indexes the grammar shares (set here) and the
    grammar itself, one mixin per concern (:mod:`pipeline.relate`)."""

    def __init__(self, ex: RelationExtractor, doc: Doc, index: ArgumentIndex, clusters: Sequence[ClusterDict]) -> None:
        self.ex = ex
        self.doc = doc
        self.index = index
        self.clusters = clusters
        self.sent_of = index.sent_of
        self.sents: list[Sentence] = []
        # the document's token columns, read once (a Token per word is what the stage avoids)
        cols = index.columns if index.columns is not None else DocColumns(doc)
        self.lowers = cols.lowers
        year: int | None = None
        full_text = cols.text
        for a, b in index.segments:
            span = doc[a:b]
            text = full_text[span.start_char : span.end_char]
            sent = Sentence(a, b, span.start_char, span.end_char)
            for d in find_dates(text, year):
                dspan = doc.char_span(span.start_char + d.start, span.start_char + d.end, alignment_mode="expand")
                if dspan is not None and not (d.kind in RELATIVE_KINDS and self._in_event_name(dspan.start)):
                    # (a month and day inside an event's name is part of the name: "September 11 attacks")
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
        # the tree as index lists: walking it builds a Token only where a slot is found
        self.deps = cols.deps
        self.pos = cols.pos
        self.kids = ChildLists(cols.heads)

    def _in_event_name(self, i: int) -> bool:
        a = self.index.at(i)
        return a is not None and a.type == "EVENT" and a.kind == "name"


DURATIVE_DEFAULT = (
    "leader_of", "member_of", "deputy_of", "associate_of", "part_of", "allied_with", "rival_of", "supported", "targeted", "based_in",
)
"""States that hold over time: their date is when they began, the earliest any statement gives."""


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
