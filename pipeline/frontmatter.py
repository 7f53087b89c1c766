"""Tell front matter, body and trailing notes of a plain-text document apart.

Front matter (title, section labels and kickers, author names and
affiliations, photo captions and credits, stray layout tokens) is metadata:
the guideline annotates nothing in it, so the body spaCy sees leaves it out.
The heuristics are general, and every cue word lives in the reviewed data
file ``corpus/lexicon/frontmatter.yml``, not here:

1. The body starts at the first *paragraph* line: at least
   ``min_paragraph_words`` words ending a sentence, or
   ``long_paragraph_words`` words at all, that is not a caption or an
   affiliation. Everything before it is the front zone; everything after it
   is body, headings and info-box lines included, except the cuts in 5.
2. In the front zone each line gets one kind, in this order: the line after a
   caption label ("Caption", "Photo") is a caption; a caption label; a line
   starting "Photo:" or ending in a credit parenthesis
   ("(Jane Roe via Getty Images)") is a caption; an exact section label
   ("Commentary"); a stray token (one word, or a short line with digits,
   like "SVG" or "ct 2"); a byline ("By A and B"); an affiliation (a role or
   institution cue word, on a line touching an author line); a person's
   name (2-5 capitalised words or name particles, no digits, no function
   words); otherwise plain text.
3. The title is the first plain-text line of two or more words that is not
   a kicker (a line glued to a section label or stray token without a blank
   line between, a short line with a series cue word like "Journal", or a
   line of label words only like "Research Brief"); failing that the first
   plain-text line, failing that the first name line (a Wikipedia page
   about a person is titled with the name). A next line glued to it
   continues it when the title ends in ":" or a dash or the line starts in
   lower case. A title known from metadata (HTML ``h1``, Markdown YAML)
   wins, and so do authors known from metadata.
4. Authors are the names of the byline lines, or, without a byline, of the
   name lines other than the title and masthead lines (glued to a label or
   stray token), deduplicated in order of appearance (articles repeat the
   author line).
5. Cut from the body: a trailing notes section (a "Notes"/"References"/...
   heading followed by numbered items, or reference-like entries), a
   trailing author bio ("About the Author" in the second half), a run of
   numbered citation lines at the very end, and photo captions inside the
   body (a caption label and its line, a "Photo: ..." line, a line ending
   in a credit parenthesis of two or more words).

The module works on line text with the removal spans (footnote markers,
Markdown markup) already cut, so "Abdul Sayed1" still reads as a name.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from .errors import Errors, InvalidLexicon

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "corpus" / "lexicon" / "frontmatter.yml"

#: Odd spaces mapped to a plain space, and line separators mapped to "\n",
#: one character for one so lengths never change.
SPACE_TRANSLATION = {
    **{cp: " " for cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B))},
    **{cp: "\n" for cp in (0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)},
}

_LIST_KEYS = (
    "section_labels", "series_cues", "affiliation_roles", "affiliation_institutions",
    "caption_labels", "credit_cues", "byline_prefixes", "name_particles", "notes_headings",
    "bio_headings", "not_name_words",
)
_INT_KEYS = ("max_front_lines", "min_paragraph_words", "long_paragraph_words")

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)[.\s]*$")
_TOKEN_STRIP = ".,;:!?\"'“”‘’()[]{}"
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_NOTE_ITEM = re.compile(r"^\s*(?:\[\d{1,3}\]|\[\^[^\]]+\]:|\^|[¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}(?:[.)]|(?=\s)))\s*\S")
_REFERENCE_LIKE = re.compile(r"https?://|www\.|\b(?:1[5-9]|20)\d\d\b|\bibid\b|\bop\. cit\b|\bAccessed\b|\bRetrieved\b", re.I)


@dataclass(frozen=True)
class FrontMatterLexicon:
    """The cue words of ``frontmatter.yml``, case-folded for lookup."""

    section_labels: frozenset[str]
    series_cues: frozenset[str]
    affiliation_roles: frozenset[str]
    affiliation_institutions: frozenset[str]
    caption_labels: frozenset[str]
    credit_cues: tuple[str, ...]
    byline_prefixes: tuple[str, ...]
    name_particles: frozenset[str]
    notes_headings: frozenset[str]
    bio_headings: frozenset[str]
    not_name_words: frozenset[str]
    max_front_lines: int
    min_paragraph_words: int
    long_paragraph_words: int
    _credit_re: re.Pattern[str] = field(repr=False, compare=False, default=re.compile(r"(?!)"))
    _byline_re: re.Pattern[str] = field(repr=False, compare=False, default=re.compile(r"(?!)"))
    _caption_prefix_re: re.Pattern[str] = field(repr=False, compare=False, default=re.compile(r"(?!)"))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], path: Path | str = "<mapping>") -> "FrontMatterLexicon":
        """Validate a parsed YAML mapping and build the lexicon (E007 on any problem)."""
        if not isinstance(data, dict):
            raise InvalidLexicon(Errors.E007.format(path=path, line=1, detail="expected a mapping of cue lists"))
        expected = set(_LIST_KEYS) | set(_INT_KEYS)
        unknown = sorted(set(data) - expected)
        missing = sorted(expected - set(data))
        if unknown or missing:
            detail = "; ".join(
                part
                for part in (
                    f"unknown keys {unknown}" if unknown else "",
                    f"missing keys {missing}" if missing else "",
                )
                if part
            )
            raise InvalidLexicon(Errors.E007.format(path=path, line=1, detail=detail))
        lists: dict[str, list[str]] = {}
        for key in _LIST_KEYS:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise InvalidLexicon(
                    Errors.E007.format(path=path, line=1, detail=f"{key} must be a list of non-empty strings")
                )
            folded = [v.strip().casefold() for v in value]
            if len(set(folded)) != len(folded):
                dupes = sorted({v for v in folded if folded.count(v) > 1})
                raise InvalidLexicon(Errors.E007.format(path=path, line=1, detail=f"{key} repeats {dupes}"))
            lists[key] = [v.strip() for v in value]
        ints: dict[str, int] = {}
        for key in _INT_KEYS:
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidLexicon(Errors.E007.format(path=path, line=1, detail=f"{key} must be a positive integer"))
            ints[key] = value

        def fold(key: str) -> frozenset[str]:
            return frozenset(v.casefold() for v in lists[key])

        cue_parts = []
        for cue in lists["credit_cues"]:
            body = re.escape(cue)
            cue_parts.append(body if cue.isupper() else f"(?i:{body})")
        credit_re = re.compile(r"\b(?:" + "|".join(cue_parts) + r")\b")
        prefixes = sorted(lists["byline_prefixes"], key=len, reverse=True)
        byline_re = re.compile(r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s*[:\-–—]?\s+(?P<names>\S.*)$", re.I)
        labels = sorted(lists["caption_labels"], key=len, reverse=True)
        caption_prefix_re = re.compile(r"^(?:" + "|".join(re.escape(p) for p in labels) + r")s?\s*[:\-–—|]\s*\S", re.I)
        return cls(
            section_labels=fold("section_labels"),
            series_cues=fold("series_cues"),
            affiliation_roles=fold("affiliation_roles"),
            affiliation_institutions=fold("affiliation_institutions"),
            caption_labels=fold("caption_labels"),
            credit_cues=tuple(lists["credit_cues"]),
            byline_prefixes=tuple(lists["byline_prefixes"]),
            name_particles=fold("name_particles"),
            notes_headings=fold("notes_headings"),
            bio_headings=fold("bio_headings"),
            not_name_words=fold("not_name_words"),
            _credit_re=credit_re,
            _byline_re=byline_re,
            _caption_prefix_re=caption_prefix_re,
            **ints,
        )


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None) -> FrontMatterLexicon:
    """Read and validate ``frontmatter.yml`` (cached per path)."""
    path = Path(path) if path is not None else DEFAULT_LEXICON
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidLexicon(Errors.E007.format(path=path, line=0, detail=f"cannot read: {exc.strerror}")) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InvalidLexicon(Errors.E007.format(path=path, line=line, detail=f"invalid YAML: {exc}")) from exc
    return FrontMatterLexicon.from_mapping(data, path)


@dataclass(frozen=True)
class FrontMatter:
    """What :func:`split_front_matter` found.

    Attributes:
        title: the document title as displayed (NFC, spaces collapsed), or None.
        authors: author names in order of first appearance.
        body_ranges: sorted, disjoint ``[start, end)`` ranges of the text that
            make up the body.
        kinds: the kind given to each front-zone line (line text, kind), for
            explaining a decision.
    """

    title: str | None
    authors: list[str]
    body_ranges: list[tuple[int, int]]
    kinds: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    index: int
    start: int
    end: int  # end of the line's content (before "\r\n" / "\n")
    next_start: int  # start of the following line
    text: str  # display text: removal spans cut, NFC, spaces collapsed, stripped


_DISPLAY_TRANSLATION = {**SPACE_TRANSLATION, **{ord(c): None for c in "\u200b\u2060\ufeff\u00ad"}}
"""Odd spaces mapped and invisible characters (zero-width, soft hyphen) dropped, in one pass."""


def display_text(text: str) -> str:
    """Text as shown in metadata: odd spaces mapped, invisible characters dropped, NFC, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text.translate(_DISPLAY_TRANSLATION))
    return " ".join(text.split())


