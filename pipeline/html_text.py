"""Render an HTML page to plain text, and read its title and authors.

Uses a real parser (BeautifulSoup with the stdlib ``html.parser``), never
regexes over markup. The rendered text is what the rest of the pipeline calls
the document's *original* text for an HTML input: every offset the pipeline
emits for an HTML file indexes :attr:`HtmlText.text`, not the markup (markup
offsets would point into tags and entities nobody reads).

Rendering rules, chosen so the text reads like the page:
- dropped with their content: ``script``, ``style``, ``nav``, ``header``,
  ``footer`` (site chrome) and ``noscript``, ``template``, ``svg``,
  ``iframe``, ``head``, ``form``, ``button``, ``aside`` (sidebars), and
  ``figcaption`` (photo captions are front matter, not body);
- block elements end a paragraph (a blank line); ``br`` ends a line;
- runs of HTML whitespace collapse to one space, except inside ``pre``;
  non-breaking spaces are kept (the body cleaning maps them to spaces).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

DROP_TAGS = frozenset(
    {
        "script", "style", "nav", "header", "footer", "noscript", "template", "svg", "iframe",
        "head", "form", "button", "aside", "figcaption", "select", "object", "canvas",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr",
        "figure", "address", "hr", "body", "html", "details", "summary", "caption",
    }
)
CELL_TAGS = frozenset({"td", "th"})

_PARA = "\ue000"  # private-use markers, removed from source text before use
_LINE = "\ue001"
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BY_PREFIX = re.compile(r"^\s*(?:written\s+)?by\s*[:\-–—]?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*")
_TITLE_SITE_SUFFIX = re.compile(r"\s+[|»·]\s+[^|»·]+$")


@dataclass(frozen=True)
class HtmlText:
    """An HTML page as text.

    Attributes:
        text: the rendered text; offsets for HTML inputs index this string.
        title: from the article's ``h1``, else ``<title>`` (site suffix after
            " | " dropped), else ``og:title``; None when the page has none.
        authors: from ``<meta name="author">`` / ``article:author``, else from
            byline elements (``rel="author"``, ``itemprop="author"``, class
            containing "byline" or "author"); "By" prefixes removed.
    """

    text: str
    title: str | None
    authors: list[str] = field(default_factory=list)


def render_html(markup: str) -> HtmlText:
    """Parse ``markup`` and return its rendered text, title and authors."""
    markup = markup.replace(_PARA, " ").replace(_LINE, " ")
    with warnings.catch_warnings():
        # bs4 warns when markup looks like a file name or URL, or like XML;
        # a page is a page, whatever it looks like.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "html.parser")
    title = _title(soup)
    authors = _authors(soup)
    pieces: list[str] = []
    _render(soup, pieces, pre=False)
    return HtmlText(text=_assemble("".join(pieces)), title=title, authors=authors)


def _clean(text: str) -> str:
    return _HTML_SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _inside(tag: Tag, names: frozenset[str]) -> bool:
    return any(parent.name in names for parent in tag.parents if isinstance(parent, Tag))


def _title(soup: BeautifulSoup) -> str | None:
    chrome = frozenset({"nav", "footer", "aside"})
    h1s = [h for h in soup.find_all("h1") if not _inside(h, chrome)]
    preferred = [h for h in h1s if _inside(h, frozenset({"article", "main"}))] or h1s
    for h in preferred:
        text = _clean(h.get_text(" "))
        if text:
            return text
    if soup.title is not None:
        text = _TITLE_SITE_SUFFIX.sub("", _clean(soup.title.get_text(" ")))
        if text:
            return text
    og = soup.find("meta", attrs={"property": "og:title"})
    if isinstance(og, Tag) and _clean(str(og.get("content") or "")):
        return _clean(str(og.get("content")))
    return None


def _split_authors(text: str) -> list[str]:
    text = _BY_PREFIX.sub("", _clean(text))
    names = [n.strip(" .,:;") for n in _AUTHOR_SPLIT.split(text)]
    return [n for n in names if _plausible_name(n)]


def _plausible_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 6 and len(name) <= 80 and not any(c.isdigit() for c in name) and "://" not in name


def _authors(soup: BeautifulSoup) -> list[str]:
    found: list[str] = []
    for attrs in ({"name": "author"}, {"property": "article:author"}, {"name": "byl"}, {"name": "dc.creator"}):
        for meta in soup.find_all("meta", attrs=attrs):
            found.extend(_split_authors(str(meta.get("content") or "")))
    if not found:
        def is_byline(tag: Tag) -> bool:
            if tag.name == "meta":
                return False
            classes = " ".join(tag.get("class") or []).lower()
            rel = " ".join(tag.get("rel") or []).lower()
            return "author" in rel or tag.get("itemprop") == "author" or "byline" in classes or "author" in classes

        for tag in soup.find_all(is_byline):
            if any(is_byline(p) for p in tag.parents if isinstance(p, Tag)):
                continue  # the outer byline element already gave its text
            found.extend(_split_authors(tag.get_text(" ")))
    seen: set[str] = set()
    out: list[str] = []
    for name in found:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _render(node: Tag, out: list[str], *, pre: bool) -> None:
    for child in node.children:
        if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            text = str(child)
            out.append(text if pre else _HTML_SPACE.sub(" ", text))
            continue
        if not isinstance(child, Tag):
            continue
        name = (child.name or "").lower()
        if name in DROP_TAGS:
            continue
        if name == "br":
            out.append(_LINE)
        elif name in BLOCK_TAGS:
            out.append(_PARA)
            _render(child, out, pre=pre or name == "pre")
            out.append(_PARA)
        elif name in CELL_TAGS:
            _render(child, out, pre=pre)
            out.append(" ")
        else:
            _render(child, out, pre=pre)


def _assemble(raw: str) -> str:
    """Turn the marker stream into text: paragraphs split by one blank line."""
    text = re.sub(rf"[ \t]*{_LINE}[ \t]*", "\n", raw)
    text = re.sub(rf"[ \t]*{_PARA}[\s{_PARA}]*", "\n\n", text)
    lines = [line.strip(" \t") for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
