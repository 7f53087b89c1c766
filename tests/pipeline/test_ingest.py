"""Reading documents: decoding, front matter, body cleaning and the offset map."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InvalidInput, InvalidLexicon
from pipeline.frontmatter import DEFAULT_LEXICON, FrontMatterLexicon, load_lexicon, split_front_matter
from pipeline.html_text import render_html
from pipeline.ingest import SourceDoc, decode_bytes, ingest_text, read_source

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "corpus" / "raw"
GOLD = ROOT / "corpus" / "gold"
CORPUS = sorted(p.stem for p in RAW.glob("*.txt"))
MAX = 10_000_000


@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, SourceDoc]:
    return {stem: read_source(RAW / f"{stem}.txt", max_bytes=MAX) for stem in CORPUS}


def gold_document(stem: str) -> dict:
    with open(GOLD / f"{stem}.jsonl", encoding="utf-8") as fh:
        return json.loads(fh.readline())


def assert_map_is_sound(doc: SourceDoc) -> None:
    offsets = list(doc.offsets)
    assert len(offsets) == len(doc.body) + 1
    assert all(0 <= o <= len(doc.original) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))


def assert_words_round_trip(doc: SourceDoc) -> None:
    for m in re.finditer(r"\w+", doc.body):
        start, end = doc.to_original(*m.span())
        assert unicodedata.normalize("NFC", doc.original[start:end]) == m.group(), (m.group(), doc.original[start:end])


# --- the corpus -------------------------------------------------------------


def test_corpus_has_four_documents() -> None:
    assert CORPUS == ["bin-laden-wikipedia", "hafiz-saeed-bio", "lej-infrastructure", "treasury-2011-afpak-financiers"]


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_title_and_authors_match_gold(stem: str, corpus_docs: dict[str, SourceDoc]) -> None:
    doc, gold = corpus_docs[stem], gold_document(stem)
    assert doc.title == gold["title"]
    assert doc.authors == gold["authors"]
    assert doc.doc_id == gold["doc_id"] == stem


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_offsets_round_trip_every_word(stem: str, corpus_docs: dict[str, SourceDoc]) -> None:
    doc = corpus_docs[stem]
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)
    assert doc.original == (RAW / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", CORPUS)
def test_corpus_body_has_no_footnote_markers(stem: str, corpus_docs: dict[str, SourceDoc]) -> None:
    body = corpus_docs[stem].body
    assert not re.search(r"\[\d+\]", body)
    assert not re.search(r"[a-z][.,]\d{1,2}\b", body)
    assert "\u00a0" not in body
    assert unicodedata.is_normalized("NFC", body)


def test_lej_front_matter_is_not_body(corpus_docs: dict[str, SourceDoc]) -> None:
    doc = corpus_docs["lej-infrastructure"]
    for front in ("SVG", "Commentary", "Current Trends in Islamist Ideology", "Independent Researcher",
                  "Clemson University", "ct 2", "Caption", "Getty Images", "escorted by the Pakistani police"):
        assert front not in doc.body
    assert doc.body.startswith("Lashkar-e-Jhangvi (LeJ), a well-known Sunni Islamist terrorist network")
    assert doc.body.endswith("throughout Pakistan and Afghanistan.")
    for cleaned in ("Riaz Basra, Malik Ishaq, Akram", "Shah--were", "resistance and", "May 1997 and",
                    "military. At other", "forcefully.”\n", "Abbas and", "list.Around 2008-2010"):
        assert cleaned in doc.body, cleaned
    for kept in ("9/11", "killing 55 people.", "LeJ-A", "1990s", "in 1996 and"):
        assert kept in doc.body, kept


def test_lej_span_never_swallows_a_removed_footnote(corpus_docs: dict[str, SourceDoc]) -> None:
    doc = corpus_docs["lej-infrastructure"]
    for mention in ("Riaz Basra,", "Ghulam Rasool Shah", "Tajamal Abbas", "May 1997", "forcefully.”"):
        i = doc.body.index(mention)
        start, end = doc.to_original(i, i + len(mention))
        assert doc.original[start:end] == mention
    i = doc.body.index("Riaz Basra, Malik")
    start, end = doc.to_original(i, i + len("Riaz Basra, Malik"))
    assert doc.original[start:end] == "Riaz Basra,3 Malik"


def test_bio_info_box_lines_stay_in_the_body(corpus_docs: dict[str, SourceDoc]) -> None:
    # Gold annotates Islam, Sunni Islam and Ahle-Hadees, which only these lines name.
    body = corpus_docs["hafiz-saeed-bio"].body
    for line in ("Born : Sargodha,Punjab,Pakistan", "Religion : Islam", "Denomination : Sunni Islam", "Movement : Ahle-Hadees"):
        assert line in body
    names = {json.loads(line).get("name") for line in open(GOLD / "hafiz-saeed-bio.jsonl", encoding="utf-8")}
    assert {"Islam", "Sunni Islam", "Ahle-Hadees"} <= names


def test_treasury_subtitle_and_wikipedia_title_are_front_matter(corpus_docs: dict[str, SourceDoc]) -> None:
    treasury = corpus_docs["treasury-2011-afpak-financiers"]
    assert "Sanctions Prominent Taliban Financiers" not in treasury.body
    assert treasury.body.startswith("WASHINGTON")
    assert "Hajji Faizullah Khan Noorzai (Faizullah)" in treasury.body  # section headings are body
    wiki = corpus_docs["bin-laden-wikipedia"]
    assert wiki.body.startswith("OSAMA BIN MOHAMMED BIN AWAD BIN LADEN (")
    assert "Name\n\nThere is no universally" in wiki.body


def test_corpus_sha256_and_word_counts(corpus_docs: dict[str, SourceDoc]) -> None:
    import hashlib

    for stem, doc in corpus_docs.items():
        assert doc.sha256 == hashlib.sha256((RAW / f"{stem}.txt").read_bytes()).hexdigest()
        assert doc.n_words == len(doc.body.split()) > 1000
        assert doc.fmt == "txt" and doc.path == RAW / f"{stem}.txt"


# --- front matter on synthetic articles --------------------------------------

JOURNAL = """Analysis
Terrorism Monitor Journal

