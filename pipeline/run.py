"""Batch runs at corpus scale: stream, resume, isolate failures, run in parallel.

``run_corpus`` reads input files lazily, sends them through the pipeline in
batches and writes one ``DIR/<doc_id>.jsonl`` per document as soon as it is
done. Every write is atomic (a temporary file in ``DIR`` and ``os.replace``),
so a killed run never leaves half a document behind.

Resume: next to each output, ``DIR/.state/<doc_id>.json`` records the input's
SHA-256 and the pipeline version (package version plus a hash of the config,
the lexicon files and the pipeline's own code). A re-run skips a document
whose hash and version both match and whose output is still there; a changed
file, an edited lexicon or config, or ``force=True`` redoes it.

Isolation: a document that cannot be read (missing, binary, undecodable,
empty, over ``[ingest] max_bytes``), whose pipeline component raises, whose
records are invalid, or whose output cannot be written, becomes one row of
``DIR/errors.jsonl`` (``file``, ``stage``, ``message``); every other
document is processed as usual. ``RunSummary.failed`` tells the caller.

Parallelism: every backend runs the same function, :func:`process_batch`, on
batches of ingested documents and hands back finished JSONL text, which the
main process writes. With one worker it runs in this process; with
``workers=N`` in N forked processes that share the already loaded pipeline;
with ``dask_address`` on the workers of a ``dask.distributed`` cluster
(:mod:`pipeline.distributed`). The output bytes of a document therefore do not
depend on how it was run.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import hashlib
import logging
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from thinc.api import Config

from models import dumps_records
from models.jsonl import RUN_ERRORS_FILE, RUN_FILES, iter_jsonl_files
from models.run import DocState, ErrorRow, RunSummary, Stage

from .errors import Errors, InvalidInput, PipelineError
from .nlp import PATH_KEYS, build_nlp, load_config
from .paths import PROJECT_ROOT, resolve_path

if TYPE_CHECKING:
    from spacy.language import Language

    from .api import Extractor
    from .ingest import SourceDoc

log = logging.getLogger(__name__)

INPUT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
STATE_DIR = ".state"
ERRORS_FILE = RUN_ERRORS_FILE
#: doc ids whose output file would overwrite the run's own files
RESERVED_IDS = frozenset(Path(name).stem for name in RUN_FILES)
CODE_DIRS = ("pipeline", "models")
CODE_SUFFIXES = frozenset({".py", ".cfg", ".yml", ".yaml", ".json", ".jsonl", ".txt", ".tsv", ".csv"})
LOG_EVERY_SECONDS = 30.0


# --------------------------------------------------------------------------- results


class DocResult(NamedTuple):
    """What a worker hands back for one document: its JSONL text or why it failed."""

    index: int
    doc_id: str
    jsonl: str | None
    stage: str | None = None
    message: str | None = None


class ComponentFailure(Exception):
    """A pipeline component raised on one document."""

    def __init__(self, component: str, exc: BaseException) -> None:
        super().__init__(f"{component}: {type(exc).__name__}: {exc}")
        self.component = component
        self.exc = exc


def apply_pipeline(nlp: "Language", text: str) -> Any:
    """Run the components one by one on one text, naming the one that raises."""
    try:
        doc = nlp.make_doc(text)
    except Exception as exc:  # spaCy's own limits, e.g. nlp.max_length (E088)
        raise ComponentFailure("tokenizer", exc) from exc
    for name, proc in nlp.pipeline:
        try:
            doc = proc(doc)
        except Exception as exc:
            raise ComponentFailure(name, exc) from exc
    return doc


def process_batch(nlp: "Language", batch: Sequence[tuple[int, "SourceDoc"]], batch_size: int) -> list[DocResult]:
    """Extract a batch of ingested documents; never raises for one bad document.

    The batch goes through ``nlp.pipe``. If that raises, the documents are
    redone one at a time so the failure is pinned to its document and
    component while the others still succeed.
    """
    from .emit import emit_records

    docs: list[Any] | None
    try:
        docs = list(nlp.pipe((source.body for _, source in batch), batch_size=batch_size))
    except Exception:
        docs = None
    results: list[DocResult] = []
    for pos, (index, source) in enumerate(batch):
        if docs is not None:
            doc = docs[pos]
        else:
            try:
                doc = apply_pipeline(nlp, source.body)
            except ComponentFailure as exc:
                message = Errors.E020.format(path=source.path, component=exc.component, detail=f"{type(exc.exc).__name__}: {exc.exc}")
                results.append(DocResult(index, source.doc_id, None, Stage.nlp.value, message))
                continue
        try:
            text = dumps_records(emit_records(source, doc))
        except Exception as exc:
            message = Errors.E021.format(path=source.path, detail=f"{type(exc).__name__}: {_first_line(exc)}")
            results.append(DocResult(index, source.doc_id, None, Stage.emit.value, message))
            continue
        results.append(DocResult(index, source.doc_id, text))
    return results


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else repr(exc)


# --------------------------------------------------------------------------- versions and state


def package_version() -> str:
    try:
        return metadata.version("ctie")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def _hash_tree(h: "hashlib._Hash", path: Path, suffixes: frozenset[str] | None = None) -> None:
    """Feed every file under ``path`` (relative name and bytes) into ``h``, in sorted order."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    for f in files:
        if "__pycache__" in f.parts or f.name.startswith("."):
            continue
        if suffixes is not None and f.suffix not in suffixes:
            continue
        rel = f.relative_to(path) if path.is_dir() else Path(f.name)
        h.update(rel.as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())


