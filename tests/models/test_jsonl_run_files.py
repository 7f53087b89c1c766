"""Regression: a run folder's entities.jsonl and errors.jsonl broke `extract eval DIR`."""

from models.jsonl import RUN_FILES, iter_jsonl_files


def test_run_files_are_skipped_in_folders_but_not_when_named(tmp_path):
    (tmp_path / "doc-a.jsonl").write_text("{}\n", encoding="utf-8")
    for name in RUN_FILES:
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    assert [p.name for p in iter_jsonl_files([tmp_path])] == ["doc-a.jsonl"]
    named = tmp_path / "entities.jsonl"
    assert list(iter_jsonl_files([named])) == [named]