The Rise and Fall of the Amjad Farooqi Group

By Jane Roe and John Doe
Jane Roe is a Senior Fellow at the Institute for Conflict Studies.
Photo: Militants at a rally in Quetta, 2012.

The Amjad Farooqi group emerged in 2002 as a splinter of Jaish-e-Mohammed.4 It attacked Pervez Musharraf twice.

Notes

1 Ahmed Rashid, Taliban (London, 2000), p. 12.
2 Ibid.
"""

BRIEF = """Research Brief

Sectarian Violence in Kurram:
the Turi and Bangash tribes since 2007

Ahmed Khan
Ahmed Khan
Lecturer, Department of Peace Studies, University of Bradford

Kurram has seen repeated sectarian clashes since 2007, most of them between Shi'a Turi and Sunni tribes.

Caption
Elders meet in Parachinar. (Reuters)

The clashes cut the road to Peshawar for four years.

About the Author

Ahmed Khan writes on the tribal areas.
"""

CREDIT = """Militant Networks in Karachi

Police patrol a street in Lyari, Karachi, in 2014. (Rizwan Tabassum/AFP via Getty Images)

Karachi's militant networks grew after 2001 as fighters fled the tribal areas and settled in its suburbs.
"""

NO_FRONT = """The TTP was founded in 2007 by Baitullah Mehsud in South Waziristan.

It is based in North Waziristan.
"""

MASTHEAD = """CTC SENTINEL
JUNE 2023

The Islamic State in Pakistan

BY AMIRA JADOON

Islamic State Khorasan has expanded its operations into Pakistan, where it targets Jamiat Ulema-e-Islam rallies.
"""

PERSON_PAGE = """Baitullah Mehsud