def config_data_paths(cfg: Config) -> list[Path]:
    """Files and folders the config points at: ``[paths]`` values and component lexicon dirs."""
    values: list[str] = [str(v) for v in dict(cfg.get("paths", {})).values() if isinstance(v, (str, Path))]
    for comp in dict(cfg.get("components", {})).values():
        values += [str(comp[k]) for k in PATH_KEYS if k in comp]
    paths = {resolve_path(v) for v in values if v and v not in (".", "/")}
    return sorted(p for p in paths if p.exists())


def code_digest() -> str:
    """Hash of the pipeline's own code and packaged data (``pipeline/``, ``models/``)."""
    h = hashlib.sha256()
    for name in CODE_DIRS:
        h.update(b"\0" + name.encode() + b"\0")
        _hash_tree(h, PROJECT_ROOT / name, CODE_SUFFIXES)
    return h.hexdigest()


def pipeline_version(cfg: Config) -> str:
    """``<package version>+<12 hex>``: changes with the config, a lexicon file, the code or the model.

    Lexicon and code content are hashed, not their timestamps, so touching
    a file changes nothing while editing one word invalidates every output.
    """
    import spacy
    from spacy.util import get_package_version

    h = hashlib.sha256()
    config_text = cfg.to_str().replace(str(PROJECT_ROOT), ".")
    h.update(config_text.encode("utf-8"))
    for path in config_data_paths(cfg):
        h.update(b"\0data\0")
        _hash_tree(h, path)
    h.update(b"\0code\0" + code_digest().encode())
    model = str(cfg["model"]["name"])
    h.update(f"\0{model}={get_package_version(model)};spacy={spacy.__version__}".encode())
    return f"{package_version()}+{h.hexdigest()[:12]}"


def state_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / STATE_DIR / f"{doc_id}.json"


def output_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / f"{doc_id}.jsonl"


def read_state(out_dir: Path, doc_id: str) -> DocState | None:
    """The remembered state of a finished document, or None (missing or unreadable: redo it)."""
    try:
        return DocState.model_validate_json(state_path(out_dir, doc_id).read_bytes())
    except (OSError, ValueError):
        return None


def is_up_to_date(out_dir: Path, source: "SourceDoc", version: str) -> bool:
    state = read_state(out_dir, source.doc_id)
    return (
        state is not None
        and state.sha256 == source.sha256
        and state.pipeline_version == version
        and output_path(out_dir, source.doc_id).is_file()
    )


_UMASK: int | None = None


def _file_mode() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_stale_temp_files(out_dir: Path) -> None:
    for d in (out_dir, out_dir / STATE_DIR):
        for tmp in d.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass


# --------------------------------------------------------------------------- inputs


