"""Acronym definitions in running text (Schwartz & Hearst 2003, as in scispacy).

"Tehrik-e-Taliban Pakistan (TTP)" defines TTP; so does "TTP
(Tehrik-e-Taliban Pakistan)". The search window before a parenthesis is
counted in *whitespace* words, not spaCy tokens: a hyphenated name like
"Lashkar-e-Jhangvi" is one word here but five tokens, and a token window
would cut it off. Acronyms that cannot be derived from their long form
(Daesh) come from the organisations lexicon, not from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .names import QUOTES, is_acronym

_PAREN_RE = re.compile(r"\(([^()\n]{1,200})\)")
_TRAILING_RE = re.compile(r"(?:['’]s|['’])?[\s" + re.escape(QUOTES) + r"]*$")
_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class AcronymDefinition:
    """One "long (SHORT)" or "SHORT (long)" pair, with character offsets into the text."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def best_long_form(short: str, long: str) -> int | None:
    """Schwartz-Hearst: where in ``long`` the long form of ``short`` starts, or None.

    Matches the short form's letters and digits right to left inside the
    candidate; the first character must start a word (after a space, hyphen
    or other non-alphanumeric). Returns the offset of the word holding that
    first match.
    """
    s_i = len(short) - 1
    l_i = len(long) - 1
    while s_i >= 0:
        c = short[s_i].lower()
        if not c.isalnum():
            s_i -= 1
            continue
        while (l_i >= 0 and long[l_i].lower() != c) or (s_i == 0 and l_i > 0 and long[l_i - 1].isalnum()):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = l_i + 1
    # back to the start of the whitespace word holding the first match
    while start > 0 and not long[start - 1].isspace():
        start -= 1
    return start


_MAX_WORD = 60
"""Longest whitespace word looked at; bounds every look-back so the scan stays linear."""


def _window(text: str, end: int, n_words: int) -> int:
    """Start offset of the last ``n_words`` whitespace words before ``end`` on the same line."""
    lo = max(0, end - n_words * _MAX_WORD)
    line_start = text.rfind("\n", lo, end) + 1 or lo
    words = list(_WORD_RE.finditer(text, max(line_start, lo), end))
    if not words:
        return end
    return words[max(0, len(words) - n_words)].start()


def _trim_end(text: str, end: int) -> int:
    """End of the words before a parenthesis: spaces, quotes and a possessive 's dropped."""
    lo = max(0, end - 12)  # a local look-back keeps this linear in the text length
    m = _TRAILING_RE.search(text, lo, end)
    return m.start() if m else end


def _strip_wrapping(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in QUOTES):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in QUOTES + ",;:"):
        e -= 1
    return s, e


def _valid(short: str, long: str) -> bool:
    letters = sum(c.isalnum() for c in short)
    if len(long) <= len(short) or letters < 2:
        return False
    if short.casefold() in (w.casefold().strip(QUOTES) for w in long.split()):
        return False
    return True


def find_definitions(text: str, max_length: int = 10, extra_words: int = 5) -> Iterator[AcronymDefinition]:
    """Every acronym defined in ``text`` by a parenthesis, in text order.

    ``max_length`` bounds the letters of a short form; the long-form window
    is ``min(len(short) + extra_words, 2 * len(short))`` whitespace words, as
    Schwartz and Hearst propose.
    """
    for m in _PAREN_RE.finditer(text):
        cs, ce = _strip_wrapping(text, m.start(1), m.end(1))
        content = text[cs:ce]
        if not content:
            continue
        if " " not in content and is_acronym(content) and sum(c.isalnum() for c in content) <= max_length:
            # long (SHORT): the long form ends where the parenthesis opens
            long_end = _trim_end(text, m.start())
            n = min(len(content) + extra_words, 2 * len(content))
            win = _window(text, long_end, n)
            candidate = text[win:long_end]
            start = best_long_form(content, candidate)
            if start is None:
                continue
            ls, le = _strip_wrapping(text, win + start, long_end)
            if _valid(content, text[ls:le]):
                yield AcronymDefinition(content, cs, ce, text[ls:le], ls, le)
        elif " " in content:
            # SHORT (long): the short form is the word before the parenthesis
            before_end = _trim_end(text, m.start())
            lo = max(0, before_end - _MAX_WORD)
            line_start = max(text.rfind("\n", lo, before_end) + 1, lo)
            word = re.search(r"(\S+)$", text[line_start:before_end])
            if not word:
                continue
            short = word.group(1).strip(QUOTES)
            if not is_acronym(short) or sum(c.isalnum() for c in short) > max_length:
                continue
            ss = line_start + word.start(1) + word.group(1).find(short)
            start = best_long_form(short, content)
            if start is None:
                continue
            ls, le = _strip_wrapping(text, cs + start, ce)
            if _valid(short, text[ls:le]):
                yield AcronymDefinition(short, ss, ss + len(short), text[ls:le], ls, le)
