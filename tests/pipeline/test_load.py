"""Loading run outputs into SQL: idempotent, replacing re-extracted documents, queryable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from models import Relation, read_records
from pipeline.errors import LoadError
from pipeline.load import load_outputs
from pipeline.run import run_corpus

SEED = "lej-infrastructure"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path, extractor) -> Path:
    """The pipeline's output for the seed article (the real run, nothing skipped)."""
    out = tmp_path_factory.mktemp("run")
    summary = run_corpus([raw_dir / f"{SEED}.txt"], out, extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (1, 0)
    return out


@pytest.fixture()
def run_dir(seed_run: Path, tmp_path: Path) -> Path:
    """A private copy of the seed run that a test may edit."""
    out = tmp_path / "run"
    shutil.copytree(seed_run, out)
    return out


def url_for(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.sqlite'}"


def seed_records(run: Path) -> list:
    records, problems = read_records(run / f"{SEED}.jsonl")
    assert problems == []
    return [r for _, r in records]


def test_loading_twice_gives_the_same_row_counts(run_dir: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    first = load_outputs(run_dir, url)
    second = load_outputs(run_dir, url)
    assert first.ok and second.ok
    assert first.documents == second.documents == 1
    assert first.rows == second.rows
    records = seed_records(run_dir)
    entities = [r for r in records if r.record == "entity"]
    assert first.rows["documents"] == 1
    assert first.rows["entities"] == len(entities)
    assert first.rows["mentions"] == sum(len({tuple(m) for m in e.mentions or []}) for e in entities)
    assert first.rows["aliases"] == sum(len(e.aliases) for e in entities)
    assert first.rows["relations"] == sum(r.record == "relation" for r in records)


def test_a_re_extracted_document_replaces_its_old_rows(run_dir: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    load_outputs(run_dir, url)
    path = run_dir / f"{SEED}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if json.loads(line)["record"] != "relation"]
    entity = json.loads(kept[1])
    entity["name"] = "Renamed In The New Extraction"
    kept[1] = json.dumps(entity, ensure_ascii=False)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")

    summary = load_outputs(run_dir, url)
    assert summary.ok and summary.rows["relations"] == 0 and summary.rows["evidence"] == 0
    engine = create_engine(url)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM entities WHERE doc_id = :d AND entity_id = :e"), {"d": SEED, "e": entity["id"]}).scalars().all()
    engine.dispose()
    assert names == ["Renamed In The New Extraction"]


def test_a_broken_file_is_reported_and_the_others_still_load(run_dir: Path, tmp_path: Path) -> None:
    (run_dir / "broken.jsonl").write_text('{"record": "document", "doc_id": "broken", "oops": 1}\n', encoding="utf-8")
    (run_dir / "errors.jsonl").write_text('{"file": "x.txt", "stage": "read", "message": "[E003] x"}\n', encoding="utf-8")
    summary = load_outputs(run_dir, url_for(tmp_path))
    assert summary.documents == 1 and summary.rows["documents"] == 1
    assert [Path(p.file).name for p in summary.problems] == ["broken.jsonl"]
    assert "unknown key" in summary.problems[0].message


def test_a_failed_document_keeps_its_previous_rows(run_dir: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    before = load_outputs(run_dir, url).rows
    (run_dir / f"{SEED}.jsonl").write_text("not json\n", encoding="utf-8")
    after = load_outputs(run_dir, url)
    assert not after.ok and after.rows == before


def test_a_database_error_rolls_the_document_back(run_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import pipeline.load

    url = url_for(tmp_path)
    before = load_outputs(run_dir, url).rows
    real = pipeline.load.document_rows

    def with_dangling_mention(records, state=None):
        rows = real(records, state)
        rows["mentions"].append({"doc_id": SEED, "entity_id": "no-such-entity", "start_char": 0, "end_char": 1})
        return rows

    monkeypatch.setattr(pipeline.load, "document_rows", with_dangling_mention)
    after = load_outputs(run_dir, url)
    assert after.documents == 0 and "database refused it" in after.problems[0].message
    assert after.rows == before, "the old rows were deleted although the new ones failed"


def test_missing_folder_and_bad_url_are_clear_errors(tmp_path: Path, run_dir: Path) -> None:
    with pytest.raises(LoadError, match=r"\[E026\]"):
        load_outputs(tmp_path / "nowhere", url_for(tmp_path))
    with pytest.raises(LoadError, match=r"\[E012\]"):
        load_outputs(run_dir, "nosuchdb://x")


def test_sql_over_the_loaded_database_returns_the_seed_articles_relations(run_dir: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    load_outputs(run_dir, url)
    expected = {
        (r.subject, r.predicate.value, r.object, r.date, r.modality.value, r.evidence)
        for r in seed_records(run_dir)
        if isinstance(r, Relation)
    }
    assert expected, "the seed article yields relations"
    engine = create_engine(url)
    query = text(
        """
        SELECT s.entity_id, r.predicate, o.entity_id, r.date, r.modality, e.sentence
        FROM relations r
        JOIN entities s ON s.doc_id = r.doc_id AND s.entity_id = r.subject
        LEFT JOIN entities o ON o.doc_id = r.doc_id AND o.entity_id = r.object
        JOIN evidence e ON e.doc_id = r.doc_id AND e.evidence_id = r.evidence_id
        WHERE r.doc_id = :doc
        """
    )
    with engine.connect() as conn:
        rows = {tuple(row) for row in conn.execute(query, {"doc": SEED})}
    engine.dispose()
    assert rows == expected


def test_corpus_entities_load_and_join_reports(tmp_path: Path, extractor) -> None:
    """entities.jsonl becomes corpus_entities/corpus_members: one person across two reports, reloadable."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report-a.txt").write_text(
        "Qari Ataur Rehman (alias Naeem Bukhari) led the Karachi chapter of Lashkar-e-Jhangvi.\n", encoding="utf-8"
    )
    (folder / "report-b.txt").write_text("Naeem Bukhari, a senior militant, was based in Karachi.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_corpus([folder], out, extractor=extractor, progress=False)
    url = url_for(tmp_path)
    first = load_outputs(out, url)
    second = load_outputs(out, url)  # reloading documents must not trip over their corpus memberships
    assert first.problems == [] and second.problems == []
    assert first.rows == second.rows and first.rows["corpus_entities"] > 0
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(text(
            "SELECT group_concat(m.doc_id) FROM corpus_entities c JOIN corpus_members m USING (corpus_id) "
            "WHERE c.type = 'PERSON' GROUP BY c.corpus_id HAVING count(DISTINCT m.doc_id) = 2"
        )).scalars().all()
    engine.dispose()
    assert len(docs) == 1 and set(docs[0].split(",")) == {"report-a", "report-b"}


def test_malformed_corpus_file_is_reported_and_documents_still_load(run_dir: Path, tmp_path: Path) -> None:
    (run_dir / "entities.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    summary = load_outputs(run_dir, url_for(tmp_path))
    assert summary.documents == 1
    assert [p.file.endswith("entities.jsonl") for p in summary.problems] == [True]
    assert ":1:" in summary.problems[0].message
