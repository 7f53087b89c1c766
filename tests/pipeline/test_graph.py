"""The network of people and organisations: nodes, identity, edges, layout, SVG and GraphML/GEXF export."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from models import Document, Entity, Relation, write_records
from models.report import CorpusEntity, CorpusMember
from pipeline.cli import app
from pipeline.errors import InvalidInput
from pipeline.graph import build_graph, export_graph, load_outputs, render_svg

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def doc_records(doc_id: str, entities: list[tuple[str, str, str]], relations: list[tuple]) -> list:
    """A document's records from (id, type, name) and (subject, predicate, object, modality) tuples."""
    recs: list = [Document(doc_id=doc_id, title=doc_id)]
    recs += [Entity(doc_id=doc_id, id=i, type=t, name=n) for i, t, n in entities]
    for subj, pred, obj, modality in relations:
        recs.append(Relation(doc_id=doc_id, subject=subj, predicate=pred, object=obj, modality=modality, evidence=f"{subj} {pred} {obj}."))
    return recs


ENTS_A = [
    ("riaz-basra", "PERSON", "Riaz Basra"),
    ("malik-ishaq", "PERSON", "Malik Ishaq"),
    ("hafiz-saeed", "PERSON", "Hafiz Saeed"),
    ("lej", "ORG", "Lashkar-e-Jhangvi"),
    ("al-qaeda", "ORG", "al-Qaeda"),
    ("ttp", "ORG", "Tehrik-e-Taliban Pakistan"),
    ("punjab", "LOC", "Punjab"),
    ("marriott", "EVENT", "Marriott Hotel bombing"),
]
RELS_A = [
    ("riaz-basra", "founder_of", "lej", "asserted"),
    ("malik-ishaq", "leader_of", "lej", "asserted"),
    ("malik-ishaq", "based_in", "punjab", "asserted"),  # to a place: no edge
    ("lej", "allied_with", "al-qaeda", "hedged"),
    ("malik-ishaq", "member_of", "ttp", "negated"),
    ("lej", "responsible_for", "marriott", "asserted"),  # to an event: no edge
    ("hafiz-saeed", "arrested_by", "punjab", "asserted"),  # only a LOC relation: not a node
    ("riaz-basra", "killed_by", None, "asserted"),  # null object: no edge
]


@pytest.fixture()
def doc_a() -> list:
    return doc_records("doc-a", ENTS_A, RELS_A)


def test_nodes_are_people_and_orgs_linked_to_people_or_orgs(doc_a):
    g = build_graph(doc_a)
    assert sorted(g.nodes) == ["doc-a:al-qaeda", "doc-a:lej", "doc-a:malik-ishaq", "doc-a:riaz-basra", "doc-a:ttp"]
    assert g.number_of_edges() == 4
    assert {d["entity_type"] for _, d in g.nodes(data=True)} == {"PERSON", "ORG"}
    assert all(g.degree(n) > 0 for n in g.nodes)


def test_edges_carry_predicate_and_modality(doc_a):
    g = build_graph(doc_a)
    allied = g.edges["doc-a:al-qaeda", "doc-a:lej", "allied_with"]  # symmetric: ends in sorted order
    assert allied["modality"] == "hedged" and allied["symmetric"] is True
    member = g.edges["doc-a:malik-ishaq", "doc-a:ttp", "member_of"]
    assert member["modality"] == "negated" and member["symmetric"] is False
    assert member["rows"] == "rel-doc-a-5"  # the report's row of the 5th relation of doc-a
    assert g.nodes["doc-a:lej"]["degree"] == 3


def test_corpus_entities_merge_nodes_across_documents():
    a = doc_records("a", [("ishaq", "PERSON", "Malik Ishaq"), ("lej", "ORG", "Lashkar-e-Jhangvi")],
                    [("ishaq", "leader_of", "lej", "hedged")])
    b = doc_records("b", [("malik-ishaq", "PERSON", "Ishaq"), ("lej", "ORG", "LeJ"), ("ssp", "ORG", "SSP")],
                    [("malik-ishaq", "leader_of", "lej", "asserted"), ("lej", "part_of", "ssp", "asserted")])
    corpus = [
        CorpusEntity(id="malik-ishaq", type="PERSON", name="Malik Ishaq", aliases=["Ishaq"],
                     members=[CorpusMember(doc_id="a", entity_id="ishaq"), CorpusMember(doc_id="b", entity_id="malik-ishaq")]),
        CorpusEntity(id="lashkar-e-jhangvi", type="ORG", name="Lashkar-e-Jhangvi", aliases=["LeJ"],
                     members=[CorpusMember(doc_id="a", entity_id="lej"), CorpusMember(doc_id="b", entity_id="lej")]),
    ]
    g = build_graph({"a": a, "b": b}, corpus)
    assert sorted(g.nodes) == ["b:ssp", "lashkar-e-jhangvi", "malik-ishaq"]  # SSP is claimed by no corpus entity
    edge = g.edges["malik-ishaq", "lashkar-e-jhangvi", "leader_of"]
    assert edge["count"] == 2 and edge["docs"] == "a; b"
    assert edge["modality"] == "asserted"  # the most committed statement wins
    assert g.nodes["malik-ishaq"]["aliases"] == "Ishaq"
    assert g.nodes["lashkar-e-jhangvi"]["members"] == "a:lej; b:lej"


