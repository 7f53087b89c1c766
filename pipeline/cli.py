"""The ``extract`` command: a thin typer layer over the library functions.

Only this module knows typer. Every command calls a pure function that tests
import directly, and turns :class:`pipeline.errors.PipelineError` into one
line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from .errors import InvalidGold, PipelineError

if TYPE_CHECKING:
    import logging

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Extract provenance-carrying assertions about militant networks from analytic text.")


@app.callback()
def _root() -> None:
    """Extract provenance-carrying assertions about militant networks from analytic text."""


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one JSONL record, generated from the models."""
    from models import record_json_schema

    typer.echo(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))


def _print_problems(exc: PipelineError) -> None:
    """One line per problem on stderr (the message already holds one per line), exit 1."""
    for line in str(exc).splitlines():
        typer.echo(line, err=True)
    raise typer.Exit(1)


@app.command()
def validate(paths: List[Path] = typer.Argument(..., help="JSONL files or folders of them.")) -> None:
    """Check JSONL files against the contract: one `file:line: message` per problem."""
    from models.records import Entity, Relation

    from .evaluate import problems_error, validate_paths

    docs, problems = validate_paths(paths)
    if problems:
        _print_problems(problems_error(problems))
    records = [r for recs in docs.values() for r in recs]
    entities = sum(isinstance(r, Entity) for r in records)
    relations = sum(isinstance(r, Relation) for r in records)
    typer.echo(f"OK: {len(docs)} documents, {entities} entities, {relations} relations")


@app.command("eval")
def eval_(
    pred: Path = typer.Argument(..., help="Predicted JSONL file or folder."),
    gold: Path = typer.Argument(..., help="Gold JSONL file or folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON instead of a table."),
    baseline: bool = typer.Option(False, "--baseline", help="Also score bare spaCy NER on the raw texts of the gold documents."),
    raw: Path = typer.Option(Path("corpus/raw"), "--raw", help="Folder of <doc_id>.txt raw texts for --baseline."),
) -> None:
    """Score predictions against gold (section 7 of the contract)."""
    from .evaluate import evaluate, evaluate_records, format_table, load_records

    try:
        report = evaluate(pred, gold)  # reports the problems of both sides at once
        base = None
        if baseline:
            from .baseline import baseline_records

            gold_docs = load_records(gold)
            base = evaluate_records(baseline_records(sorted(gold_docs), raw), gold_docs)
    except InvalidGold as exc:
        _print_problems(exc)
    except PipelineError as exc:
        _fail(str(exc))
    if as_json:
        if base is None:
            typer.echo(report.model_dump_json(indent=2))
        else:
            both = {"report": report.model_dump(mode="json"), "baseline": base.model_dump(mode="json")}
            typer.echo(json.dumps(both, indent=2))
    else:
        typer.echo(format_table(report, base))