Baitullah Mehsud was a Pakistani militant leader who founded the Tehrik-e-Taliban Pakistan in 2007.
"""


@pytest.mark.parametrize(
    ("text", "title", "authors", "body_start", "absent"),
    [
        (JOURNAL, "The Rise and Fall of the Amjad Farooqi Group", ["Jane Roe", "John Doe"],
         "The Amjad Farooqi group emerged in 2002", ["Terrorism Monitor", "Senior Fellow", "Quetta", "Notes", "Ibid"]),
        (BRIEF, "Sectarian Violence in Kurram: the Turi and Bangash tribes since 2007", ["Ahmed Khan"],
         "Kurram has seen repeated", ["Research Brief", "Bradford", "Parachinar", "Caption", "About the Author", "writes on"]),
        (CREDIT, "Militant Networks in Karachi", [], "Karachi's militant networks", ["Getty", "Lyari"]),
        (NO_FRONT, None, [], "The TTP was founded in 2007", []),
        (PERSON_PAGE, "Baitullah Mehsud", [], "Baitullah Mehsud was a Pakistani", []),
        (MASTHEAD, "The Islamic State in Pakistan", ["AMIRA JADOON"], "Islamic State Khorasan has", ["SENTINEL", "2023"]),
    ],
    ids=["journal", "brief", "credit", "no-front-matter", "person-page", "masthead"],
)
def test_front_matter_on_synthetic_articles(text: str, title: str | None, authors: list[str], body_start: str, absent: list[str]) -> None:
    doc = ingest_text(text, "synthetic")
    assert doc.title == title
    assert doc.authors == authors
    assert doc.body.startswith(body_start)
    for piece in absent:
        assert piece not in doc.body, piece
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)


def test_mid_body_caption_is_cut_but_text_around_it_is_kept() -> None:
    doc = ingest_text(BRIEF, "brief")
    assert "Shi'a Turi and Sunni tribes.\n\nThe clashes cut the road" in doc.body


def test_notes_heading_without_numbered_items_is_kept() -> None:
    text = "A Title Here\n\nThe first paragraph is long enough to be body text.\n\nNotes\n\nThe group keeps notes on its members.\n"
    doc = ingest_text(text, "x")
    assert doc.body.endswith("The group keeps notes on its members.")


def test_only_lines_no_paragraph_keeps_all_but_the_first_line() -> None:
    doc = ingest_text("Head Line Title\nsecond line\nthird line\n", "x")
    assert doc.title == "Head Line Title"
    assert doc.body == "second line\nthird line"


def test_title_hint_wins_and_its_line_is_front_matter() -> None:
    text = "Some Kicker\n\nThe Real Title\n\nA body paragraph that is long enough to count as one.\n"
    front = split_front_matter(text, title_hint="The Real Title", author_hints=["A. Writer"])
    assert front.title == "The Real Title" and front.authors == ["A. Writer"]
    assert text[front.body_ranges[0][0]:].startswith("A body paragraph")


# --- lexicon ------------------------------------------------------------------


def test_lexicon_file_is_valid_and_general() -> None:
    lex = load_lexicon()
    assert "commentary" in lex.section_labels and "researcher" in lex.affiliation_roles
    raw = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    words = [w for v in raw.values() if isinstance(v, list) for w in v]
    # No entry names one particular document of the corpus.
    for specific in ("Current Trends in Islamist Ideology", "Getty Images", "Clemson", "SVG", "ct 2"):
        assert specific not in words


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("section_labels"),
        lambda d: d.update(extra=["x"]),
        lambda d: d.update(caption_labels=["Caption", "caption"]),
        lambda d: d.update(not_name_words=[True]),
        lambda d: d.update(max_front_lines=0),
    ],
    ids=["missing-key", "unknown-key", "duplicate", "not-a-string", "bad-int"],
)
def test_bad_lexicon_is_rejected(mutate) -> None:
    data = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(InvalidLexicon, match=r"\[E007\]"):
        FrontMatterLexicon.from_mapping(data, "frontmatter.yml")


def test_unparsable_lexicon_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "frontmatter.yml"
    bad.write_text("section_labels:\n  - [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"frontmatter\.yml:\d+"):
        load_lexicon(bad)


# --- HTML and Markdown ----------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>LeJ and its Allies | Example News</title>
<meta name="author" content="Jane Roe, John Doe">
<style>p { color: red; }</style>
<script>var leader = "Malik Ishaq";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><div class="logo">Example News</div></header>
<article>
<h1>LeJ and its Allies</h1>
<p class="byline">By Jane Roe and John Doe</p>
<figure><img src="a.jpg" alt="x"><figcaption>Militants in Karachi. (Photo via Getty Images)</figcaption></figure>
<p>Lashkar-e-Jhangvi was founded by Riaz Basra,3 Malik Ishaq and others in the
   mid-1990s in <a href="/lahore">Lahore</a>.</p>
<div>The group&nbsp;later allied with <b>al-Qaeda</b> and the TTP.<br>It is based in Balochistan.</div>
</article>
<footer>Copyright 2024 Example News</footer>
</body></html>
"""


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "lej-allies.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_source(path, max_bytes=MAX)
    assert (doc.doc_id, doc.fmt) == ("lej-allies", "html")
    assert doc.title == "LeJ and its Allies"
    assert doc.authors == ["Jane Roe", "John Doe"]
    for chrome in ("var leader", "color: red", "Home", "Example News", "Copyright", "Getty", "<"):
        assert chrome not in doc.original and chrome not in doc.body
    assert doc.body == (
        "Lashkar-e-Jhangvi was founded by Riaz Basra, Malik Ishaq and others in the mid-1990s in Lahore.\n\n"
        "The group later allied with al-Qaeda and the TTP.\nIt is based in Balochistan."
    )
    assert "Riaz Basra,3 Malik" in doc.original  # offsets index the rendered text
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)
    i = doc.body.index("Balochistan")
    start, end = doc.to_original(i, i + len("Balochistan"))
    assert doc.original[start:end] == "Balochistan"


