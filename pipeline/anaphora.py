"""The commonest anaphora, resolved to the nearest compatible entity mention.

Relation arguments are often not names: "he", "his successor", "its
spokesperson", "the group", "the outfit", "the latter", "the former". This
module finds those anaphors in a document and resolves each to the nearest
preceding argument whose type fits, within a few sentences:

- he/him/his/himself, she/her/herself -> PERSON;
- it/its/itself, "the group", "the outfit", "the organization", "the
  network", "this faction" ... -> ORG;
  they/them/their -> ORG, one sentence back at most ("their" is as often
  people as groups) and agreeing in number;
- "the network", "the faction" -> the latest organisation named with that
  noun ("the Haqqani Network") a few sentences back;
- "the group" with no antecedent nearby -> the organisation the document is
  about (the subject of its opening sentence);
- "the group in Quetta" -> the one organisation an earlier mention placed
  there ("the Usman Kurd group in Quetta");
- "this transnational affiliate" -> the latest organisation an apposition
  described with that noun ("the Islamic State's affiliate in the region,
  ISKP"), and nothing without one;
- "the country" -> the nearest country;
- "the latter" -> the nearest mention of any type; "the former" -> the one
  before it of the same type and a different entity.

Two checks keep this from being merely "nearest": an object pronoun never
takes the subject of its own clause ("Abid join forces with *him*" is not
Abid), and expletive "it" ("it is believed that ...") is no anaphor.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from spacy.tokens import Doc, Token

from .tokens import DocColumns

PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it"})
ORG_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
GROUP_NOUNS = frozenset(
    {"group", "outfit", "organization", "organisation", "network", "faction", "movement", "militia", "chapter", "party", "front", "wing", "alliance", "entity", "offshoot", "affiliate"}
)
GENERIC_GROUP_NOUNS = frozenset({"group", "organization", "organisation", "entity"})
DEFINITE_DETS = frozenset({"the", "this", "that"})
LOCATING_PREPS = frozenset({"in", "from"})
RESTRICTIVE_AFTER = frozenset({"of", "in", "from", "that", "which", "who", "based", "led", "known", "called", "named", "at", "behind"})
EXPLETIVE_HEADS = frozenset(
    {"is", "was", "be", "been", "seems", "seemed", "appears", "appeared", "remains", "remained", "became", "'s"}
)


@dataclass
class Anaphor:
    """An anaphoric expression: its tokens and the type of entity it needs."""

    start: int
    end: int
    want: str  # PERSON, ORG, LOC, ANY
    rule: str  # pronoun, plural, definite, located, described, latter, former, country
    max_sentences: int
    key: tuple[str, ...] = ()  # "located": the place's words ("the group in Quetta"); "described": the noun


@dataclass(frozen=True)
class Candidate:
    """A possible antecedent: a resolved argument already seen in the text."""

    start: int
    end: int
    root: int
    cluster: int
    type: str
    sent: int


def is_expletive(tok: Token) -> bool:
    """'it' in "it is believed that ...", "it seems likely", "it is notable that"."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if any(c.dep_ in ("ccomp", "csubj", "xcomp") for c in head.children):
        if head.lower_ in EXPLETIVE_HEADS or head.tag_ == "VBN" or head.pos_ == "AUX":
            return True
        if any(c.dep_ == "auxpass" for c in head.children):
            return True
    if head.lower_ in EXPLETIVE_HEADS and any(c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ" for c in head.children):
        return True
    return False


ANAPHOR_STARTS = PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS | DEFINITE_DETS


def find_anaphors(
    doc: Doc, taken: Callable[[int], bool], max_sentences: int, columns: DocColumns | None = None
) -> list[Anaphor]:
    """Anaphoric expressions in ``doc`` not overlapping an entity mention (``taken(i)``)."""
    found: list[Anaphor] = []
    n = len(doc)
    lowers = columns.lowers if columns is not None else [t.lower_ for t in doc]
    i = 0
    while i < n:
        low = lowers[i]
        if low not in ANAPHOR_STARTS or taken(i):
            i += 1
            continue
        tok = doc[i]
        if low in PERSON_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            found.append(Anaphor(i, i + 1, "PERSON", "pronoun", max_sentences))
        elif low in ORG_PRONOUNS and tok.tag_ in ("PRP", "PRP$") and not (low == "it" and is_expletive(tok)):
            found.append(Anaphor(i, i + 1, "ORG", "pronoun", max_sentences))
        elif low in PLURAL_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            found.append(Anaphor(i, i + 1, "ORG", "plural", min(1, max_sentences)))
        elif low in DEFINITE_DETS and i + 1 < n and not taken(i + 1):
            nxt = doc[i + 1]
            nlow = nxt.lower_
            after = doc[i + 2] if i + 2 < n else None
            # "the group", but not "the group's founder Ahmad", "the group of militants", "the group in Quetta"
            restrictive = after is not None and (
                after.lower_ in RESTRICTIVE_AFTER or after.pos_ == "PROPN" or taken(after.i) or after.tag_ == "VBN"
            )
            if restrictive and after.lower_ in LOCATING_PREPS and after.head.i != nxt.i and after.head.pos_ in ("VERB", "AUX"):
                restrictive = False  # "led the group from Kunar": the phrase belongs to the verb
            if nlow in GROUP_NOUNS and nxt.tag_ == "NN" and not restrictive:
                found.append(Anaphor(i, i + 2, "ORG", "definite", max_sentences))
                i += 2
                continue
            if nlow in GROUP_NOUNS and nxt.tag_ == "NN" and after is not None and after.lower_ in LOCATING_PREPS:
                place = _place_words(doc, i + 3, taken)
                if place:
                    # "the group in Quetta": the organisation the text placed there
                    found.append(Anaphor(i, i + 2, "ORG", "located", max_sentences, place))
                    i += 2
                    continue
            k = i + 1
            while k < n and k - i <= 3 and doc[k].tag_ in ("JJ", "VBN") and not taken(k):
                k += 1
            if k > i + 1 and k < n and doc[k].lower_ in GROUP_NOUNS and doc[k].tag_ == "NN" and not taken(k):
                # "this transnational affiliate": whom the text described with that noun
                found.append(Anaphor(i, k + 1, "ORG", "described", max_sentences, (doc[k].lower_,)))
                i = k + 1
                continue
            if low == "the" and nlow == "latter":
                found.append(Anaphor(i, i + 2, "ANY", "latter", max_sentences))
                i += 2
                continue
            if low == "the" and nlow == "former" and not (after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ")):
                found.append(Anaphor(i, i + 2, "ANY", "former", max_sentences))
                i += 2
                continue
            if low == "the" and nlow == "country" and not (after is not None and after.lower_ == "of"):
                found.append(Anaphor(i, i + 2, "COUNTRY", "country", max_sentences))
                i += 2
                continue
        i += 1
    return found


def _place_words(doc: Doc, k: int, taken: Callable[[int], bool]) -> tuple[str, ...]:
    """The lower-cased words of the entity mention starting at token ``k`` (empty if none)."""
    words: list[str] = []
    while k < len(doc) and taken(k) and doc[k].pos_ == "PROPN" and len(words) < 4:
        words.append(doc[k].lower_)
        k += 1
    return tuple(words)


def _located(doc: Doc, anaphor: Anaphor, candidates: Sequence[Candidate]) -> Candidate | None:
    """The organisation an earlier mention placed where the description says ("the Usman Kurd
    group in Quetta" ... "the group in Quetta"); none when several were."""
    width = len(anaphor.key)
    found: dict[int, Candidate] = {}
    for cand in candidates:
        if cand.type != "ORG" or cand.end > anaphor.start:
            continue
        k = cand.end
        if k < len(doc) and doc[k].lower_ in GROUP_NOUNS:
            k += 1  # "the Jund al-Nasr group in Quetta" with the name alone marked
        if k < len(doc) and doc[k].lower_ in LOCATING_PREPS:
            k += 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            if tuple(t.lower_ for t in doc[k : k + width]) == anaphor.key:
                found[cand.cluster] = cand
    return next(iter(found.values())) if len(found) == 1 else None


DESCRIPTOR_SKIP = frozenset({"DT", "PRP$", "JJ", "JJS", "JJR", "VBN", "POS", "NNP", "NNPS", "HYPH", "IN", "NN", "CD"})
DESCRIPTOR_OPEN = frozenset({",", "(", "—", "–", ":"})


def _described_as(doc: Doc, cand: Candidate, noun: str, reach: int = 8) -> bool:
    """Whether an apposition next to the mention ``cand`` has ``noun`` as its head: "the
    Islamic State's affiliate in the region, Islamic State Khorasan Province" or "ISKP, the
    Islamic State's affiliate"."""
    j = cand.start - 1
    if j >= 1 and doc[j].text in DESCRIPTOR_OPEN:
        for m in range(j - 1, max(-1, j - 1 - reach), -1):
            t = doc[m]
            if t.lower_ == noun and t.tag_ == "NN":
                return True
            if t.tag_ not in DESCRIPTOR_SKIP or t.is_sent_start:
                break
    k = cand.end
    if k < len(doc) - 1 and doc[k].text in DESCRIPTOR_OPEN:
        for m in range(k + 1, min(len(doc), k + 1 + reach)):
            t = doc[m]
            if t.lower_ == noun and t.tag_ == "NN":
                return True
            if t.tag_ not in DESCRIPTOR_SKIP:
                break
    return False


def _described(doc: Doc, anaphor: Anaphor, candidates: Sequence[Candidate]) -> Candidate | None:
    """The latest organisation the text gave the anaphor's noun in an apposition; none otherwise
    ("this transnational affiliate" is no mere "the group": salience alone would guess)."""
    (noun,) = anaphor.key
    for cand in reversed(candidates):
        if cand.type == "ORG" and cand.end <= anaphor.start and _described_as(doc, cand, noun):
            return cand
    return None


def _clause_subject_roots(tok: Token) -> set[int]:
    """Roots of the subjects of the clause an object pronoun sits in."""
    verb = tok.head
    while verb.dep_ in ("prep", "pobj", "dobj", "dative") and verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    return {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}


WH_WORDS = frozenset({"who", "whom", "which", "that"})


Range = tuple[int, int, int]  # (head token, start, end) of a subject phrase


def _subject_range(doc: Doc, subj: Token, verb: Token) -> Range:
    if subj.lower_ in WH_WORDS and verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        h = verb.head
        return (h.i, h.left_edge.i, h.i + 1)
    return (subj.i, subj.left_edge.i, subj.right_edge.i + 1)


def _subject_ranges_of_chain(doc: Doc, start: int, lo: int, subjects: Sequence[int] | None = None) -> list[Range]:
    """Subjects of the clauses above token ``start`` (nearest first), then of earlier clauses of its sentence.

    ``subjects``: the document's subject token indices in order, when known (saves a scan).
    """
    ranges: list[Range] = []
    t = doc[start]
    for _ in range(10):
        if t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ not in ("nsubj", "nsubjpass") or c.i >= start:
                    continue
                if c.left_edge.i <= start <= c.right_edge.i:
                    continue
                ranges.append(_subject_range(doc, c, t))
        if t.head.i == t.i:
            break
        t = t.head
    # "While LeJ's Choto network continued ..., it also collaborated": earlier subjects, nearest first
    if subjects is None:
        earlier = [k for k in range(start - 1, lo - 1, -1) if doc[k].dep_ in ("nsubj", "nsubjpass")]
    else:
        earlier = subjects[bisect.bisect_left(subjects, lo) : bisect.bisect_left(subjects, start)][::-1]
    for k in earlier:
        c = doc[k]
        if c.right_edge.i < start:
            r = _subject_range(doc, c, c.head)
            if r not in ranges:
                ranges.append(r)
    return ranges


def _subject_ranges_of_segment(doc: Doc, a: int, b: int, heads: Sequence[int] | None = None) -> list[Range]:
    """Subjects of the main clause (and its coordinated clauses) of the segment ``[a, b)``."""
    if heads is None:
        roots = [t for t in doc[a:b] if t.head.i == t.i or not (a <= t.head.i < b)]
    else:
        roots = [doc[i] for i in range(a, b) if heads[i] == i or not (a <= heads[i] < b)]
    verbs: list[Token] = []
    for r in roots:
        verbs.append(r)
        verbs.extend(c for c in r.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    ranges: list[Range] = []
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                ranges.append(_subject_range(doc, c, v))
    # a subject the sentence already gave as a pronoun is its topic ("A appointed B, and he later
    # served ... He was sent ...": B), as centering theory has it
    ranges.sort(key=lambda r: doc[r[0]].tag_ != "PRP")
    # then the objects: "X founded Markaz Dawa-Wal-Irshad. This organisation spawned ..."
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("dobj", "attr"):
                ranges.append((c.i, c.left_edge.i, c.right_edge.i + 1))
    return ranges


def resolve(
    doc: Doc,
    anaphor: Anaphor,
    candidates: Sequence[Candidate],
    sent_of: Callable[[int], int],
    countries: Iterable[int] = (),
    segments: Sequence[tuple[int, int]] = (),
    topic: Candidate | None = None,
    columns: DocColumns | None = None,
) -> Candidate | None:
    """The antecedent of ``anaphor`` among ``candidates`` (in text order, all before it).

    Pronouns and definite noun phrases prefer a salient antecedent: the
    subject of a clause above the anaphor in its own sentence, then (for "he"
    in a biography) the biography's subject if named in this sentence or the
    one before, (for "the group") the organisation the section heading names,
    then the subject of the previous sentence's main clause (a pronoun one
    first); only then the nearest mention (:func:`_nearest`).
    """
    sent = sent_of(anaphor.start)
    country_set = set(countries)
    first = doc[anaphor.start]
    excluded = _bound_positions(first)

    def fits(cand: Candidate) -> bool:
        if cand.end > anaphor.start or cand.root in excluded or any(cand.start <= r < cand.end for r in excluded):
            return False
        if anaphor.want == "ORG" and first.lower_ in ORG_PRONOUNS and cand.type == "LOC" and cand.cluster in country_set:
            return True  # "the Pakistani state ... its role"
        return cand.type == anaphor.want

    if anaphor.rule == "located":
        return _located(doc, anaphor, candidates)
    if anaphor.rule == "described":
        return _described(doc, anaphor, candidates)
    if anaphor.rule == "definite":
        named = _head_named(doc, anaphor, candidates, sent, fits)
        if named is not None:
            return named
    if anaphor.rule in ("pronoun", "plural", "definite"):
        preferred = _salient_ranges(doc, anaphor, candidates, sent, fits, segments, topic, columns)
        found = _first_in_ranges(doc, anaphor, candidates, sent, fits, preferred, topic)
        if found is not None:
            return found
    return _nearest(doc, anaphor, candidates, sent, excluded, country_set)


def _bound_positions(first: Token) -> set[int]:
    """Tokens the anaphor cannot corefer with: the subject of its own clause for an object
    pronoun, the noun an apposition is apposed to for a possessive inside it."""
    if first.lower_ in OBJECT_PRONOUNS and first.dep_ in ("dobj", "pobj", "dative"):
        return _clause_subject_roots(first)
    if first.dep_ == "poss" and first.head.dep_ == "appos" and first.head.head.i != first.head.i:
        # "Jaish al-Adl, its main rival": the possessor of an apposition is not what it is apposed to
        return {first.head.head.i}
    return set()


def _salient_ranges(
    doc: Doc,
    anaphor: Anaphor,
    candidates: Sequence[Candidate],
    sent: int,
    fits: Callable[[Candidate], bool],
    segments: Sequence[tuple[int, int]],
    topic: Candidate | None,
    columns: DocColumns | None,
) -> list[list[Range]]:
    """Where a salient antecedent of a pronoun or definite description is, most salient first."""
    lo_sent = segments[sent][0] if segments and sent < len(segments) else 0
    preferred: list[list[Range]] = [
        _subject_ranges_of_chain(doc, anaphor.start, lo_sent, columns.subjects if columns is not None else None)
    ]
    own = candidates[_first_at(candidates, lo_sent) : _first_at(candidates, anaphor.start)]
    if anaphor.rule == "pronoun" and anaphor.want == "PERSON":
        # past its own clause's subjects, a biography's "he" is its subject whenever the
        # subject was named in this sentence or the one before and no other person was
        # named before it in its own sentence
        subject = _opening_subject(doc, candidates, anaphor.start)
        named_here = any(c.type == "PERSON" for c in own) if segments and sent < len(segments) else False
        if subject is not None and subject.type == "PERSON" and not named_here:
            lo_prev = segments[sent - 1][0] if segments and 1 <= sent <= len(segments) else lo_sent
            recent = candidates[_first_at(candidates, lo_prev) : _first_at(candidates, anaphor.start)]
            near = [c for c in recent if c.cluster == subject.cluster and 0 <= sent - c.sent <= 1 and fits(c)]
            if near:
                preferred.append([(near[-1].root, near[-1].start, near[-1].end)])
    if anaphor.rule == "pronoun":
        # then anyone named earlier in its own sentence, nearest first (Hobbs: the own
        # sentence before the previous one): "... shelter to Ayman al-Zawahiri in Kabul,
        # where he was killed"
        preferred.append([(c.root, c.start, c.end) for c in reversed(own) if c.end <= anaphor.start and fits(c)])
    if anaphor.rule == "definite" and topic is not None:
        preferred.append([(topic.start, topic.start, topic.end)])
    if anaphor.rule == "definite" and doc[anaphor.end - 1].lower_ in GENERIC_GROUP_NOUNS:
        # "the group" is the organisation the document is about when it was named lately
        subject = _discourse_topic(doc, candidates, anaphor.start)
        if subject is not None:
            for c in reversed(candidates[: _first_at(candidates, anaphor.start)]):
                if sent - c.sent > anaphor.max_sentences:
                    break
                if c.cluster == subject.cluster and fits(c):
                    preferred.append([(c.root, c.start, c.end)])
                    break
    if segments and 1 <= sent <= len(segments):
        a, b = segments[sent - 1]
        if columns is None:
            preferred.append(_subject_ranges_of_segment(doc, a, b))
        else:
            key = ("subject_ranges", a, b)
            if key not in columns.memo:
                columns.memo[key] = _subject_ranges_of_segment(doc, a, b, columns.heads)
            preferred.append(columns.memo[key])  # type: ignore[arg-type]
    return preferred


def _first_in_ranges(
    doc: Doc,
    anaphor: Anaphor,
    candidates: Sequence[Candidate],
    sent: int,
    fits: Callable[[Candidate], bool],
    preferred: list[list[Range]],
    topic: Candidate | None,
) -> Candidate | None:
    """The first fitting candidate inside the ranges, in their order (the range's head first)."""
    for ranges in preferred:
        for head, lo, hi in ranges:
            # a name the parser split into several subjects ("Jund al-Nasr" as four) overlaps its range
            k0 = max(0, bisect.bisect_left(candidates, lo, key=lambda c: c.start) - 1)
            k1 = bisect.bisect_left(candidates, hi, key=lambda c: c.start)
            inside = [
                c for c in candidates[k0:k1] if c.end > lo and c.start < hi and fits(c) and sent - c.sent <= anaphor.max_sentences
            ]
            if anaphor.rule == "plural" and doc[head].tag_ in ("NN", "NNP"):
                # "their" agrees with a plural phrase or a group's own name, not with the
                # organisation inside "Taliban leader Mullah Omar"
                inside = [c for c in inside if c.start <= head < c.end]
            inside.sort(key=lambda c: (not (c.start <= head < c.end), c.start))
            if inside:
                return inside[0]
            if topic is not None and (head, lo, hi) == (topic.start, topic.start, topic.end) and anaphor.want == "ORG":
                return topic
    return None


def _nearest(
    doc: Doc,
    anaphor: Anaphor,
    candidates: Sequence[Candidate],
    sent: int,
    excluded: set[int],
    country_set: set[int],
) -> Candidate | None:
    """The nearest fitting mention within reach ("the latter", "the former", "the country" by
    their own rule), else for "the group" or "he" the document's subject (:func:`_opening_subject`)."""
    seen_latter: Candidate | None = None
    for cand in reversed(candidates):
        if cand.end > anaphor.start:
            continue
        if sent - cand.sent > anaphor.max_sentences:
            break
        if cand.root in excluded or any(cand.start <= r < cand.end for r in excluded):
            continue
        if anaphor.rule == "latter":
            if cand.type in ("PERSON", "ORG", "LOC"):
                return cand
            continue
        if anaphor.rule == "former":
            if cand.type not in ("PERSON", "ORG", "LOC"):
                continue
            if seen_latter is None:
                seen_latter = cand
                continue
            if cand.type == seen_latter.type and cand.cluster != seen_latter.cluster:
                return cand
            continue
        if anaphor.rule == "country":
            if cand.type == "LOC" and cand.cluster in country_set:
                return cand
            continue
        if cand.type == anaphor.want:
            return cand
    if anaphor.rule == "definite":
        return _discourse_topic(doc, candidates, anaphor.start)
    if anaphor.rule == "pronoun" and anaphor.want == "PERSON":
        # "he" with nobody named nearby (after an infobox, a list) is a biography's subject
        subject = _opening_subject(doc, candidates, anaphor.start)
        if subject is not None and subject.type == "PERSON" and subject.end <= anaphor.start and not (
            subject.root in excluded or any(subject.start <= r < subject.end for r in excluded)
        ):
            return subject
    return None


def _first_at(candidates: Sequence[Candidate], token: int) -> int:
    """Index of the first candidate starting at or after ``token`` (candidates are in text order)."""
    return bisect.bisect_left(candidates, token, key=lambda c: c.start)


def _head_named(
    doc: Doc, anaphor: Anaphor, candidates: Sequence[Candidate], sent: int, fits: Callable[[Candidate], bool], reach: int = 8
) -> Candidate | None:
    """The latest organisation whose own name ends in the description's noun: "the network" is
    the "Haqqani Network" named a few sentences back, whatever was named in between."""
    noun = doc[anaphor.end - 1].lower_
    if noun in GENERIC_GROUP_NOUNS:
        return None
    for cand in reversed(candidates):
        if sent - cand.sent > reach:
            break
        if fits(cand) and doc[cand.end - 1].lower_ == noun:
            return cand
    return None


def _opening_subject(doc: Doc, candidates: Sequence[Candidate], before: int) -> Candidate | None:
    """What the document is about: the subject of its opening sentence ("Islamic State Khorasan
    Province (ISKP) was formed in 2015 ...", "Hafiz Muhammad Saeed is the founder of ...")."""
    for cand in candidates:
        if cand.end > before or cand.sent > 1:
            break
        if doc[cand.root].dep_ in ("nsubj", "nsubjpass"):
            return cand
    return None


def _discourse_topic(doc: Doc, candidates: Sequence[Candidate], before: int) -> Candidate | None:
    """"The group established its stronghold ..." opening a later paragraph, with no
    organisation nearby, is the organisation the document is about."""
    subject = _opening_subject(doc, candidates, before)
    return subject if subject is not None and subject.type == "ORG" else None
