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

from .errors import PipelineError

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


def main() -> None:
    try:
        app()
    except PipelineError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)
