"""Entity recognition stage (``ctie_entities``): our five labels with clean spans.

After this component ``doc.ents`` holds only PERSON, ORG, LOC, GROUP and
EVENT spans (guideline section 2). It combines three sources, strongest
first:

1. Lexicon phrases (``corpus/lexicon/*.yml``) through one ``PhraseMatcher``:
   organisations with their variants, acronyms and translations, places,
   sects and communities, named events. A lexicon span carries its entry id
   as ``Span.kb_id_`` (empty for forms marked ambiguous), so later stages can
   link "LeJ" to "Lashkar-e-Jhangvi" or "Shi'as" to "Shi'a" without guessing.
2. Structure patterns grown from anchor tokens (:mod:`.name_patterns`):
   titles and particles of personal names, faction and chapter names,
   incidents, wars and operations, designated places, quoted names in
   sentences about naming.
3. The statistical model's entities, cleaned (leading "the", possessive 's,
   punctuation, parentheses) and relabelled (GPE/LOC -> LOC, FAC -> LOC for
   streets and the like, NORP dropped unless the lexicon knows the community,
   DATE/CARDINAL/... dropped), then corrected: a single word the document
   also uses inside a personal name is a PERSON, nationality adjectives,
   languages, weapons and headings are dropped.

Longer spans win over the shorter ones they contain (a faction over its
parent organisation, an event over its place); at equal extent the stronger
source wins. A model span wins over a lexicon place, community or event it
merely contains when the rest of it is capitalised ("Lahore High Court",
"9/11 Commission").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from models.lexicon import NonEntityKind, OrgCueKind

from ..tokens import DocColumns, doc_text
from .entity_lexicon import EntityLexicon, load_entity_lexicon
from .name_patterns import (
    CLOSE_QUOTES,
    DETERMINERS,
    HYPHENS,
    OPEN_QUOTES,
    POSSESSIVES,
    RANK_LEXICON,
    RANK_MODEL,
    RANK_NICKNAME,
    Candidate,
    DocView,
    EventGrammar,
    ANCHOR_KINDS,
    anchor_words,
    designated_places,
    initial_names,
    is_capitalised,
    is_capitalised_text,
    opening_orgs,
    operations,
    particle_names,
    regional_branches,
    suffix_orgs,
    title_names,
    unit_factions,
)

LABELS = ("PERSON", "ORG", "LOC", "GROUP", "EVENT")

NESTED_KEY = "ctie_nested"
"""``doc.spans`` group of entities written inside a longer entity (``doc.ents`` cannot overlap)."""
STRUCTURE_SOURCES = frozenset({"faction", "branch", "event", "operation"})

MODEL_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "FAC", "EVENT": "EVENT"}
"""spaCy labels we keep (FAC and EVENT only after a check); NORP, DATE, CARDINAL ... are dropped."""

FAC_PLACE_HEADS = frozenset(
    {"Street", "Road", "Avenue", "Square", "Bazaar", "Market", "Valley", "Pass", "River", "Mountains", "Hills", "Quarter", "Colony", "Town", "Nile",
     "Chowk", "Masjid", "Mosque"}
)
"""Last words that make a FAC a place ("Al-Mashtal Street"); buildings are not places."""

CONNECTORS = frozenset({"of", "and", "the", "for", "on", "&", "de", "al"})
EDGE_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "by"})
OFFICE_FOLLOWERS = frozenset({"Minister", "Secretary", "Mayor", "Governor", "Ambassador", "Commissioner", "Chief", "Counsellor", "Consul", "Spokesman"})
LEADER_VERBS = frozenset({"led", "headed", "founded", "commanded", "co-founded", "established"})
"""Past participles whose "by" agent is a person when the model calls a short name an ORG."""
DOCUMENT_WORDS = frozenset({"Report", "Reports"})
"""Last words of a document's title; the organisation is the rest ("9/11 Commission Report")."""
LAW_WORDS = frozenset({"law", "act", "ordinance", "bill", "regulation"})
"""Lower-case words after a capitalised phrase that make it the name of a law."""
STATE_WORDS = frozenset({"Republic", "Kingdom", "Federation", "Emirate", "Sultanate"})
"""A model ORG containing a place and one of these is a state, a place ("Democratic Republic of Afghanistan")."""
_RUN_ON_RE = re.compile(r"(?<![\w.])([A-Za-z][\w'’-]*[A-Za-z])\.([A-Z][a-z]+)\b")
"""A name, a period and a capitalised word with no space between (footnote digits removed from "ISKP.77However")."""
_RUN_ON_HINT = re.compile(r"\.[A-Z][a-z]")
"""What every run-on match holds: a quick scan that spares most texts the slower pattern."""
_WEAPON_SHAPE = re.compile(r"^[A-Z]{1,4}-?\d+[A-Za-z]*$")
_HAS_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ\u0600-\u06FF]")


