"""``ctie_aliases``: cluster a document's entity mentions into entities with explained aliases.

Reads ``doc.ents`` (labels PERSON, ORG, LOC, GROUP, EVENT) and writes
``doc._.clusters``, ``doc._.mention_cluster`` (see :mod:`pipeline.extensions`)
and ``doc._.alias_trace`` (why each form was linked or refused).

Order of evidence, strongest first (STYLE.md "exact first, fuzzy last"):

1. one surface form, one entity: mentions whose folded tokens are equal form
   one group; a form the recogniser typed two ways takes its majority type;
2. explicit cues around a mention: "(alias X)", "(a.k.a. X)", "(“X”)",
   "(X)" when X is part of the name, ", also known as X", ", known as X",
   "also called", "also spelled", "also rendered", “X” or “Y” (``cue``);
3. acronyms defined in the text, Schwartz-Hearst on whitespace words
   (``acronym``), and the organisations lexicon (``lexicon``);
4. equal name keys: titles stripped at word boundaries (``honorific``),
   transliteration variants mapped (``variant``); one name under different
   titles ("Maulana Fazlullah", "Mullah Fazlullah") (``honorific``);
5. initialisms of a fuller name of the same type, when exactly one fits (``acronym``);
6. partial forms: surname, given name, an organisation's trailing words or
   izafat head, a place without its generic head, an event's leading or
   trailing words (``surname``, ``given_name``, ``honorific``), attached only
   when exactly one entity fits; a form fitting two or more is *ambiguous*:
   never an alias, each mention resolved by context (nearest preceding
   mention of a candidate, within its section or ``context_window``) or left
   unresolved;
7. a short form the recogniser typed ORG or LOC that fits exactly one person
   is that person (``retype_short_forms``); a standalone surname or given
   name the recogniser missed joins its one person
   (``find_unrecognised_short_forms``);
8. quoted names in a sentence about naming ("the kunyah “Abū 'Abdāllāh”",
   "referred to him by several nicknames, including the “Prince” ...") join
   the sentence's subject or, by pronoun, the nearest preceding entity of
   their type (``cue``);
9. token-level fuzzy matching last: same number of tokens, every differing
   token at least ``fuzzy_min_length`` long and scoring ``fuzzy_cutoff``,
   exactly one candidate, acronyms never (``fuzzy``).

The cluster's ``name`` is the fullest form the text uses for it (most
tokens, honorifics as written, the first such mention), never a form that
was introduced as another name (a cue alias, an acronym, a translation).
A unit named through its parent's possessive ("the TTP’s suicide brigade")
is named "TTP suicide brigade" with the alias "suicide brigade".

``doc._.alias_trace`` holds ``links`` (form, name, method, score),
``refusals`` (an ambiguous form and the entities it fits),
``resolutions`` (each ambiguous mention and whom context gave it to) and
``absorbed`` (recognised fragments inside a name a cue established, which
are dropped: "Orakzai" of "also known as Abdullah Orakzai").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..acronyms import find_definitions
from ..extensions import ClusterDict, mention_key
from ..lexicon import load_entries
from ..names import (
    NameKey,
    NameLexicon,
    acronym_key,
    clean_form,
    clean_span,
    fit_tokens,
    index_tokens,
    initials,
    is_acronym,
    load_name_lexicon,
    partial_fit,
    person_fit,
)
from ..tokens import doc_text, sentence_char_bounds

LABELS = ("PERSON", "ORG", "LOC", "GROUP", "EVENT")
_TYPE_RANK = {t: i for i, t in enumerate(LABELS)}

if not Doc.has_extension("alias_trace"):
    Doc.set_extension("alias_trace", default=None)


@registry.misc("ctie.name_similarity.v1")
def make_name_similarity() -> Callable[..., float]:
    """Similarity of two name tokens in [0, 100]: rapidfuzz's normalised Indel ratio.

    Returned as the rapidfuzz scorer itself, so the resolver can hand it to
    ``rapidfuzz.process`` and compare a document's vocabulary in C.
    """
    return fuzz.ratio


@Language.factory(
    "ctie_aliases",
    requires=["doc.ents"],
    assigns=["doc._.clusters", "doc._.mention_cluster", "doc._.alias_trace"],
    default_config={
        "lexicon_dir": "corpus/lexicon",
        "fuzzy_cutoff": 88.0,
        "fuzzy_min_length": 5,
        "acronym_max_length": 10,
        "acronym_extra_words": 5,
        "context_window": 3000,
        "retype_short_forms": True,
        "find_unrecognised_short_forms": True,
        "topic_owns_short_forms": True,
        "name_similarity": {"@misc": "ctie.name_similarity.v1"},
    },
)
def make_alias_resolver(
    nlp: Language,
    name: str,
    lexicon_dir: str,
    fuzzy_cutoff: float,
    fuzzy_min_length: int,
    acronym_max_length: int,
    acronym_extra_words: int,
    context_window: int,
    retype_short_forms: bool,
    find_unrecognised_short_forms: bool,
    topic_owns_short_forms: bool,
    name_similarity: Callable[..., float],
) -> "AliasResolver":
    """The alias resolver with its lexicons loaded once (see the module docstring for the config)."""
    return AliasResolver(
        lexicon_dir,
        fuzzy_cutoff=fuzzy_cutoff,
        fuzzy_min_length=fuzzy_min_length,
        acronym_max_length=acronym_max_length,
        acronym_extra_words=acronym_extra_words,
        context_window=context_window,
        retype_short_forms=retype_short_forms,
        find_unrecognised_short_forms=find_unrecognised_short_forms,
        topic_owns_short_forms=topic_owns_short_forms,
        name_similarity=name_similarity,
    )


# --------------------------------------------------------------------------- lexicon of organisations


@dataclass(frozen=True)
class KnownNames:
    """Forms the entity lexicons say name one entry, for the ``lexicon`` link.

    ``by_key`` maps a canonical name key to (entry id, role) where role is
    ``name``, ``variant``, ``translation``, ``acronym`` or ``plural`` (a
    plural names the entry but is never an alias); ``by_acronym`` maps an
    acronym key to an entry id. A key two entries claim is dropped: the
    lexicon cannot say which one a text means.
    """

    by_key: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    by_acronym: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)


def load_known_names(lexicon_dir: str | Path, lex: NameLexicon) -> KnownNames:
    """Read the organisation, location, group and named-event lexicons (each may be missing)."""
    from models.lexicon import EventEntry, GroupEntry, LocationEntry, OrgEntry

    by_key: dict[tuple[str, ...], tuple[str, str]] = {}
    by_acr: dict[str, str] = {}
    types: dict[str, str] = {}
    clash_keys: set[tuple[str, ...]] = set()
    clash_acr: set[str] = set()
    files = (
        ("organizations.yml", OrgEntry, None),
        ("locations.yml", LocationEntry, None),
        ("groups.yml", GroupEntry, None),
        ("events.yml", EventEntry, "named"),
    )
    for fname, model, key in files:
        path = Path(lexicon_dir) / fname
        if not path.exists():
            continue
        for entry in load_entries(path, model, key=key):
            eid = f"{entry.type}:{entry.id}"
            types[eid] = entry.type
            roles = [("name", entry.name), *(("variant", v) for v in entry.variants)]
            roles += [("translation", v) for v in getattr(entry, "translations", [])]
            roles += [("plural", v) for v in getattr(entry, "plurals", [])]
            roles += [("acronym", v) for v in getattr(entry, "acronyms", [])]
            for role, form in roles:
                k = lex.key(clean_form(form)).canon
                if k:
                    if k in by_key and by_key[k][0] != eid:
                        clash_keys.add(k)
                    by_key.setdefault(k, (eid, role))
                if role == "acronym" or is_acronym(form):
                    a = acronym_key(form)
                    if a in by_acr and by_acr[a] != eid:
                        clash_acr.add(a)
                    by_acr.setdefault(a, eid)
    for k in clash_keys:
        by_key.pop(k, None)
    for a in clash_acr:
        by_acr.pop(a, None)
    return KnownNames(by_key, by_acr, types)


# --------------------------------------------------------------------------- per-document state


@dataclass
class _Mention:
    start: int  # offsets of the entity span (the key in doc._.mention_cluster)
    end: int
    form: str  # the form as an alias is written
    label: str
    synthetic: bool = False  # found by a cue or acronym definition, not by the recogniser
    kb_id: str = ""  # lexicon entry id the recogniser gave the span


@dataclass
class _Group:
    """All mentions with one folded form."""

    idx: int
    key: NameKey
    type: str
    mentions: list[_Mention]
    acronym: bool
    secondary: bool = False  # linked as another name (cue, acronym, translation): not the entity's name
    hidden: bool = False  # never listed as an alias (a plural sect name)
    ambiguous: list[int] = field(default_factory=list)  # groups it fits, when two or more entities

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=1 << 62)

    @property
    def surface(self) -> str:
        """The form of the first mention, preferring one not written in capitals throughout ("OSAMA BIN ...")."""
        ordered = sorted(self.mentions, key=lambda m: m.start)
        for m in ordered:
            if self.acronym or not m.form.isupper() or " " not in m.form:
                return m.form
        return ordered[0].form


@dataclass
class _Edge:
    a: int  # the group already there (the name side)
    b: int  # the group linked to it (the alias side)
    method: str
    score: float = 1.0


class _UnionFind:
    """Union-find over group indices that also keeps each root's members (merged small into large)."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.members: dict[int, list[int]] = {}

    def add(self) -> int:
        x = len(self.parent)
        self.parent.append(x)
        self.members[x] = [x]
        return x

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))

    def cluster(self, x: int) -> list[int]:
        return self.members[self.find(x)]