def test_layout_is_deterministic_and_inside_the_canvas(doc_a):
    g1, g2 = build_graph(doc_a), build_graph(doc_a)
    assert [(n, d["x"], d["y"]) for n, d in g1.nodes(data=True)] == [(n, d["x"], d["y"]) for n, d in g2.nodes(data=True)]
    for _, d in g1.nodes(data=True):
        assert 0 < d["x"] < g1.graph["width"] and 0 < d["y"] < g1.graph["height"]


def test_layout_does_not_depend_on_the_hash_seed(gold_dir):
    """Regression: subgraph views iterate a set, which made positions change from one process to the next."""
    code = "from pipeline.graph import *; import hashlib; o = load_outputs(%r); print(hashlib.md5(render_svg(build_graph(o.documents)).encode()).hexdigest())" % str(gold_dir)
    digests = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_svg_has_one_node_group_per_node_and_draws_modalities_apart(doc_a):
    g = build_graph(doc_a)
    svg = render_svg(g, {"doc-a:lej": {"relations": [{"text": "LeJ allied_with al-Qaeda"}]}})
    assert len(re.findall(r'<g class="node ', svg)) == g.number_of_nodes() == 5
    assert len(re.findall(r'<g class="edge ', svg)) == g.number_of_edges() == 4
    negated = re.search(r'<g class="edge modality-negated".*?</g>', svg, re.S).group(0)
    assert "stroke-dasharray" in negated and "arrow-negated" in negated
    hedged = re.search(r'<g class="edge modality-hedged".*?</g>', svg, re.S).group(0)
    assert "stroke-dasharray" in hedged and "marker-end" not in hedged  # allied_with is symmetric
    asserted = re.search(r'<g class="edge modality-asserted".*?</g>', svg, re.S).group(0)
    assert "stroke-dasharray" not in asserted
    lej = re.search(r'<g class="node type-ORG"[^>]*data-id="doc-a:lej"[^>]*>', svg).group(0)
    assert "allied_with" in lej and "<title>" in svg


def test_empty_graph_renders_a_message():
    g = build_graph(doc_records("d", [("p", "PERSON", "P"), ("x", "LOC", "X")], [("p", "based_in", "x", "asserted")]))
    assert g.number_of_nodes() == 0
    assert "No relation between people or organisations" in render_svg(g)


@pytest.fixture()
def out_dir(tmp_path: Path, doc_a) -> Path:
    out = tmp_path / "run"
    out.mkdir()
    write_records(out / "doc-a.jsonl", doc_a)
    (out / "errors.jsonl").write_text('{"file": "x.txt", "stage": "read", "message": "nope"}\n')
    (out / "notes.jsonl").write_text('{"hello": 1}\n')
    return out


def test_load_outputs_reads_document_files_only(out_dir):
    outputs = load_outputs(out_dir)
    assert list(outputs.documents) == ["doc-a"]
    assert outputs.corpus_entities is None
    assert len(outputs.skipped) == 1 and "notes.jsonl" in outputs.skipped[0]  # errors.jsonl is the runner's, not listed
    assert outputs.failed == ["x.txt: nope"]


def test_load_outputs_reads_corpus_entities(out_dir):
    (out_dir / "entities.jsonl").write_text(
        json.dumps({"id": "lej", "type": "ORG", "name": "Lashkar-e-Jhangvi", "aliases": ["LeJ"],
                    "members": [{"doc_id": "doc-a", "entity_id": "lej"}], "extra": "ignored"}) + "\n" + "not json\n"
    )
    outputs = load_outputs(out_dir)
    assert [c.id for c in outputs.corpus_entities] == ["lej"]
    assert any("entities.jsonl:2" in s for s in outputs.skipped)
    assert "lej" in build_graph(outputs.documents, outputs.corpus_entities).nodes


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_load_outputs_without_documents_is_an_input_error(tmp_path, make):
    with pytest.raises(InvalidInput, match="E011"):
        load_outputs(make(tmp_path))


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_opens_with_networkx_with_the_same_counts(out_dir, tmp_path, fmt, reader):
    path = tmp_path / f"net.{fmt}"
    g = export_graph(out_dir, fmt, path)
    back = reader(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges()) == (5, 4)
    assert back.nodes["doc-a:lej"]["entity_type"] == "ORG"
    assert {d["predicate"] for *_, d in back.edges(data=True)} == {"founder_of", "leader_of", "allied_with", "member_of"}


def test_gold_graphml_matches_the_report_graph(gold_dir, tmp_path):
    from pipeline.report import build_report

    summary = build_report(gold_dir, tmp_path / "r.html", raw_dir=ROOT / "corpus" / "raw")
    export_graph(gold_dir, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert back.number_of_nodes() == summary.graph.nodes == len(re.findall(r'<g class="node ', page))
    assert back.number_of_edges() == summary.graph.edges == len(re.findall(r'<g class="edge ', page))


def test_cli_graph(out_dir, tmp_path):
    path = tmp_path / "net.graphml"
    result = runner.invoke(app, ["graph", str(out_dir), "--format", "graphml", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert "5 nodes, 4 edges" in result.output and path.is_file()
    bad = runner.invoke(app, ["graph", str(out_dir), "--format", "dot", "--out", str(path)])
    assert bad.exit_code == 2 and "graphml" in bad.output