def _cut(text: str, start: int, end: int, removed: Sequence[tuple[int, int]], starts: Sequence[int]) -> str:
    """``text[start:end]`` with the removal spans cut out."""
    i = max(0, bisect.bisect_right(starts, start) - 1)
    out: list[str] = []
    pos = start
    while i < len(removed) and removed[i][0] < end:
        s, e = removed[i]
        if e > pos:
            if s > pos:
                out.append(text[pos:s])
            pos = max(pos, e)
        i += 1
    if pos < end:
        out.append(text[pos:end])
    return "".join(out)


def split_lines(text: str, removed: Sequence[tuple[int, int]] = ()) -> list[_Line]:
    """Lines of ``text`` with offsets and display text (removal spans cut)."""
    starts = [s for s, _ in removed]
    lines: list[_Line] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        next_start = n if nl < 0 else nl + 1
        if end > pos and text[end - 1] == "\r":
            end -= 1
        shown = display_text(_cut(text, pos, end, removed, starts))
        lines.append(_Line(len(lines), pos, end, next_start, shown))
        pos = next_start
    return lines


class _Classifier:
    """Line tests that only need the lexicon."""

    def __init__(self, lex: FrontMatterLexicon) -> None:
        self.lex = lex

    def tokens(self, text: str) -> list[str]:
        return [t.strip(_TOKEN_STRIP).casefold() for t in text.split() if t.strip(_TOKEN_STRIP)]

    def is_label(self, text: str) -> bool:
        return text.rstrip(":").strip().casefold() in self.lex.section_labels

    def is_caption_label(self, text: str) -> bool:
        return text.rstrip(":").strip().casefold() in self.lex.caption_labels

    def credit_paren(self, text: str) -> str | None:
        """The content of a trailing parenthesis that credits a photo, else None."""
        m = _TRAILING_PAREN.search(text)
        if m and self.lex._credit_re.search(m.group(1)):
            return m.group(1)
        return None

    def is_caption_line(self, text: str) -> bool:
        return bool(self.lex._caption_prefix_re.match(text)) or self.credit_paren(text) is not None

    def is_stray(self, text: str) -> bool:
        words = text.split()
        if len(text) <= 5 or len(words) == 1:
            return True
        return len(words) <= 3 and any(c.isdigit() for c in text) and not _SENTENCE_END.search(text)

    def has_affiliation_cue(self, text: str) -> bool:
        toks = self.tokens(text)
        if any(t in self.lex.affiliation_roles for t in toks):
            return True
        n_inst = sum(t in self.lex.affiliation_institutions for t in toks)
        return n_inst >= 2 or (n_inst == 1 and "," in text)

    def is_cue_word(self, token: str) -> bool:
        lex = self.lex
        return (
            token in lex.section_labels
            or token in lex.caption_labels
            or token in lex.affiliation_roles
            or token in lex.affiliation_institutions
            or token in lex.series_cues
            or token in lex.not_name_words
        )

    def single_name(self, text: str) -> bool:
        """2-5 words, each capitalised or a name particle ("bin", "al-Sayed"), at least two capitalised."""
        words = text.split()
        if not 2 <= len(words) <= 5:
            return False
        capitalised = 0
        for word in words:
            folded = word.strip(_TOKEN_STRIP).casefold()
            if not folded or self.is_cue_word(folded):
                return False
            if folded in self.lex.name_particles:
                continue
            if not all(c.isalpha() or c in "’'-." for c in word):
                return False
            head, sep, tail = word.partition("-")
            if not (word[0].isupper() or (sep and head.casefold() in self.lex.name_particles and tail[:1].isupper())):
                return False
            capitalised += 1
        return capitalised >= 2

    def names(self, text: str) -> list[str] | None:
        """The person names a line consists of ("A", "A and B", "A, B & C"), else None."""
        if any(c.isdigit() for c in text) or text.endswith(("!", "?", "…", ":")):
            return None
        parts = [p.strip(" .") for p in _NAME_SPLIT.split(text) if p.strip(" .")]
        if parts and all(self.single_name(p) for p in parts):
            return parts
        return None

    def byline(self, text: str) -> list[str] | None:
        m = self.lex._byline_re.match(text)
        return self.names(m.group("names")) if m else None

    def is_paragraph(self, text: str) -> bool:
        n = len(text.split())
        return (n >= self.lex.min_paragraph_words and bool(_SENTENCE_END.search(text))) or n >= self.lex.long_paragraph_words

    def is_kicker_text(self, text: str) -> bool:
        """A series or section name: a short line with a series cue, or only label words ("Research Brief")."""
        toks = self.tokens(text)
        if len(toks) <= 6 and any(t in self.lex.series_cues for t in toks):
            return True
        labels = self.lex.section_labels | self.lex.series_cues
        return bool(toks) and all(t in labels for t in toks)