_CUE_WORDS = r"(?:also\s+known\s+as|better\s+known\s+as|known\s+as|a\.\s?k\.\s?a\.?|aka|alias|also\s+called|also\s+spelled|also\s+spelt|also\s+rendered|also\s+written|nicknamed)"
_PAREN_CUE_RE = re.compile(r"\s*\(\s*" + _CUE_WORDS + r"[\s:]+(?P<x>[^()\n]{1,200}?)\s*\)", re.IGNORECASE)
_ALIAS_LIST_RE = re.compile(
    r"(?:^|(?<=[;,])|(?<=\bor\b))\s*(?:" + _CUE_WORDS + r"[\s:]+)?(?P<x>[^;,]+?)\s*(?=$|;|,|\bor\b)", re.IGNORECASE
)
_PAREN_RE = re.compile(r"\s*\(\s*(?P<x>[^()\n]{1,100}?)\s*\)")
_INLINE_CUE_RE = re.compile(
    r"(?:\s*,\s*|\s+)(?:also\s+known\s+as|better\s+known\s+as|a\.\s?k\.\s?a\.?|aka|alias|also\s+called|also\s+spelled|also\s+spelt|also\s+rendered|also\s+written)\s+"
    r"|\s*,\s*known\s+as\s+"
    r"|\s+(?:is|was|are|were)\s+(?:also\s+|sometimes\s+|often\s+|commonly\s+|widely\s+|popularly\s+)?(?:called|known\s+as|referred\s+to\s+as|nicknamed)\s+",
    re.IGNORECASE,
)
_OR_QUOTED_RE = re.compile(r"[”\"’]\s*(?:\([^()\n]{1,30}\)\s*)?,?\s+or\s+(?=[“\"‘])")
_QUOTED_RE = re.compile(r"[“\"‘](?P<x>[^”\"’\n]{1,100})[”\"’]")
_LOCATIVE_RE = re.compile(
    r"\b(?:in|at|near|into|from|to|towards?|via|across|throughout|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE
)
_NAME_RUN_RE = re.compile(
    r"(?:the\s+)?[“\"‘]?(?P<x>(?:[A-Z][\w'’.-]*|(?:al|el|ul|ur|ud)-[\w'’.-]+)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|(?:al|el|ul|ur|ud|e|i)-[\w'’.-]+|bin|ibn|ul|ur|ud|of|the)){0,6})"
)
_HEADING_END = ".!?:;,”\"’)"
_MAX_MENTION = 300  # characters; no name is longer
_NAME_WORD_RE = re.compile(r"[A-Z][a-z]{3,}")
_CAP_WORD_RE = re.compile(r"(?<![\w’'-])([A-Z][a-z]{3,})(?![\w-])")
_LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-z]{4,}(?![\w-])")
_OPEN_QUOTES = "“\"‘'«"
_CLOSE_QUOTES = "”\"’'»"
_RENDERING_RE = re.compile(r"[”\"’'»]?[,.]?\s*\(\s*")
_LIST_SEP_RE = re.compile(r"\s*[,;/]\s*")
_PRONOUN_RE = {
    "PERSON": re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE),
    "ORG": re.compile(r"\b(?:it|its|they|them|their)\b", re.IGNORECASE),
    "GROUP": re.compile(r"\b(?:they|them|their)\b", re.IGNORECASE),
    "LOC": re.compile(r"\b(?:it|its)\b", re.IGNORECASE),
    "EVENT": re.compile(r"\b(?:it|its)\b", re.IGNORECASE),
}
_SENT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[“\"(]?[A-Z0-9])|\n\s*\n")
_POSSESSED_RE = re.compile(r"(?P<a>[^\s’']+(?:\s[^\s’']+)?)['’]s\s+(?P<b>[^’']+)$")