@app.command()
def report(
    out_dir: Path = typer.Argument(..., help="Output folder of `extract run`."),
    out: Path = typer.Option(Path("outputs/report.html"), "--out", help="HTML file to write."),
    raw: Path = typer.Option(Path("corpus/raw"), "--raw", help="Folder of <doc_id>.txt/.md/.html when the run did not record its input files."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold JSONL file or folder: adds the evaluation table."),
) -> None:
    """Write one self-contained HTML page: highlighted texts, relation tables, the network, a summary."""
    from .report import build_report

    try:
        summary = build_report(out_dir, out, raw_dir=raw, gold=gold)
    except InvalidGold as exc:
        _print_problems(exc)
    except PipelineError as exc:
        _fail(str(exc))
    relations = sum(summary.relations_by_predicate.values())
    typer.echo(
        f"Wrote {out}: {len(summary.documents)} documents, {sum(summary.entities_by_type.values())} entities, "
        f"{relations} relations; network {summary.graph.nodes} nodes, {summary.graph.edges} edges"
        + ("; evaluation against gold" if summary.evaluated else "")
    )
    for line in summary.skipped:
        typer.echo(f"skipped: {line}", err=True)


@app.command()
def graph(
    out_dir: Path = typer.Argument(..., help="Output folder of `extract run`."),
    fmt: str = typer.Option("graphml", "--format", help="graphml or gexf."),
    out: Path = typer.Option(..., "--out", help="File to write."),
) -> None:
    """Export the network of people and organisations for Gephi or Cytoscape (same graph as the report)."""
    from .graph import GraphFormat, export_graph

    if fmt not in {f.value for f in GraphFormat}:
        _fail(f"--format must be one of {', '.join(f.value for f in GraphFormat)}, got {fmt!r}")
    try:
        network = export_graph(out_dir, fmt, out)
    except PipelineError as exc:
        _fail(str(exc))
    typer.echo(f"Wrote {out}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges ({fmt})")


def parse_overrides(tokens: List[str]) -> tuple[list[str], dict[str, object]]:
    """Split ``INPUT... --section.key value ...`` into inputs and spaCy-style config overrides.

    ``--nlp.batch_size 16`` and ``--nlp.batch_size=16`` both work; values are
    read as JSON where they parse (numbers, true, lists) and as strings
    otherwise; a dotted option with no value means ``true``.
    """
    inputs: list[str] = []
    overrides: dict[str, object] = {}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.startswith("--"):
            inputs.append(tok)
            i += 1
            continue
        key, eq, value = tok[2:].partition("=")
        if "." not in key:
            raise typer.BadParameter(f"unknown option {tok!r}; config overrides look like --paths.lexicon DIR")
        if not eq:
            if i + 1 < len(tokens) and not tokens[i + 1].startswith("--"):
                value, i = tokens[i + 1], i + 1
            else:
                value = "true"
        try:
            overrides[key.replace("-", "_")] = json.loads(value)
        except ValueError:
            overrides[key.replace("-", "_")] = value
        i += 1
    return inputs, overrides


def _log_to_stderr() -> "logging.Handler":
    """Progress and per-document errors of library code as plain lines on stderr."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("pipeline")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


@app.command("run", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run_cmd(
    ctx: typer.Context,
    inputs: List[str] = typer.Argument(..., help="Files or folders of .txt/.md/.html; then any `--section.key value` config overrides."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: <doc_id>.jsonl per document, errors.jsonl for failures."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes on this machine (same results as one)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Run on a dask.distributed scheduler, e.g. tcp://10.0.0.5:8786."),
    force: bool = typer.Option(False, "--force", help="Redo documents that are already up to date in --out."),
    corpus_entities: bool = typer.Option(
        True, "--corpus-entities/--no-corpus-entities", help="End with the corpus-level entities.jsonl over the whole --out folder."
    ),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Pipeline config (default: pipeline/config.cfg)."),
) -> None:
    """Extract every input into --out, resuming where an earlier run stopped. Exit 1 if a document failed."""
    import logging

    from .run import ERRORS_FILE, run_corpus

    paths, overrides = parse_overrides(list(inputs) + list(ctx.args))
    if not paths:
        raise typer.BadParameter("give at least one input file or folder", param_hint="INPUTS")
    handler = _log_to_stderr()
    try:
        summary = run_corpus(
            paths, out, workers=workers, dask_address=dask, force=force, config=config, overrides=overrides,
            corpus_entities=corpus_entities,
        )
    except PipelineError as exc:
        _fail(str(exc))
    finally:
        logging.getLogger("pipeline").removeHandler(handler)
    typer.echo(
        f"{summary.processed} extracted, {summary.skipped} up to date, {summary.failed} failed "
        f"({summary.words:,} words in {summary.seconds:.1f} s) -> {out}"
    )
    if summary.failed:
        typer.echo(f"{summary.failed} document(s) failed; see {out / ERRORS_FILE}", err=True)
        raise typer.Exit(1)


@app.command("load")
def load_cmd(
    out_dir: Path = typer.Argument(..., help="Output folder of `extract run`."),
    db: str = typer.Option("sqlite:///outputs/kb.sqlite", "--db", help="SQLAlchemy URL (sqlite:///..., postgresql+psycopg://...)."),
) -> None:
    """Load a run's JSONL into normalised SQL tables; loading again replaces each document's rows."""
    from .load import load_outputs

    try:
        summary = load_outputs(out_dir, db)
    except PipelineError as exc:
        _fail(str(exc))
    for problem in summary.problems:
        typer.echo(problem.message if problem.message.startswith(problem.file) else f"{problem.file}: {problem.message}", err=True)
    counts = ", ".join(f"{n:,} {table}" for table, n in summary.rows.items())
    typer.echo(f"loaded {summary.documents} documents into {summary.url}: {counts}")
    if summary.problems:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except PipelineError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)
