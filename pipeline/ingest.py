"""Read a document and hand the pipeline a clean body with a map back to the source.

Two texts matter, and every offset says which one it indexes:

- ``SourceDoc.original`` is the text all offsets the product emits point
  into. For ``.txt`` and ``.md`` it is the decoded file exactly as it is
  (line endings, footnote digits, markup, front matter and all; only a
  byte-order mark is not text and is dropped). For ``.html``/``.htm`` it is
  the text rendered from the markup by :mod:`pipeline.html_text` (offsets
  into markup would point into tags nobody reads).
- ``SourceDoc.body`` is what spaCy sees: the body segments of ``original``
  only (front matter, trailing notes and photo captions left out, see
  :mod:`pipeline.frontmatter`), with footnote markers removed (see
  :mod:`pipeline.footnotes`), Markdown markup removed, odd spaces made plain
  spaces, "\\r\\n" made "\\n", zero-width characters dropped and Unicode
  NFC-normalised. Every other character is the original's.

``SourceDoc.offsets[i]`` is the index in ``original`` of body character
``i``; ``offsets[len(body)]`` is a sentinel just past the last body
character's source. :meth:`SourceDoc.to_original` maps a body span to the
original span showing the same mention: it ends where the span's last
character ends, so it never swallows a removed footnote digit after it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import yaml

from .errors import Errors, InvalidInput
from .footnotes import footnote_spans, merge_spans
from .frontmatter import SPACE_TRANSLATION, FrontMatterLexicon, display_text, split_front_matter
from .html_text import render_html

#: File suffix -> format.
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

#: Invisible characters dropped from the body (zero-width space, word joiner,
#: stray BOM, soft hyphen, direction marks). ZWJ/ZWNJ stay: they spell
#: Persian and Urdu words.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u200e\u200f]|\r(?=\n)")


@dataclass(frozen=True)
class SourceDoc:
    """One input document: its original text, metadata and the cleaned body.

    Attributes:
        doc_id: the file stem (or the id given to :func:`ingest_text`).
        path: the file read, None for text handed in directly.
        fmt: "txt", "md" or "html".
        original: the text offsets index (see the module docstring).
        title: from the front matter (or HTML/Markdown metadata), None if none.
        authors: author names from the front matter or metadata.
        body: the cleaned text for the NLP pipeline.
        offsets: ``len(body) + 1`` indices into ``original``; non-decreasing.
        sha256: hex digest of the raw input bytes (resume key).
        n_words: whitespace-separated words in ``body``.
        merged_ends: for body characters that NFC made out of several original
            characters, the end of their source cluster (others end at
            ``offsets[i] + 1``).
    """

    doc_id: str
    path: Path | None
    fmt: str
    original: str = field(repr=False)
    title: str | None
    authors: list[str]
    body: str = field(repr=False)
    offsets: array = field(repr=False)
    sha256: str
    n_words: int
    merged_ends: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def _end_of(self, i: int) -> int:
        return self.merged_ends.get(i, self.offsets[i] + 1)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the body span ``[start, end)`` to its span in ``original``.

        ``original[ostart:oend]`` is the mention as written: for a span with
        no removed character inside it, it equals ``body[start:end]`` up to
        NFC and odd spaces; removed characters inside the span (a footnote
        between two words) are included, removed characters just after it
        are not.

        Raises:
            ValueError: the span is not inside the body.
        """
        if not 0 <= start <= end <= len(self.body):
            raise ValueError(f"span [{start}, {end}) is outside the body of {self.doc_id!r} (length {len(self.body)})")
        if start == end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self._end_of(end - 1)


