"""Analysis on a Dask cluster (`newsmine analyze --dask ADDRESS`, or `--dask local`).

The client (this process) reads and partitions the input, skips documents already stored,
and submits chunks to the workers; each worker loads the pipeline once (a worker plugin
loads it when the worker joins, and `get_pipeline()` is a per-process cache after that).
Results come back to the client in input order and are stored by its single writer, so the
database never needs to be reachable from the workers. At most a few chunks per worker are
in flight, which keeps the client's memory flat on any input size.

Workers must be able to import newsmine (install the same version on every worker).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from newsmine.corpus.schema import Document
from newsmine.settings import PipelineSettings
from newsmine.parallel import (
    CHUNKS_IN_FLIGHT_PER_WORKER,
    DEFAULT_CHUNK_SIZE,
    FailureHandler,
    analyze_chunk,
    chunked,
    ordered_results,
    prepare_worker,
)

logger = logging.getLogger(__name__)

LOCAL = "local"
PLUGIN_NAME = "newsmine-pipeline"


class PipelinePlugin(WorkerPlugin):
    """Loads the newsmine pipeline on every worker as it starts (once per worker process)."""

    name = PLUGIN_NAME

    idempotent = True

    def __init__(self, *, threads: int = 1, settings: PipelineSettings = PipelineSettings()) -> None:
        self.threads = threads
        self.settings = settings

    def setup(self, worker: object) -> None:
        prepare_worker(self.threads, settings=self.settings)



@contextlib.contextmanager
def connect(address: str, *, workers: int) -> Iterator[Client]:
    """A Dask client for `address`; "local" starts a LocalCluster of `workers` processes."""
    if address == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address) as client:
            yield client


def analyze_on_dask(
    documents: Iterable[Document],
    *,
    address: str,
    fail: FailureHandler,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    settings: PipelineSettings = PipelineSettings(),
) -> Iterator[Document]:
    """Analyse `documents` on the Dask cluster at `address`, yielding results in input order.

    `workers` sizes the LocalCluster for `address="local"`; on a real cluster the scheduler
    says how many workers there are.
    """
    chunks = chunked(documents, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    with connect(address, workers=workers) as client:
        client.register_plugin(PipelinePlugin(settings=settings))
        size = max(1, len(client.scheduler_info().get("workers", {})))
        logger.info("analysing on %d Dask workers at %s", size, address)
        yield from ordered_results(
            _prepend(first, chunks),
            lambda chunk: client.submit(analyze_chunk, chunk, settings=settings, pure=False),
            window=size * CHUNKS_IN_FLIGHT_PER_WORKER,
            fail=fail,
        )


def _prepend(first: list[Document], rest: Iterator[list[Document]]) -> Iterator[list[Document]]:
    yield first
    yield from rest
