"""Run batches on a ``dask.distributed`` cluster (``extract run --dask ADDRESS``).

The main process reads and hashes the inputs (so resume and read errors work
as in a local run), sends batches of ingested documents to the cluster and
writes the JSONL text that comes back. Each worker builds the pipeline once
per config (:func:`pipeline.run.cached_nlp`, keyed by the config text) and
runs the same :func:`pipeline.run.process_batch` as a local run, so the
outputs are byte-identical.

Workers need this package and the spaCy model installed and the lexicon
folders at the paths the config names (they are resolved to absolute paths
on the submitting machine). Start them with one thread each
(``dask worker ADDRESS --nworkers N --nthreads 1``): threads of one worker
process share its pipeline and take turns with it, so extra threads add no
speed. Tests start a ``LocalCluster`` in-process and
pass its ``scheduler_address``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Errors, PipelineError
from .run import Backend, DocResult, run_batch

if TYPE_CHECKING:
    from distributed import Client, Future

    from .ingest import SourceDoc

CONNECT_TIMEOUT = "30s"


class DaskBackend(Backend):
    """Batches as dask tasks; at most two per worker thread in flight, so memory stays flat."""

    def __init__(self, address: str, cfg_text: str, batch_size: int) -> None:
        from distributed import Client, as_completed

        try:
            self.client: Client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise PipelineError(Errors.E025.format(address=address, detail=exc)) from exc
        self.cfg_text, self.batch_size = cfg_text, batch_size
        self.slots = max(1, sum(self.client.nthreads().values()))
        self.max_inflight = 2 * self.slots
        self.done = as_completed(loop=self.client.loop)
        self.count = 0
        # Scatter the config once; every task refers to it instead of carrying the text.
        [self.cfg_future] = self.client.scatter([cfg_text], broadcast=True, hash=False)

    def submit(self, batch: list[tuple[int, "SourceDoc"]]) -> None:
        fut: Future = self.client.submit(run_batch, self.cfg_future, self.batch_size, batch, pure=False)
        self.done.add(fut)
        self.count += 1

    def pending(self) -> int:
        return self.count

    def next_done(self) -> list[DocResult]:
        fut = next(self.done)
        self.count -= 1
        try:
            return fut.result()
        finally:
            fut.release()

    def close(self) -> None:
        self.client.close()
