"""Cross-document resolution: conservative merges, stable ids, ``entities.jsonl``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import spacy

from models import Document, Entity, write_records
from models.corpus import CorpusEntity
from models.report import CorpusEntity as ReportCorpusEntity
from pipeline.crossdoc import CORPUS_ENTITIES_FILE, merge_keys, resolve_corpus, resolve_output_dir
from pipeline.emit import emit_records
from pipeline.ingest import ingest_text
from pipeline.names import NameLexicon, load_variants

ROOT = Path(__file__).resolve().parents[2]
TITLES = ["Qari", "Ustad", "Mufti", "Mullah", "Syed", "Hafiz", "General", "Malik", "Hajji"]
PARTICLES = ["bin", "ibn", "ben", "ul", "ur", "ud", "al"]


@pytest.fixture(scope="module")
def lex() -> NameLexicon:
    return NameLexicon.build(load_variants(ROOT / "corpus" / "lexicon" / "variants.yml"), titles=TITLES, particles=PARTICLES)


def ent(doc: str, id: str, type: str, name: str, *aliases: str, methods: dict[str, str] | None = None) -> Entity:
    return Entity(doc_id=doc, id=id, type=type, name=name, aliases=list(aliases), alias_methods=methods)


def corpus(*entities: Entity) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in entities:
        out.setdefault(e.doc_id, [Document(doc_id=e.doc_id)]).append(e)
    return out


def members(entities: list[CorpusEntity], name: str) -> set[tuple[str, str]]:
    hits = [c for c in entities if c.name == name]
    assert len(hits) == 1, [c.name for c in entities]
    return {(m.doc_id, m.entity_id) for m in hits[0].members}


# --------------------------------------------------------------------------- what merges


@pytest.mark.parametrize(
    "a, b, method",
    [
        (ent("d1", "hakeem-ullah-mehsud", "PERSON", "Hakeem Ullah Mehsud"), ent("d2", "hakimullah-mehsud", "PERSON", "Hakimullah Mehsud"), "variant"),
        (ent("d1", "usama-bin-ladin", "PERSON", "Usama bin Ladin"), ent("d2", "osama-bin-laden", "PERSON", "Osama bin Laden"), "variant"),
        (ent("d1", "general-zia-ul-haq", "PERSON", "General Zia-ul-Haq"), ent("d2", "zia-ul-haq", "PERSON", "Zia-ul Haq"), "exact"),
        (
            ent("d1", "syed-safdar", "PERSON", "Syed Safdar", "Yousaf Mansur Khurasani", methods={"Yousaf Mansur Khurasani": "cue"}),
            ent("d2", "yousuf-mansur-khurasani", "PERSON", "Yousuf Mansur Khurasani"),
            "variant",
        ),
        (ent("d1", "lashkar-e-jhangvi", "ORG", "Lashkar-e-Jhangvi", "LeJ"), ent("d2", "lej", "ORG", "LEJ"), "exact"),
        (ent("d1", "united-states", "LOC", "United States", "U.S."), ent("d2", "us", "LOC", "US"), "exact"),
        (ent("d1", "balochistan", "LOC", "Balochistan"), ent("d2", "baluchistan", "LOC", "Baluchistan"), "variant"),
    ],
)
def test_same_thing_merges(lex: NameLexicon, a: Entity, b: Entity, method: str) -> None:
    out = resolve_corpus(corpus(a, b), lex)
    assert len(out) == 1
    c = out[0]
    assert {(m.doc_id, m.entity_id) for m in c.members} == {(a.doc_id, a.id), (b.doc_id, b.id)}
    assert [link.method.value for link in c.links] == [method]


@pytest.mark.parametrize(
    "a, b",
    [
        pytest.param(
            ent("d1", "abid-mehsud", "PERSON", "Abid Mehsud", "Mehsud", methods={"Mehsud": "surname"}),
            ent("d2", "baitullah-mehsud", "PERSON", "Baitullah Mehsud", "Mehsud", methods={"Mehsud": "surname"}),
            id="bare-surname",
        ),
        pytest.param(
            ent("d1", "amjad-farooqi", "PERSON", "Amjad Farooqi", "Farooqi"),
            ent("d2", "farooqi", "PERSON", "Farooqi"),
            id="surname-without-methods",
        ),
        pytest.param(
            ent("d1", "osama", "PERSON", "Osama bin Laden", "bin Laden"),
            ent("d2", "omar", "PERSON", "Omar bin Laden", "bin Laden"),
            id="particle-and-surname",
        ),
        pytest.param(
            ent("d1", "ttp-balochistan-chapter", "ORG", "TTP Balochistan chapter", "Balochistan chapter",
                methods={"Balochistan chapter": "surname"}),
            ent("d2", "lej-balochistan-chapter", "ORG", "LeJ Balochistan chapter", "Balochistan chapter",
                methods={"Balochistan chapter": "surname"}),
            id="partial-org-form",
        ),
        pytest.param(
            ent("d1", "haqqani", "PERSON", "Jalaluddin Haqqani"), ent("d2", "haqqani-network", "ORG", "Jalaluddin Haqqani"),
            id="different-types",
        ),
    ],
)
def test_different_things_stay_apart(lex: NameLexicon, a: Entity, b: Entity) -> None:
    assert len(resolve_corpus(corpus(a, b), lex)) == 2


def test_two_entities_of_one_document_never_merge(lex: NameLexicon) -> None:
    """The document's resolver kept them apart; a third document cannot join them."""
    out = resolve_corpus(
        corpus(
            ent("d1", "mohammed-bin-laden", "PERSON", "Mohammed bin Laden"),
            ent("d1", "mohammed-bin-awad-bin-laden", "PERSON", "Mohammed bin Awad bin Laden"),
            ent("d2", "mohammed-bin-laden", "PERSON", "Mohammed bin Awad bin Laden", "Mohammed bin Laden"),
        ),
        lex,
    )
    assert len(out) == 2
    for c in out:
        assert len({m.doc_id for m in c.members}) == len(c.members)


