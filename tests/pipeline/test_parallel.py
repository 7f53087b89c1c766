"""--workers 2 and a dask cluster write the same bytes as one worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.run import ERRORS_FILE, iter_outputs, run_corpus

DOCS = ("hafiz-saeed-bio.txt", "treasury-2011-afpak-financiers.txt", "bin-laden-wikipedia.txt")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> Path:
    """Three reports plus one corrupt file, so failures are compared too."""
    folder = tmp_path_factory.mktemp("in")
    for name in DOCS:
        shutil.copy(raw_dir / name, folder / name)
    (folder / "corrupt.txt").write_bytes(b"\x00\x01\x02 not text")
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory, extractor) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("one-worker")
    summary = run_corpus([inputs], out, extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (3, 1)
    return outputs(out)


def outputs(out: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in iter_outputs(out)}
    files[ERRORS_FILE] = (out / ERRORS_FILE).read_bytes()
    return files


def test_two_worker_processes_match_one_worker(inputs: Path, reference: dict[str, bytes], tmp_path: Path, extractor) -> None:
    summary = run_corpus([inputs], tmp_path, workers=2, extractor=extractor, progress=False)
    assert (summary.processed, summary.failed, summary.workers) == (3, 1, 2)
    assert outputs(tmp_path) == reference


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "processes"])
def test_dask_local_cluster_matches_one_worker(
    processes: bool, inputs: Path, reference: dict[str, bytes], tmp_path: Path, extractor
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1 if processes else 2, threads_per_worker=1, processes=processes, dashboard_address=":0"
    ) as cluster:
        summary = run_corpus([inputs], tmp_path, dask_address=cluster.scheduler_address, extractor=extractor, progress=False)
    assert (summary.processed, summary.failed) == (3, 1)
    assert summary.dask_address == cluster.scheduler_address
    assert outputs(tmp_path) == reference
