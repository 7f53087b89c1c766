"""The report as a browser shows it: headless Chromium renders it, we read the rendered DOM and a screenshot.

Chromium comes from Debian's ``chromium`` package: the session fixture uses
the one on PATH, else installs it with apt-get when running as root, and
skips with the reason when neither works.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import networkx as nx
import pytest

from models import Document, Entity, Relation, write_records
from pipeline.graph import export_graph
from pipeline.report import build_report

APT_TIMEOUT = 900
CHROMIUM_TIMEOUT = 120
WINDOW = (1400, 1000)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

TEXT = (
    "Lashkar-e-Jhangvi (LeJ) was founded by Riaz Basra.\n"
    "Malik Ishaq led LeJ from Punjab.\n"
    "LeJ reportedly had ties to al-Qaeda.\n"
    "Ishaq refused to join the TTP.\n"
)
ENTITIES = [  # id, type, forms
    ("lej", "ORG", ["Lashkar-e-Jhangvi", "LeJ"]),
    ("riaz-basra", "PERSON", ["Riaz Basra"]),
    ("malik-ishaq", "PERSON", ["Malik Ishaq"]),
    ("punjab", "LOC", ["Punjab"]),
    ("al-qaeda", "ORG", ["al-Qaeda"]),
    ("ttp", "ORG", ["TTP"]),
]
RELATIONS = [  # subject, predicate, object, modality, evidence line
    ("riaz-basra", "founder_of", "lej", "asserted", 0),
    ("malik-ishaq", "leader_of", "lej", "asserted", 1),
    ("malik-ishaq", "based_in", "punjab", "asserted", 1),
    ("lej", "allied_with", "al-qaeda", "hedged", 2),
    ("malik-ishaq", "member_of", "ttp", "negated", 3),
]
MENTIONS = 9  # Lashkar-e-Jhangvi, LeJ x3, Riaz Basra, Malik Ishaq, Punjab, al-Qaeda, TTP
ENTITIES_WITH_A_GRAPH_RELATION = {"lej", "riaz-basra", "malik-ishaq", "al-qaeda", "ttp"}  # Punjab is a place


def _install_chromium() -> str | None:
    """Path of a chromium binary, installing Debian's package if we may; None with the reason logged."""
    found = shutil.which("chromium")
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=APT_TIMEOUT, check=True)
        subprocess.run(["apt-get", "install", "-y", "chromium"], env=env, capture_output=True, timeout=APT_TIMEOUT, check=True)
    except (subprocess.SubprocessError, OSError):
        return None
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _install_chromium()
    if path is None:
        pytest.skip(
            "Chromium is not installed and cannot be installed here (needs root and apt-get with network access "
            "for Debian's `chromium` package); the browser check of the report is skipped"
        )
    return path


def run_chromium(chromium: str, profile: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    """One headless Chromium run with a fresh user-data dir."""
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}", *extra, url],
        capture_output=True,
        text=True,
        timeout=CHROMIUM_TIMEOUT,
    )


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to tell a blank image)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("browser")
    out, raw = base / "run", base / "raw"
    out.mkdir()
    raw.mkdir()
    records: list = [Document(doc_id="note", title="A synthetic note")]
    for eid, etype, forms in ENTITIES:
        mentions = sorted([m.start(), m.end()] for f in forms for m in re.finditer(re.escape(f), TEXT))
        records.append(Entity(doc_id="note", id=eid, type=etype, name=forms[0], aliases=forms[1:], mentions=mentions))
    lines = TEXT.splitlines(keepends=True)
    for subj, pred, obj, modality, line in RELATIONS:
        start = sum(len(x) for x in lines[:line])
        evidence = lines[line].rstrip("\n")
        records.append(Relation(doc_id="note", subject=subj, predicate=pred, object=obj, modality=modality,
                                evidence=evidence, start=start, end=start + len(evidence)))
    write_records(out / "note.jsonl", records)
    (raw / "note.txt").write_text(TEXT, encoding="utf-8")
    html = base / "report.html"
    build_report(out, html, raw_dir=raw)
    return out, html


def test_rendered_dom_has_one_graph_node_per_related_entity_highlights_and_tables(chromium, report, tmp_path):
    out, html = report
    result = run_chromium(chromium, tmp_path / "profile", html.as_uri(), "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    svg = re.search(r'<svg[^>]*class="network-graph".*?</svg>', dom, re.S)
    assert svg, "the graph SVG is not in the rendered page"
    node_ids = re.findall(r'<g class="node [^"]*"[^>]*data-id="note:([^"]+)"', svg.group(0))
    assert sorted(node_ids) == sorted(ENTITIES_WITH_A_GRAPH_RELATION)
    assert len(re.findall(r'<g class="edge ', svg.group(0))) == 4
    text = dom.split('id="documents"', 1)[1]
    assert len(re.findall(r'<mark class="entity"', text)) == MENTIONS  # every mention, highlighted by displaCy
    assert '<table class="relations"' in dom
    assert len(re.findall(r'<tr id="rel-note-\d+"', dom)) == len(RELATIONS)
    # the GraphML export has the same graph
    back = nx.read_graphml(_export(out, tmp_path))
    assert back.number_of_nodes() == len(node_ids) and back.number_of_edges() == 4


def _export(out: Path, tmp_path: Path) -> Path:
    path = tmp_path / "net.graphml"
    export_graph(out, "graphml", path)
    return path


def test_screenshot_is_not_blank(chromium, report, tmp_path):
    _, html = report
    shot = tmp_path / "report.png"
    result = run_chromium(chromium, tmp_path / "profile", html.as_uri(), f"--screenshot={shot}")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    width, height, pixels = png_pixels(shot)
    assert (width, height) == WINDOW
    assert shot.stat().st_size > 10_000
    assert len(set(pixels[:: 97])) > 20, "the screenshot looks blank"


def test_gold_report_renders_its_whole_network(chromium, gold_dir, raw_dir, tmp_path):
    html = tmp_path / "gold.html"
    summary = build_report(gold_dir, html, raw_dir=raw_dir, gold=gold_dir)
    result = run_chromium(chromium, tmp_path / "profile", html.as_uri(), "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    nodes = len(re.findall(r'<g class="node ', result.stdout))
    back = nx.read_graphml(_export(gold_dir, tmp_path))
    assert nodes == summary.graph.nodes == back.number_of_nodes() > 50
    assert '<pre class="eval-table">' in result.stdout