def iter_input_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand inputs: files as given (so a bad one is reported), folders to their text files.

    Folders are walked recursively in sorted order; hidden files and files
    with other suffixes are left out.
    """
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            files.append(p)
    return files


# --------------------------------------------------------------------------- backends


class Backend:
    """Runs :func:`process_batch` somewhere and hands back finished batches."""

    slots = 1  # batches that can run at once
    max_inflight = 1  # batches submitted but not yet handed back

    def submit(self, batch: list[tuple[int, "SourceDoc"]]) -> None:
        raise NotImplementedError

    def pending(self) -> int:
        raise NotImplementedError

    def next_done(self) -> list[DocResult]:
        """Block until one submitted batch is done and return its results."""
        raise NotImplementedError

    def close(self) -> None:
        pass


# Loaded pipelines by config text: the main process's and each worker's, loaded once.
_NLP_CACHE: dict[str, "Language"] = {}
_NLP_LOCK = threading.Lock()
# One lock per loaded pipeline: worker threads of one process (dask threads) take
# turns with it, since components are not written to be used by two threads at once.
_USE_LOCKS: dict[int, threading.Lock] = {}


def config_key(cfg_text: str) -> str:
    return hashlib.sha256(cfg_text.encode("utf-8")).hexdigest()


def cached_nlp(cfg_text: str) -> "Language":
    """The pipeline for a config, built on first use in this process (thread-safe)."""
    key = config_key(cfg_text)
    nlp = _NLP_CACHE.get(key)
    if nlp is None:
        with _NLP_LOCK:
            nlp = _NLP_CACHE.get(key)
            if nlp is None:
                nlp = build_nlp(Config().from_str(cfg_text))
                _NLP_CACHE[key] = nlp
    return nlp


def share_pipeline(cfg: Config, nlp: "Language") -> None:
    """Make runs with this config use an already loaded pipeline instead of loading another."""
    _NLP_CACHE[config_key(cfg.to_str())] = nlp


def run_batch(cfg_text: str, batch_size: int, batch: list[tuple[int, "SourceDoc"]]) -> list[DocResult]:
    """Entry point of a worker task (process pool or dask): cached pipeline, one batch."""
    nlp = cached_nlp(cfg_text)
    with _NLP_LOCK:
        lock = _USE_LOCKS.setdefault(id(nlp), threading.Lock())
    with lock:
        return process_batch(nlp, batch, batch_size)


def _init_worker(cfg_text: str) -> None:
    cached_nlp(cfg_text)  # already there when forked from a parent that loaded it


class InlineBackend(Backend):
    """One worker: batches run in this process as they are submitted."""

    def __init__(self, cfg_text: str, batch_size: int) -> None:
        self.cfg_text, self.batch_size = cfg_text, batch_size
        self._done: list[list[DocResult]] = []

    def submit(self, batch: list[tuple[int, "SourceDoc"]]) -> None:
        self._done.append(run_batch(self.cfg_text, self.batch_size, batch))

    def pending(self) -> int:
        return len(self._done)

    def next_done(self) -> list[DocResult]:
        return self._done.pop(0)


class ProcessBackend(Backend):
    """N worker processes on this machine, forked after the pipeline is loaded (shared pages)."""

    def __init__(self, cfg_text: str, batch_size: int, workers: int) -> None:
        self.cfg_text, self.batch_size, self.slots = cfg_text, batch_size, workers
        self.max_inflight = 2 * workers
        cached_nlp(cfg_text)  # load before forking so children inherit it
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        # Objects that exist now are never collected by the children's GC, so its
        # passes do not write to (and copy) the memory pages they share with us.
        gc.collect()
        gc.freeze()
        self.pool = cf.ProcessPoolExecutor(
            workers, mp_context=mp.get_context(method), initializer=_init_worker, initargs=(cfg_text,)
        )
        self.futures: set[cf.Future[list[DocResult]]] = set()

    def submit(self, batch: list[tuple[int, "SourceDoc"]]) -> None:
        self.futures.add(self.pool.submit(run_batch, self.cfg_text, self.batch_size, batch))

    def pending(self) -> int:
        return len(self.futures)

    def next_done(self) -> list[DocResult]:
        done, _ = cf.wait(self.futures, return_when=cf.FIRST_COMPLETED)
        fut = min(done, key=id)
        self.futures.discard(fut)
        return fut.result()

    def close(self) -> None:
        for fut in self.futures:
            fut.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave the objects alive when a run starts (the loaded pipeline, its lexicons) out of full GC passes.

    Every full collection during a run would otherwise walk the hundred
    thousand objects of the pipeline, none of which a run frees. Frozen
    objects are not collected until the run ends; nothing changes when the
    heap is already frozen (the process backend freezes it for its workers).
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- progress


class Progress:
    """A tqdm bar (documents, words/s, ETA) on a terminal, plain log lines otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.words = total, 0, 0
        self.start = time.perf_counter()
        self.last_log = self.start
        self.bar = None
        self.enabled = enabled
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr, desc="extract")

    def rate(self) -> float:
        elapsed = time.perf_counter() - self.start
        return self.words / elapsed if elapsed > 0 else 0.0

    def update(self, docs: int = 1, words: int = 0) -> None:
        self.done += docs
        self.words += words
        if self.bar is not None:
            self.bar.update(docs)
            self.bar.set_postfix_str(f"{self.rate():,.0f} words/s", refresh=False)
            return
        now = time.perf_counter()
        if self.enabled and (now - self.last_log >= LOG_EVERY_SECONDS or self.done == self.total):
            self.last_log = now
            elapsed = now - self.start
            eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
            log.info(
                "%d/%d documents (%d%%), %s words/s, ETA %s",
                self.done, self.total, 100 * self.done // max(self.total, 1), f"{self.rate():,.0f}", _fmt_seconds(eta),
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _fmt_seconds(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


# --------------------------------------------------------------------------- the run


def run_corpus(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    force: bool = False,
    config: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    extractor: "Extractor | None" = None,
    progress: bool = True,
    corpus_entities: bool = True,
) -> RunSummary:
    """Extract every input file into ``out_dir``; see the module docstring.

    Args:
        inputs: files and folders (folders are walked for .txt/.md/.html).
        out_dir: where ``<doc_id>.jsonl``, ``.state/`` and ``errors.jsonl`` go.
        workers: local worker processes; results are identical to one.
        dask_address: scheduler of a ``dask.distributed`` cluster to run on instead.
        force: redo documents that are already up to date.
        config, overrides: the pipeline config and dotted overrides (``{"nlp.batch_size": 16}``).
        extractor: an already loaded pipeline to reuse (its config wins).
        progress: show a progress bar on a terminal / log lines otherwise.
        corpus_entities: end with the corpus-level ``entities.jsonl`` over every
            document in ``out_dir``. Its memory grows with the distinct entities
            of the folder, unlike the streaming extraction before it.

    Returns:
        The :class:`~models.run.RunSummary`; ``failed`` > 0 when errors.jsonl has rows.

    Raises:
        ConfigError: the config or model cannot be loaded (nothing is processed).
    """
    from .ingest import read_source

    if workers < 1:
        raise PipelineError(Errors.E022.format(workers=workers))
    t0 = time.perf_counter()
    cfg = extractor.config if extractor is not None else load_config(config, overrides)
    cfg_text = cfg.to_str()
    if extractor is not None:
        share_pipeline(cfg, extractor.nlp)
    version = pipeline_version(cfg)
    max_bytes = int(cfg["ingest"]["max_bytes"])
    batch_size = int(cfg["nlp"]["batch_size"])
    out = Path(out_dir)
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(out)

    files = iter_input_files(inputs)
    summary = RunSummary(
        out_dir=str(out), pipeline_version=version, inputs=len(files), workers=workers, dask_address=dask_address
    )
    errors: list[ErrorRow] = []
    log.info("extracting %d files into %s (pipeline %s)", len(files), out, version)
    bar = Progress(len(files), progress)
    redirect = contextlib.ExitStack()
    redirect.enter_context(frozen_heap())
    if bar.bar is not None:  # log lines above the bar, not through it
        from tqdm.contrib.logging import logging_redirect_tqdm

        redirect.enter_context(logging_redirect_tqdm(loggers=[logging.getLogger("pipeline")]))

    def fail(file: str, stage: Stage, message: str) -> None:
        errors.append(ErrorRow(file=file, stage=stage, message=message))
        log.warning("%s", message)
        bar.update(1)

    backend: Backend | None = None

    def make_backend() -> Backend:
        if dask_address is not None:
            from .distributed import DaskBackend

            return DaskBackend(dask_address, cfg_text, batch_size)
        if workers > 1:
            return ProcessBackend(cfg_text, batch_size, workers)
        return InlineBackend(cfg_text, batch_size)

    inflight: dict[int, "SourceDoc"] = {}

    def handle(results: list[DocResult]) -> None:
        for res in results:
            source = inflight.pop(res.index)
            if res.jsonl is None:
                fail(str(source.path), Stage(res.stage or Stage.nlp.value), res.message or "unknown failure")
                continue
            try:
                write_atomic(output_path(out, source.doc_id), res.jsonl.encode("utf-8"))
                state = DocState(
                    doc_id=source.doc_id, file=str(source.path), sha256=source.sha256,
                    pipeline_version=version, n_words=int(source.n_words),
                )
                write_atomic(state_path(out, source.doc_id), state.model_dump_json().encode("utf-8") + b"\n")
            except OSError as exc:
                fail(str(source.path), Stage.write, Errors.E023.format(path=source.path, out=out, detail=exc.strerror or exc))
                continue
            summary.processed += 1
            summary.words += int(source.n_words)
            bar.update(1, int(source.n_words))

    seen: dict[str, Path] = {}
    batch: list[tuple[int, "SourceDoc"]] = []
    chunk = batch_size
    try:
        for index, path in enumerate(files):
            try:
                source = read_source(path, max_bytes=max_bytes)
            except InvalidInput as exc:
                fail(str(path), Stage.read, str(exc))
                continue
            except Exception as exc:  # a reader bug must not end the run either
                fail(str(path), Stage.read, Errors.E008.format(path=path, detail=f"{type(exc).__name__}: {_first_line(exc)}"))
                continue
            if source.doc_id in seen or source.doc_id in RESERVED_IDS:
                other = seen.get(source.doc_id)
                fail(str(path), Stage.read, Errors.E024.format(path=path, doc_id=source.doc_id, other=other or ERRORS_FILE))
                continue
            seen[source.doc_id] = path
            if not force and is_up_to_date(out, source, version):
                summary.skipped += 1
                bar.update(1)
                continue
            if backend is None:
                backend = make_backend()
            if backend.slots > 1:
                # guided scheduling: full batches while much is left, smaller tasks towards
                # the end so the workers finish together
                chunk = max(1, min(batch_size, (len(files) - index) // (2 * backend.slots)))
            inflight[index] = source
            batch.append((index, source))
            if len(batch) >= chunk:
                backend.submit(batch)
                batch = []
                while backend.pending() >= backend.max_inflight:
                    handle(backend.next_done())
        if batch and backend is not None:
            backend.submit(batch)
        while backend is not None and backend.pending():
            handle(backend.next_done())
    finally:
        if backend is not None:
            backend.close()
        redirect.close()
        bar.close()
        _write_errors(out, errors)
    if corpus_entities:
        _resolve_corpus_entities(out, cfg)
    summary.errors = sorted(errors, key=lambda e: (e.file, e.stage.value))
    summary.failed = len(errors)
    summary.seconds = time.perf_counter() - t0
    log.info(
        "done: %d processed, %d up to date, %d failed in %.1f s (%s words/s)%s",
        summary.processed, summary.skipped, summary.failed, summary.seconds, f"{summary.words_per_second:,.0f}",
        f"; see {out / ERRORS_FILE}" if summary.failed else "",
    )
    return summary


def _resolve_corpus_entities(out: Path, cfg: Any) -> None:
    """Write ``entities.jsonl``: the corpus-level entities over every document in the folder.

    Done after every run, resumed or not, since a new document can merge with
    old ones. A failure here is logged and leaves the per-document outputs as
    they are: they are complete without it.
    """
    from .crossdoc import resolve_output_dir

    lexicon = cfg["components"].get("ctie_aliases", {}).get("lexicon_dir")
    try:
        count = resolve_output_dir(out, lexicon)
    except Exception as exc:  # never lose the documents' results to the corpus step
        log.error("corpus entities not written: %s: %s", type(exc).__name__, _first_line(exc))
        return
    log.info("%d corpus entities -> %s", count, out / "entities.jsonl")


def _write_errors(out: Path, errors: list[ErrorRow]) -> None:
    """``errors.jsonl`` of this run, sorted by file; removed when nothing failed."""
    path = out / ERRORS_FILE
    if not errors:
        path.unlink(missing_ok=True)
        return
    rows = sorted(errors, key=lambda e: (e.file, e.stage.value))
    write_atomic(path, "".join(e.model_dump_json() + "\n" for e in rows).encode("utf-8"))


def iter_outputs(out_dir: str | Path) -> Iterator[Path]:
    """The per-document JSONL files of a run folder (not the run's own files, not hidden files)."""
    yield from iter_jsonl_files([Path(out_dir)])


__all__: list[str] = [
    "DocResult", "ERRORS_FILE", "STATE_DIR", "apply_pipeline", "iter_input_files", "iter_outputs",
    "pipeline_version", "process_batch", "run_corpus", "share_pipeline",
]