def test_html_title_falls_back_to_title_tag_and_byline_element() -> None:
    page = render_html(
        "<html><head><title>Deobandi Networks | Site</title></head><body>"
        "<span class='author-name'>By Sara Khan</span><p>The text of the article.</p></body></html>"
    )
    assert page.title == "Deobandi Networks"
    assert page.authors == ["Sara Khan"]
    assert page.text == "By Sara Khan\n\nThe text of the article."


MARKDOWN = """---
title: "Notes on the TTP"
author: [A. Writer]
---

# Notes on the *TTP*

The **Tehrik-e-Taliban Pakistan** (TTP) was [founded](https://example.org/ttp) in 2007 by Baitullah Mehsud.2 It is based in *South Waziristan*.

## Notes

1. Some source, 2010.
"""


def test_markdown_keeps_offsets_into_the_original(tmp_path: Path) -> None:
    path = tmp_path / "ttp.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_source(path, max_bytes=MAX)
    assert doc.original == MARKDOWN
    assert doc.title == "Notes on the TTP" and doc.authors == ["A. Writer"]
    assert doc.body == (
        "The Tehrik-e-Taliban Pakistan (TTP) was founded in 2007 by Baitullah Mehsud. It is based in South Waziristan."
    )
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)
    i = doc.body.index("Tehrik-e-Taliban Pakistan")
    start, end = doc.to_original(i, i + len("Tehrik-e-Taliban Pakistan"))
    assert doc.original[start:end] == "Tehrik-e-Taliban Pakistan"


def test_markdown_title_from_heading_without_yaml() -> None:
    doc = ingest_text("# The *Haqqani* Network\n\nThe Haqqani Network operates from North Waziristan in Pakistan.\n", "h", fmt="md")
    assert doc.title == "The Haqqani Network"
    assert doc.body.startswith("The Haqqani Network operates")


# --- Unicode, whitespace, line endings --------------------------------------------


def test_nfc_merges_are_mapped_to_the_whole_cluster() -> None:
    text = "A Short Title\n\nJose\u0301 Mari\u0301a met the re\u0301gime's envoy in Quetta, Balochistan.\n"
    doc = ingest_text(text, "nfc")
    assert doc.body == "José María met the régime's envoy in Quetta, Balochistan."
    i = doc.body.index("José")
    start, end = doc.to_original(i, i + 4)
    assert doc.original[start:end] == "Jose\u0301"
    start, end = doc.to_original(i + 3, i + 4)  # the merged "é" alone
    assert doc.original[start:end] == "e\u0301"
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)