def split_front_matter(
    text: str,
    removed: Sequence[tuple[int, int]] = (),
    *,
    lexicon: FrontMatterLexicon | None = None,
    title_hint: str | None = None,
    author_hints: Iterable[str] = (),
) -> FrontMatter:
    """Find the title, the authors and the body ranges of ``text``.

    Args:
        text: the document's original text.
        removed: sorted, disjoint spans that are not text (footnote markers,
            markup); they are ignored when reading lines.
        lexicon: cue words; the default file when None.
        title_hint: a title known from metadata (HTML ``<h1>``, Markdown YAML);
            it wins, and the front-zone line showing it is front matter.
        author_hints: authors known from metadata; they win when given.
    """
    lex = lexicon or load_lexicon()
    cls = _Classifier(lex)
    lines = split_lines(text, removed)
    nonblank = [ln for ln in lines if ln.text]
    if not nonblank:
        return FrontMatter(title=display_text(title_hint) if title_hint else None, authors=list(author_hints), body_ranges=[])

    def glued_before(ln: _Line) -> bool:  # previous line is non-blank (no blank line between)
        return ln.index > 0 and bool(lines[ln.index - 1].text)

    def glued_after(ln: _Line) -> bool:
        return ln.index + 1 < len(lines) and bool(lines[ln.index + 1].text)

    hint_key = display_text(title_hint).casefold() if title_hint else None
    hinted_authors = [display_text(a) for a in author_hints if display_text(a)]
    author_keys = {a.casefold() for a in hinted_authors}

    kinds: dict[int, str] = {}
    body_line: _Line | None = None
    prev: _Line | None = None
    for k, ln in enumerate(nonblank[: lex.max_front_lines]):
        t = ln.text
        prev_kind = kinds.get(prev.index) if prev is not None else None
        prev_glued = prev is not None and glued_before(ln)
        nxt = nonblank[k + 1] if k + 1 < len(nonblank) else None
        next_glued = nxt is not None and glued_after(ln)
        names = cls.names(t)
        if hint_key is not None and t.casefold() == hint_key:
            kind = "title"
        elif prev_kind == "caption_label":
            kind = "caption"
        elif prev_kind == "caption" and prev_glued and cls.credit_paren(t) is not None and len(t.split()) <= 12:
            kind = "caption"
        elif cls.is_caption_label(t):
            kind = "caption_label"
        elif cls.is_caption_line(t):
            kind = "caption"
        elif cls.is_label(t):
            kind = "label"
        elif cls.is_stray(t):
            kind = "stray"
        elif cls.byline(t) is not None or (author_keys and t.casefold() in author_keys):
            kind = "byline"
        elif (
            cls.has_affiliation_cue(t)
            and len(t.split()) <= 30
            and (
                (prev_glued and prev_kind in ("name", "byline", "affiliation"))
                or (next_glued and nxt is not None and (cls.names(nxt.text) is not None or cls.byline(nxt.text) is not None))
            )
        ):
            kind = "affiliation"
        elif names is not None:
            kind = "name"
        elif cls.is_paragraph(t):
            body_line = ln
            break
        else:
            kind = "text"
        kinds[ln.index] = kind
        prev = ln
    else:
        # No paragraph early on: the first line alone is front matter (a
        # title), unless it is the only line.
        first = nonblank[0]
        kinds = {first.index: kinds.get(first.index, "text")} if len(nonblank) > 1 else {}
        body_line = nonblank[1] if len(nonblank) > 1 else first

    front = [ln for ln in nonblank if ln.index in kinds]

    # Title.
    title_line: _Line | None = None
    title: str | None = None
    if hint_key is not None:
        title = display_text(title_hint or "")  # its line, if shown, is already kind "title"
    else:
        def kicker(ln: _Line) -> bool:
            return _glued_to(ln, lines, kinds, ("label", "stray")) or cls.is_kicker_text(ln.text)

        texts = [ln for ln in front if kinds[ln.index] == "text" and len(ln.text.split()) >= 2]
        title_line = next((ln for ln in texts if not kicker(ln)), None) or (texts[0] if texts else None)
        if title_line is None:
            title_line = next((ln for ln in front if kinds[ln.index] == "name"), None)
        if title_line is not None:
            title = title_line.text
            nxt_line = lines[title_line.index + 1] if title_line.index + 1 < len(lines) else None
            if (
                nxt_line is not None
                and nxt_line.text
                and kinds.get(nxt_line.index) == "text"
                and (title.endswith((":", "-", "–", "—")) or nxt_line.text[:1].islower())
            ):
                title = f"{title} {nxt_line.text}"
                kinds[nxt_line.index] = "title"
            kinds[title_line.index] = "title"

    # Authors.
    authors: list[str] = []
    if hinted_authors:
        authors = hinted_authors
    else:
        # A byline is explicit and wins; otherwise name lines that are not
        # masthead (glued to a label or stray token, like "CTC SENTINEL").
        for ln in front:
            if kinds[ln.index] == "byline":
                authors.extend(cls.byline(ln.text) or [])
        if not authors:
            for ln in front:
                if kinds[ln.index] == "name" and not _glued_to(ln, lines, kinds, ("label", "stray")):
                    authors.extend(cls.names(ln.text) or [])
    seen: set[str] = set()
    unique: list[str] = []
    for name in authors:
        if name.casefold() not in seen and (title is None or name.casefold() != title.casefold()):
            seen.add(name.casefold())
            unique.append(name)

    # Body ranges.
    ranges: list[tuple[int, int]] = []
    if body_line is not None:
        body_lines = lines[body_line.index :]
        end = _notes_cut(body_lines, lines, cls)
        while end > body_line.start and text[end - 1].isspace():
            end -= 1
        ranges = _without_captions(body_lines, body_line.start, end, cls)

    return FrontMatter(
        title=title,
        authors=unique,
        body_ranges=ranges,
        kinds=[(ln.text, kinds[ln.index]) for ln in front],
    )


