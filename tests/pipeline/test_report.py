"""The HTML report: highlighted text, relation tables linked to their evidence, network, summary."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models import Document, Entity, Relation, write_records
from models.report import MentionSource
from pipeline.cli import app
from pipeline.report import build_report, evidence_anchor, locate_evidence, render_text, search_mentions

runner = CliRunner()

TEXT = (
    "Lashkar-e-Jhangvi (LeJ) was founded by Riaz Basra in 1996.3\n"
    "Malik Ishaq led LeJ from Punjab.\n"
    "\n"
    "LeJ reportedly had ties to al-Qaeda.\n"
    "Ishaq refused to join the TTP.\n"
    "The Marriott Hotel bombing was carried out by LeJ.\n"
)
# id, type, name, aliases
ENTITIES = [
    ("lej", "ORG", "Lashkar-e-Jhangvi", ["LeJ"]),
    ("riaz-basra", "PERSON", "Riaz Basra", []),
    ("malik-ishaq", "PERSON", "Malik Ishaq", ["Ishaq"]),
    ("punjab", "LOC", "Punjab", []),
    ("al-qaeda", "ORG", "al-Qaeda", []),
    ("ttp", "ORG", "TTP", []),
    ("marriott", "EVENT", "Marriott Hotel bombing", []),
]
# subject, predicate, object, modality, evidence sentence (as in TEXT)
RELATIONS = [
    ("riaz-basra", "founder_of", "lej", "asserted", "Lashkar-e-Jhangvi (LeJ) was founded by Riaz Basra in 1996."),
    ("malik-ishaq", "leader_of", "lej", "asserted", "Malik Ishaq led LeJ from Punjab."),
    ("malik-ishaq", "based_in", "punjab", "asserted", "Malik Ishaq led LeJ from Punjab."),
    ("lej", "allied_with", "al-qaeda", "hedged", "LeJ reportedly had ties to al-Qaeda."),
    ("malik-ishaq", "member_of", "ttp", "negated", "Ishaq refused to join the TTP."),
    ("lej", "responsible_for", "marriott", "asserted", "The Marriott Hotel bombing was carried out by LeJ."),
]
GRAPH_NODES = 5  # Basra, LeJ, Ishaq, al-Qaeda, TTP: every PERSON/ORG linked to another PERSON/ORG


def spans_of(text: str, forms: list[str]) -> list[list[int]]:
    return sorted([m.start(), m.end()] for f in forms for m in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", text))


def synthetic_records(doc_id: str = "doc-a", *, offsets: bool = True, text: str = TEXT) -> list:
    """Records of TEXT as `extract run` would write them (offsets) or as gold has them (no offsets)."""
    recs: list = [Document(doc_id=doc_id, title="A synthetic note", authors=["Analyst"])]
    for eid, etype, name, aliases in ENTITIES:
        mentions = spans_of(text, [name, *aliases]) if offsets else None  # "Ishaq" inside "Malik Ishaq" too
        recs.append(Entity(doc_id=doc_id, id=eid, type=etype, name=name, aliases=aliases, mentions=mentions))
    for subj, pred, obj, modality, evidence in RELATIONS:
        start = text.index(evidence)
        extra = {"start": start, "end": start + len(evidence), "confidence": 0.8, "method": "test"} if offsets else {}
        recs.append(Relation(doc_id=doc_id, subject=subj, predicate=pred, object=obj, modality=modality, evidence=evidence, **extra))
    return recs


@pytest.fixture()
def run_dir(tmp_path: Path) -> tuple[Path, Path]:
    """An output folder with one document and a raw folder with its text."""
    out, raw = tmp_path / "run", tmp_path / "raw"
    out.mkdir()
    raw.mkdir()
    write_records(out / "doc-a.jsonl", synthetic_records())
    (raw / "doc-a.txt").write_text(TEXT, encoding="utf-8")
    return out, raw


class TagChecker(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element (void elements aside)."""

    VOID = {"br", "meta", "input", "img", "hr", "link", "circle", "path", "line"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def well_formed(markup: str) -> list[str]:
    checker = TagChecker()
    checker.feed(markup)
    checker.close()
    return checker.errors + [f"<{t}> never closed" for t in checker.stack]


def test_report_highlights_mentions_and_links_relations_to_their_evidence(run_dir, tmp_path):
    out, raw = run_dir
    summary = build_report(out, tmp_path / "report.html", raw_dir=raw)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    doc = summary.documents[0]
    assert doc.mention_source is MentionSource.offsets
    assert doc.relations == doc.relations_located == 6
    assert page.count('<mark class="entity"') == doc.mentions_highlighted == 12  # overlaps resolved
    assert 'data-entity="malik-ishaq"' in page and 'data-node="doc-a:malik-ishaq"' in page
    for i, (*_, evidence) in enumerate(RELATIONS, start=1):
        start = TEXT.index(evidence)
        anchor = evidence_anchor("doc-a", (start, start + len(evidence)))
        assert f'id="{anchor}"' in page
        row = re.search(rf'<tr id="rel-doc-a-{i}".*?</tr>', page, re.S).group(0)
        assert f'href="#{anchor}"' in row
    assert page.count('class="evidence"') == 5  # two relations share one sentence
    assert '<table class="relations"' in page
    assert well_formed(page) == []


def test_report_graph_and_summary(run_dir, tmp_path):
    out, raw = run_dir
    summary = build_report(out, tmp_path / "report.html", raw_dir=raw)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert summary.graph.nodes == GRAPH_NODES == len(re.findall(r'<g class="node ', page))
    assert summary.graph.edges == 4
    assert summary.entities_by_type == {"PERSON": 2, "ORG": 3, "LOC": 1, "EVENT": 1}
    assert summary.relations_by_modality == {"asserted": 4, "hedged": 1, "negated": 1}
    assert summary.relations_by_predicate["leader_of"] == 1
    assert 'id="graph-legend"' in page and not summary.evaluated
    # the node panel lists relations to places and events too, linked to their rows
    ishaq = re.search(r'<g class="node type-PERSON"[^>]*data-id="doc-a:malik-ishaq"[^>]*>', page).group(0)
    rels = json.loads(re.search(r'data-relations="([^"]*)"', ishaq).group(1).replace("&quot;", '"'))
    assert {r["row"] for r in rels} == {"rel-doc-a-2", "rel-doc-a-3", "rel-doc-a-5"}


def test_report_lists_the_inputs_the_run_could_not_extract(run_dir, tmp_path):
    out, raw = run_dir
    (out / "errors.jsonl").write_text('{"file": "corpus/raw/bad.txt", "stage": "read", "message": "[E003] looks binary"}\n')
    summary = build_report(out, tmp_path / "report.html", raw_dir=raw)
    assert summary.failed == ["corpus/raw/bad.txt: [E003] looks binary"]
    assert "1 input(s) the run could not extract" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_report_is_self_contained(run_dir, tmp_path):
    out, raw = run_dir
    build_report(out, tmp_path / "report.html", raw_dir=raw)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(http", page)
    assert set(re.findall(r"https?://[^\"' )]+", page)) <= {"http://www.w3.org/2000/svg"}


def test_gold_falls_back_to_string_search_and_shows_the_evaluation(gold_dir, raw_dir, tmp_path):
    summary = build_report(gold_dir, tmp_path / "gold.html", raw_dir=raw_dir, gold=gold_dir)
    page = (tmp_path / "gold.html").read_text(encoding="utf-8")
    assert len(summary.documents) == 4 and summary.evaluated
    for doc in summary.documents:
        assert doc.mention_source is MentionSource.search
        assert doc.mentions_highlighted > 0
        assert doc.relations_located == doc.relations  # every gold evidence is found in its text
        assert any("string search" in n for n in doc.notes)
    assert 'class="eval-table"' in page and "Relations" in page and "relations F1 <b>1.000</b>" in page
    assert page.count("<tr id=\"rel-") == sum(summary.relations_by_predicate.values())
    assert well_formed(page) == []


def test_missing_text_shows_relations_without_highlighting(run_dir, tmp_path):
    out, _ = run_dir
    summary = build_report(out, tmp_path / "report.html", raw_dir=tmp_path / "nowhere")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    doc = summary.documents[0]
    assert doc.mention_source is MentionSource.none and doc.relations_located == 0
    assert '<mark class="entity"' not in page.split('id="documents"')[1].replace('class="entity legend-mark"', "")
    assert page.count('<tr id="rel-doc-a-') == 6 and "(not in text)" in page
    assert "Original text not found" in page


def test_changed_text_falls_back_to_search_with_a_note(run_dir, tmp_path):
    out, raw = run_dir
    (raw / "doc-a.txt").write_text("Preface added after the run.\n" + TEXT, encoding="utf-8")
    doc = build_report(out, tmp_path / "report.html", raw_dir=raw).documents[0]
    assert doc.mention_source is MentionSource.search
    assert doc.relations_located == 6
    assert any("not the one the records' offsets refer to" in n for n in doc.notes)


def test_text_is_found_through_the_runs_state(run_dir, tmp_path):
    """The runner records each input file in DIR/.state/<doc_id>.json; no --raw needed then."""
    out, raw = run_dir
    elsewhere = tmp_path / "inputs" / "note.txt"
    elsewhere.parent.mkdir()
    (raw / "doc-a.txt").rename(elsewhere)
    (out / ".state").mkdir()
    (out / ".state" / "doc-a.json").write_text(json.dumps(
        {"doc_id": "doc-a", "file": str(elsewhere), "sha256": "0" * 64, "pipeline_version": "x", "n_words": 30}))
    doc = build_report(out, tmp_path / "report.html").documents[0]
    assert doc.text_path == str(elsewhere) and doc.mention_source is MentionSource.offsets


def test_evidence_crossing_a_mention_gets_an_anchor_not_a_wrapper():
    text = "Lashkar-e-Jhangvi (LeJ) was founded by Riaz Basra."
    lej = Entity(doc_id="d", id="lej", type="ORG", name="Lashkar-e-Jhangvi", aliases=["LeJ"])
    basra = Entity(doc_id="d", id="basra", type="PERSON", name="Riaz Basra")
    mentions = [(0, 17, lej), (19, 22, lej), (39, 49, basra)]
    evidence = {(10, 50): ["crossing"], (19, 50): ["inner"], (0, 50): ["whole"]}
    html = render_text("d", text, mentions, evidence, {})
    assert '<a class="evidence-anchor" id="ev-d-10-50"' in html
    assert '<span class="evidence" id="ev-d-19-50"' in html and '<span class="evidence" id="ev-d-0-50"' in html
    assert html.count('<mark class="entity"') == 3
    assert well_formed(html) == []
    assert re.sub(r"<[^>]+>|\s+", "", html).replace("ORG", "").replace("PERSON", "") == re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    "text,evidence,expected",
    [
        ("Intro. Riaz Basra founded LeJ. End.", "Riaz Basra founded LeJ.", "Riaz Basra founded LeJ."),
        ("The co-founders—Riaz Basra,3 Malik Ishaq—met.", "The co-founders—Riaz Basra, Malik Ishaq—met.", "The co-founders—Riaz Basra,3 Malik Ishaq—met."),
        ("He joined\nthe TTP in 2009.12 Then", "He joined the TTP in 2009.", "He joined\nthe TTP in 2009."),
        ("Nothing like it here.", "Riaz Basra founded LeJ.", None),
    ],
)
def test_locate_evidence_without_offsets(text, evidence, expected):
    rel = Relation(doc_id="d", subject="a", predicate="founder_of", object="b", evidence=evidence)
    span = locate_evidence(text, rel)
    assert (text[span[0]:span[1]] if span else None) == expected


def test_search_mentions_prefers_longer_forms_and_whole_words():
    ishaq = Entity(doc_id="d", id="ishaq", type="PERSON", name="Malik Ishaq", aliases=["Ishaq"])
    lej = Entity(doc_id="d", id="lej", type="ORG", name="LeJ")
    found = search_mentions("Malik Ishaq and Ishaq led LeJ, not LeJ-A or Ishaqzai.", [ishaq, lej])
    assert [(s, t, e.id) for s, t, e in found] == [(0, 11, "ishaq"), (16, 21, "ishaq"), (26, 29, "lej")]


def test_cli_report(run_dir, tmp_path, gold_dir):
    out, raw = run_dir
    path = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(out), "--out", str(path), "--raw", str(raw)])
    assert result.exit_code == 0, result.output
    assert f"network {GRAPH_NODES} nodes, 4 edges" in result.output and path.is_file()
    missing = runner.invoke(app, ["report", str(tmp_path / "none"), "--out", str(path)])
    assert missing.exit_code == 2 and "E011" in missing.output


def test_cli_report_with_bad_gold_lists_problems(run_dir, tmp_path):
    out, raw = run_dir
    bad = tmp_path / "gold"
    bad.mkdir()
    (bad / "g.jsonl").write_text('{"record": "document", "doc_id": "doc-a"}\n{"record": "entity"}\n')
    result = runner.invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html"), "--raw", str(raw), "--gold", str(bad)])
    assert result.exit_code == 1 and "g.jsonl:2" in result.output