@Language.factory(
    "ctie_entities",
    default_config={
        "lexicon_dir": "corpus/lexicon",
        "broad_groups": False,
        "max_name_tokens": 8,
        "max_event_tokens": 14,
        "max_nickname_tokens": 6,
        "min_opening_tokens": 3,
    },
    requires=["doc.ents", "token.pos", "token.tag", "token.is_sent_start"],
    assigns=["doc.ents"],
)
def make_entity_recognizer(
    nlp: Language,
    name: str,
    lexicon_dir: str,
    broad_groups: bool,
    max_name_tokens: int,
    max_event_tokens: int,
    max_nickname_tokens: int,
    min_opening_tokens: int,
) -> "EntityRecognizer":
    """Build the recogniser; lexicons are read and patterns compiled once, here.

    Args:
        lexicon_dir: folder of the lexicon YAML files.
        broad_groups: also tag very general communities (Muslim, Arab, Islam)
            that annotators label in some documents only.
        max_name_tokens: longest personal or faction name grown from an anchor.
        max_event_tokens: longest modifier or object phrase of an event.
        max_nickname_tokens: longest quoted phrase taken as a name.
        min_opening_tokens: shortest unlisted organisation name opened by a
            cue word such as "Jaish" (tokens, hyphens included).
    """
    return EntityRecognizer(
        nlp,
        name,
        lexicon_dir=lexicon_dir,
        broad_groups=broad_groups,
        max_name_tokens=max_name_tokens,
        max_event_tokens=max_event_tokens,
        max_nickname_tokens=max_nickname_tokens,
        min_opening_tokens=min_opening_tokens,
    )


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then the stronger source, then the earlier."""
    ordered = sorted(cands, key=lambda c: (-c.length, -c.rank, c.start))
    taken = bytearray(max((c.end for c in ordered), default=0))
    chosen: list[Candidate] = []
    for c in ordered:
        if c.length <= 0 or any(taken[c.start : c.end]):
            continue
        chosen.append(c)
        taken[c.start : c.end] = b"\x01" * c.length
    return sorted(chosen, key=lambda c: c.start)


class EntityRecognizer:
    """The ``ctie_entities`` component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        lexicon_dir: str,
        broad_groups: bool,
        max_name_tokens: int,
        max_event_tokens: int,
        max_nickname_tokens: int,
        min_opening_tokens: int,
    ):
        self.name = name
        self.lexicon_dir = str(lexicon_dir)
        self.lex: EntityLexicon = load_entity_lexicon(Path(lexicon_dir), broad_groups)
        self.max_name_tokens = max_name_tokens
        self.max_nickname_tokens = max_nickname_tokens
        self.min_opening_tokens = min_opening_tokens
        # one pass of each matcher per document: lexicon phrases and anchor words together
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lowers = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entry_of: dict[int, tuple[str, str]] = {}
        self._add_lexicon_phrases(nlp)
        self.events = EventGrammar(self.lex, max_event_tokens)
        self.non_entities = self.lex.non_entity_forms | self.lex.suppressed
        self.lexicon_texts = {f.text for f in self.lex.forms}
        self.acronyms = {f.text for f in self.lex.forms if f.exact_case}
        self.demonyms = self.lex.non_entities.get(NonEntityKind.demonym, set())
        self.arabic_articles = self.lex.prefixes | self.lex.particles
        self.single_offices = {o.split()[-1] for o in self.lex.offices}
        self.name_parts = self.lex.titles | self.lex.particles | self.lex.prefixes | set(self.lex.offices)

    # ------------------------------------------------------------------ setup

    def _add_lexicon_phrases(self, nlp: Language) -> None:
        by_key: dict[str, list[Doc]] = {}
        seen: set[tuple[str, str]] = set()
        for form in self.lex.forms:
            texts = {form.text}
            if not form.exact_case and form.text[:1].islower():
                texts.add(form.text[:1].upper() + form.text[1:])
            key = f"{form.label}|{form.entry_id}"
            for text in texts:
                if (key, text) in seen:
                    continue
                seen.add((key, text))
                by_key.setdefault(key, []).append(nlp.make_doc(text))
        for key, docs in by_key.items():
            self.phrases.add(key, docs)
            label, entry_id = key.split("|", 1)
            self.entry_of[nlp.vocab.strings[key]] = (label, entry_id)
        glued = sorted({f.text + "." for f in self.lex.forms if f.text[-1:].isalpha()})
        self.phrases.add("GLUED", [nlp.make_doc(t) for t in glued if len(nlp.make_doc(t)) == 1])
        for kind, (attr, words) in anchor_words(self.lex).items():
            matcher = self.phrases if attr == "ORTH" else self.lowers
            matcher.add(kind, [nlp.make_doc(w) for w in sorted(words)])
        self.anchor_ids = {nlp.vocab.strings.add(k): k for k in (*ANCHOR_KINDS, "GLUED")}

    # ------------------------------------------------------------------ run

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc.ents = []
            return doc
        hits = self.phrases(doc)
        glued = [s for m, s, _ in hits if self.anchor_ids.get(m) == "GLUED"]
        run_on = self._run_on_sentences(doc)
        if glued or run_on:
            self._split_glued(doc, glued, run_on)
            hits = self.phrases(doc)
        cols = DocColumns(doc)  # after the split: the tokens are final
        anchors: dict[str, list[int]] = {}
        for match_id, start, _end in [*hits, *self.lowers(doc)]:
            kind = self.anchor_ids.get(match_id)
            if kind is not None:
                anchors.setdefault(kind, []).append(start)
        ents = list(doc.ents)
        lexical = select(self._lexicon_candidates(doc, hits, cols))
        lex_label: list[str | None] = [None] * len(doc)
        for c in lexical:
            for i in range(c.start, c.end):
                lex_label[i] = c.label
        acronyms = {c.start: c.end for c in lexical if c.source == "acronym"}
        texts = cols.texts
        person_words = {
            texts[i]
            for e in ents
            if e.label_ == "PERSON" and len(e) > 1
            for i in range(e.start, e.end)
            if texts[i] not in self.name_parts and is_capitalised_text(texts[i])
        }
        view = DocView(doc, self.lex, lex_label, person_words)
        branches = (b for i in acronyms for b in regional_branches(view, acronyms, i))
        rules = select([*lexical, *self._pattern_candidates(view, anchors), *branches])
        rules = select([*rules, *self._nickname_candidates(view, rules, anchors, ents)])
        model = list(self._model_candidates(doc, ents, cols))
        merged = self._merge_model(doc, rules, model)
        final = self._correct(doc, merged, cols)
        doc.ents = [Span(doc, c.start, c.end, label=c.label, kb_id=c.kb_id) for c in final]
        doc.spans[NESTED_KEY] = self._nested(doc, final, [*lexical, *model], cols)
        return doc

    def _nested(self, doc: Doc, final: list[Candidate], inner: list[Candidate], cols: DocColumns) -> list[Span]:
        """Entities written inside a longer entity: "Kuwait" in "Iraqi invasion of Kuwait", "LeJ" in "LeJ Karachi chapter"."""
        outer = [c for c in final if c.length > 1 and c.label in ("EVENT", "ORG")]
        if not outer:
            return []
        kept = {(c.start, c.end) for c in final}
        found: dict[tuple[int, int], Candidate] = {}
        for c in inner:
            if (c.start, c.end) in kept or c.label not in LABELS or (c.start, c.end) in found:
                continue
            if any(o.start <= c.start and c.end <= o.end and o.label != c.label or o.source in STRUCTURE_SOURCES and o.start <= c.start and c.end <= o.end for o in outer):
                if c.source == "model" and not self._keep(doc, c, cols.span_text(c.start, c.end), cols):
                    continue
                found[(c.start, c.end)] = c
        return [Span(doc, c.start, c.end, label=c.label, kb_id=c.kb_id) for c in sorted(found.values(), key=lambda c: (c.start, c.end))]

    def _run_on_sentences(self, doc: Doc) -> list[tuple[int, str, str]]:
        """Tokens like "ISKP.However" (a known name, a period, the next sentence's first word)."""
        found: list[tuple[int, str, str]] = []
        text = doc_text(doc)
        if _RUN_ON_HINT.search(text) is None:
            return found
        for m in _RUN_ON_RE.finditer(text):
            if m.group(1) in self.lexicon_texts:
                tok = doc.char_span(m.start(), m.end())
                if tok is not None and len(tok) == 1:
                    found.append((tok.start, m.group(1), m.group(2)))
        return found

    @staticmethod
    def _split_glued(doc: Doc, final_periods: list[int], run_on: list[tuple[int, str, str]]) -> None:
        """Split what the tokenizer left glued to a known name: "the LeJ." and "ISKP.However"."""
        with doc.retokenize() as retok:
            for i in sorted(set(final_periods)):
                t = doc[i]
                heads = [(t, 0), (t, 0)] if t.head.i == t.i else [t.head, (t, 0)]
                retok.split(t, [t.text[:-1], "."], heads=heads, attrs={"POS": [t.pos_, "PUNCT"], "TAG": [t.tag_, "."], "DEP": [t.dep_, "punct"]})
            for i, name, word in run_on:
                t = doc[i]
                heads = [(t, 0), (t, 0), (t, 0)] if t.head.i == t.i else [t.head, (t, 0), (t, 0)]
                retok.split(
                    t, [name, ".", word], heads=heads,
                    attrs={"POS": ["PROPN", "PUNCT", t.pos_], "TAG": ["NNP", ".", t.tag_], "DEP": [t.dep_, "punct", "dep"]},
                )

    # ------------------------------------------------------------------ sources

    def _lexicon_candidates(self, doc: Doc, matches: list[tuple[int, int, int]], cols: DocColumns) -> Iterator[Candidate]:
        hits: dict[tuple[int, int, str], set[str]] = {}
        acronym: set[tuple[int, int]] = set()
        texts = cols.texts
        for match_id, start, end in matches:
            if match_id not in self.entry_of:
                continue
            label, entry_id = self.entry_of[match_id]
            if cols.span_text(start, end) in self.acronyms:
                acronym.add((start, end))
            if label == "GROUP" and start >= 2 and texts[start - 1] in HYPHENS and cols.lowers[start - 2] == "non":
                continue  # "non-Pashtuns" names no community
            if start >= 2 and texts[start - 1] in HYPHENS and not doc[start - 2].whitespace_ and texts[start - 2] in self.arabic_articles:
                continue  # "Al-Riyadh" is not "Riyadh": part of a longer name
            hits.setdefault((start, end, label), set()).add(entry_id)
        for (start, end, label), ids in hits.items():
            kb = next(iter(ids)) if len(ids) == 1 else ""
            source = "acronym" if (start, end) in acronym and label == "ORG" else "lexicon"
            yield Candidate(start, end, label, RANK_LEXICON, source, kb_id=kb)

    def _pattern_candidates(self, v: DocView, anchors: dict[str, list[int]]) -> Iterator[Candidate]:
        generators: dict[str, Callable[[int], Iterable[Candidate]]] = {
            "TITLE": lambda i: title_names(v, i, self.max_name_tokens),
            "PARTICLE": lambda i: particle_names(v, i, self.max_name_tokens),
            "INITIAL": lambda i: initial_names(v, i, self.max_name_tokens),
            "UNIT": lambda i: unit_factions(v, i, self.max_name_tokens),
            "SUFFIX": lambda i: suffix_orgs(v, i, self.max_name_tokens),
            "OPENING": lambda i: opening_orgs(v, i, self.max_name_tokens, self.min_opening_tokens),
            "EVENT_HEAD": lambda i: self.events.at(v, i),
            "OPERATION": lambda i: operations(v, i, self.max_name_tokens),
            "DESIGNATOR": lambda i: designated_places(v, i),
        }
        for kind, gen in generators.items():
            for start in anchors.get(kind, ()):
                yield from gen(start)

    def _nickname_candidates(
        self, v: DocView, rules: list[Candidate], anchors: dict[str, list[int]], ents: list[Span]
    ) -> Iterator[Candidate]:
        """Quoted names in sentences about naming: "Prince", "Binladin", "The Land of the Two Holy Mosques"."""
        doc = v.doc
        quotes = sorted(anchors.get("QUOTE", ()))
        cues = anchors.get("CUE", ())
        if not quotes or not cues:
            return
        by_sent: dict[tuple[int, int], list[int]] = {}
        for q in quotes:
            sent = doc[q].sent
            by_sent.setdefault((sent.start, sent.end), []).append(q)
        for (sent_start, sent_end), qs in by_sent.items():
            if not any(sent_start <= c < sent_end for c in cues):
                continue
            label = self._subject_label(rules, ents, sent_start, qs[0])
            for a, b in self._quote_pairs(doc, qs):
                inner_start, inner_end = a + 1, b
                if not 0 < inner_end - inner_start <= self.max_nickname_tokens:
                    continue
                first = doc[inner_start]
                if not (is_capitalised(first) or first.text in self.lex.particles | self.lex.prefixes):
                    continue
                if any(t.is_punct and t.text not in HYPHENS and t.text not in ("'", "’", ".") for t in doc[inner_start:inner_end]):
                    continue
                if doc[inner_end - 1].text in self.lex.org(OrgCueKind.unit) | self.lex.org(OrgCueKind.suffix):
                    continue
                yield Candidate(inner_start, inner_end, label, RANK_NICKNAME, "nickname")
                yield from self._transliterations(doc, b + 1, label)

    @staticmethod
    def _quote_pairs(doc: Doc, qs: list[int]) -> Iterator[tuple[int, int]]:
        i = 0
        while i < len(qs) - 1:
            a, b = qs[i], qs[i + 1]
            if doc[a].text in OPEN_QUOTES and doc[b].text in CLOSE_QUOTES:
                yield a, b
                i += 2
            else:
                i += 1

    @staticmethod
    def _subject_label(rules: list[Candidate], ents: list[Span], sent_start: int, first_quote: int) -> str:
        """Label of the last entity before the first quote of the sentence (PERSON when none)."""
        best: tuple[int, str] | None = None
        for c in rules:
            if sent_start <= c.start and c.end <= first_quote and c.label in ("PERSON", "ORG", "LOC"):
                best = max(best or (-1, ""), (c.start, c.label))
        for e in ents:
            if sent_start <= e.start and e.end <= first_quote and MODEL_LABELS.get(e.label_) in ("PERSON", "ORG", "LOC"):
                if best is None or e.start > best[0]:
                    best = (e.start, MODEL_LABELS[e.label_])
        return best[1] if best else "PERSON"

    def _transliterations(self, doc: Doc, i: int, label: str) -> Iterator[Candidate]:
        """"Emir" (الأمير, al-Amīr): the parenthesised renderings right after a quoted name."""
        if i >= len(doc) or doc[i].text != "(":
            return
        k = i + 1
        item = k
        while k < len(doc) and doc[k].text != ")" and k - i <= 2 * self.max_nickname_tokens:
            if doc[k].text == ",":
                yield from self._rendering(doc, item, k, label)
                item = k + 1
            k += 1
        if k < len(doc) and doc[k].text == ")":
            yield from self._rendering(doc, item, k, label)

    def _rendering(self, doc: Doc, start: int, end: int, label: str) -> Iterator[Candidate]:
        if end - start > 2 and doc[start].text in OPEN_QUOTES and doc[end - 1].text in CLOSE_QUOTES:
            yield Candidate(start + 1, end - 1, label, RANK_NICKNAME, "nickname")  # ("father of Abdallah")
            return
        if start >= end:
            return
        text = doc[start:end].text
        if any(not c.isascii() and c.isalpha() for c in text) or is_capitalised(doc[start]):
            yield Candidate(start, end, label, RANK_NICKNAME, "nickname")

    def _model_spans(self, ents: list[Span]) -> Iterator[tuple[int, int, str]]:
        """The model's entities, with a lone unknown word glued to the personal name after it
        ("Yousaf" GPE + "Mansur Khurasani" PERSON)."""
        i = 0
        while i < len(ents):
            e = ents[i]
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if (
                nxt is not None
                and nxt.label_ == "PERSON"
                and e.label_ in ("GPE", "ORG", "LOC", "NORP")
                and len(e) == 1
                and e.end == nxt.start
                and is_capitalised(e[0])
                and e.text not in self.lexicon_texts
            ):
                yield e.start, nxt.end, "PERSON"
                i += 2
                continue
            yield e.start, e.end, e.label_
            i += 1

    def _model_candidates(self, doc: Doc, ents: list[Span], cols: DocColumns) -> Iterator[Candidate]:
        texts = cols.texts
        for ent_start, ent_end, ent_label in self._model_spans(ents):
            label = MODEL_LABELS.get(ent_label)
            if label is None:
                continue
            if label == "PERSON":
                ent_start = self._given_names_before(doc, ent_start)
            if label == "PERSON":
                ent_start = self._after_office(doc, ent_start, ent_end)
            for start, end in self._clean_pieces(cols, ent_start, ent_end):
                lab = label
                if lab in ("PERSON", "LOC", "FAC"):
                    while end - start > 1 and doc[end - 1].is_lower:
                        end -= 1  # "Al-Riyadh quarter" -> "Al-Riyadh"
                if lab in ("ORG", "PERSON") and end - start > 1 and texts[end - 1] in FAC_PLACE_HEADS:
                    lab = "FAC"  # "Al-Mashtal Street", "the Blue Nile", "Lal Masjid"
                if lab == "FAC":
                    if texts[end - 1] not in FAC_PLACE_HEADS:
                        continue
                    lab = "LOC"
                if lab == "ORG":
                    if texts[end - 1] in DOCUMENT_WORDS and end - start > 1:
                        end -= 1  # "9/11 Commission Report": the body is the entity
                    if texts[start] in self.demonyms and texts[start].endswith("s"):
                        continue  # "Americans Occupying ...": a phrase, not a name
                    if end < len(doc) and cols.lowers[end] in LAW_WORDS:
                        continue  # "the Maintenance of Public Order law"
                if lab == "EVENT" and not any(w in self.events.war | self.events.incident | self.events.incidents for w in cols.lowers[start:end]):
                    continue
                yield Candidate(start, end, lab, RANK_MODEL, "model")

    def _after_office(self, doc: Doc, start: int, end: int) -> int:
        """Start of the name in a model PERSON span that begins with a post ("London Mayor Boris Johnson")."""
        for i in range(end - 2, start - 1, -1):
            if doc[i].text in self.single_offices:
                return i + 1
        return start

    def _given_names_before(self, doc: Doc, start: int) -> int:
        """Unknown capitalised proper nouns right before a personal name belong to it ("Yousuf" + "Mansur Khurasani")."""
        if start == 0:
            return start
        t = doc[start - 1]
        if t.pos_ != "PROPN" or not is_capitalised(t) or t.ent_type_ or t.text in self.lexicon_texts:
            return start
        if t.text in self.non_entities or t.text in self.name_parts or t.text in DETERMINERS:
            return start
        before = doc[start - 2] if start >= 2 else None
        if before is not None and not t.is_sent_start and before.text not in self.name_parts and (is_capitalised(before) or before.text in HYPHENS):
            return start  # inside a longer capitalised phrase ("Financial Intelligence David S. Cohen")
        return start - 1

    @staticmethod
    def _clean_pieces(cols: DocColumns, start: int, end: int) -> Iterator[tuple[int, int]]:
        """A model span without edge noise, split at parentheses and line breaks (read from the token columns)."""
        texts, punct, space, lowers = cols.texts, cols.is_punct, cols.is_space, cols.lowers
        sent_starts = cols.sent_starts
        pieces: list[tuple[int, int]] = []
        s = start
        for i in range(start, end):
            text = texts[i]
            if text in ("(", ")", "[", "]") or "\n" in text:
                pieces.append((s, i))
                s = i + 1
            elif sent_starts[i] and i > start:
                pieces.append((s, i))
                s = i
        pieces.append((s, end))
        for a, b in pieces:
            while a < b and (texts[a] in DETERMINERS or punct[a] or space[a] or texts[a] in POSSESSIVES):
                a += 1
            while b > a and (punct[b - 1] or space[b - 1] or texts[b - 1] in POSSESSIVES or lowers[b - 1] in EDGE_WORDS):
                b -= 1
            if b > a:
                yield a, b

    # ------------------------------------------------------------------ decisions

    def _merge_model(self, doc: Doc, rules: list[Candidate], model: Iterable[Candidate]) -> list[Candidate]:
        """Add model spans where no rule span is; let a capitalised model name swallow a place it contains."""
        owner: dict[int, Candidate] = {}
        event_ends = {r.end for r in rules if r.label == "EVENT"}
        for r in rules:
            for i in range(r.start, r.end):
                owner[i] = r
        result = {id(r): r for r in rules}
        for m in model:
            if m.start - 1 in event_ends and doc[m.start - 1].text == "(":
                continue  # "attack on the Army General Headquarters (GHQ)": the target's acronym
            inside = {id(owner[i]): owner[i] for i in range(m.start, m.end) if i in owner}
            if not inside:
                result[id(m)] = m
                for i in range(m.start, m.end):
                    owner[i] = m
                continue
            if len(inside) != 1:
                continue
            r = next(iter(inside.values()))
            if not (m.start <= r.start and r.end <= m.end and m.length > r.length):
                continue
            if self._swallows(doc, m, r):
                if m.label == "ORG" and r.label == "LOC" and any(t.text in STATE_WORDS for t in doc[m.start : m.end]):
                    m.label = "LOC"
                del result[id(r)]
                result[id(m)] = m
                for i in range(m.start, m.end):
                    owner[i] = m
        return sorted(result.values(), key=lambda c: c.start)

    def _swallows(self, doc: Doc, m: Candidate, r: Candidate) -> bool:
        rest = [doc[i] for i in range(m.start, m.end) if not r.start <= i < r.end]
        proper = all(is_capitalised(t) or t.lower_ in CONNECTORS or t.like_num or t.text in HYPHENS or t.text[:1].isdigit() for t in rest)
        if not proper or not any(is_capitalised(t) or t.text[:1].isdigit() for t in rest):
            return False
        if m.label == "ORG":
            return r.label in ("LOC", "GROUP", "EVENT") or (r.label == "ORG" and r.source in ("suffix", "opening"))
        if m.label == "PERSON":
            return r.label == "PERSON" and r.source != "nickname"
        if m.label == "LOC":
            return r.label == "LOC"  # "Democratic Republic of Afghanistan"
        return False

    def _correct(self, doc: Doc, cands: list[Candidate], cols: DocColumns) -> list[Candidate]:
        """Document-level fixes: names used alone, coordinated names, then the non-entity filter."""
        texts = cols.texts
        person_texts = {cols.span_text(c.start, c.end) for c in cands if c.label == "PERSON"}
        person_words = {
            texts[i]
            for c in cands
            if c.label == "PERSON" and c.length > 1
            for i in range(c.start, c.end)
            if is_capitalised_text(texts[i]) and texts[i] not in self.name_parts
        }
        org_heads = {texts[c.start] for c in cands if c.label == "ORG" and c.length > 1 and is_capitalised_text(texts[c.start])}
        by_start = {c.start: c for c in cands}
        by_end = {c.end: c for c in cands}
        out: list[Candidate] = []
        for c in cands:
            text = cols.span_text(c.start, c.end)
            if c.source == "model" and c.label in ("ORG", "LOC"):
                if (c.length == 1 and text in person_words) or text in person_texts:
                    c.label = "PERSON"
                elif c.length == 1 and self._coordinated_with_person(doc, c, by_start, by_end):
                    c.label = "PERSON"
                elif c.length == 1 and c.label == "LOC" and text in org_heads and text not in self.lexicon_texts:
                    c.label = "ORG"  # "Ariana" after "Ariana Afghan Airlines"
                elif c.label == "ORG" and self._led_by(doc, c):
                    c.label = "PERSON"  # "the Lashkar-e-Islam led by Mangal Bagh"
            if self._keep(doc, c, text, cols):
                out.append(c)
        return out

    @staticmethod
    def _dateline(doc: Doc, c: Candidate) -> bool:
        starts_line = c.start == 0 or "\n" in doc[c.start - 1].text or "\n" in doc[c.start - 1].whitespace_ or doc[c.start - 1].is_space
        follows = doc[c.end].text if c.end < len(doc) else ""
        return starts_line and (follows[:1] in HYPHENS or follows == ",")

    def _led_by(self, doc: Doc, c: Candidate) -> bool:
        """A short capitalised name after "led by", "founded by" ... names a person, not an organisation."""
        if c.start < 2 or doc[c.start - 1].lower_ != "by" or doc[c.start - 2].lower_ not in LEADER_VERBS:
            return False
        toks = doc[c.start : c.end]
        suffixes = self.lex.org(OrgCueKind.suffix)
        return 2 <= len(toks) <= 3 and all(t.is_title and t.text not in suffixes for t in toks)

    @staticmethod
    def _coordinated_with_person(doc: Doc, c: Candidate, by_start: dict[int, Candidate], by_end: dict[int, Candidate]) -> bool:
        """"Basra and Ramzi": a lone word joined by "and" to a personal name is a person too."""
        before = by_end.get(c.start - 1) if c.start >= 1 and doc[c.start - 1].lower_ == "and" else None
        after = by_start.get(c.end + 1) if c.end < len(doc) and doc[c.end].lower_ == "and" else None
        return any(x is not None and x.label == "PERSON" for x in (before, after))

    def _keep(self, doc: Doc, c: Candidate, text: str, cols: DocColumns) -> bool:
        """Whether a candidate is an entity at all; reads the token columns (a span of ``Token`` objects per candidate is slow)."""
        if c.label not in LABELS:
            return False
        if c.label in ("LOC", "ORG") and text.isupper() and text.isalpha() and len(text) > 4 and self._dateline(doc, c):
            return False  # "WASHINGTON– ...": a dateline is front matter
        if c.source in ("lexicon", "acronym", "nickname") or c.label == "EVENT" and c.source != "model":
            return True
        words = cols.texts[c.start : c.end]
        punct = cols.is_punct[c.start : c.end]
        if not _HAS_UPPER.search(text) and not any(w[:1].isdigit() for w in words):
            return False
        if text in self.non_entities or all(w in self.name_parts or p for w, p in zip(words, punct)):
            return False
        if c.source != "model":
            return True
        if cols.lowers[c.start] in ("anti", "non", "pro", "pan") and len(words) > 1 and words[1] in HYPHENS:
            return False
        if any(_WEAPON_SHAPE.match(w) for w in words) and c.label in ("ORG", "PERSON"):
            return False
        if all(w in self.demonyms or w in self.non_entities or p for w, p in zip(words, punct)):
            return False
        texts, lowers = cols.texts, cols.lowers
        if c.end < len(doc) and texts[c.end] == ":" or text.endswith(":"):
            return False  # a heading ("The Broader Militant Environment:")
        if c.label == "ORG" and c.end < len(doc) and texts[c.end] in OFFICE_FOLLOWERS:
            return False  # "Union Home Minister", "Defense Minister": part of a post
        if c.label == "ORG" and c.start >= 2 and lowers[c.start - 1] in ("for", "of") and texts[c.start - 2] in OFFICE_FOLLOWERS:
            return False  # "Under Secretary for Terrorism ..."
        return True
