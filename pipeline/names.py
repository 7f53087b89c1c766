"""Name keys and token-level name logic for the alias resolver.

Whole-string similarity cannot tell that "Bukhari" names the man introduced
as "Qari Ataur Rehman (alias Naeem Bukhari)" while "Mehsud" names nobody in a
text about four Mehsuds. This module gives every surface form a
:class:`NameKey` (folded tokens, honorifics stripped at whitespace-word
boundaries, transliteration variants mapped to one spelling) and says when a
short form *fits* a fuller one (:func:`partial_fit`): a surname, a given
name, the head of an organisation's name, a place without its generic head.
Whether a fit becomes an alias (exactly one candidate) or a refusal (two or
more) is decided by the caller, :mod:`pipeline.components.aliases`.

Method names of :class:`models.AliasMethod` are used for fits of every
entity type: ``surname`` means "the trailing words of the fuller name"
("Kurd" of "Usman Kurd", "Balochistan chapter" of "TTP Balochistan
chapter"), ``given_name`` "its leading words" ("Abid" of "Abid Mehsud",
"Lashkar" of "Lashkar-e-Taiba", "Gulf" of "Gulf region"), ``honorific`` "the
same name without its titles" ("Aslam" of "Ustad Aslam").
"""

from __future__ import annotations

import functools

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from models.lexicon_variants import VariantGroup, VariantsLexicon

from .lexicon import load_entries, load_yaml, strip_lines

QUOTES = "'\"`´‘’‚‛“”„‟′″‹›«»ʹʺʻʼʽʾʿˈ＇＂"
"""Quote and apostrophe variants, deleted when folding (as the scorer does)."""

