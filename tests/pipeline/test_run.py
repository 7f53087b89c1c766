"""Batch runner: streaming outputs, resume, --force, failure isolation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import spacy
from spacy.language import Language
from thinc.api import Config

from models.run import DocState
import pipeline.run
from models.validate import validate_file
from pipeline.nlp import load_config
from pipeline.run import ERRORS_FILE, STATE_DIR, iter_input_files, iter_outputs, pipeline_version, run_corpus

SMALL = ("hafiz-saeed-bio.txt", "treasury-2011-afpak-financiers.txt")
REAL_CODE_DIGEST = pipeline.run.code_digest


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the code part of the pipeline version still: colleagues editing code mid-test must not redo documents."""
    monkeypatch.setattr(pipeline.run, "code_digest", lambda: "pinned")


@pytest.fixture()
def corpus(tmp_path: Path, raw_dir: Path) -> Path:
    """Two small corpus reports in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(raw_dir / name, folder / name)
    return folder


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in iter_outputs(out)}


def test_run_writes_one_valid_file_per_document(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    summary = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (summary.inputs, summary.processed, summary.skipped, summary.failed) == (2, 2, 0, 0)
    assert summary.words > 1000
    assert [p.name for p in iter_outputs(out)] == ["hafiz-saeed-bio.jsonl", "treasury-2011-afpak-financiers.jsonl"]
    for path in iter_outputs(out):
        records, problems = validate_file(path)
        assert problems == []
        assert records[0][1].record == "document"
    assert not (out / ERRORS_FILE).exists()
    assert not list(out.glob(".*.tmp")), "temporary files left behind"
    state = DocState.model_validate_json((out / STATE_DIR / "hafiz-saeed-bio.json").read_text())
    assert state.pipeline_version == summary.pipeline_version and len(state.sha256) == 64


def test_resume_skips_done_documents_and_redoes_changed_ones(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    run_corpus([corpus], out, extractor=extractor, progress=False)
    before = snapshot(out)

    again = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (again.processed, again.skipped, again.failed) == (0, 2, 0)
    assert snapshot(out) == before, "a resumed run rewrote finished documents"

    changed = corpus / SMALL[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nHafiz Saeed founded Jamaat-ud-Dawa in Lahore.\n", encoding="utf-8")
    third = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (third.processed, third.skipped) == (1, 1)
    after = snapshot(out)
    assert after["treasury-2011-afpak-financiers.jsonl"] == before["treasury-2011-afpak-financiers.jsonl"]
    assert after["hafiz-saeed-bio.jsonl"][1] != before["hafiz-saeed-bio.jsonl"][1]


def test_resume_redoes_a_document_whose_output_was_deleted(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    run_corpus([corpus], out, extractor=extractor, progress=False)
    (out / "hafiz-saeed-bio.jsonl").unlink()
    again = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (again.processed, again.skipped) == (1, 1)
    assert (out / "hafiz-saeed-bio.jsonl").is_file()


def test_force_redoes_every_document(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    run_corpus([corpus], out, extractor=extractor, progress=False)
    before = snapshot(out)
    forced = run_corpus([corpus], out, extractor=extractor, force=True, progress=False)
    assert (forced.processed, forced.skipped) == (2, 0)
    after = snapshot(out)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}, "same input, same bytes"
    assert all(after[k][1] != before[k][1] for k in after)


def test_pipeline_version_follows_code(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config()
    before = pipeline_version(cfg)
    monkeypatch.setattr(pipeline.run, "code_digest", lambda: "edited")
    assert pipeline_version(cfg) != before


def test_code_digest_is_a_content_hash() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", REAL_CODE_DIGEST())


def test_pipeline_version_follows_config_and_lexicon_content(tmp_path: Path) -> None:
    base = load_config()
    assert pipeline_version(base) == pipeline_version(load_config())
    assert pipeline_version(load_config(overrides={"nlp.batch_size": 3})) != pipeline_version(base)
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "extra.yml").write_text("- one: entry\n", encoding="utf-8")
    own = load_config(overrides={"paths.lexicon": str(lexicon)})
    v1 = pipeline_version(own)
    (lexicon / "extra.yml").write_text("- one: edited entry\n", encoding="utf-8")
    assert pipeline_version(own) != v1, "editing a lexicon file must invalidate earlier outputs"


def test_corrupt_files_end_in_errors_jsonl_and_good_ones_are_complete(corpus: Path, tmp_path: Path, extractor) -> None:
    (corpus / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x01binary")  # binary
    (corpus / "garbled.txt").write_bytes(bytes(range(1, 256)) * 4)  # no encoding fits
    (corpus / "blank.txt").write_bytes(b"   \n")  # empty
    missing = corpus / "gone.txt"
    out = tmp_path / "out"
    summary = run_corpus([corpus, missing], out, extractor=extractor, progress=False)

    assert (summary.processed, summary.failed) == (2, 4)
    rows = [json.loads(line) for line in (out / ERRORS_FILE).read_text(encoding="utf-8").splitlines()]
    assert {Path(r["file"]).name: r["stage"] for r in rows} == {
        "blank.txt": "read", "garbled.txt": "read", "gone.txt": "read", "scan.txt": "read",
    }
    codes = {Path(r["file"]).name: r["message"][:6] for r in rows}
    assert codes == {"blank.txt": "[E002]", "garbled.txt": "[E004]", "gone.txt": "[E001]", "scan.txt": "[E003]"}
    assert all(set(r) == {"file", "stage", "message"} for r in rows)
    good = {p.name for p in iter_outputs(out)}
    assert good == {"hafiz-saeed-bio.jsonl", "treasury-2011-afpak-financiers.jsonl"}
    for path in iter_outputs(out):
        assert validate_file(path)[1] == []

    # once the bad files are gone, errors.jsonl goes too
    for name in ("scan.txt", "garbled.txt", "blank.txt"):
        (corpus / name).unlink()
    clean = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert clean.failed == 0 and not (out / ERRORS_FILE).exists()


def test_too_large_document_is_refused_alone(corpus: Path, tmp_path: Path, extractor) -> None:
    big = corpus / "big.txt"
    big.write_text("Malik Ishaq led Lashkar-e-Jhangvi. " * 400, encoding="utf-8")
    cfg = Config(extractor.config).merge({"ingest": {"max_bytes": big.stat().st_size - 1}})
    small_limit = SimpleNamespace(config=cfg, nlp=extractor.nlp)
    summary = run_corpus([corpus], tmp_path / "out", extractor=small_limit, progress=False)
    assert (summary.processed, summary.failed) == (2, 1)
    assert summary.errors[0].stage.value == "read" and summary.errors[0].message.startswith("[E005]")


@Language.component("test_explodes_on_boom")
def _explodes_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("cannot handle BOOM")
    return doc


def test_component_error_is_isolated_to_its_document(tmp_path: Path, extractor) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Malik Ishaq led Lashkar-e-Jhangvi in Punjab.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The BOOM sentence breaks a component.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Hafiz Saeed founded Lashkar-e-Taiba.\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("test_explodes_on_boom")
    cfg = Config(extractor.config).merge({"nlp": {"batch_size": 8}, "test": {"pipeline": "blank + boom"}})
    fragile = SimpleNamespace(config=cfg, nlp=nlp)
    out = tmp_path / "out"
    summary = run_corpus([folder], out, extractor=fragile, progress=False)
    assert (summary.processed, summary.failed) == (2, 1)
    [error] = summary.errors
    assert (Path(error.file).name, error.stage.value) == ("b.txt", "nlp")
    assert "test_explodes_on_boom" in error.message and "cannot handle BOOM" in error.message
    assert {p.name for p in iter_outputs(out)} == {"a.jsonl", "c.jsonl"}


def test_emit_error_is_isolated_to_its_document(corpus: Path, tmp_path: Path, extractor, monkeypatch) -> None:
    import pipeline.emit

    real = pipeline.emit.emit_records

    def failing(source, doc):
        if source.doc_id.startswith("hafiz"):
            raise ValueError("no valid records")
        return real(source, doc)

    monkeypatch.setattr(pipeline.emit, "emit_records", failing)
    summary = run_corpus([corpus], tmp_path / "out", extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (1, 1)
    assert summary.errors[0].stage.value == "emit" and "no valid records" in summary.errors[0].message


def test_unwritable_output_is_a_write_error(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    (out / "hafiz-saeed-bio.jsonl").mkdir(parents=True)  # a folder where the file should go
    summary = run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (1, 1)
    assert summary.errors[0].stage.value == "write" and summary.errors[0].message.startswith("[E023]")
    assert not list(out.glob(".*.tmp"))


def test_duplicate_document_ids_are_reported(corpus: Path, tmp_path: Path, extractor) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(corpus / SMALL[0], other / SMALL[0])
    summary = run_corpus([corpus, other / SMALL[0]], tmp_path / "out", extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (2, 1)
    assert summary.errors[0].message.startswith("[E024]")


def test_input_folders_are_walked_for_text_files_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "sub/c.html", "notes.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    explicit = tmp_path / "notes.pdf"
    assert [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path, explicit])] == [
        "a.md", "b.txt", "sub/c.html", "notes.pdf",
    ]


def test_run_writes_corpus_entities_merging_one_person_across_documents(tmp_path: Path, extractor) -> None:
    """Issue 4, part 2: after a run, entities.jsonl merges the same person written differently in two reports."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report-a.txt").write_text(
        "Qari Ataur Rehman (alias Naeem Bukhari) led the Karachi chapter of Lashkar-e-Jhangvi. Bukhari was arrested in 2013.\n",
        encoding="utf-8",
    )
    (folder / "report-b.txt").write_text(
        "Naeem Bukhari, a senior militant, was based in Karachi. He later left Pakistan.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    run_corpus([folder], out, extractor=extractor, progress=False)
    rows = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    merged = [r for r in rows if {m["doc_id"] for m in r["members"]} == {"report-a", "report-b"} and r["type"] == "PERSON"]
    assert len(merged) == 1
    assert merged[0]["name"] == "Qari Ataur Rehman" and "Naeem Bukhari" in merged[0]["aliases"]
    # the run folder's own files are never read as documents
    assert [p.name for p in iter_outputs(out)] == ["report-a.jsonl", "report-b.jsonl"]


@pytest.mark.parametrize("reserved", ["entities", "errors"])
def test_document_named_like_a_run_file_is_refused(reserved: str, tmp_path: Path, extractor) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{reserved}.txt").write_text("Baitullah Mehsud led the TTP from 2007 in South Waziristan.\n", encoding="utf-8")
    summary = run_corpus([folder], tmp_path / "out", extractor=extractor, progress=False)
    assert summary.failed == 1 and "E024" in summary.errors[0].message


def test_corpus_entities_can_be_left_out(corpus: Path, tmp_path: Path, extractor) -> None:
    out = tmp_path / "out"
    run_corpus([corpus], out, extractor=extractor, progress=False, corpus_entities=False)
    assert not (out / "entities.jsonl").exists()
    run_corpus([corpus], out, extractor=extractor, progress=False)
    assert (out / "entities.jsonl").stat().st_size > 0


def test_frozen_heap_freezes_for_the_run_and_restores() -> None:
    import gc

    from pipeline.run import frozen_heap

    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        with frozen_heap():  # already frozen: left as it is
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