def test_odd_spaces_keep_lengths_and_crlf_is_mapped() -> None:
    text = "A Short Title\r\n\r\nHe escaped in 2008\u00a0a high-security prison\u2009in Karachi.\r\nThen he fled.\r\n"
    doc = ingest_text(text, "ws")
    assert doc.body == "He escaped in 2008 a high-security prison in Karachi.\nThen he fled."
    assert_map_is_sound(doc)
    assert_words_round_trip(doc)
    i = doc.body.index("\n")
    assert doc.original[slice(*doc.to_original(i, i + 1))] == "\n"


def test_to_original_rejects_spans_outside_the_body() -> None:
    doc = ingest_text(NO_FRONT, "x")
    with pytest.raises(ValueError):
        doc.to_original(0, len(doc.body) + 1)
    with pytest.raises(ValueError):
        doc.to_original(3, 2)
    assert doc.to_original(len(doc.body), len(doc.body)) == (doc.offsets[-1], doc.offsets[-1])


_ALPHABET = st.sampled_from(
    list("abcXYZ019 .,;:!?()[]\"'’”“—-#*_\n\t\r") + ["\u00a0", "\u0301", "\u200b", "\ufeff", "ᄀ", "ᅡ", "ᆨ", "ো", "া", "ে", "Å", "<p>", "[1]", "May 1997", "Caption\n", "Notes\n1 "]
)
_TEXTS = st.one_of(st.text(), st.lists(_ALPHABET, max_size=80).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, fmt=st.sampled_from(["txt", "md", "html"]), data=st.data())
def test_arbitrary_text_never_crashes_and_offsets_stay_sound(text: str, fmt: str, data: st.DataObject) -> None:
    try:
        doc = ingest_text(text, "fuzz", fmt=fmt)
    except InvalidInput as exc:
        assert "[E002]" in str(exc)  # only a text with nothing in it is refused
        return
    assert_map_is_sound(doc)
    assert unicodedata.is_normalized("NFC", doc.body)
    start = data.draw(st.integers(0, len(doc.body)))
    end = data.draw(st.integers(start, len(doc.body)))
    ostart, oend = doc.to_original(start, end)
    assert 0 <= ostart <= oend <= len(doc.original)


# --- bad input ------------------------------------------------------------------------


def _expect(path: Path, code: str, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        read_source(path, max_bytes=kwargs.get("max_bytes", MAX))
    message = str(info.value)
    assert message.startswith(f"[{code}]") and str(path) in message
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    _expect(tmp_path / "nope.txt", "E001")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    _expect(tmp_path, "E001")


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", "\ufeff".encode("utf-8")], ids=["empty", "blank", "bom-only"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    _expect(path, "E002")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = _expect(path, "E003")
    assert "offset 8" in str(error)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    error = _expect(path, "E005", max_bytes=100)
    assert "500 bytes" in str(error)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "'.pdf'" in str(_expect(path, "E006"))


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = (
        "Un rapport sur les réseaux\n\n"
        "Les élèves du café à Genève ont reçu une leçon très spéciale sur la société française et ses "
        "démêlés avec les réseaux armés du Pakistan, où la sécurité reste fragile.\n"
    )
    path = tmp_path / "rapport.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = read_source(path, max_bytes=MAX)
    assert doc.original == text
    assert doc.title == "Un rapport sur les réseaux"
    assert "réseaux armés" in doc.body


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 3)
    assert "save it as UTF-8" in str(_expect(path, "E004"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(encoding: str) -> None:
    text = "Title Line\n\nThe militants of Lashkar-e-Taiba are based in Muridke, Punjab.\n"
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_extend_range_equals_extend_of_a_range() -> None:
    from array import array

    from pipeline.ingest import extend_range

    for start, stop in [(0, 0), (5, 3), (0, 1), (7, 70), (100, 163), (100, 164), (2**40, 2**40 + 1000)]:
        got, want = array("q", [9]), array("q", [9])
        extend_range(got, start, stop)
        want.extend(range(start, stop))
        assert got == want