_OPEN_WRAP = "\"'“‘«‹([{"
_CLOSE_WRAP = "\"'”’»›)]}"
_SEPARATORS = "/⁄∕\\−"
_QUOTE_TABLE = {ord(q): None for q in QUOTES}
_DQUOTE_TABLE = {ord(q): None for q in "\"“”„‟«»＂"}
_FOOTNOTE_RE = re.compile(r"(?<=[^\W\d_])\.?\d+$")  # "Basra33", "Shah.65": digits glued to a word
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s$|(?<=s)['’]$")
_INNER_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s(?=\s)")  # "TTP’s suicide brigade" -> "TTP suicide brigade"
_LEADING_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_ABBREV_END_RE = re.compile(r"(?:^|[\s.])[^\W\d_]{1,2}\.$")  # "U.S." "Jr." keep their final dot

EVENT_STOPWORDS = frozenset(
    {"the", "of", "a", "an", "in", "on", "at", "and", "to", "by", "attack", "attacks", "bombing", "bombings"}
)
"""Words that do not make an event short form specific ("attack" alone names nothing)."""


# --------------------------------------------------------------------------- surface forms


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a mention's form as an alias is written (ANNOTATION section 3).

    Trims surrounding whitespace and quotes, a leading "the", trailing
    footnote digits glued to the last word ("Basra33"), a possessive 's
    ("LeJ’s", "Aqdas’") and trailing commas or full stops (not the dot of
    "U.S."). Returns ``(start, end)`` unchanged if nothing would be left.
    """
    s0 = max(0, start)
    trimmed = _clean_chunk(text[s0 : min(end, len(text))])
    if trimmed is None:
        return start, end
    return s0 + trimmed[0], s0 + trimmed[1]


@functools.lru_cache(maxsize=1 << 16)
def _clean_chunk(text: str) -> tuple[int, int] | None:
    """:func:`clean_span` of a whole string (None if nothing would be left), kept per string:
    the cleaning reads nothing outside the span, and a document repeats its names."""
    s, e = 0, len(text)
    for _ in range(8):  # each pass removes at most one layer; names never need more
        before = (s, e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and text[s] in _OPEN_WRAP and not _closes_inside(text, s, e):
            s += 1
        if e > s and text[e - 1] in _CLOSE_WRAP and not _opens_inside(text, s, e):
            if not (text[e - 1] in "'’" and _POSSESSIVE_RE.search(text[s:e])):
                e -= 1
        m = _LEADING_THE_RE.match(text[s:e])
        if m and e - s > m.end():
            s += m.end()
        chunk = text[s:e]
        m = _FOOTNOTE_RE.search(chunk)
        if m and m.start() > 0:
            e = s + m.start()
            chunk = text[s:e]
        m = _POSSESSIVE_RE.search(chunk)
        if m and m.start() > 0:
            e = s + m.start()
            chunk = text[s:e]
        while e > s and text[e - 1] in ",;:!?":
            e -= 1
        if e > s and text[e - 1] == "." and not _ABBREV_END_RE.search(text[s:e]):
            e -= 1
        if (s, e) == before:
            break
    if s >= e:
        return None
    return s, e


def _closes_inside(text: str, s: int, e: int) -> bool:
    """True when the bracket at ``s`` is closed inside the span (so it belongs to the name)."""
    pair = {"(": ")", "[": "]", "{": "}"}.get(text[s])
    return pair is not None and pair in text[s + 1 : e - 1]


def _opens_inside(text: str, s: int, e: int) -> bool:
    pair = {")": "(", "]": "[", "}": "{"}.get(text[e - 1])
    return pair is not None and pair in text[s + 1 : e - 1]


def clean_form(form: str) -> str:
    """The alias form of a surface string: :func:`clean_span` applied, double quotes dropped, whitespace collapsed.

    Apostrophes stay ("al-Qa'ida"); double quotes inside a name are markup
    ("the “Amjad Farooqi” group" -> "Amjad Farooqi group"), and a possessive
    inside goes as at the end ("TTP’s suicide brigade" -> "TTP suicide brigade").
    """
    s, e = clean_span(form, 0, len(form))
    return " ".join(_INNER_POSSESSIVE_RE.sub("", form[s:e].translate(_DQUOTE_TABLE)).split())


def fold(text: str) -> str:
    """Accents removed, quotes deleted, dashes and slashes made spaces, case-folded."""
    text = text.translate(_QUOTE_TABLE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = "".join(" " if unicodedata.category(c) == "Pd" or c in _SEPARATORS else c for c in text)
    return text.casefold()


def word_tokens(word: str) -> list[str]:
    """Folded tokens of one whitespace word: "Zia-ul-Haq" -> zia, ul, haq; "U.S." -> us."""
    folded = fold(word)
    if "." in folded and all(len(p) <= 2 for p in folded.strip(".").split(".")):
        folded = folded.replace(".", "")  # an abbreviation with dots is one token
    return _TOKEN_RE.findall(folded)


def is_acronym(form: str) -> bool:
    """An acronym or initialism ("LeJ", "TTP", "U.S.", "LeJ-A"): never fuzzy-matched.

    One whitespace word of letters (dots, hyphens, slashes allowed), at most
    ten letters, at least two capitals and at least half of them capitals.
    """
    form = form.strip()
    if not form or any(c.isspace() for c in form) or any(c.isdigit() for c in form):
        return False
    letters = [c for c in form if c.isalpha()]
    if not letters or len(letters) > 10 or not all(c.isalpha() or c in ".-/&’'" for c in form):
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters)


def acronym_key(form: str) -> str:
    """Letters and digits of an acronym, case-folded: "U.S." and "US" -> "us"."""
    return "".join(c for c in fold(form) if c.isalnum())


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class NameLexicon:
    """Everything the name logic looks up: titles, particles and variant spellings.

    ``titles`` are token tuples (``("prime", "minister")``); a title is
    stripped only as whole whitespace words at the start of a name and only
    while enough name is left (see :meth:`key`).
    """

    titles: frozenset[tuple[str, ...]] = frozenset()
    particles: frozenset[str] = frozenset()
    canon: dict[str, str] = field(default_factory=dict)
    joined_suffixes: frozenset[str] = frozenset()
    linking_particles: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    demonym_endings: tuple[str, ...] = ()
    place_qualifiers: frozenset[str] = frozenset()
    nasab_particles: frozenset[str] = frozenset()
    _keys: dict[str, "NameKey"] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        variants: VariantsLexicon | None = None,
        titles: Iterable[str] = (),
        particles: Iterable[str] = (),
    ) -> "NameLexicon":
        """A lexicon from the variants file and honorific forms (titles and particles)."""
        variants = variants or VariantsLexicon()
        canon: dict[str, str] = {}
        for group in variants.variants:
            tokens = ["".join(word_tokens(f)) for f in group.forms]
            for t in tokens:
                canon[t] = tokens[0]
        title_keys = {tuple(canon.get(t, t) for w in title.split() for t in word_tokens(w)) for title in titles}
        return cls(
            titles=frozenset(t for t in title_keys if t),
            particles=frozenset("".join(word_tokens(p)) for p in particles if word_tokens(p)),
            canon=canon,
            joined_suffixes=frozenset(s.casefold() for s in variants.joined_suffixes),
            linking_particles=frozenset(s.casefold() for s in variants.linking_particles),
            place_heads=frozenset(s.casefold() for s in variants.place_heads),
            demonym_endings=tuple(sorted({s.casefold() for s in variants.demonym_endings}, key=len, reverse=True)),
            place_qualifiers=frozenset(t for q in variants.place_qualifiers for t in ["".join(word_tokens(q))]),
            nasab_particles=frozenset(canon.get(t, t) for p in variants.nasab_particles for t in word_tokens(p)),
        )

    # ---------------------------------------------------------------- keys

    def canonical(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Tokens with joined suffixes attached ("hakeem ullah" -> "hakeemullah") and variants mapped."""
        joined: list[str] = []
        for t in tokens:
            if joined and t in self.joined_suffixes:
                joined[-1] = joined[-1] + t
            else:
                joined.append(t)
        return tuple(self.canon.get(t, t) for t in joined)

    def _title_at(self, words: Sequence[list[str]], i: int) -> int:
        """Number of whitespace words of the longest title starting at word ``i`` (0 if none)."""
        best = 0
        for n in range(1, min(3, len(words) - i) + 1):
            toks = tuple(self.canon.get(t, t) for w in words[i : i + n] for t in w)
            if toks in self.titles:
                best = n
        return best

    def strip_titles(self, words: Sequence[list[str]], keep: int, most: int = 3) -> tuple[int, int]:
        """(first word index after leading titles, number of titles stripped).

        A title goes only as whole whitespace words ("Hafiz" never eats
        "Hafizullah" or "Hafiz-ur-Rehman") and only while at least ``keep``
        tokens of name remain after it.
        """
        i = stripped = 0
        while i < len(words) and stripped < most:
            n = self._title_at(words, i)
            if not n:
                break
            rest = sum(len(w) for w in words[i + n :])
            if rest < keep:
                break
            i += n
            stripped += 1
        return i, stripped

    def key(self, form: str) -> "NameKey":
        """The :class:`NameKey` of a surface form (already cleaned with :func:`clean_form`); cached."""
        hit = self._keys.get(form)
        if hit is None:
            hit = self._keys[form] = self._make_key(form)
        return hit

    def _make_key(self, form: str) -> "NameKey":
        words = [word_tokens(w) for w in form.split()]
        words = [w for w in words if w]
        raw = tuple(t for w in words for t in w)
        core_at, n_core = self.strip_titles(words, keep=2)
        one_at, n_one = self.strip_titles(words, keep=1, most=1)
        bare_at, n_bare = (one_at, n_one) if one_at > core_at else (core_at, n_core)
        canon = self.canonical(raw)
        core = self.canonical([t for w in words[core_at:] for t in w])
        bare = self.canonical([t for w in words[bare_at:] for t in w])
        raw_core = tuple(t for w in words[core_at:] for t in w)
        return NameKey(raw=raw, canon=canon, core=core, bare=bare, raw_core=raw_core, titles=n_bare)

    def is_title(self, tokens: Sequence[str]) -> bool:
        """True when the (canonical) tokens are exactly one title ("Mullah", "Prime Minister")."""
        return tuple(self.canon.get(t, t) for t in tokens) in self.titles

    def is_particle(self, token: str) -> bool:
        return token in self.particles or token in self.linking_particles


@dataclass(frozen=True)
class NameKey:
    """Comparable views of one surface form.

    - ``raw``: folded tokens as written.
    - ``canon``: ``raw`` with joined suffixes attached and variant spellings mapped.
    - ``core``: ``canon`` without leading titles, keeping at least two tokens
      ("Syed Ghulam Rasool Shah" -> ghulam rasool shah, "Ustad Ali" stays).
      Equal cores mean the same name (method ``exact``/``variant``/``honorific``).
    - ``bare``: ``canon`` without its leading title even when one name token
      is left ("Ustad Ali" -> ali; only one title then, so "Hajji Malik
      Noorzai" -> malik noorzai); used for fits, never for equality, so a bare
      "Ali" can still be found ambiguous between "Ustad Ali" and "Ali Bin Sufiyan".
    - ``raw_core``: ``core`` before variants (tells a variant from an honorific link).
    """

    raw: tuple[str, ...]
    canon: tuple[str, ...]
    core: tuple[str, ...]
    bare: tuple[str, ...]
    raw_core: tuple[str, ...]
    titles: int = 0

    @property
    def size(self) -> int:
        return len(self.canon)


def load_name_lexicon(lexicon_dir: str | Path) -> NameLexicon:
    """Read ``variants.yml`` and ``honorifics.yml`` (either may be missing) from a lexicon folder."""
    folder = Path(lexicon_dir)
    variants = load_variants(folder / "variants.yml") if (folder / "variants.yml").exists() else None
    titles: list[str] = []
    particles: list[str] = []
    honorifics = folder / "honorifics.yml"
    if honorifics.exists():
        titles, particles = load_honorifics(honorifics)
    return NameLexicon.build(variants, titles=titles, particles=particles)


def load_variants(path: str | Path) -> VariantsLexicon:
    """Validate ``variants.yml``; a bad entry fails with its file and line (E007)."""
    groups = load_entries(path, VariantGroup, key="variants")
    data = strip_lines(load_yaml(str(path)))
    rest = {k: v for k, v in data.items() if k != "variants"}
    return _validated(path, rest, groups)


def _validated(path: str | Path, rest: dict, groups: list[VariantGroup]) -> VariantsLexicon:
    from pydantic import ValidationError

    from .errors import Errors, InvalidLexicon

    try:
        return VariantsLexicon.model_validate({**rest, "variants": groups})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InvalidLexicon(Errors.E007.format(path=path, line=0, detail=f"{loc}: {first['msg']}")) from exc


def load_honorifics(path: str | Path) -> tuple[list[str], list[str]]:
    """(titles, particles) of ``honorifics.yml`` (entries ``{form, kind}``, see :class:`models.lexicon.HonorificEntry`).

    Titles and offices ("Qari", "Prime Minister") are stripped before a
    name; particles and prefixes ("bin", "ur", "Abu") are parts of names.
    """
    from models.lexicon import HonorificEntry

    titles, particles = [], []
    for entry in load_entries(path, HonorificEntry):
        kind = entry.kind.value
        (titles if kind in ("title", "office") else particles).append(entry.form)
    return titles, particles


# --------------------------------------------------------------------------- fits


def _is_subsequence(short: Sequence[str], full: Sequence[str]) -> bool:
    it = iter(full)
    return all(t in it for t in short)


def person_fit(short: NameKey, full: NameKey, lex: NameLexicon) -> str | None:
    """How a person's short form fits a fuller name, or None.

    A single token fits as the surname (last token) or the given name (first
    token after titles); several tokens fit as a trailing or leading run, or
    as given name ... surname with words left out ("Hafiz Saeed" of "Hafiz
    Muhammad Saeed"). Particles alone fit nothing, and a title alone only
    where the fuller name keeps it as its first name word ("Malik" of
    "Hajji Malik Noorzai", never "Mullah" of "Mullah Mohammed Omar"). A titled short
    form fits only as a surname ("Ambassador Carney" of "Timothy Carney",
    never "Mullah Omar" of "Umar Faiz Aqdas"). A trailing run right after a
    nasab particle names an ancestor, not the man: "Laden" and "Mohammed bin
    Awad bin Laden" do not fit "Osama bin Mohammed bin Awad bin Laden";
    "bin Laden" does.
    """
    if not short.canon:
        return None
    meaningful = [t for t in short.bare if not lex.is_particle(t) and len(t) > 1]
    if not meaningful:
        return None
    if lex.is_title(short.canon):  # "Malik" alone: only where the fuller name keeps it as a name word
        return "given_name" if full.core[: short.size] == short.canon and full.core != short.canon else None
    titled = short.titles > 0
    for s in dict.fromkeys((short.canon, short.core, short.bare)):
        if not s or len(s) >= full.size:
            continue
        if s == full.bare and full.titles:
            return "honorific"
        for is_core, f in ((True, full.core), (False, full.canon)):
            if len(s) >= len(f):
                continue
            if f[-len(s) :] == s and f[-len(s) - 1] not in lex.nasab_particles:
                return "surname"
            if is_core and not titled and f[: len(s)] == s:
                return "given_name"
            if len(s) >= 2 and s[0] == f[0] and s[-1] == f[-1] and _is_subsequence(s, f):
                return "surname"
    return None


def org_fit(short: NameKey, full: NameKey, lex: NameLexicon, places: frozenset[tuple[str, ...]] = frozenset()) -> str | None:
    """An organisation's short form: its trailing words, or the head before a linking particle.

    "Choto network" of "Asif Choto Network" and "Taliban" of "Afghan
    Taliban" are trailing runs; "Lashkar" of "Lashkar-e-Taiba" is the head of
    an izafat compound. "Islamic State" is *not* a short form of "Islamic
    State Khorasan Province" (a leading run without a particle after it),
    and a place of the document ("Pakistan") is no short form of an
    organisation named after it.
    """
    s, f = short.canon, full.canon
    if not s or len(s) >= len(f):
        return None
    if all(lex.is_particle(t) for t in s) or s in places:
        return None
    if f[-len(s) :] == s:
        return "surname"
    if f[: len(s)] == s and f[len(s)] in lex.linking_particles:
        return "given_name"
    return None


def loc_fit(short: NameKey, full: NameKey, lex: NameLexicon, places: frozenset[tuple[str, ...]] = frozenset()) -> str | None:
    """A place without its generic head ("Gulf" of "Gulf region") or its nationality adjective.

    "Kashmir" fits "Indian Kashmir"; "Waziristan" does not fit "South
    Waziristan" (a qualifier makes another place), and "Khyber" does not fit
    "Khyber Pakhtunkhwa". ``places`` holds the place keys of the document, so
    an adjective that is itself a place ("Jordan Valley") is no demonym.
    """
    s, f = short.canon, full.canon
    if not s or len(s) >= len(f):
        return None
    if f[: len(s)] == s and all(t in lex.place_heads for t in f[len(s) :]):
        return "given_name"
    if len(f) == len(s) + 1 and f[1:] == s:
        adj = f[0]
        if (
            adj not in lex.place_qualifiers
            and (adj,) not in places
            and any(adj.endswith(end) and len(adj) > len(end) + 2 for end in lex.demonym_endings)
        ):
            return "surname"
    return None


def event_fit(short: NameKey, full: NameKey, lex: NameLexicon) -> str | None:
    """A leading or trailing run of an event's name that still says which event.

    "9/11" of "9/11 attacks", "U.S. invasion" of "U.S. invasion of
    Afghanistan", "War on Terror" of "Global War on Terror"; never a bare
    "attack" or "war".
    """
    s, f = short.raw, full.raw
    if not s or len(s) >= len(f):
        return None
    content = [t for t in s if t not in EVENT_STOPWORDS]
    if not content or (len(s) < 2 and not any(c.isdigit() for c in s[0])):
        return None
    if f[: len(s)] == s:
        return "given_name"
    if f[-len(s) :] == s:
        return "surname"
    return None


def partial_fit(
    short: NameKey, full: NameKey, etype: str, lex: NameLexicon, places: frozenset[tuple[str, ...]] = frozenset()
) -> str | None:
    """How ``short`` fits ``full`` for an entity type (an :class:`models.AliasMethod` value), or None."""
    if etype == "PERSON":
        return person_fit(short, full, lex)
    if etype == "ORG":
        return org_fit(short, full, lex, places)
    if etype == "LOC":
        return loc_fit(short, full, lex, places)
    if etype == "EVENT":
        return event_fit(short, full, lex)
    return None


def fit_tokens(key: NameKey, etype: str) -> set[str]:
    """Tokens under which a short form looks for fuller names (an index, never a decision)."""
    if etype == "PERSON":
        toks = {*key.canon[:1], *key.canon[-1:], *key.core[:1], *key.bare[:1], *key.bare[-1:]}
    elif etype == "EVENT":
        toks = {*key.raw[:1], *key.raw[-1:]}
    else:
        toks = {*key.canon[:1], *key.canon[-1:]}
    return {t for t in toks if t}


def index_tokens(key: NameKey, etype: str) -> set[str]:
    """Tokens under which a fuller name is indexed for :func:`fit_tokens` look-ups."""
    if etype == "EVENT":
        return set(key.raw)
    return set(key.canon) | set(key.core) | set(key.bare)


def initials(form: str, lex: NameLexicon | None = None) -> set[str]:
    """Initialisms a multiword name can be abbreviated to ("Tehrik-e-Taliban Pakistan" -> ttp, tetp).

    Words are split at whitespace and hyphens. Variants: every part's first
    letter; capitalised parts only; an acronym part kept whole ("LeJ
    al-Alami" -> leja). Function words (of, the, and) are skipped in the
    capitalised variant.
    """
    parts = [p for w in form.split() for p in re.split(r"[-‐‑–—/]", w) if p]
    parts = [p.strip(QUOTES + ".,()") for p in parts]
    parts = [p for p in parts if p and p[0].isalnum()]
    if len(parts) < 2:
        return set()
    out = {"".join(fold(p[0]) for p in parts)}
    caps = [p for p in parts if p[0].isupper() or p[0].isdigit()]
    if len(caps) >= 2:  # "TTP suicide brigade" is no "TTP"
        out.add("".join(acronym_key(p) if is_acronym(p) else fold(p[0]) for p in caps))
        out.add("".join(fold(p[0]) for p in caps))
    return {o for o in out if len(o) >= 2}