class AliasResolver:
    """The pipeline component (see the module docstring). Call :meth:`resolve` for the pure logic."""

    def __init__(
        self,
        lexicon_dir: str | Path,
        *,
        fuzzy_cutoff: float = 88.0,
        fuzzy_min_length: int = 5,
        acronym_max_length: int = 10,
        acronym_extra_words: int = 5,
        context_window: int = 3000,
        retype_short_forms: bool = True,
        find_unrecognised_short_forms: bool = True,
        topic_owns_short_forms: bool = True,
        name_similarity: Callable[..., float] | None = None,
        lexicon: NameLexicon | None = None,
    ) -> None:
        self.lex = lexicon if lexicon is not None else load_name_lexicon(lexicon_dir)
        self.known = load_known_names(lexicon_dir, self.lex)
        self.name_cue_re = load_name_cues(lexicon_dir)
        self.fuzzy_cutoff = fuzzy_cutoff
        self.fuzzy_min_length = fuzzy_min_length
        self.acronym_max_length = acronym_max_length
        self.acronym_extra_words = acronym_extra_words
        self.context_window = context_window
        self.retype_short_forms = retype_short_forms
        self.find_unrecognised_short_forms = find_unrecognised_short_forms
        self.topic_owns_short_forms = topic_owns_short_forms
        self.similarity = name_similarity or make_name_similarity()

    def __call__(self, doc: Doc) -> Doc:
        ents = [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents if e.label_ in LABELS]
        sents = sentence_char_bounds(doc) if doc.has_annotation("SENT_START") else None
        clusters, mention_cluster, trace = self.resolve(doc_text(doc), ents, sents)  # Doc.text builds a Token per word
        doc._.clusters = clusters
        doc._.mention_cluster = mention_cluster
        doc._.alias_trace = trace
        return doc

    def resolve(
        self, text: str, ents: Iterable[tuple], sentences: Iterable[tuple[int, int]] | None = None
    ) -> tuple[list[ClusterDict], dict[str, int], dict[str, list[dict]]]:
        """Clusters, mention -> cluster index, and the trace, for entity spans of ``text``.

        Each span is ``(start, end, label)`` or ``(start, end, label, kb_id)``
        with character offsets; ``kb_id`` is a lexicon entry id or "".
        ``sentences`` are ``(start, end)`` offsets (found by a simple splitter
        when not given).
        """
        sents = sorted(sentences) if sentences is not None else _split_sentences(text)
        return _Resolution(self, text, [(*e, "")[:4] for e in ents], sents).run()


def load_name_cues(lexicon_dir: str | Path) -> re.Pattern[str] | None:
    """A pattern of the words of ``name_cues.yml`` (a sentence about naming), or None without the file."""
    from models.lexicon import NameCue

    path = Path(lexicon_dir) / "name_cues.yml"
    if not path.exists():
        return None
    forms = sorted({c.form for c in load_entries(path, NameCue)}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.IGNORECASE)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by punctuation and blank lines, for texts without a parser's sentences."""
    out, start = [], 0
    for m in _SENT_RE.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _fuller(a: NameKey, b: NameKey) -> bool:
    """True when ``a`` has more tokens than ``b``, with or without titles ("Timothy Carney" vs "Ambassador Carney")."""
    return a.size > b.size or len(a.bare) > len(b.bare)


