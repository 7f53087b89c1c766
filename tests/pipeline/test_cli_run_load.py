"""`extract run` and `extract load` through the CLI: exit codes, overrides, printed summaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.run
from pipeline.cli import app, parse_overrides
from pipeline.run import ERRORS_FILE, share_pipeline

runner = CliRunner()


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colleagues editing code between two runs of a test must not make the second redo everything."""
    monkeypatch.setattr(pipeline.run, "code_digest", lambda: "pinned")


@pytest.fixture()
def inputs(tmp_path: Path, raw_dir: Path, extractor) -> Path:
    share_pipeline(extractor.config, extractor.nlp)  # the CLI builds the same config: reuse the loaded pipeline
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(raw_dir / "hafiz-saeed-bio.txt", folder)
    return folder


def test_run_then_load(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inputs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 extracted, 0 up to date, 0 failed" in result.stdout
    assert (out / "hafiz-saeed-bio.jsonl").is_file()

    again = runner.invoke(app, ["run", str(inputs), "--out", str(out)])
    assert again.exit_code == 0 and "0 extracted, 1 up to date" in again.stdout

    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    loaded = runner.invoke(app, ["load", str(out), "--db", url])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.startswith("loaded 1 documents into sqlite:///") and "1 documents" in loaded.stdout


def test_run_exit_code_is_1_when_a_document_fails(inputs: Path, tmp_path: Path) -> None:
    (inputs / "broken.txt").write_bytes(b"\x00\x00binary")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inputs), "--out", str(out)])
    assert result.exit_code == 1
    assert "1 extracted, 0 up to date, 1 failed" in result.stdout
    assert f"see {out / ERRORS_FILE}" in result.stderr
    assert "[E003]" in result.stderr  # logged as it happened
    assert (out / "hafiz-saeed-bio.jsonl").is_file()


def test_run_accepts_dotted_config_overrides(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inputs), "--out", str(out), "--ingest.max_bytes", "100"])
    assert result.exit_code == 1
    assert "[E005]" in result.stderr


def test_run_rejects_an_unknown_option(inputs: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(inputs), "--out", str(tmp_path), "--wrokers", "2"])
    assert result.exit_code == 2
    assert "unknown option '--wrokers'" in result.output


def test_run_with_a_bad_config_override_is_a_clear_error(inputs: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(inputs), "--out", str(tmp_path), "--nosuch.key", "1"])
    assert result.exit_code == 2
    assert "[E010]" in result.stderr


def test_load_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 'kb.sqlite'}"])
    assert result.exit_code == 2 and "[E026]" in result.stderr


@pytest.mark.parametrize(
    "tokens, inputs, overrides",
    [
        (["a", "b"], ["a", "b"], {}),
        (["a", "--paths.lexicon", "lex", "b"], ["a", "b"], {"paths.lexicon": "lex"}),
        (["a", "--nlp.batch_size=16"], ["a"], {"nlp.batch_size": 16}),
        (["a", "--model.exclude", '["lemmatizer","ner"]'], ["a"], {"model.exclude": ["lemmatizer", "ner"]}),
        (["a", "--components.x.flag"], ["a"], {"components.x.flag": True}),
    ],
)
def test_parse_overrides(tokens: list[str], inputs: list[str], overrides: dict) -> None:
    assert parse_overrides(tokens) == (inputs, overrides)