def _glued_to(ln: _Line, lines: list[_Line], kinds: dict[int, str], wanted: tuple[str, ...]) -> bool:
    """Whether a line directly above or below ``ln`` (no blank line between) has a wanted kind."""
    for i in (ln.index - 1, ln.index + 1):
        if 0 <= i < len(lines) and lines[i].text and kinds.get(i) in wanted:
            return True
    return False


def _notes_cut(body_lines: list[_Line], lines: list[_Line], cls: _Classifier) -> int:
    """Where the body ends: before trailing notes, references or author bios."""
    lex = cls.lex
    nonblank = [ln for ln in body_lines if ln.text]
    if not nonblank:
        return body_lines[-1].next_start if body_lines else 0
    end = nonblank[-1].end
    half = lines[len(lines) // 2].index if lines else 0
    for k, ln in enumerate(nonblank):
        heading = ln.text.rstrip(":").strip().casefold()
        following = nonblank[k + 1 : k + 6]
        if heading in lex.notes_headings and following:
            numbered = bool(_NOTE_ITEM.match(following[0].text))
            referencey = ln.index >= half and sum(bool(_REFERENCE_LIKE.search(f.text)) for f in following) * 2 >= len(following)
            if numbered or referencey:
                return ln.start
        if heading in lex.bio_headings and ln.index >= half and k > 0:
            return ln.start
    # A run of numbered citation lines at the very end, without a heading.
    run: list[_Line] = []
    for ln in reversed(nonblank):
        if _NOTE_ITEM.match(ln.text) and _REFERENCE_LIKE.search(ln.text):
            run.append(ln)
        else:
            break
    if len(run) >= 2 and len(run) < len(nonblank):
        return run[-1].start
    return end


def _without_captions(body_lines: list[_Line], start: int, end: int, cls: _Classifier) -> list[tuple[int, int]]:
    """``[start, end)`` minus photo captions inside the body."""
    holes: list[tuple[int, int]] = []
    nonblank = [ln for ln in body_lines if ln.text and ln.start < end]

    def upto_next(k: int) -> int:  # a hole runs to the next text line, blank lines included
        return nonblank[k + 1].start if k + 1 < len(nonblank) else nonblank[k].next_start

    for k, ln in enumerate(nonblank):
        if cls.is_caption_label(ln.text) and k + 1 < len(nonblank):
            holes.append((ln.start, upto_next(k + 1)))
        elif cls.lex._caption_prefix_re.match(ln.text) and len(ln.text.split()) <= 60:
            holes.append((ln.start, upto_next(k)))
        else:
            credit = cls.credit_paren(ln.text)
            if credit is not None and len(credit.split()) >= 2 and len(ln.text.split()) <= 60:
                holes.append((ln.start, upto_next(k)))
    ranges: list[tuple[int, int]] = []
    pos = start
    for s, e in sorted(holes):
        s, e = max(s, pos), min(e, end)
        if s > pos:
            ranges.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        ranges.append((pos, end))
    return ranges