class _Resolution:
    """One document's resolution; the steps are methods in the order they run."""

    def __init__(self, cfg: AliasResolver, text: str, ents: list[tuple[int, int, str, str]], sents: list[tuple[int, int]]) -> None:
        self.cfg = cfg
        self.sents = sents
        self.lex = cfg.lex
        self.text = text
        self.groups: list[_Group] = []
        self.by_raw: dict[tuple[str, ...], int] = {}
        self.uf = _UnionFind()
        self.edges: list[_Edge] = []
        self.refusals: list[dict] = []
        self.mentions: list[_Mention] = []
        self.clean_end: dict[int, list[_Mention]] = defaultdict(list)
        for start, end, label, kb_id in sorted(ents):
            cs, ce = clean_span(text, start, end)
            form = clean_form(text[cs:ce])
            if not form or not self.lex.key(form).raw:
                continue
            m = _Mention(start, end, form, label, kb_id=kb_id or "")
            self.mentions.append(m)
            self.clean_end[ce].append(m)
        self._clean_start = {id(m): clean_span(text, m.start, m.end)[0] for m in self.mentions}
        self.clean_begin: dict[int, list[_Mention]] = defaultdict(list)
        for m in self.mentions:
            self.clean_begin[self._clean_start[id(m)]].append(m)
        self.absorbed: list[_Mention] = []
        self._by_start = sorted(self.mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._by_start]

    # ---------------------------------------------------------------- driver

    def run(self) -> tuple[list[ClusterDict], dict[str, int], dict[str, list[dict]]]:
        self.make_groups()
        self.link_cues()
        self.link_acronym_definitions()
        self.link_lexicon()
        self.link_equal_keys()
        self.link_initialisms()
        self.link_partial_forms()
        if self.cfg.retype_short_forms:
            self.retype_short_forms()
        if self.cfg.find_unrecognised_short_forms:
            self.find_unrecognised_short_forms()
        self.link_naming_sentences()
        self.link_fuzzy()
        return self.output()

    # ---------------------------------------------------------------- 1. groups

    def make_groups(self) -> None:
        votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        first_label: dict[tuple[str, ...], str] = {}
        keys = {id(m): self.lex.key(m.form) for m in self.mentions}
        for m in self.mentions:
            raw = keys[id(m)].raw
            votes[raw][m.label] += 1
            first_label.setdefault(raw, m.label)
        for m in self.mentions:
            key = keys[id(m)]
            counts = votes[key.raw]
            best = max(counts.values())
            label = first_label[key.raw] if counts[first_label[key.raw]] == best else min(
                (t for t, n in counts.items() if n == best), key=lambda t: _TYPE_RANK[t]
            )
            self._add_mention(m, key, label)

    def _add_mention(self, m: _Mention, key: NameKey | None = None, label: str | None = None) -> int:
        key = key or self.lex.key(m.form)
        gi = self.by_raw.get(key.raw)
        if gi is None:
            gi = self.uf.add()
            self.groups.append(_Group(gi, key, label or m.label, [], is_acronym(m.form)))
            self.by_raw[key.raw] = gi
        self.groups[gi].mentions.append(m)
        return gi

    def _link(self, a: int, b: int, method: str, score: float = 1.0) -> bool:
        if self.uf.find(a) == self.uf.find(b):
            return False
        self.uf.union(a, b)
        self.edges.append(_Edge(a, b, method, score))
        return True

    def _mention_at(self, s: int, e: int, *, prefix: bool = False) -> _Mention | None:
        """The mention whose cleaned form spans exactly ``[s, e)`` (or starts at ``s`` inside it, with ``prefix``)."""
        for m in self.clean_end.get(e, ()):
            if self._clean_start[id(m)] == s:
                return m
        if prefix:  # a recognised name starting where the cue's name starts, whatever its extent
            at = self.clean_begin.get(s)
            if at:
                return max(at, key=lambda m: m.end)
        return None

    def _live(self) -> list[_Group]:
        """Groups that still hold mentions (a cue's name can absorb a recogniser's fragment of it)."""
        return [g for g in self.groups if g.mentions]

    def _absorb(self, s: int, e: int) -> None:
        """Drop recognised mentions strictly inside a name a cue or acronym definition established.

        "Aslam Farooqi, also known as Abdullah Orakzai": a recogniser that
        tagged only "Orakzai" (as a place) tagged a fragment of the name.
        """
        for m in list(self._near(s, e)):
            if s <= m.start and m.end <= e and (m.start, m.end) != (s, e) and not m.synthetic:
                g = self.groups[self._group_of(m)]
                if m in g.mentions:
                    g.mentions.remove(m)
                    self.absorbed.append(m)

    def _register(self, m: _Mention) -> None:
        """Add a mention found by this component (offsets already clean)."""
        self.mentions.append(m)
        self.clean_end[m.end].append(m)
        self.clean_begin[m.start].append(m)
        self._clean_start[id(m)] = m.start
        i = bisect.bisect_left(self._starts, m.start)
        self._starts.insert(i, m.start)
        self._by_start.insert(i, m)

    def _near(self, s: int, e: int) -> Iterable[_Mention]:
        """Mentions that may overlap ``[s, e)`` (mentions are short: look back a bounded stretch)."""
        i = bisect.bisect_left(self._starts, e) - 1
        while i >= 0 and self._starts[i] > s - _MAX_MENTION:
            yield self._by_start[i]
            i -= 1

    def _crosses(self, s: int, e: int) -> bool:
        """True when a mention straddles a boundary of ``[s, e)`` (mentions inside or around it do not)."""
        return any(
            m.start < e and s < m.end and not (s <= m.start and m.end <= e) and not (m.start <= s and e <= m.end)
            for m in self._near(s, e)
        )

    def _group_of(self, m: _Mention) -> int:
        return self.by_raw[self.lex.key(m.form).raw]

    def _group_for_span(self, s: int, e: int, label: str, *, create: bool, prefix: bool = False) -> int | None:
        """Group of the mention at ``[s, e)``; a new (synthetic) mention when none was recognised."""
        s, e = clean_span(self.text, s, e)
        m = self._mention_at(s, e, prefix=prefix)
        if m is not None:
            return self._group_of(m)
        if not create or self._crosses(s, e) or any(m.start <= s and e <= m.end for m in self._near(s, e)):
            return None
        form = clean_form(self.text[s:e])
        key = self.lex.key(form)
        if not key.raw:
            return None
        self._absorb(s, e)
        m = _Mention(s, e, form, label, synthetic=True)
        self._register(m)
        return self._add_mention(m, key, self.groups[self.by_raw[key.raw]].type if key.raw in self.by_raw else label)

    # ---------------------------------------------------------------- 2. explicit cues

    def link_cues(self) -> None:
        text = self.text
        for m in sorted((m for m in self.mentions if not m.synthetic), key=lambda m: m.start):
            gi = self._group_of(m)
            after = m.end
            # a closing quote right after the mention belongs to it
            while after < len(text) and text[after] in "”\"’":
                after += 1
            found: list[tuple[int, int, str]] = []
            pm = _PAREN_CUE_RE.match(text, m.end)
            if pm:  # "(a.k.a. X; a.k.a. Y)", "(alias X or Y)": each name
                base = pm.start("x")
                for part in _ALIAS_LIST_RE.finditer(pm.group("x")):
                    found.append((base + part.start("x"), base + part.end("x"), "cue"))
            else:
                pm = _PAREN_RE.match(text, after)
                if pm:
                    x = pm.group("x")
                    qm = _QUOTED_RE.fullmatch(x.strip())
                    if qm:  # a quoted translation or nickname: “the Army of the Jhangvi”
                        off = pm.start("x") + x.find(qm.group(0)) + 1
                        found.append((off, off + len(qm.group("x")), "cue"))
                    elif self._part_of_name(x, self.groups[gi]):  # "Hajji Faizullah Khan Noorzai (Faizullah)"
                        found.append((pm.start("x"), pm.end("x"), "cue"))
            im = _INLINE_CUE_RE.match(text, after)
            if im:
                xm = _NAME_RUN_RE.match(text, im.end())
                if xm and xm.group("x"):
                    found.append((xm.start("x"), xm.end("x"), "inline"))
            om = _OR_QUOTED_RE.match(text, m.end) if m.start > 0 and text[m.start - 1] in "“\"‘" else None
            if om:
                qm = _QUOTED_RE.match(text, om.end())
                if qm:
                    found.append((qm.start("x"), qm.end("x"), "cue"))
            for xs, xe, method in found:
                self._link_cue(gi, xs, xe, method)

    def _part_of_name(self, x: str, group: _Group) -> bool:
        """True when a bare parenthesis holds words of the name before it (a short name it defines)."""
        if group.type != "PERSON" or any(c.isdigit() for c in x):
            return False
        key = self.lex.key(clean_form(x))
        return bool(key.raw) and key.size < group.key.size and set(key.canon) <= set(group.key.canon)

    def _link_cue(self, gi: int, xs: int, xe: int, method: str) -> None:
        target = self.groups[gi]
        xg = self._group_for_span(xs, xe, target.type, create=True, prefix=True)
        if xg is None or xg == gi:
            return
        other = self.groups[xg]
        if other.type != target.type:
            if method == "inline":  # "air space in Iraq, known as Operation Southern Watch" names no alias of Iraq
                return
            other.type = target.type  # a parenthesised cue settles the recogniser's typing
        if self._link(gi, xg, "cue"):
            other.secondary = True

    # ---------------------------------------------------------------- 3. acronyms and lexicon

    def link_acronym_definitions(self) -> None:
        for d in find_definitions(self.text, self.cfg.acronym_max_length, self.cfg.acronym_extra_words):
            short_g = self._group_for_span(d.short_start, d.short_end, "", create=False)
            long_g = self._group_for_span(d.long_start, d.long_end, "", create=False)
            if long_g is None:
                long_g = self._covering_long_form(d.long_start, d.long_end, short_g)
            if short_g is None and long_g is None:
                known = self.by_raw.get(self.lex.key(clean_form(d.short)).raw)
                if known is None:
                    continue
                short_g = self._group_for_span(d.short_start, d.short_end, self.groups[known].type, create=True)
            if long_g is None and short_g is not None:
                long_g = self._group_for_span(d.long_start, d.long_end, self.groups[short_g].type, create=True)
            elif short_g is None and long_g is not None:
                short_g = self._group_for_span(d.short_start, d.short_end, self.groups[long_g].type, create=True)
            if short_g is None or long_g is None or short_g == long_g:
                continue
            sg, lg = self.groups[short_g], self.groups[long_g]
            if sg.type != lg.type:
                sg.type = lg.type
            if self._link(long_g, short_g, "acronym"):
                sg.secondary = True

    def _covering_long_form(self, s: int, e: int, short_g: int | None) -> int | None:
        """A recognised mention ending with the long form and starting before it, of the acronym's type."""
        s, e = clean_span(self.text, s, e)
        for m in self.clean_end.get(e, ()):
            if m.synthetic or self._clean_start[id(m)] > s:
                continue
            g = self._group_of(m)
            if short_g is not None and self.groups[g].type == self.groups[short_g].type:
                return g
        return None

    def link_lexicon(self) -> None:
        known = self.cfg.known
        by_entry: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for g in self._live():
            hit = known.by_key.get(g.key.canon)
            if hit is None and g.acronym:
                eid = known.by_acronym.get(acronym_key(g.surface))
                hit = (eid, "acronym") if eid else None
            if hit is None:  # the recogniser's entry id, for forms this lexicon index does not hold
                kb = Counter(m.kb_id for m in g.mentions if m.kb_id).most_common(1)
                hit = (f"{g.type}:{kb[0][0]}", "acronym" if g.acronym else "variant") if kb else None
            if hit is None or known.types.get(hit[0], g.type) != g.type:
                continue
            by_entry[hit[0]].append((g.idx, hit[1]))
        rank = {"name": 0, "variant": 1, "translation": 2, "acronym": 3, "plural": 4}
        for members in by_entry.values():
            members.sort(key=lambda x: (rank[x[1]], self.groups[x[0]].first))
            head = members[0][0]
            for gi, role in members[1:]:
                g = self.groups[gi]
                if role == "plural":
                    g.hidden = True
                if self._link(head, gi, "exact" if role == "plural" else "lexicon") and role in ("acronym", "translation"):
                    g.secondary = True

    # ---------------------------------------------------------------- 4. equal keys

    def link_equal_keys(self) -> None:
        by_core: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
        for g in self._live():
            by_core[(g.type, g.key.core)].append(g.idx)
        group_keys = {g.key.core for g in self._live() if g.type == "GROUP"}
        for g in self._live():  # plural sect and community names: "Shi’as" is "Shi’a", never an alias
            core = g.key.core
            if g.type == "GROUP" and core and core[-1].endswith("s") and len(core[-1]) > 3:
                singular = core[:-1] + (core[-1][:-1],)
                if singular in group_keys:
                    by_core[("GROUP", singular)].append(g.idx)
                    g.hidden = True
        for members in by_core.values():
            members = sorted(set(members), key=lambda i: (self.groups[i].hidden, self.groups[i].first))
            head = self.groups[members[0]]
            for gi in members[1:]:
                g = self.groups[gi]
                if g.hidden:
                    method = "exact"
                elif g.key.raw_core == head.key.raw_core:
                    method = "honorific"
                else:
                    method = "variant"
                self._link(head.idx, gi, method)
        # one name under different titles: "Maulana Fazlullah" is "Mullah Fazlullah"
        titled: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for g in self._live():
            if g.type == "PERSON" and g.key.titles and g.key.core != g.key.bare and not g.acronym:
                titled[g.key.bare].append(g.idx)
        for members in titled.values():
            members.sort(key=lambda i: self.groups[i].first)
            for gi in members[1:]:
                self._link(members[0], gi, "honorific")

    # ---------------------------------------------------------------- 5. initialisms

    def link_initialisms(self) -> None:
        index: dict[tuple[str, str], set[int]] = defaultdict(set)
        for g in self._live():
            if not g.acronym and g.key.size >= 2:
                for form in {m.form for m in g.mentions}:
                    for ini in initials(form, self.lex):
                        index[(g.type, ini)].add(g.idx)
        for g in self._live():
            if not g.acronym or self._cluster_has_long_form(g.idx):
                continue
            cands = {self.uf.find(h) for h in index.get((g.type, acronym_key(g.surface)), ())}
            cands.discard(self.uf.find(g.idx))
            if len(cands) == 1:
                target = next(iter(cands))
                if self._link(target, g.idx, "acronym"):
                    g.secondary = True
            elif len(cands) > 1:
                self.refusals.append(self._refusal(g, cands, "acronym"))

    def _cluster_has_long_form(self, gi: int) -> bool:
        return any(not self.groups[h].acronym for h in self.uf.cluster(gi))

    # ---------------------------------------------------------------- 6. partial forms

    def _places(self) -> frozenset[tuple[str, ...]]:
        return frozenset(g.key.canon for g in self._live() if g.type == "LOC")

    def link_partial_forms(self) -> None:
        places = self._places()
        index: dict[tuple[str, str], set[int]] = defaultdict(set)
        for g in self._live():
            if not g.acronym:
                for t in index_tokens(g.key, g.type):
                    index[(g.type, t)].add(g.idx)
        self._index = index
        order = sorted(self._live(), key=lambda g: (-g.key.size, -len(g.key.bare), g.first))
        topic = self._topic_root() if self.cfg.topic_owns_short_forms else None
        for g in order:
            if g.acronym or g.hidden or self._settled(g):
                continue
            cands = self._fits(g, g.type, index, places)
            if len(cands) == 1:
                (root, (method, _)), = cands.items()
                self._link(root, g.idx, method)
            elif topic is not None and self.uf.find(topic) in cands and g.key.size >= 2:
                # a biography's "bin Laden" is its subject, though the father and a son share the name
                self._link(self.uf.find(topic), g.idx, cands[self.uf.find(topic)][0])
            elif len(cands) > 1:
                g.ambiguous = sorted(h for _, h in cands.values())
                self.refusals.append(self._refusal(g, cands.keys(), "partial"))

    def _topic_root(self) -> int | None:
        """The person the document is about, when it has one: the PERSON that opens
        the body's first sentence ("Osama bin Laden (1957-2011) was ...",
        "Hafiz Muhammad Saeed is a co-founder of ...").

        Encyclopedic and biographical texts call their subject by the family name
        throughout ("bin Laden") even where relatives share it; such a
        many-word short form names the subject, not nobody. Analytic prose about
        a group opens with the group, and the usual ambiguity rule stays in force.
        """
        if not self.sents or not self._by_start:
            return None
        s0, _ = self.sents[0]
        first = self._by_start[0]
        if self.text[s0:first.start].strip():
            return None
        g = self.groups[self._group_of(first)]
        return self.uf.find(g.idx) if g.type == "PERSON" else None

    def _settled(self, g: _Group) -> bool:
        """True when strong evidence already put the group with a fuller name."""
        return any(h != g.idx and _fuller(self.groups[h].key, g.key) for h in self.uf.cluster(g.idx))

    def _fits(
        self, g: _Group, etype: str, index: dict[tuple[str, str], set[int]], places: frozenset[tuple[str, ...]]
    ) -> dict[int, tuple[str, int]]:
        """Candidate entities (root -> (method, group)) a short form fits."""
        return self._fit_key(g.key, etype, index, places, self.uf.find(g.idx))

    def _fit_key(
        self,
        key: NameKey,
        etype: str,
        index: dict[tuple[str, str], set[int]],
        places: frozenset[tuple[str, ...]],
        own: int = -1,
    ) -> dict[int, tuple[str, int]]:
        cands: dict[int, tuple[str, int]] = {}
        seen: set[int] = set()
        for t in fit_tokens(key, etype):
            for hi in index.get((etype, t), ()):
                if hi in seen:
                    continue
                seen.add(hi)
                h = self.groups[hi]
                if h.ambiguous or h.hidden or h.type != etype or not _fuller(h.key, key):
                    continue
                root = self.uf.find(hi)
                if root == own:
                    continue
                method = partial_fit(key, h.key, etype, self.lex, places)
                if method and root not in cands:
                    cands[root] = (method, hi)
        return cands

    def _refusal(self, g: _Group, roots: Iterable[int], why: str) -> dict:
        names = sorted({self._root_name(r) for r in roots})
        return {"form": g.surface, "type": g.type, "reason": why, "candidates": names}

    def _root_name(self, root: int) -> str:
        members = [self.groups[h] for h in self.uf.cluster(root)]
        return max(members, key=lambda h: (h.key.size, -h.first)).surface

    # ---------------------------------------------------------------- 7. retyping

    def retype_short_forms(self) -> None:
        """An ORG/LOC form that fits exactly one person, and nothing of its own type, names that person."""
        persons = [h for h in self._live() if h.type == "PERSON" and not h.ambiguous and not h.acronym]
        if not persons:
            return
        index: dict[tuple[str, str], set[int]] = defaultdict(set)
        for h in persons:
            for t in index_tokens(h.key, "PERSON"):
                index[("PERSON", t)].add(h.idx)
        places = self._places()
        sizes = Counter(self.uf.find(g.idx) for g in self._live())
        for g in self._live():
            if g.type not in ("ORG", "LOC") or g.acronym or g.ambiguous or sizes[self.uf.find(g.idx)] > 1:
                continue
            if any(_LOCATIVE_RE.search(self.text, max(0, m.start - 20), m.start) for m in g.mentions):
                continue
            if any(m.kb_id for m in g.mentions) or g.key.canon in self.cfg.known.by_key:
                continue  # the lexicon knows it as an organisation or a place
            equal = {self.uf.find(h.idx) for h in persons if h.key.core == g.key.core}
            if len(equal) == 1:
                cands = {next(iter(equal)): ("exact", -1)}
            else:
                cands = self._fits(g, "PERSON", index, places)
                cands = {r: v for r, v in cands.items() if person_fit(g.key, self.groups[v[1]].key, self.lex)}
            if len(cands) == 1:
                (root, (method, _)), = cands.items()
                g.type = "PERSON"
                self._link(root, g.idx, method)

    def find_unrecognised_short_forms(self) -> None:
        """Standalone surnames and given names the recogniser missed ("Tariq founded ...").

        Only a capitalised word that is the first or last name word of a
        person's written name, stands alone (no capitalised word right
        before or after it, not inside a mention), is never written in lower
        case in the text (so no common word), names nothing else of the
        document, and fits exactly one person. Found mentions are synthetic:
        they join the clusters, not ``doc.ents``.
        """
        text = self.text
        index = getattr(self, "_index", None)
        persons = [g for g in self._live() if g.type == "PERSON" and not g.ambiguous and not g.acronym and len(g.key.bare) >= 2]
        if not persons or index is None:
            return
        lower_words = set(_LOWER_WORD_RE.findall(text))
        words: set[str] = set()
        for g in persons:
            for m in g.mentions:
                ws = m.form.split()
                at, _ = self.lex.strip_titles([self.lex.key(w).raw for w in ws], keep=1)
                for w in (ws[at], ws[-1]):
                    if _NAME_WORD_RE.fullmatch(w) and w.lower() not in lower_words:
                        words.add(w)
        if not words:
            return
        spans = sorted((m.start, m.end) for m in self.mentions)
        starts = [a for a, _ in spans]
        places = self._places()
        decided: dict[str, tuple[int, str] | None] = {}
        for x in _CAP_WORD_RE.finditer(text):
            if x.group(1) not in words:
                continue
            s, e = x.span(1)
            i = bisect.bisect_right(starts, s) - 1
            if (i >= 0 and spans[i][1] > s) or (i + 1 < len(spans) and spans[i + 1][0] < e):
                continue
            before = re.search(r"(\S+)\s*$", text[max(0, s - 40) : s])
            if before and before.group(1)[:1].isupper() and before.group(1)[-1] not in _HEADING_END:
                continue
            after = re.match(r"(?:['’]s?)?\s*(\S*)", text[e : e + 40])
            if after and after.group(1)[:1].isupper():
                continue
            word = x.group(1)
            if word not in decided:
                key = self.lex.key(word)
                other = self.by_raw.get(key.raw)
                if other is not None and (self.groups[other].type != "PERSON" or self.groups[other].ambiguous):
                    decided[word] = None
                elif other is not None:
                    decided[word] = (other, "exact")
                else:
                    cands = self._fit_key(key, "PERSON", index, places)
                    decided[word] = (next(iter(cands)), next(iter(cands.values()))[0]) if len(cands) == 1 else None
            hit = decided[word]
            if hit is None:
                continue
            target, method = hit
            m = _Mention(s, e, word, "PERSON", synthetic=True)
            self._register(m)
            gi = self._add_mention(m, self.lex.key(word), "PERSON")
            self._link(target, gi, method)

    def link_naming_sentences(self) -> None:
        """Quoted names in a sentence about naming are names of the entity the sentence is about.

        "Osama bin Laden had also assumed the kunyah “Abū 'Abdāllāh”";
        "His admirers have referred to him by several nicknames, including
        the “Prince” or “Emir” (الأمير, al-Amīr) ...". A sentence is about
        naming when it holds a word of ``name_cues.yml``. Linked are quoted
        mentions (and renderings in the parenthesis right after one) whose
        entity is named nowhere outside such sentences; the target is the
        mention of the same type that opens the sentence (its subject), or,
        when the sentence refers by pronoun ("him", "its"), the nearest
        mention of that type before the sentence (within ``context_window``).
        A mention inside the sentence is no target otherwise: in "established
        the deadliest LeJ chapter, known as the “Saif Ullah Kurd faction”"
        the faction is the chapter's name, not LeJ's.
        """
        cue_re = self.cfg.name_cue_re
        if cue_re is None or not self.sents:
            return
        text = self.text
        naming = [(s, e) for s, e in self.sents if cue_re.search(text, s, e)]
        if not naming:
            return
        starts = [s for s, _ in naming]

        def in_naming(m: _Mention) -> bool:
            i = bisect.bisect_right(starts, m.start) - 1
            return i >= 0 and m.start < naming[i][1]

        outside: set[int] = set()  # cluster roots named somewhere outside naming sentences
        for g in self._live():
            if any(not in_naming(m) for m in g.mentions):
                outside.add(self.uf.find(g.idx))
        ordered = sorted(self.mentions, key=lambda m: m.start)
        mstarts = [m.start for m in ordered]
        for s, e in naming:
            inside = ordered[bisect.bisect_left(mstarts, s) : bisect.bisect_left(mstarts, e)]
            cands = self._naming_candidates(inside, outside)
            if not cands:
                continue
            first = min(m.start for m in cands)
            for etype in {self._group_of_m(m).type for m in cands}:
                target = self._naming_target(inside, cands, first, s, etype, ordered, mstarts)
                if target is None:
                    continue
                for m in cands:
                    g = self._group_of_m(m)
                    if g.type == etype and not g.ambiguous and self._link(target, g.idx, "cue"):
                        g.secondary = True

    def _group_of_m(self, m: _Mention) -> _Group:
        return self.groups[self._group_of(m)]

    def _naming_candidates(self, inside: list[_Mention], outside: set[int]) -> list[_Mention]:
        text = self.text
        cands: list[_Mention] = []
        last_end = -1
        in_paren = False  # inside the parenthesis of renderings after a quoted name
        for m in inside:
            cs, ce = self._clean_start[id(m)], clean_span(text, m.start, m.end)[1]
            quoted = cs > 0 and text[cs - 1] in _OPEN_QUOTES and ce < len(text) and text[ce : ce + 2].lstrip(",.")[:1] in _CLOSE_QUOTES
            opens = last_end >= 0 and _RENDERING_RE.fullmatch(text, last_end, cs) is not None
            continues = in_paren and last_end >= 0 and _LIST_SEP_RE.fullmatch(text, last_end, cs) is not None
            rendering = opens or continues
            in_paren = rendering and not quoted
            if (quoted or rendering) and self.uf.find(self._group_of(m)) not in outside:
                cands.append(m)
                last_end = ce
            else:
                last_end = -1
        return cands

    def _naming_target(
        self, inside: list[_Mention], cands: list[_Mention], first: int, sent_start: int, etype: str,
        ordered: list[_Mention], mstarts: list[int],
    ) -> int | None:
        cand_ids = {id(m) for m in cands}
        subject = inside[0] if inside else None
        if subject is not None and id(subject) not in cand_ids and subject.start < first:
            lead = self.text[sent_start : self._clean_start[id(subject)]].strip(" \t\n\"“‘'")
            g = self._group_of_m(subject)
            if lead.lower() in ("", "the") and g.type == etype and not g.ambiguous:
                return g.idx  # the sentence's subject: "Osama bin Laden had also assumed the kunyah “...”"
        sentence = self.text[sent_start : max(m.end for m in cands)]
        if not _PRONOUN_RE[etype].search(sentence):
            return None
        i = bisect.bisect_left(mstarts, sent_start) - 1
        while i >= 0 and sent_start - ordered[i].start <= self.cfg.context_window:
            g = self._group_of_m(ordered[i])
            if g.type == etype and not g.ambiguous:
                return g.idx
            i -= 1
        return None

    # ---------------------------------------------------------------- 8. fuzzy

    def link_fuzzy(self) -> None:
        cfg = self.cfg
        by_shape: dict[tuple[str, int, int, str], set[int]] = defaultdict(set)
        vocab: dict[str, set[str]] = defaultdict(set)
        eligible = [g for g in self._live() if not (g.acronym or g.hidden or g.ambiguous) and g.key.core]
        for g in eligible:
            for i, t in enumerate(g.key.core):
                by_shape[(g.type, len(g.key.core), i, t)].add(g.idx)
                if len(t) >= cfg.fuzzy_min_length and not t.isdigit():
                    vocab[g.type].add(t)
        similar: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
        for etype, tokens in vocab.items():
            toks = sorted(tokens)
            for a in toks:  # the whole vocabulary against each token, in C
                for b, score, _ in process.extract(a, toks, scorer=cfg.similarity, score_cutoff=cfg.fuzzy_cutoff, limit=None):
                    if b != a:
                        similar[(etype, a)].append((b, score))
        if not similar:
            return
        for g in sorted(eligible, key=lambda g: g.first):
            core = g.key.core
            own = self.uf.find(g.idx)
            cands: dict[int, float] = {}
            for i, t in enumerate(core):
                for b, _ in similar.get((g.type, t), ()):
                    for hi in by_shape.get((g.type, len(core), i, b), ()):
                        root = self.uf.find(hi)
                        if root == own or root in cands:
                            continue
                        score = self._token_score(core, self.groups[hi].key.core)
                        if score is not None:
                            cands[root] = score
            if len(cands) == 1:
                (root, score), = cands.items()
                self._link(root, g.idx, "fuzzy", score / 100)
            elif len(cands) > 1:
                self.refusals.append(self._refusal(g, cands.keys(), "fuzzy"))

    def _token_score(self, a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
        """Lowest token similarity of two same-length names, or None when a token pair fails."""
        if len(a) != len(b) or a == b:
            return None
        worst = 100.0
        exact = 0
        for x, y in zip(a, b):
            if x == y:
                exact += 1
                continue
            if min(len(x), len(y)) < self.cfg.fuzzy_min_length:
                return None
            score = self.cfg.similarity(x, y)
            if score < self.cfg.fuzzy_cutoff:
                return None
            worst = min(worst, score)
        if len(a) >= 2 and not exact:
            return None
        return worst

    # ---------------------------------------------------------------- output

    def _sections(self) -> list[int]:
        """Start offsets of sections: a short line without final punctuation between blank lines."""
        starts = [0]
        text = self.text
        for m in re.finditer(r"(?:^|\n)[ \t]*\n([^\n]{1,120})\n[ \t]*\n", text):
            line = m.group(1).strip()
            if line and line[-1] not in _HEADING_END and len(line.split()) <= 12:
                starts.append(m.start(1))
        return starts

    def output(self) -> tuple[list[ClusterDict], dict[str, int], dict[str, list[dict]]]:
        roots: dict[int, list[_Group]] = defaultdict(list)
        for g in self._live():
            if not g.ambiguous:
                roots[self.uf.find(g.idx)].append(g)
        adjacency: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
        for e in self.edges:
            adjacency[e.a].append((e.b, e.method, e.score))
            adjacency[e.b].append((e.a, e.method, e.score))
        secondary_cores = {g.key.core for g in self._live() if g.secondary}
        ordered = sorted(roots.items(), key=lambda kv: min(g.first for g in kv[1]))
        taken_keys = set(self.by_raw)
        clusters: list[ClusterDict] = []
        mention_cluster: dict[str, int] = {}
        root_index: dict[int, int] = {}
        links: list[dict] = []
        for root, members in ordered:
            anchors = [g for g in members if not g.secondary and not g.hidden and g.key.core not in secondary_cores]
            pool = anchors or [g for g in members if not g.hidden] or members
            name_g = max(pool, key=lambda g: (len(g.key.raw), len(g.key.bare), -g.first))
            name = name_g.surface
            weights = Counter()
            for g in pool:
                weights[g.type] += len(g.mentions)
            etype = max(weights, key=lambda t: (weights[t], -_TYPE_RANK[t]))
            methods = self._methods(name_g.idx, {g.idx for g in members}, adjacency)
            aliases: list[str] = []
            alias_methods: dict[str, str] = {}
            for g in sorted(members, key=lambda g: g.first):
                if g.hidden:
                    continue
                for m in sorted(g.mentions, key=lambda m: m.start):
                    if m.form == name or m.form in alias_methods:
                        continue
                    aliases.append(m.form)
                    alias_methods[m.form] = "exact" if g.idx == name_g.idx else methods.get(g.idx, ("exact", 1.0))[0]
                    method, score = methods.get(g.idx, ("exact", 1.0))
                    links.append({"form": m.form, "name": name, "method": alias_methods[m.form], "score": round(score, 3)})
            if etype == "ORG":
                for form in self._possessed_forms(members):
                    if form not in alias_methods and form != name and self.lex.key(form).raw not in taken_keys:
                        aliases.append(form)
                        alias_methods[form] = "surname"
                        links.append({"form": form, "name": name, "method": "surname", "score": 1.0})
            spans = sorted({(m.start, m.end) for g in members for m in g.mentions})
            idx = len(clusters)
            root_index[root] = idx
            clusters.append(
                ClusterDict(
                    id="",
                    type=etype,
                    name=name,
                    aliases=aliases,
                    mentions=[[s, e] for s, e in spans],
                    alias_methods=alias_methods,
                )
            )
            for s, e in spans:
                mention_cluster[mention_key(s, e)] = idx
        resolutions = self._resolve_ambiguous(clusters, root_index, mention_cluster)
        for c in clusters:
            c["mentions"].sort()
        absorbed = [{"form": m.form, "start": m.start, "end": m.end} for m in self.absorbed]
        trace = {"links": links, "refusals": self.refusals, "resolutions": resolutions, "absorbed": absorbed}
        return clusters, mention_cluster, trace

    def _possessed_forms(self, members: list[_Group]) -> list[str]:
        """"suicide brigade" of "the TTP’s suicide brigade": a unit named through its parent's possessive.

        The form after the possessive is the unit's own name, used with the
        parent as determiner; the parent must be an organisation of the
        document and the unit name at least two words.
        """
        out = []
        for g in members:
            for m in g.mentions:
                if m.synthetic:
                    continue
                cs, ce = clean_span(self.text, m.start, m.end)
                pm = _POSSESSED_RE.match(self.text, cs, ce)
                if not pm:
                    continue
                parent = self.by_raw.get(self.lex.key(clean_form(pm.group("a"))).raw)
                unit = clean_form(pm.group("b"))
                if parent is not None and self.groups[parent].type == "ORG" and len(unit.split()) >= 2:
                    out.append(unit)
        return list(dict.fromkeys(out))

    def _methods(self, name_idx: int, members: set[int], adjacency: dict[int, list[tuple[int, str, float]]]) -> dict[int, tuple[str, float]]:
        """How each group is reached from the name's group: the method of the edge that reached it."""
        out: dict[int, tuple[str, float]] = {}
        seen = {name_idx}
        frontier = [name_idx]
        while frontier:
            nxt = []
            for a in frontier:
                for b, method, score in adjacency.get(a, ()):
                    if b in seen or b not in members:
                        continue
                    seen.add(b)
                    out[b] = (method, score)
                    nxt.append(b)
            frontier = nxt
        return out

    def _resolve_ambiguous(
        self, clusters: list[ClusterDict], root_index: dict[int, int], mention_cluster: dict[str, int]
    ) -> list[dict]:
        """Each mention of an ambiguous form goes to the nearest preceding mention of a candidate, or nowhere."""
        ambiguous = [g for g in self._live() if g.ambiguous]
        if not ambiguous:
            return []
        sections = self._sections()
        placed = sorted(
            (m.start, root_index[self.uf.find(g.idx)])
            for g in self.groups
            if not g.ambiguous
            for m in g.mentions
        )
        starts = [p[0] for p in placed]
        window = self.cfg.context_window
        resolutions = []
        for g in ambiguous:
            cands = {root_index[self.uf.find(h)] for h in g.ambiguous if self.uf.find(h) in root_index}
            for m in sorted(g.mentions, key=lambda m: m.start):
                section_start = sections[bisect.bisect_right(sections, m.start) - 1]
                limit = min(section_start, m.start - window)
                chosen = None
                i = bisect.bisect_left(starts, m.start) - 1
                while i >= 0 and placed[i][0] >= limit and m.start - placed[i][0] <= 10 * window:
                    if placed[i][1] in cands:
                        chosen = placed[i][1]
                        break
                    i -= 1
                if chosen is not None:
                    clusters[chosen]["mentions"].append([m.start, m.end])
                    mention_cluster[mention_key(m.start, m.end)] = chosen
                resolutions.append(
                    {"form": m.form, "start": m.start, "end": m.end, "resolved_to": clusters[chosen]["name"] if chosen is not None else None}
                )
        return resolutions