def test_ids_are_stable_and_unique(lex: NameLexicon) -> None:
    records = corpus(
        ent("d1", "taliban", "ORG", "Taliban"),
        ent("d2", "taliban", "ORG", "Taliban"),
        ent("d1", "ali", "PERSON", "Ali"),
        ent("d2", "ali", "PERSON", "Ali"),
    )
    first = resolve_corpus(records, lex)
    again = resolve_corpus(dict(reversed(list(records.items()))), lex)
    assert [c.model_dump() for c in first] == [c.model_dump() for c in again]
    ids = [c.id for c in first]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert ids == ["ali", "ali-2", "taliban"]  # two men called Ali stay two; the Taliban merge


def test_merge_keys_never_hold_a_bare_surname(lex: NameLexicon) -> None:
    keys = merge_keys(ent("d1", "x", "PERSON", "Qari Hussain Mehsud", "Mehsud", "Hussain"), lex)
    assert [form for _, form in keys] == ["Qari Hussain Mehsud"]


# --------------------------------------------------------------------------- a synthetic two-document corpus, end to end


DOC_A = (
    "Qari Ataur Rehman (alias Naeem Bukhari) was released in 2011. Bukhari moved to Waziristan. "
    "Hakeem Ullah Mehsud led the Tehrik-e-Taliban Pakistan (TTP). Abid Mehsud founded LeJ-A; Mehsud died in 2010."
)
DOC_B = (
    "Naeem Bukhari was arrested in Karachi in 2016. Hakimullah Mehsud, the TTP emir, was killed in 2013. "
    "Baitullah Mehsud had founded the TTP; Mehsud was killed in 2009."
)
LABELS_A = {"Qari Ataur Rehman": "PERSON", "Naeem Bukhari": "PERSON", "Bukhari": "PERSON", "Waziristan": "LOC",
            "Hakeem Ullah Mehsud": "PERSON", "Tehrik-e-Taliban Pakistan": "ORG", "TTP": "ORG", "Abid Mehsud": "PERSON",
            "LeJ-A": "ORG", "Mehsud": "PERSON"}
LABELS_B = {"Naeem Bukhari": "PERSON", "Karachi": "LOC", "Hakimullah Mehsud": "PERSON", "TTP": "ORG",
            "Baitullah Mehsud": "PERSON", "Mehsud": "PERSON"}


