"""The ``extract`` command: a thin typer layer over the library functions.

Only this module knows typer. Every command calls a pure function that tests
import directly, and turns :class:`pipeline.errors.PipelineError` into one
line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import InvalidGold, PipelineError

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


def main() -> None:
    try:
        app()
    except PipelineError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)
