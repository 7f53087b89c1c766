"""`extract validate` and `extract eval`: one `file:line: message` per problem, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()

DOC = {"record": "document", "doc_id": "d1", "title": None, "authors": [], "published": None}
ISHAQ = {"record": "entity", "doc_id": "d1", "id": "malik-ishaq", "type": "PERSON", "name": "Malik Ishaq", "aliases": []}
LEJ = {"record": "entity", "doc_id": "d1", "id": "lej", "type": "ORG", "name": "Lashkar-e-Jhangvi", "aliases": ["LeJ"]}
PK = {"record": "entity", "doc_id": "d1", "id": "pakistan", "type": "LOC", "name": "Pakistan", "aliases": []}
REL = {"record": "relation", "doc_id": "d1", "subject": "malik-ishaq", "predicate": "founder_of", "object": "lej",
       "date": "1996", "place": None, "modality": "asserted", "evidence": "Malik Ishaq founded LeJ in 1996."}
GOOD = [DOC, ISHAQ, LEJ, PK, REL]


def lines(*objs: dict | str) -> bytes:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs).encode("utf-8")


# name -> (file bytes, the line numbers of the expected problems, a word each message holds)
MALFORMED: dict[str, tuple[bytes, list[int], str]] = {
    "bad-json": (lines(DOC, ISHAQ, '{"record": "entity", "doc_id": ', LEJ), [3], "invalid JSON"),
    "unknown-key": (lines(DOC, {**ISHAQ, "colour": "red"}, LEJ), [2], "unknown key"),
    "dangling-id": (lines(DOC, ISHAQ, LEJ, {**REL, "object": "ghost"}), [4], "not an entity id"),
    "wrong-arg-type": (lines(DOC, ISHAQ, LEJ, PK, {**REL, "object": "pakistan"}), [5], "needs an object of type ORG"),
    "bad-edtf": (lines(DOC, ISHAQ, LEJ, {**REL, "date": "mid-1990s"}), [4], "EDTF"),
    "empty": (b"", [0], "empty file"),
    "non-utf8": (lines(DOC) + b'{"record": "entity", "name": "\xff"}\n', [2], "UTF-8"),
    "two-problems": (lines(DOC, {**ISHAQ, "name": 5}, LEJ, '[1, 2]'), [2, 4], ""),
}


def prefix(path: Path, line: int) -> str:
    return f"{path}:{line}: " if line else f"{path}: "


def check_problems(result, path: Path, expected_lines: list[int], word: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    printed = result.stderr.splitlines()
    assert len(printed) == len(expected_lines), printed
    for text, line in zip(printed, expected_lines):
        assert text.startswith(prefix(path, line)), text
        assert word in text


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "d1.jsonl"
    path.write_bytes(lines(*GOOD))
    return path


@pytest.mark.parametrize("name", MALFORMED)
def test_validate_malformed(tmp_path: Path, name: str) -> None:
    data, expected, word = MALFORMED[name]
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(data)
    check_problems(runner.invoke(app, ["validate", str(path)]), path, expected, word)


@pytest.mark.parametrize("name", MALFORMED)
def test_eval_malformed_prediction(tmp_path: Path, gold_file: Path, name: str) -> None:
    data, expected, word = MALFORMED[name]
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(data)
    check_problems(runner.invoke(app, ["eval", str(path), str(gold_file)]), path, expected, word)


@pytest.mark.parametrize("name", ["bad-json", "empty"])
def test_eval_malformed_gold(tmp_path: Path, gold_file: Path, name: str) -> None:
    data, expected, word = MALFORMED[name]
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(data)
    check_problems(runner.invoke(app, ["eval", str(gold_file), str(path)]), path, expected, word)


def test_validate_folder_reports_every_file(tmp_path: Path) -> None:
    for name in ("unknown-key", "empty"):
        (tmp_path / f"{name}.jsonl").write_bytes(MALFORMED[name][0])
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    printed = result.stderr.splitlines()
    assert len(printed) == 2
    assert printed[0].startswith(prefix(tmp_path / "empty.jsonl", 0))
    assert printed[1].startswith(prefix(tmp_path / "unknown-key.jsonl", 2))


def test_validate_missing_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty-dir").mkdir()
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.jsonl"), str(tmp_path / "empty-dir")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 2
    assert "E011" in result.stderr and "cannot read file" in result.stderr


def test_validate_gold_ok(gold_dir: Path) -> None:
    result = runner.invoke(app, ["validate", str(gold_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 4 documents") and len(result.stdout.splitlines()) == 1


def test_eval_gold_against_itself_is_all_ones(gold_dir: Path) -> None:
    result = runner.invoke(app, ["eval", str(gold_dir), str(gold_dir)])
    assert result.exit_code == 0, result.output
    figures = [tok for line in result.stdout.splitlines()[2:] for tok in line.split() if tok.count(".") == 1 and tok[0].isdigit()]
    assert figures and set(figures) == {"1.000"}


def test_eval_json(gold_dir: Path) -> None:
    result = runner.invoke(app, ["eval", str(gold_dir), str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["entities"]["f1"] == 1.0 and report["qualifiers"]["evidence"]["accuracy"] == 1.0


def test_eval_baseline(gold_dir: Path, raw_dir: Path, bare_nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.baseline

    monkeypatch.setattr(pipeline.baseline, "load_model", lambda: bare_nlp)
    gold = str(gold_dir / "lej-infrastructure.jsonl")
    result = runner.invoke(app, ["eval", gold, gold, "--baseline", "--raw", str(raw_dir)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.startswith("Entities"))
    assert header.split()[1:7] == ["P", "base", "R", "base", "F1", "base"]
    result = runner.invoke(app, ["eval", gold, gold, "--baseline", "--raw", str(raw_dir), "--json"])
    both = json.loads(result.stdout)
    assert both["report"]["entities"]["f1"] == 1.0 and both["baseline"]["relations"]["recall"] == 0.0


def test_eval_baseline_without_raw_text(gold_dir: Path, tmp_path: Path, bare_nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.baseline

    monkeypatch.setattr(pipeline.baseline, "load_model", lambda: bare_nlp)
    gold = str(gold_dir / "lej-infrastructure.jsonl")
    result = runner.invoke(app, ["eval", gold, gold, "--baseline", "--raw", str(tmp_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "no raw text" in result.stderr and len(result.stderr.splitlines()) == 1


def test_eval_reports_problems_of_both_sides(tmp_path: Path) -> None:
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"
    pred.write_bytes(MALFORMED["unknown-key"][0])
    gold.write_bytes(MALFORMED["bad-edtf"][0])
    result = runner.invoke(app, ["eval", str(pred), str(gold)])
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stderr.splitlines()] == [f"{pred}:2", f"{gold}:4"]