def _records(nlp, text: str, doc_id: str, labels: dict[str, str]) -> list:
    source = ingest_text(text, doc_id)
    doc = nlp.make_doc(source.body)
    taken, ents = bytearray(len(doc.text)), []
    for form in sorted(labels, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", doc.text):
            if not any(taken[m.start() : m.end()]):
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                ents.append(doc.char_span(m.start(), m.end(), label=labels[form]))
    doc.ents = sorted(ents, key=lambda s: s.start)
    return emit_records(source, nlp.get_pipe("ctie_aliases")(doc))


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lexicon = tmp_path_factory.mktemp("lexicon")
    shutil.copy(ROOT / "corpus" / "lexicon" / "variants.yml", lexicon / "variants.yml")
    (lexicon / "honorifics.yml").write_text("".join(f"- {{form: {t}, kind: title}}\n" for t in TITLES), encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("ctie_aliases", config={"lexicon_dir": str(lexicon)})
    out = tmp_path_factory.mktemp("run")
    write_records(out / "doc-a.jsonl", _records(nlp, DOC_A, "doc-a", LABELS_A))
    write_records(out / "doc-b.jsonl", _records(nlp, DOC_B, "doc-b", LABELS_B))
    (out / "errors.jsonl").write_text('{"file": "x.txt", "stage": "read", "message": "empty"}\n', encoding="utf-8")
    resolve_output_dir(out, lexicon)
    return out


def _load(out: Path) -> list[CorpusEntity]:
    lines = (out / CORPUS_ENTITIES_FILE).read_text(encoding="utf-8").splitlines()
    return [CorpusEntity.model_validate(json.loads(line)) for line in lines]


def test_same_person_under_different_forms(two_documents: Path) -> None:
    entities = _load(two_documents)
    assert members(entities, "Qari Ataur Rehman") == {("doc-a", "qari-ataur-rehman"), ("doc-b", "naeem-bukhari")}
    assert members(entities, "Hakeem Ullah Mehsud") == {("doc-a", "hakeem-ullah-mehsud"), ("doc-b", "hakimullah-mehsud")}
    assert members(entities, "Tehrik-e-Taliban Pakistan") == {("doc-a", "tehrik-e-taliban-pakistan"), ("doc-b", "ttp")}
    rehman = next(c for c in entities if c.name == "Qari Ataur Rehman")
    assert {"Naeem Bukhari", "Bukhari"} <= set(rehman.aliases)


def test_bare_surname_merges_nobody(two_documents: Path) -> None:
    entities = _load(two_documents)
    assert members(entities, "Abid Mehsud") == {("doc-a", "abid-mehsud")}
    assert members(entities, "Baitullah Mehsud") == {("doc-b", "baitullah-mehsud")}
    assert all("Mehsud" not in c.aliases for c in entities)


def test_entities_file_is_what_the_report_reads(two_documents: Path) -> None:
    lines = (two_documents / CORPUS_ENTITIES_FILE).read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(ids)
    for line in lines:
        obj = json.loads(line)
        assert list(obj)[:3] == ["id", "type", "name"]
        ReportCorpusEntity.from_line(obj)


def test_run_records_are_compact_members_and_the_written_count_is_returned(two_documents: Path) -> None:
    from pipeline.crossdoc import Member, read_run_records

    records = read_run_records(two_documents)
    assert set(records) == {"doc-a", "doc-b"}
    assert all(isinstance(m, Member) for ms in records.values() for m in ms)
    written = resolve_output_dir(two_documents, next(two_documents.parent.glob("lexicon*")))
    assert written == len(_load(two_documents))
    assert [e.id for e in _load(two_documents)] == sorted(e.id for e in _load(two_documents))


def test_merger_refuses_two_entities_of_one_document_after_merges() -> None:
    from pipeline.crossdoc import _Merger

    m = _Merger([("a", "x"), ("b", "y"), ("a", "z")])
    assert m.union(("a", "x"), ("b", "y"))
    assert not m.union(("b", "y"), ("a", "z"))  # the root already holds document a
    assert m.find(("a", "z")) == ("a", "z")
