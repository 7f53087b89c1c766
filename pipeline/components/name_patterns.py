"""Name-structure grammar of the entity recogniser: people, factions, events, places.

The recogniser's phrase matchers find the few anchor tokens of a document
(titles, name particles, unit nouns, event heads, designators, quotes); the
functions here grow a candidate span from each anchor over the tokens
around it. Only anchors are visited, never every token against every
lexicon entry, so the cost stays a small fraction of the statistical model's.

Every candidate is a :class:`Candidate`; :mod:`.entities` decides between
overlapping ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Token

from models.lexicon import EventCueKind, NonEntityKind, OrgCueKind

from .entity_lexicon import EntityLexicon

# Ranks break ties between candidates over the same tokens (higher wins).
RANK_MODEL = 0
RANK_NICKNAME = 1
RANK_NAME = 2
RANK_PATTERN = 3
RANK_LEXICON = 4
RANK_STRUCTURE = 5  # a faction or event built around lexicon spans

PLACE_DESIGNATORS = frozenset({"Province", "District", "Agency", "Tehsil", "Region", "Valley"})
"""Capitalised words that end a place name ("Kandahar Province", "Orgun District")."""

LOWER_DESIGNATORS = frozenset({"province", "district", "city", "region", "area", "areas", "agency", "valley"})
"""Lower-case place nouns an event's "in <place>" may end with ("in Afghanistan's Zabul province")."""

