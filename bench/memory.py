"""Peak memory of a batch run at 1,000 and 10,000 documents: it must not grow with the corpus.

For each size a generator writes that many documents to a temporary folder,
made by reusing the corpus texts under new ids: each document is a window
of consecutive body paragraphs of a corpus report (about ``--words`` words),
so both sizes draw on the same texts and differ only in how many documents
pass through. Each size then runs ``run_corpus`` (one worker) in a fresh
subprocess, so the two peaks are independent; the child reports its peak
resident set size (``getrusage`` ``ru_maxrss``) once the pipeline is loaded
and at the end of the run.

    python bench/memory.py [--sizes 1000 10000] [--words 100]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]


def paragraphs() -> list[str]:
    """Body paragraphs of the corpus reports (as ingest cleans them), in corpus order."""
    sys.path.insert(0, str(ROOT))
    from pipeline.ingest import read_source

    paras: list[str] = []
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        body = read_source(path, max_bytes=10_000_000).body
        paras += [p.strip() for p in body.split("\n") if len(p.split()) >= 8]
    return paras


def documents(n: int, words: int) -> Iterator[tuple[str, str]]:
    """``n`` (doc_id, text) pairs, generated lazily by cycling through the corpus paragraphs."""
    paras = itertools.cycle(paragraphs())
    for i in range(n):
        chunk: list[str] = []
        while sum(len(p.split()) for p in chunk) < words:
            chunk.append(next(paras))
        yield f"doc-{i:06d}", "\n\n".join(chunk) + "\n"


def child(folder: Path, out: Path) -> None:
    """Run the batch and print the peaks as JSON (in its own process)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.api import Extractor
    from pipeline.crossdoc import resolve_output_dir
    from pipeline.run import run_corpus

    ex = Extractor()
    loaded_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # the streaming extraction first (its peak), then the corpus-level step on top
    summary = run_corpus([folder], out, extractor=ex, progress=False, corpus_entities=False)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_entities = resolve_output_dir(out, ex.config["components"]["ctie_aliases"]["lexicon_dir"])
    corpus_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "docs": summary.processed, "failed": summary.failed, "words": summary.words,
        "seconds": summary.seconds, "loaded_mb": loaded_kb / 1024, "peak_mb": peak_kb / 1024,
        "corpus_mb": corpus_kb / 1024, "corpus_entities": n_entities,
    }))


def measure(n: int, words: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"ctie-mem-{n}-") as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        for doc_id, text in documents(n, words):
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), str(out)], check=True, capture_output=True, text=True
        )
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--words", type=int, default=50, help="words per generated document (at least)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    print(f"peak memory of `run_corpus` (1 worker), documents of >= {args.words} words cut from the corpus reports")
    print(f"{'documents':>10}{'words':>12}{'seconds':>9}{'words/s':>9}{'RSS loaded':>12}{'peak RSS':>10}"
          f"{'+ entities.jsonl':>18}")
    results = []
    for n in args.sizes:
        start = time.perf_counter()
        r = measure(n, args.words)
        if r["failed"]:
            raise SystemExit(f"{r['failed']} generated documents failed")
        results.append((n, r))
        print(f"{r['docs']:>10,}{r['words']:>12,}{time.perf_counter() - start:>9.0f}{r['words'] / r['seconds']:>9,.0f}"
              f"{r['loaded_mb']:>9,.0f} MB{r['peak_mb']:>7,.0f} MB{r['corpus_mb']:>9,.0f} MB ({r['corpus_entities']:,})",
              flush=True)
    if len(results) >= 2:
        (n0, first), (n1, last) = results[0], results[-1]
        growth = last["peak_mb"] / first["peak_mb"] - 1
        print(f"peak at {n1:,} vs {n0:,} documents: {growth:+.1%} (target within 10 %: {'met' if abs(growth) <= 0.10 else 'NOT met'})")
        corpus_growth = last["corpus_mb"] / first["corpus_mb"] - 1
        print(f"with the corpus-level entities.jsonl step after it: {corpus_growth:+.1%} "
              "(grows with the distinct entities and members of the folder, by design)")


if __name__ == "__main__":
    main()