def read_source(path: Path, *, max_bytes: int) -> SourceDoc:
    """Read a ``.txt``, ``.md`` or ``.html`` file into a :class:`SourceDoc`.

    Raises:
        InvalidInput: E001 missing, E006 unsupported suffix, E005 larger than
            ``max_bytes``, E002 empty, E003 binary, E004 undecodable.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(Errors.E001.format(path=path))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(Errors.E006.format(path=path, suffix=path.suffix or "(none)"))
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidInput(Errors.E005.format(path=path, size=size, limit=max_bytes))
    data = path.read_bytes()
    if len(data) > max_bytes:  # grew since stat
        raise InvalidInput(Errors.E005.format(path=path, size=len(data), limit=max_bytes))
    text = decode_bytes(data, path)
    return ingest_text(text, path.stem, fmt=fmt, path=path, sha256=hashlib.sha256(data).hexdigest())


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes, path: Path | str) -> str:
    """Decode file bytes: a BOM's encoding, else UTF-8, else a confident guess.

    Raises:
        InvalidInput: E002 empty, E003 NUL bytes (binary), E004 no encoding fits.
    """
    if not data.strip():
        raise InvalidInput(Errors.E002.format(path=path))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InvalidInput(Errors.E004.format(path=path, detail=f"invalid {encoding} after its byte-order mark: {exc.reason} at byte {exc.start}")) from exc
            return _check_text(text.lstrip("\ufeff"), path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InvalidInput(Errors.E003.format(path=path, offset=nul))
    try:
        return _check_text(data.decode("utf-8"), path)
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InvalidInput(Errors.E004.format(path=path, detail=f"{utf8_error} and no confident guess of its encoding"))
    return _check_text(str(best), path)


def _check_text(text: str, path: Path | str) -> str:
    if not text.strip():
        raise InvalidInput(Errors.E002.format(path=path))
    return text


def ingest_text(
    original: str,
    doc_id: str,
    *,
    fmt: str = "txt",
    path: Path | None = None,
    sha256: str | None = None,
    lexicon: FrontMatterLexicon | None = None,
) -> SourceDoc:
    """Build a :class:`SourceDoc` from decoded text.

    Args:
        original: the decoded file. For ``fmt="html"`` this is the markup;
            the document's ``original`` becomes its rendered text.
        doc_id: the document id (a file stem).
        fmt: "txt", "md" or "html".
        path: the file it came from, for messages and the record.
        sha256: digest of the raw bytes; of ``original`` as UTF-8 when None.
        lexicon: front-matter cue words; the default file when None.

    Raises:
        InvalidInput: E006 unknown ``fmt``, E002 no text.
    """
    where = path if path is not None else doc_id
    if fmt not in ("txt", "md", "html"):
        raise InvalidInput(Errors.E006.format(path=where, suffix=fmt))
    digest = sha256 or hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()
    title_hint: str | None = None
    author_hints: list[str] = []
    extra_removed: list[tuple[int, int]] = []
    text = original
    if fmt == "html":
        rendered = render_html(original)
        text, title_hint, author_hints = rendered.text, rendered.title, rendered.authors
    elif fmt == "md":
        extra_removed, meta = markdown_markup_spans(text)
        title_hint, author_hints = _markdown_meta(meta)
    if not text.strip():
        raise InvalidInput(Errors.E002.format(path=where))

    removed = merge_spans([*footnote_spans(text), *extra_removed, *((m.start(), m.end()) for m in _INVISIBLE.finditer(text))])
    front = split_front_matter(text, removed, lexicon=lexicon, title_hint=title_hint, author_hints=author_hints)
    body, offsets, merged_ends = _build_body(text, front.body_ranges, removed)
    return SourceDoc(
        doc_id=doc_id,
        path=path,
        fmt=fmt,
        original=text,
        title=front.title,
        authors=list(front.authors),
        body=body,
        offsets=offsets,
        sha256=digest,
        n_words=len(body.split()),
        merged_ends=merged_ends,
    )


# --- body and character map -------------------------------------------------


def extend_range(offsets: array, start: int, stop: int) -> None:
    """``offsets.extend(range(start, stop))`` in one copy: a body maps each of its characters."""
    if stop - start < 64:  # short runs: numpy's set-up costs more than the loop
        offsets.extend(range(start, stop))
    else:
        offsets.frombytes(numpy.arange(start, stop, dtype=numpy.int64).tobytes())


def _build_body(
    text: str, ranges: list[tuple[int, int]], removed: list[tuple[int, int]]
) -> tuple[str, array, dict[int, int]]:
    """Concatenate the body ranges minus removed spans; map, then NFC."""
    starts = [s for s, _ in removed]
    pieces: list[str] = []
    offsets = array("q")
    for range_start, range_end in ranges:
        pos = range_start
        i = max(0, bisect.bisect_right(starts, range_start) - 1)
        while i < len(removed) and removed[i][0] < range_end:
            s, e = removed[i]
            i += 1
            if e <= pos:
                continue
            if s > pos:
                pieces.append(text[pos:s])
                extend_range(offsets, pos, s)
            pos = max(pos, min(e, range_end))
        if pos < range_end:
            pieces.append(text[pos:range_end])
            extend_range(offsets, pos, range_end)
    body = "".join(pieces).translate(SPACE_TRANSLATION)
    merged_ends: dict[int, int] = {}
    if not unicodedata.is_normalized("NFC", body):
        body, offsets, merged_ends = _nfc_with_map(body, offsets)
    if body:
        sentinel = merged_ends.get(len(body) - 1, offsets[-1] + 1)
    else:
        sentinel = ranges[0][0] if ranges else len(text)
    offsets.append(sentinel)
    return body, offsets, merged_ends


@lru_cache(maxsize=1)
def _composing_starters() -> frozenset[str]:
    """Characters of combining class 0 that NFC can still merge into the character before.

    The second character of every two-character canonical decomposition
    (e.g. Bengali U+09BE), plus the Hangul vowel and trailing consonant jamo.
    A cluster boundary is safe only before a starter that is not one of these.
    """
    found = {chr(cp) for cp in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for cp in range(0x30000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                second = chr(int(parts[1], 16))
                if unicodedata.combining(second) == 0:
                    found.add(second)
    return frozenset(found)


def _nfc_with_map(body: str, offsets: array) -> tuple[str, array, dict[int, int]]:
    """NFC-normalise cluster by cluster, mapping each output character back.

    A cluster is a starter and the characters NFC may merge into it. An
    unchanged cluster keeps its one-to-one map; a changed one maps every
    output character to the whole source cluster (start of its first
    character, end of its last).
    """
    composing = _composing_starters()
    out: list[str] = []
    new_offsets = array("q")
    merged_ends: dict[int, int] = {}
    n = len(body)
    i = 0
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(body[j]) or body[j] in composing):
            j += 1
        cluster = body[i:j]
        normal = unicodedata.normalize("NFC", cluster)
        if normal == cluster:
            out.append(cluster)
            new_offsets.extend(offsets[i:j])
        else:
            first = offsets[i]
            last_end = offsets[j - 1] + 1
            for _ in normal:
                merged_ends[len(new_offsets)] = last_end
                new_offsets.append(first)
            out.append(normal)
        i = j
    return "".join(out), new_offsets, merged_ends


# --- Markdown ---------------------------------------------------------------

_MD_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MD_LINE_RULES = (
    re.compile(r"^[ ]{0,3}(?:>[ ]?)+", re.M),  # blockquote markers
    re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]+|(?=\r?$))", re.M),  # ATX heading opener
    re.compile(r"(?<=\S)[ \t]+#+[ \t]*(?=\r?$)", re.M),  # ATX heading closer
    re.compile(r"^[ ]{0,3}[-*+][ \t]+(?=\S)", re.M),  # bullet
    re.compile(r"^[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,}|=+[ \t]*)(?=\r?$)", re.M),  # rules, setext
    re.compile(r"^[ ]{0,3}\[\^?[^\]\n]+\]:[ \t]*\S[^\n]*", re.M),  # footnote / link definitions
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images (alt text is a caption)
)
_MD_PAIRED = (
    re.compile(r"(?<!\\)(\[)(?=[^\]\n]+\]\()[^\]\n]+(\]\([^)\n]*\))"),  # [text](url)
    re.compile(r"(?<!\\)(\[)(?=[^\]\n]+\]\[)[^\]\n]+(\]\[[^\]\n]*\])"),  # [text][ref]
    re.compile(r"(<)https?://[^>\s]+(>)"),  # <https://...>
    re.compile(r"(\*\*|__)(?=[^\s*_])[^\n]*?(?<=[^\s*_])(\1)"),  # strong
    re.compile(r"(?<![\w*\\])(\*)(?=[^\s*])[^*\n]*?(?<=[^\s*])(\*)(?![\w*])"),  # *em*
    re.compile(r"(?<![\w\\])(_)(?=[^\s_])[^_\n]*?(?<=[^\s_])(_)(?!\w)"),  # _em_
    re.compile(r"(~~)(?=\S)[^\n]*?(?<=\S)(~~)"),  # strikethrough
    re.compile(r"(`+)(?=[^`\n])[^\n]*?(?<=[^`])(\1)"),  # `code`
)
_MD_ESCAPE = re.compile(r"(\\)(?=[\\`*_{}\[\]()#+\-.!>])")


def markdown_markup_spans(text: str) -> tuple[list[tuple[int, int]], dict[str, Any]]:
    """Spans of Markdown markup to drop from the body, and the YAML front matter.

    Heading markers, emphasis, link brackets and URLs, images, code ticks,
    blockquote and bullet markers, rules, footnote and link definitions are
    markup; the words they wrap stay. Returns the merged spans and the parsed
    YAML front-matter mapping (empty when there is none or it is not YAML).
    """
    spans: list[tuple[int, int]] = []
    meta: dict[str, Any] = {}
    m = _MD_FRONT.match(text)
    if m:
        spans.append((0, m.end()))
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
    for rule in _MD_LINE_RULES:
        spans.extend((x.start(), x.end()) for x in rule.finditer(text))
    for rule in _MD_PAIRED:
        for x in rule.finditer(text):
            spans.append((x.start(1), x.end(1)))
            spans.append((x.start(2), x.end(2)))
    spans.extend((x.start(1), x.end(1)) for x in _MD_ESCAPE.finditer(text))
    return merge_spans(spans), meta


def _markdown_meta(meta: dict[str, Any]) -> tuple[str | None, list[str]]:
    title = meta.get("title")
    authors: Any = meta.get("authors", meta.get("author"))
    if isinstance(authors, str):
        authors = re.split(r"\s*(?:,|;|&|\band\b)\s*", authors)
    names = [display_text(str(a)) for a in authors or [] if isinstance(a, (str, int)) and display_text(str(a))] if isinstance(authors, list) else []
    return (display_text(str(title)) if title else None), names