DETERMINERS = frozenset({"the", "The", "a", "A", "an", "An", "this", "This", "that", "That", "its", "Its", "his", "His", "their", "Their"})
HYPHENS = frozenset({"-", "–", "—", "‑"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
OPEN_QUOTES = frozenset({"“", '"', "‘", "«"})
CLOSE_QUOTES = frozenset({"”", '"', "’", "»"})
PATRONYMICS = frozenset({"bin", "ibn", "ben", "bint"})
"""Particles that may open a name on their own ("bin Laden")."""
MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec.".split()
)
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_DAY_RE = re.compile(r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
_DATE_NAME_RE = re.compile(r"^\d{1,2}/\d{1,2}$")  # 9/11, 7/7
_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_UPPER_START_RE = re.compile(r"^[^\W\d_]")


@dataclass
class Candidate:
    """A proposed entity over tokens ``[start, end)`` of a document."""

    start: int
    end: int
    label: str
    rank: int
    source: str
    kb_id: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


def is_capitalised(tok: Token) -> bool:
    """First character an upper-case letter (names, "Shi’a", "LeJ", "Zia")."""
    return is_capitalised_text(tok.text)


def is_capitalised_text(t: str) -> bool:
    """:func:`is_capitalised` of a token's text, for loops over token columns (no ``Token`` built)."""
    return bool(t) and bool(_UPPER_START_RE.match(t)) and t[0].isupper()


class DocView:
    """Per-document lookups the grammar shares: lexicon labels per token, person tokens."""

    def __init__(self, doc: Doc, lex: EntityLexicon, lex_label: list[str | None], person_words: set[str]):
        self.doc = doc
        self.lex = lex
        self.lex_label = lex_label
        self.person_words = person_words
        self.stop_names = lex.non_entity_forms | lex.titles | set(lex.offices) | DETERMINERS
        self.demonyms = lex.non_entities.get(NonEntityKind.demonym, set())

    def is_name(self, i: int) -> bool:
        """A token that can be part of a personal or faction name."""
        tok = self.doc[i]
        if self.lex_label[i] is not None or not is_capitalised(tok) or tok.text in self.stop_names:
            return False
        if tok.is_punct or tok.like_num:
            return False
        if tok.is_sent_start and tok.pos_ not in ("PROPN", "NOUN", "X"):
            return False
        return True

    def is_particle(self, i: int) -> bool:
        return self.doc[i].text in self.lex.particles

    def glued_hyphen(self, i: int) -> bool:
        """A hyphen written without spaces between two words ("Zia-ul-Haq")."""
        d = self.doc
        return (
            d[i].text in HYPHENS
            and 0 < i < len(d) - 1
            and not d[i - 1].whitespace_
            and not d[i].whitespace_
        )

    def name_run_right(self, i: int, limit: int) -> int:
        """End (exclusive) of the longest run of name tokens, particles and glued hyphens from ``i``."""
        d, k = self.doc, i
        while k < len(d) and k - i < limit:
            if self.is_name(k) or (self.is_particle(k) and k + 1 < len(d)) or self.glued_hyphen(k) or _INITIAL_RE.match(d[k].text):
                k += 1
                continue
            break
        # the run must end on a name word
        while k > i and not self.is_name(k - 1):
            k -= 1
        return k

    def name_run_left(self, end: int, limit: int) -> int:
        """Start of the longest run of name tokens ending just before ``end``."""
        k = end
        while k > 0 and end - k < limit:
            j = k - 1
            if self.is_name(j) or self.is_particle(j) or self.glued_hyphen(j) or _INITIAL_RE.match(self.doc[j].text):
                k = j
                continue
            break
        while k < end and not self.is_name(k) and not (self.doc[k].lower_ in PATRONYMICS and k + 1 < end and self.is_name(k + 1)):
            k += 1
        return k


ANCHOR_KINDS = ("TITLE", "PARTICLE", "UNIT", "SUFFIX", "OPENING", "DESIGNATOR", "QUOTE", "EVENT_HEAD", "CUE", "INITIAL", "OPERATION")


def anchor_words(lex: EntityLexicon) -> dict[str, tuple[str, set[str]]]:
    """Anchor kind -> (token attribute, words) for the recogniser's phrase matchers."""
    heads = set().union(
        *(lex.cue(k) for k in (EventCueKind.incident, EventCueKind.incidents, EventCueKind.killing, EventCueKind.war, EventCueKind.invasion))
    )
    return {
        "TITLE": ("ORTH", set(lex.titles)),
        "PARTICLE": ("ORTH", set(lex.particles)),
        "UNIT": ("ORTH", lex.org(OrgCueKind.unit)),
        "SUFFIX": ("ORTH", lex.org(OrgCueKind.suffix)),
        "OPENING": ("ORTH", lex.org(OrgCueKind.opening)),
        "DESIGNATOR": ("ORTH", set(PLACE_DESIGNATORS)),
        "QUOTE": ("ORTH", set(OPEN_QUOTES | CLOSE_QUOTES)),
        "EVENT_HEAD": ("LOWER", {h.lower() for h in heads}),
        "CUE": ("LOWER", set(lex.name_cues)),
        "INITIAL": ("ORTH", {f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}),
        "OPERATION": ("ORTH", set(lex.cue(EventCueKind.operation))),
    }


# --------------------------------------------------------------------------- people


def title_names(v: DocView, i: int, max_tokens: int) -> Iterator[Candidate]:
    """Title + name words: "Qari Hussain Mehsud", "General Zia-ul-Haq", "El Sayyid Nosair"."""
    d = v.doc
    if v.lex_label[i] is not None:
        return
    if i > 0 and not d[i].is_sent_start:
        prev = d[i - 1]
        # "Army General Headquarters", "Attorney General Shah Khawar": a title inside a longer capitalised name
        if (
            is_capitalised(prev)
            and prev.text not in v.lex.titles
            and prev.text not in v.lex.prefixes
            and v.lex_label[i - 1] is None
            and prev.text not in v.demonyms
        ):
            return
        if prev.text in v.lex.titles:
            return  # the chain is handled from its first title
    start = i
    if i > 0 and d[i - 1].text in v.lex.prefixes:
        start = i - 1
    k = i + 1
    while k < len(d) and d[k].text in v.lex.titles:
        k += 1
    end = v.name_run_right(k, max_tokens)
    if end <= k:
        return
    suffixes = v.lex.org(OrgCueKind.suffix)
    if any(d[j].text in v.lex.non_entity_forms or d[j].text in suffixes for j in range(k, end)):
        return
    if end < len(d) and d[end].text in suffixes:
        return  # "King Saud University": an institution named after a person
    if i > 0 and (v.lex_label[i - 1] == "LOC" or d[i - 1].text in v.demonyms):
        start = k  # "U.S. Ambassador Timothy Carney": a post of a country, not a title of the name
    yield Candidate(start, end, "PERSON", RANK_NAME, "title")


def particle_names(v: DocView, p: int, max_tokens: int) -> Iterator[Candidate]:
    """Names joined by particles: "Osama bin Laden", "Shafiq-ur-Rehman Rind", "Zia ur-Rehman Farooq"."""
    d = v.doc
    if v.lex_label[p] is not None:
        return
    if p > 0 and (v.is_particle(p - 1) or v.glued_hyphen(p - 1) and p > 1 and v.is_particle(p - 2)):
        return  # handled from the first particle of the run
    # right side: [hyphen] name words
    r = p + 1
    if r < len(d) and v.glued_hyphen(r):
        r += 1
    end = v.name_run_right(r, max_tokens)
    if end <= r:
        return
    # left side: name words [hyphen]
    left_end = p - 1 if p > 0 and v.glued_hyphen(p - 1) else p
    start = v.name_run_left(left_end, max_tokens)
    if start == left_end:
        # no name before the particle: only patronymics open a name ("bin Laden")
        if d[p].lower_ not in PATRONYMICS:
            return
        start = p
    while start > 0 and d[start - 1].text in v.lex.titles:
        start -= 1
    if start > 0 and d[start - 1].text in v.lex.prefixes:
        start -= 1
    if d[start].text in v.lex.org(OrgCueKind.opening):
        return
    yield Candidate(start, end, "PERSON", RANK_NAME, "particle")


def initial_names(v: DocView, i: int, max_tokens: int) -> Iterator[Candidate]:
    """An initial and a surname: "B. Raman" (not inside a longer name)."""
    if i + 1 >= len(v.doc) or not v.doc[i + 1].is_title:
        return
    if i > 0 and (v.is_name(i - 1) or _INITIAL_RE.match(v.doc[i - 1].text)):
        return
    end = v.name_run_right(i, max_tokens)
    if end - i >= 2:
        yield Candidate(i, end, "PERSON", RANK_NAME, "initial")


# --------------------------------------------------------------------------- organisations


def _lex_span_ending_at(v: DocView, end: int, label: str) -> int | None:
    """Start of the lexicon span of ``label`` that ends just before ``end``, if any."""
    if end <= 0 or v.lex_label[end - 1] != label:
        return None
    k = end - 1
    while k > 0 and v.lex_label[k - 1] == label and not v.doc[k].is_punct:
        k -= 1
    while k > 0 and v.lex_label[k - 1] == label and v.glued_hyphen(k - 1):
        k -= 2
    return k


def unit_factions(v: DocView, u: int, max_tokens: int) -> Iterator[Candidate]:
    """Sub-units: "LeJ Karachi chapter", "TTP's suicide brigade", "Amjad Farooqi group"."""
    d = v.doc
    if u + 1 < len(d) and d[u + 1].text in v.lex.org(OrgCueKind.unit):
        return
    person_units = {"group", "network", "unit", "gang"}
    k = u
    while k > 0 and d[k - 1].text in v.lex.org(OrgCueKind.unit_modifier):
        k -= 1
    has_modifier = k < u
    loc_start = _lex_span_ending_at(v, k, "LOC")
    name_start = None
    possessive_name = False
    if loc_start is None and not has_modifier:
        j = k
        if j > 0 and d[j - 1].text in POSSESSIVES and d[u].text in person_units:
            j -= 1
            possessive_name = True
        s = v.name_run_left(j, max_tokens)
        if s < j and not all(d[x].text in v.demonyms for x in range(s, j)):
            name_start = s
        elif possessive_name:
            possessive_name = False
    inner = loc_start if loc_start is not None else name_start if name_start is not None else k
    if inner == u:
        return
    # parent organisation before the modifier: "TTP('s) Balochistan chapter"
    p_end = inner
    poss = p_end > 0 and d[p_end - 1].text in POSSESSIVES
    if poss:
        p_end -= 1
    parent = _lex_span_ending_at(v, p_end, "ORG")
    take_parent = parent is not None and not (name_start is not None and (poss or d[u].text in person_units))
    if inner == k and not has_modifier and name_start is None and loc_start is None:
        return
    if name_start is None and loc_start is None and not take_parent:
        return  # "its suicide brigade": a modifier alone names nothing
    start = parent if take_parent else inner
    yield Candidate(start, u + 1, "ORG", RANK_STRUCTURE, "faction")


def suffix_orgs(v: DocView, s: int, max_tokens: int) -> Iterator[Candidate]:
    """Capitalised organisation names ending in Network, Brigade, Front ...: "Asif Choto Network"."""
    d = v.doc
    if v.lex_label[s] is not None:
        return
    k = s
    while k > 0 and s - k < max_tokens:
        j = k - 1
        if v.is_name(j) or v.glued_hyphen(j) or v.is_particle(j) or d[j].text in v.demonyms or d[j].text in v.lex.titles or v.lex_label[j] in ("LOC", "GROUP"):
            k = j
            continue
        break
    while k < s and (d[k].text in v.demonyms or v.glued_hyphen(k) or d[k].is_sent_start and d[k].text in DETERMINERS):
        k += 1
    if k < s:
        yield Candidate(k, s + 1, "ORG", RANK_PATTERN, "suffix")


def opening_orgs(v: DocView, o: int, max_tokens: int, min_tokens: int) -> Iterator[Candidate]:
    """South Asian organisation names by their first word: "Jaish-ul-Adl", "Tanzeem-e-Islami"."""
    d = v.doc
    if v.lex_label[o] is not None:
        return
    k = o + 1
    while k < len(d) and k - o < max_tokens:
        t = d[k]
        if v.glued_hyphen(k) or (t.is_lower and t.is_alpha and len(t) <= 3 and k + 1 < len(d) and v.glued_hyphen(k + 1)) or v.is_name(k) or v.is_particle(k):
            k += 1
            continue
        break
    while k > o and not (v.is_name(k - 1) or v.lex_label[k - 1] is not None):
        k -= 1
    if k - o >= min_tokens:
        yield Candidate(o, k, "ORG", RANK_PATTERN, "opening")


def regional_branches(v: DocView, acronym_starts: dict[int, int], i: int) -> Iterator[Candidate]:
    """An organisation's acronym right before a place: "ISKP Baluchistan", "TTP Swat"."""
    d = v.doc
    end = acronym_starts.get(i)
    if end is None or end >= len(d) or v.lex_label[end] != "LOC":
        return
    k = end
    while k < len(d) and v.lex_label[k] == "LOC" and not d[k].is_punct:
        k += 1
    if k < len(d) and is_capitalised(d[k]) and v.lex_label[k] is None and d[k].text not in v.lex.titles:
        return  # part of a longer name
    yield Candidate(i, k, "ORG", RANK_STRUCTURE, "branch")


# --------------------------------------------------------------------------- places


def designated_places(v: DocView, i: int) -> Iterator[Candidate]:
    """A place with a capitalised designator: "Kandahar Province", "Orgun District"."""
    d = v.doc
    start = _lex_span_ending_at(v, i, "LOC")
    if start is None:
        start = v.name_run_left(i, 3)
        if start == i or any(v.is_particle(x) for x in range(start, i)):
            return
        rank = RANK_PATTERN
    else:
        rank = RANK_STRUCTURE
    if i + 1 < len(d) and d[i + 1].lower_ == "of":
        return  # "Province of X" is another construction
    yield Candidate(start, i + 1, "LOC", rank, "designator")


# --------------------------------------------------------------------------- events


class EventGrammar:
    """Spans of specific incidents, wars and operations around their head nouns."""

    def __init__(self, lex: EntityLexicon, max_tokens: int):
        self.lex = lex
        self.max_tokens = max_tokens
        low = lambda kind: {f.lower() for f in lex.cue(kind)}  # noqa: E731
        self.incident = low(EventCueKind.incident)
        self.incidents = low(EventCueKind.incidents)
        self.killing = low(EventCueKind.killing)
        self.war = low(EventCueKind.war)
        self.invasion = low(EventCueKind.invasion)
        self.modifiers = low(EventCueKind.modifier)

    # -- pieces

    def _date_at(self, v: DocView, j: int) -> bool:
        t = v.doc[j].text
        if _YEAR_RE.match(t) or t in MONTHS:
            return True
        return bool(_DAY_RE.match(t)) and j + 1 < len(v.doc) and v.doc[j + 1].text in MONTHS

    def _left(self, v: DocView, h: int) -> tuple[int, dict[str, bool]]:
        """Start of the modifiers before head ``h`` and what kinds they include."""
        d = v.doc
        k = h
        kinds = {"name": False, "date": False, "common": False, "actor": False, "anti": False, "demonym": False}
        while k > 0 and h - k < self.max_tokens:
            j = k - 1
            t = d[j]
            if v.lex_label[j] in ("ORG",) or (t.ent_type_ == "PERSON" and v.lex_label[j] is None and t.text in v.person_words):
                kinds["actor"] = True
            elif v.lex_label[j] in ("LOC", "EVENT"):
                kinds["name"] = True
            elif v.lex_label[j] == "GROUP":
                kinds["common"] = True
            elif self._date_at(v, j) or (t.like_num and j + 1 < h and d[j + 1].text in MONTHS):
                kinds["date"] = True
            elif _DATE_NAME_RE.match(t.text):
                kinds["name"] = True
            elif t.text in v.demonyms:
                kinds["demonym"] = True
            elif t.lower_ in self.modifiers or (t.pos_ == "NOUN" and t.dep_ == "compound" and t.is_lower):
                kinds["common"] = True
            elif t.lower_ in ("anti", "pro") and j + 1 < h and v.glued_hyphen(j + 1):
                kinds["anti"] = True
            elif v.glued_hyphen(j) or t.text in HYPHENS and j > 0 and v.lex_label[j - 1] is not None:
                pass
            elif is_capitalised(t) and not t.is_sent_start and t.text not in DETERMINERS and t.text not in v.lex.non_entity_forms:
                kinds["name"] = True
            else:
                break
            k = j
        while k < h and (d[k].text in HYPHENS or d[k].is_punct):
            k += 1
        return k, kinds

    def _loc_phrase(self, v: DocView, i: int) -> int | None:
        """End of "in <place>['s <place>] [province]" starting at the token after "in", or None."""
        d = v.doc
        if i >= len(d) or v.lex_label[i] != "LOC" and d[i].ent_type_ not in ("GPE", "LOC"):
            return None
        k = i
        while k < len(d) and (v.lex_label[k] == "LOC" or d[k].ent_type_ in ("GPE", "LOC")):
            k += 1
        if k + 1 < len(d) and d[k].text in POSSESSIVES:
            if v.lex_label[k + 1] == "LOC" or d[k + 1].ent_type_ in ("GPE", "LOC"):
                k += 1
                while k < len(d) and (v.lex_label[k] == "LOC" or d[k].ent_type_ in ("GPE", "LOC")):
                    k += 1
            else:
                return None  # "in Lahore's high court": not a place phrase
        if k < len(d) and d[k].lower_ in LOWER_DESIGNATORS:
            k += 1
        return k

    def _object(self, v: DocView, i: int) -> tuple[int, bool, bool]:
        """The noun phrase after on/of/against from ``i``: (end, specific, names a person)."""
        d = v.doc
        k = i
        if k < len(d) and d[k].lower_ in ("the", "a", "an"):
            k += 1
        specific = person = False
        while k < len(d) and k - i < self.max_tokens:
            t = d[k]
            if v.lex_label[k] is not None:
                specific = True
            elif t.ent_type_ == "PERSON" or (is_capitalised(t) and t.text in v.person_words):
                person = True
                specific = True
            elif t.like_num and not _YEAR_RE.match(t.text):
                pass
            elif is_capitalised(t) or _DATE_NAME_RE.match(t.text):
                specific = True
            elif v.glued_hyphen(k) or t.text in POSSESSIVES and k + 1 < len(d) and is_capitalised(d[k + 1]):
                pass
            elif t.pos_ in ("ADJ", "NOUN") and t.is_alpha:
                pass
            else:
                break
            k += 1
        while k > i and (d[k - 1].pos_ not in ("NOUN", "PROPN") and v.lex_label[k - 1] is None):
            k -= 1
        if k > i and v.lex_label[k - 1] == "GROUP" and all(v.lex_label[x] in ("GROUP", None) and not is_capitalised(d[x]) or v.lex_label[x] == "GROUP" for x in range(i, k)):
            specific = False  # "a massacre of Sunnis": a community, not one target
        return k, specific, person

    # -- the grammar

    def at(self, v: DocView, h: int) -> Iterator[Candidate]:
        d = v.doc
        head = d[h].lower_
        if v.lex_label[h] is not None:
            return
        if h + 1 < len(d) and d[h + 1].pos_ in ("NOUN", "PROPN") and d[h + 1].lower_ not in self.war:
            return  # "attack campaign", "Dual-Attack Agenda": the head word is a modifier here
        start, kinds = self._left(v, h)
        nxt = d[h + 1].lower_ if h + 1 < len(d) else ""
        named = kinds["name"] and not kinds["actor"]
        end = h + 1

        if head in self.incidents and d[h].text.lower() == head and head not in self.incident:
            if named or (kinds["date"] and kinds["name"]):
                yield Candidate(start, end, "EVENT", RANK_STRUCTURE, "event")
            return

        if head in self.war:
            if d[h].text == "Battle" and nxt == "of":
                obj_end, specific, _ = self._object(v, h + 2)
                if specific:
                    yield Candidate(h, obj_end, "EVENT", RANK_STRUCTURE, "event")
                return
            proper = kinds["name"] or kinds["actor"] or kinds["demonym"]
            civil = "civil" in {t.lower_ for t in d[start:h]}
            if kinds["anti"] or not (proper or civil):
                return
            if nxt == "against":
                obj_end, specific, _ = self._object(v, h + 2)
                if specific:
                    end = obj_end
            if end < len(d) and d[end].lower_ == "in":
                loc_end = self._loc_phrase(v, end + 1)
                if loc_end:
                    end = loc_end
            if proper or end > h + 1:
                yield Candidate(start, end, "EVENT", RANK_STRUCTURE, "event")
            return

        if head in self.invasion:
            if not (kinds["name"] or kinds["demonym"]):
                return
            if nxt == "of":
                loc_end = self._loc_phrase(v, h + 2)
                if loc_end:
                    end = loc_end
            yield Candidate(start, end, "EVENT", RANK_STRUCTURE, "event")
            return

        if head in self.killing and nxt == "of":
            obj_end, specific, person = self._object(v, h + 2)
            demonym = any(d[x].text in v.demonyms for x in range(h + 2, obj_end))
            if demonym and not person and d[obj_end - 1].tag_ == "NNS":
                yield Candidate(h, obj_end, "EVENT", RANK_STRUCTURE, "event")
            return

        if head in self.incident and d[h].tag_ != "NNS":
            if kinds["actor"]:
                # "an LeJ attack": the perpetrator is not part of the name
                return
            if nxt in ("on", "against", "of"):
                obj_end, specific, person = self._object(v, h + 2)
                if specific and not person:
                    yield Candidate(start, obj_end, "EVENT", RANK_STRUCTURE, "event")
                    return
            if named:
                yield Candidate(start, end, "EVENT", RANK_STRUCTURE, "event")
                return
            if kinds["common"] and start < h and nxt == "in" and self._loc_phrase(v, h + 2):
                # "an insider attack in Zabul": one incident, placed; the place stays its own entity
                yield Candidate(start, end, "EVENT", RANK_STRUCTURE, "event")


def operations(v: DocView, o: int, max_tokens: int) -> Iterator[Candidate]:
    """Named operations: "Operation Cyclone", "Operation Zarb-e-Azb"."""
    d = v.doc
    if o + 1 >= len(d) or not d[o + 1].is_title:
        return
    k = o + 1
    while k < len(d) and k - o <= max_tokens:
        t = d[k]
        if is_capitalised(t) and not t.is_punct or v.glued_hyphen(k) or (t.is_lower and len(t) <= 3 and k + 1 < len(d) and v.glued_hyphen(k + 1)):
            k += 1
            continue
        break
    while k > o + 1 and not is_capitalised(d[k - 1]):
        k -= 1
    if k > o + 1:
        yield Candidate(o, k, "EVENT", RANK_STRUCTURE, "operation")
