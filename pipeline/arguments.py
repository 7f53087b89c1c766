"""Relation arguments of a document: named mentions, state organs and anaphors.

Every token that can fill a relation slot is mapped to an :class:`Arg` with
the entity cluster it names:

- named mentions, from ``doc._.mention_cluster`` (which also resolves the
  ambiguous short forms: "Mehsud" by context) or, before alias resolution
  exists, from ``doc.ents`` one cluster per distinct form;
- state organs (guideline section 2): "Pakistani security forces", "the
  Pakistani police", "Pakistan's army", "a U.S. drone strike" name the
  country's LOC entity, when the document has one; "the government" alone
  names the document's main country (its most mentioned one);
- anaphors ("he", "its", "the group", "the latter"), resolved by
  :mod:`pipeline.anaphora` to the nearest compatible argument before them.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Iterable, Sequence

from spacy.tokens import Doc

from models.lexicon_relations import CountryEntry, StateOrganLexicon

from . import anaphora
from .extensions import ClusterDict
from .tokens import DocColumns

ENTITY_TYPES = ("PERSON", "ORG", "LOC", "GROUP", "EVENT")


@dataclass
class Arg:
    """A span of tokens standing for one entity cluster (or several, for "Afghan and Pakistani officials")."""

    start: int  # first token
    end: int  # token after the last
    cluster: int
    type: str
    kind: str  # name, organ, anaphor
    root: int
    sent: int
    also: tuple[int, ...] = ()  # further clusters named by a coordinated organ phrase
    rule: str = ""  # how an organ or anaphor was resolved

    def clusters(self) -> tuple[int, ...]:
        return (self.cluster, *self.also)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace(".", "").replace("’", "'").replace("'s", "").split())


@dataclass
class OrganMatcher:
    """Finds state organ phrases; built once per component from the lexicon."""

    countries: Sequence[CountryEntry]
    lexicon: StateOrganLexicon
    adjectives: dict[tuple[str, ...], str] = field(init=False)
    organs: list[tuple[str, ...]] = field(init=False)
    bare: set[tuple[str, ...]] = field(init=False)
    name_keys: dict[str, str] = field(init=False)
    # the same phrases bucketed by first word, in the same order: a token is
    # compared only with the phrases it can start (this runs on every token)
    _adjectives_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(init=False)
    _organs_by_first: dict[str, list[tuple[str, ...]]] = field(init=False)

    def __post_init__(self) -> None:
        self.adjectives = {}
        self.name_keys = {}
        for c in self.countries:
            for adj in c.adjectives:
                self.adjectives[tuple(adj.split())] = c.country
            for name in c.names:
                self.name_keys[fold(name)] = c.country
            self.name_keys[fold(c.country)] = c.country
        self.organs = sorted({tuple(o.split()) for o in self.lexicon.organs}, key=len, reverse=True)
        self.bare = {tuple(o.split()) for o in self.lexicon.bare_organs}
        self._adjectives_by_first = {}
        for adj, country in self.adjectives.items():
            self._adjectives_by_first.setdefault(adj[0], []).append((adj, country))
        self._organs_by_first = {}
        for organ in self.organs:
            self._organs_by_first.setdefault(organ[0], []).append(organ)

    def country_clusters(self, clusters: Sequence[ClusterDict], texts_of: dict[int, set[str]]) -> dict[str, int]:
        """Country name -> index of the LOC cluster naming it (by name, alias or mention text)."""
        found: dict[str, int] = {}
        for idx, c in enumerate(clusters):
            if c["type"] != "LOC":
                continue
            forms = {c["name"], *c.get("aliases", []), *texts_of.get(idx, set())}
            for form in forms:
                country = self.name_keys.get(fold(form))
                if country is not None and country not in found:
                    found[country] = idx
        return found

    def _organ_at(self, lowers: Sequence[str], i: int) -> int:
        """Length of the longest organ noun phrase starting at token ``i`` (0 if none)."""
        if i >= len(lowers):
            return 0
        for organ in self._organs_by_first.get(lowers[i], ()):
            if tuple(lowers[i : i + len(organ)]) == organ:
                return len(organ)
        return 0

    def adjective_at(self, lowers: Sequence[str], i: int) -> tuple[str, int] | None:
        """The country a nationality adjective at token ``i`` names ("pakistani", "u.s.") and its width."""
        if i >= len(lowers):
            return None
        for adj, country in self._adjectives_by_first.get(lowers[i], ()):
            if tuple(lowers[i : i + len(adj)]) == adj:
                return country, len(adj)
        return None

    def find(
        self,
        doc: Doc,
        owner: list[int],
        args: list[Arg],
        country_of: dict[str, int],
        main_country: int | None,
        sent_of,
        columns: DocColumns | None = None,
    ) -> list[Arg]:
        """Organ phrases as arguments; a phrase replaces the name mentions inside it ("U.S." in "U.S. drone strike")."""
        cols = columns or DocColumns(doc)
        lowers, texts = cols.lowers, cols.texts
        n = len(doc)
        out: list[Arg] = []
        country_clusters = set(country_of.values())

        def in_other_name(k: int) -> bool:
            return owner[k] >= 0 and not (args[owner[k]].type == "LOC" and args[owner[k]].cluster in country_clusters)

        # a phrase can start only at a country adjective or at a name: the other tokens are skipped
        starts = {i for i, low in enumerate(lowers) if low in self._adjectives_by_first}
        starts.update(a.start for k, a in enumerate(args) if a.start < n and owner[a.start] == k)
        i = 0
        for start in sorted(starts):
            if start < i:
                continue
            i = start
            cluster: int | None = None
            width = 0
            adj = None if in_other_name(i) or not texts[i][:1].isupper() else self.adjective_at(lowers, i)
            if adj is not None:
                country, width = adj
                cluster = country_of.get(country)
            elif owner[i] >= 0 and args[owner[i]].start == i and not in_other_name(i):
                a = args[owner[i]]
                # "Pakistan's army" is an organ; "Pakistan Army" is a name the NER keeps
                if a.end < n and doc[a.end].tag_ == "POS":
                    cluster = a.cluster
                    width = a.end - a.start + 1
            if cluster is None:
                i += 1
                continue
            # coordinated adjectives: "Afghan and Pakistani government officials"
            also: list[int] = []
            j = i + width
            while j + 1 < n and lowers[j] in ("and", "or", ","):
                nxt = self.adjective_at(lowers, j + 1)
                if nxt is None:
                    break
                if nxt[0] in country_of:
                    also.append(country_of[nxt[0]])
                j += 1 + nxt[1]
            # "U.S. and Western diplomats": other coordinated modifiers
            while j + 1 < n and lowers[j] in ("and", "or", ",") and doc[j + 1].pos_ in ("ADJ", "PROPN") and owner[j + 1] < 0 and self._organ_at(lowers, j + 1) == 0:
                j += 2
            # up to two modifiers ("security", "military"), then the organ noun
            end = 0
            for skip in range(0, 3):
                k = j + skip
                if k >= n or (skip and (doc[k - 1].pos_ not in ("ADJ", "NOUN", "PROPN") or owner[k - 1] >= 0)):
                    break
                w = self._organ_at(lowers, k)
                if w:
                    end = k + w
                    break
            if end and end < n and lowers[end] == "of" and lowers[end - 1] in ("state", "government", "province"):
                end = 0  # "the Indian state of Jammu and Kashmir" is a place, not an organ
            if not end:
                i += max(width, 1)
                continue
            start = i
            if start > 0 and lowers[start - 1] in ("the", "a", "an") and owner[start - 1] < 0:
                start -= 1
            span = doc[start:end]
            extra = tuple(dict.fromkeys(a for a in also if a != cluster))
            out.append(Arg(start, end, cluster, "LOC", "organ", span.root.i, sent_of(start), extra, rule="organ"))
            i = end
        # bare organs: "the government", "the authorities"
        if main_country is not None:
            taken = {t for a in out for t in range(a.start, a.end)}
            bare = sorted(self.bare, key=len, reverse=True)
            for i in (i for i in range(n - 1) if lowers[i] == "the"):
                if i + 1 in taken or owner[i + 1] >= 0:
                    continue
                for organ in bare:
                    if tuple(lowers[i + 1 : i + 1 + len(organ)]) == organ:
                        end = i + 1 + len(organ)
                        if end < n and (lowers[end] == "of" or doc[end].pos_ == "PROPN"):
                            break
                        if doc[end - 1].text[0].isupper():  # "the State", "the Army" of a name
                            break
                        span = doc[i:end]
                        out.append(Arg(i, end, main_country, "LOC", "organ", span.root.i, sent_of(i), rule="bare_organ"))
                        break
        return out


HONORIFICS = frozenset(
    {"mullah", "maulana", "maulvi", "qari", "ustad", "syed", "sayyid", "hafiz", "sheikh", "shaikh", "mufti", "general",
     "malik", "hajji", "haji", "dr", "dr.", "commander", "emir", "amir", "president", "prime", "minister", "imam", "mr", "mr."}
)


def short_form_mentions(
    doc: Doc,
    clusters: Sequence[ClusterDict],
    names: Sequence[Arg],
    owner: Sequence[int],
    texts_of: dict[int, set[str]],
    sent_of,
    columns: DocColumns | None = None,
) -> list[Arg]:
    """Person mentions by surname or given name alone that no entity stage marked.

    A capitalised proper noun equal to the first or last word (honorifics
    aside, unless the text declared the title itself an alias) of a person's name, used as a name (not as a pre-modifier:
    "the Mehsud areas"), names that person; when several people share the
    word, the one mentioned nearest before it.
    """
    parts: dict[str, set[int]] = {}
    for idx, c in enumerate(clusters):
        if c["type"] != "PERSON":
            continue
        for form in {c["name"], *c.get("aliases", []), *texts_of.get(idx, set())}:
            words = [w for w in form.replace("’s", "").replace("'s", "").split() if w.lower().strip(".") not in HONORIFICS]
            if not words and form in c.get("aliases", []) and " " not in form:
                words = [form]  # a title the text declared as this person's name: "Hajji Malik Noorzai (Malik)"
            if not words:
                continue
            for w in {words[0], words[-1]}:
                if len(w) >= 3 and w[0].isupper():
                    parts.setdefault(w, set()).add(idx)
    if not parts:
        return []
    persons = sorted((a for a in names if a.type == "PERSON"), key=lambda a: a.start)
    found: list[Arg] = []
    cols = columns or DocColumns(doc)
    tags, texts = cols.tags, cols.texts
    for i in range(len(doc)):
        if owner[i] >= 0 or tags[i] not in ("NNP", "NNPS") or texts[i] not in parts:
            continue
        tok = doc[i]
        if tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN":
            continue  # "the Mehsud areas", "the Afridi tribe"
        if (tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "NNP" and owner[tok.i + 1] < 0) or (
            tok.i > 0 and doc[tok.i - 1].tag_ == "NNP" and owner[tok.i - 1] < 0
        ):
            continue  # part of a longer name nobody recognised
        cands = parts[tok.text]
        cluster = next(iter(cands)) if len(cands) == 1 else None
        if cluster is None:
            before = [a for a in persons if a.end <= tok.i and a.cluster in cands]
            if not before:
                continue
            cluster = before[-1].cluster
        found.append(Arg(tok.i, tok.i + 1, cluster, "PERSON", "name", tok.i, sent_of(tok.i), rule="short_form"))
    return found


def mention_spans(doc: Doc, clusters: Sequence[ClusterDict], mention_cluster: dict[str, int] | None) -> list[tuple[int, int, int]]:
    """(start_token, end_token, cluster) of every entity mention, longest first on overlap."""
    spans: list[tuple[int, int, int]] = []
    if mention_cluster is not None:
        for key, idx in mention_cluster.items():
            s, e = (int(x) for x in key.split(":"))
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not (0 <= idx < len(clusters)):
                continue
            spans.append((span.start, span.end, idx))
    else:
        by_form = {(c["type"], c["name"]): i for i, c in enumerate(clusters)}
        for ent in doc.ents:
            idx = by_form.get((ent.label_, ent.text))
            if idx is None:
                for i, c in enumerate(clusters):
                    if [ent.start_char, ent.end_char] in c["mentions"]:
                        idx = i
                        break
            if idx is not None:
                spans.append((ent.start, ent.end, idx))
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, int]] = []
    last_end = -1
    for s, e, idx in spans:
        if s < last_end:
            continue
        kept.append((s, e, idx))
        last_end = e
    return kept


def segments(doc: Doc, columns: DocColumns | None = None) -> list[tuple[int, int]]:
    """Sentence token ranges: spaCy's sentences, split again at line breaks.

    A heading or a caption line glued to the next sentence by the parser
    ("The Origins of Lashkar-e-Jhangvi \\n\\nLashkar-e-Jhangvi was ...") is its
    own segment, so evidence, dates and modality cues never cross it.
    Whitespace tokens at either end are left out.
    """
    cols = columns or DocColumns(doc)
    is_space, line_breaks = cols.is_space, cols.line_breaks
    breaks = sorted(i for i in line_breaks if is_space[i])
    out: list[tuple[int, int]] = []
    for sent_start, sent_end in cols.sentences:
        start = sent_start
        for i in breaks[bisect_left(breaks, sent_start) : bisect_left(breaks, sent_end)]:
            if i > start:
                out.append((start, i))
                start = i + 1
        if start < sent_end:
            out.append((start, sent_end))
    cleaned: list[tuple[int, int]] = []
    for a, b in out:
        while a < b and is_space[a]:
            a += 1
        while b > a and is_space[b - 1]:
            b -= 1
        if a < b:
            cleaned.append((a, b))
    # undo the parser's splits inside a sentence: after an abbreviation in an open
    # parenthesis ("Ustad Aslam (a.k.a. | Qari Yasin)") or before a lower-case word
    # ("Pakistan detained Saeed. | on 21 December 2001 ...")
    texts = cols.texts
    depth = list(accumulate((1 if t == "(" else -1 if t == ")" else 0 for t in texts), initial=0))  # parentheses open before i
    merged: list[tuple[int, int]] = []
    for a, b in cleaned:
        if merged:
            pa, pb = merged[-1]
            same_line = not any(k in line_breaks for k in range(pb - 1, a))  # a token's own whitespace is never a line break
            opens = depth[pb] - depth[pa]
            if same_line and (opens > 0 or texts[a][:1].islower()):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged


def is_heading(doc: Doc, start: int, end: int) -> bool:
    """A short line without final punctuation, followed by a line break (a section heading)."""
    if end - start > 14 or end - start < 1:
        return False
    last = doc[end - 1]
    if last.text in (".", "!", "?", ";", ":", ",") or last.is_punct and last.text not in (")", "’", "”", "'"):
        return False
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and not (nxt.is_space and "\n" in nxt.text) and "\n" not in last.whitespace_:
        return False
    return not any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP") for t in doc[start:end])


@dataclass
class ArgumentIndex:
    """All arguments of a document and the token -> argument map."""

    args: list[Arg]
    owner: list[int]  # token index -> index into args, -1 when none
    country_of: dict[str, int]
    main_country: int | None
    segments: list[tuple[int, int]] = field(default_factory=list)
    sent_of: list[int] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)
    columns: DocColumns | None = None  # the document's token columns, read once for every stage after

    def at(self, i: int) -> Arg | None:
        k = self.owner[i]
        return self.args[k] if k >= 0 else None


def build_index(
    doc: Doc,
    clusters: Sequence[ClusterDict],
    mention_cluster: dict[str, int] | None,
    organs: OrganMatcher,
    max_anaphora_sentences: int,
) -> ArgumentIndex:
    """Named mentions, organ phrases and resolved anaphors of ``doc``."""
    cols = DocColumns(doc)
    segs = segments(doc, cols)
    sent_index = [0] * len(doc)
    for k, (a, b) in enumerate(segs):
        end = min(b + 1, len(doc))
        sent_index[a:end] = [k] * (end - a)
    # whitespace tokens between segments belong to the segment before them
    for i in (i for i, space in enumerate(cols.is_space) if space and i >= 1):
        if sent_index[i] < sent_index[i - 1]:
            sent_index[i] = sent_index[i - 1]
    headings = {k for k, (a, b) in enumerate(segs) if is_heading(doc, a, b)}

    def sent_of(i: int) -> int:
        return sent_index[i] if 0 <= i < len(sent_index) else 0

    names: list[Arg] = []
    texts_of: dict[int, set[str]] = {}
    mention_count: dict[int, int] = {}
    for s, e, idx in mention_spans(doc, clusters, mention_cluster):
        span = doc[s:e]
        ctype = clusters[idx]["type"]
        if ctype not in ENTITY_TYPES:
            continue
        names.append(Arg(s, e, idx, ctype, "name", span.root.i, sent_of(s)))
        texts_of.setdefault(idx, set()).add(span.text)
        mention_count[idx] = mention_count.get(idx, 0) + 1
    owner = [-1] * len(doc)
    for k, a in enumerate(names):
        for t in range(a.start, a.end):
            owner[t] = k
    # surname- and given-name-only mentions the entity stages left out ("Mehsud joined LeJ",
    # "Farooqi's three deputies"): through the clusters' names, ambiguous ones by context
    extra = short_form_mentions(doc, clusters, names, owner, texts_of, sent_of, cols)
    if extra:
        names = sorted(names + extra, key=lambda a: a.start)
        owner = [-1] * len(doc)
        for k, a in enumerate(names):
            for t in range(a.start, a.end):
                owner[t] = k
    country_of = organs.country_clusters(clusters, texts_of)
    main_country = None
    if country_of:
        main_country = max(country_of.values(), key=lambda c: (mention_count.get(c, 0), -c))
    organ_args = organs.find(doc, owner, names, country_of, main_country, sent_of, cols)
    # an organ phrase the document names as an organisation ("the Pakistani army" of a
    # "Pakistan Army" entity) is that organisation, not the country
    org_forms = {
        fold(form): idx
        for idx, c in enumerate(clusters)
        if c["type"] == "ORG"
        for form in {c["name"], *c.get("aliases", []), *texts_of.get(idx, set())}
    }
    for k, a in enumerate(organ_args):
        start = a.start + (1 if doc[a.start].lower_ in ("the", "a", "an") else 0)
        idx = org_forms.get(fold(doc[start : a.end].text))
        adjective = organs.adjective_at(cols.lowers, start) if idx is None else None
        if adjective is not None:
            # "the Pakistani army" of a "Pakistan Army" entity: the adjective as the country's name
            country, width = adjective
            idx = org_forms.get(fold(" ".join([country, *(t.text for t in doc[start + width : a.end])])))
        if idx is not None:
            organ_args[k] = Arg(start, a.end, idx, "ORG", "name", doc[start : a.end].root.i, a.sent, rule="organ_name")
    # organ phrases win over the names inside them
    organ_tokens = {t for a in organ_args for t in range(a.start, a.end)}
    args = [a for a in names if not any(t in organ_tokens for t in range(a.start, a.end))] + organ_args
    args.sort(key=lambda a: a.start)
    owner = [-1] * len(doc)
    for k, a in enumerate(args):
        for t in range(a.start, a.end):
            owner[t] = k
    # section topics: the organisation a heading names holds until the next heading
    topic: dict[int, anaphora.Candidate] = {}
    current: anaphora.Candidate | None = None
    for k in range(len(segs)):
        if k in headings:
            a0, b0 = segs[k]
            orgs = [x for x in args if a0 <= x.start < b0 and x.type == "ORG"]
            current = anaphora.Candidate(orgs[0].start, orgs[0].end, orgs[0].root, orgs[0].cluster, "ORG", k) if orgs else None
        elif current is not None:
            topic[k] = current
    # anaphors, resolved left to right so a resolved "he" can anchor a later "his"
    found = anaphora.find_anaphors(doc, lambda i: owner[i] >= 0, max_anaphora_sentences, cols)
    if found:
        merged: list[Arg] = []
        cands: list[anaphora.Candidate] = []
        pending = sorted(found, key=lambda a: a.start)
        p = 0
        countries = set(country_of.values())
        for a in args + [None]:  # type: ignore[list-item]
            limit = a.start if a is not None else len(doc) + 1
            while p < len(pending) and pending[p].start < limit:
                ana = pending[p]
                hit = anaphora.resolve(doc, ana, cands, sent_of, countries, segs, topic.get(sent_of(ana.start)), cols)
                if hit is None and ana.rule == "country" and main_country is not None:
                    hit = anaphora.Candidate(ana.start, ana.end, ana.start, main_country, "LOC", sent_of(ana.start))
                if hit is not None:
                    span = doc[ana.start : ana.end]
                    x = Arg(ana.start, ana.end, hit.cluster, hit.type, "anaphor", span.root.i, sent_of(ana.start), rule=ana.rule)
                    merged.append(x)
                    cands.append(anaphora.Candidate(x.start, x.end, x.root, x.cluster, x.type, x.sent))
                p += 1
            if a is not None:
                merged.append(a)
                cands.append(anaphora.Candidate(a.start, a.end, a.root, a.cluster, a.type, a.sent))
        args = merged
        owner = [-1] * len(doc)
        for k, a in enumerate(args):
            for t in range(a.start, a.end):
                owner[t] = k
    return ArgumentIndex(args, owner, country_of, main_country, segs, sent_index, headings, cols)


def clusters_of(args: Iterable[Arg]) -> list[int]:
    return [c for a in args for c in a.clusters()]
