"""Multi-process analysis: one pipeline per worker process, results streamed back in order.

The parent process reads the input, skips documents that are already stored, and hands
chunks of documents to worker processes; each worker loads the spaCy + MiniLM pipeline once
(in the pool initializer) and analyses whole chunks with `nlp.pipe`. Results come back in
input order and go to the single writer (the parent's store). At most `window` chunks are in
flight, so memory stays flat however long the input is: the parent never reads further ahead
than the workers can use.

`analyze_chunk` and `ordered_results` are shared with the Dask path (newsmine.distributed).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from newsmine.corpus.schema import Document
from newsmine.settings import PipelineSettings

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 32
CHUNKS_IN_FLIGHT_PER_WORKER = 2
# "spawn": a worker never inherits a parent's half-initialised torch / OpenMP thread pools.
START_METHOD = "spawn"

FailureHandler = Callable[[str, str], None]
ChunkResult = tuple[list[Document], list[tuple[str, str]]]


class ResultFuture(Protocol):
    """What both concurrent.futures and dask.distributed futures offer."""

    def result(self) -> ChunkResult: ...


def available_cores() -> int:
    """The CPU cores this process may run on (what `--workers` defaults to)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunked(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of `size` documents, read lazily."""
    pending = iter(documents)
    while chunk := list(itertools.islice(pending, size)):
        yield chunk


def prepare_worker(threads: int = 1, *, settings: PipelineSettings = PipelineSettings()) -> None:
    """Load this process's pipeline once, with `threads` torch threads (workers share the cores)."""
    import torch

    from newsmine.nlp.pipeline import get_pipeline

    torch.set_num_threads(max(1, threads))
    get_pipeline(settings)
    logger.info("worker %d ready (%d torch threads)", os.getpid(), threads)


def analyze_chunk(documents: list[Document], *, settings: PipelineSettings = PipelineSettings()) -> ChunkResult:
    """Analyse one chunk in this process; failures come back as (document id, reason) pairs.

    Runs in a pool worker or a Dask worker: the pipeline is the process-wide cached one, so
    the models load on the first chunk a process sees and are reused for every later one.
    """
    from newsmine.nlp.pipeline import analyze, get_pipeline

    failures: list[tuple[str, str]] = []
    analysed = list(
        analyze(
            documents,
            language=get_pipeline(settings),
            batch_size=len(documents),
            on_error=lambda document, error: failures.append((document.id, f"analysis failed: {error}")),
        )
    )
    return analysed, failures


def ordered_results(
    chunks: Iterable[list[Document]],
    submit: Callable[[list[Document]], ResultFuture],
    *,
    window: int,
    fail: FailureHandler,
) -> Iterator[Document]:
    """Submit chunks keeping at most `window` in flight; yield analysed documents in input order.

    A chunk whose worker crashed (or whose result cannot be fetched) is reported document by
    document through `fail`; the documents of the other chunks are unaffected.
    """
    pending: deque[tuple[list[Document], ResultFuture]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield from _collect(*pending.popleft(), fail)
    while pending:
        yield from _collect(*pending.popleft(), fail)


def _collect(chunk: list[Document], future: ResultFuture, fail: FailureHandler) -> Iterator[Document]:
    try:
        analysed, failures = future.result()
    except Exception as error:  # noqa: BLE001  (a dead worker loses its chunk, never the batch)
        logger.warning("chunk of %d documents from %s lost: %s", len(chunk), chunk[0].id, error)
        for document in chunk:
            fail(document.id, f"analysis failed: worker error: {error or type(error).__name__}")
        return
    for document_id, reason in failures:
        fail(document_id, reason)
    yield from analysed


def analyze_in_processes(
    documents: Iterable[Document],
    *,
    workers: int,
    fail: FailureHandler,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    settings: PipelineSettings = PipelineSettings(),
) -> Iterator[Document]:
    """Analyse `documents` in `workers` processes, yielding results in input order.

    Input that fits in one chunk is analysed in this process: starting workers (each loads
    the models) would take longer than the work itself.
    """
    chunks = chunked(documents, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None or workers <= 1:
        for chunk in itertools.chain([first], [second] if second else [], chunks):
            yield from _collect(chunk, _Done(analyze_chunk(chunk, settings=settings)), fail)
        return
    task = functools.partial(analyze_chunk, settings=settings)
    initializer = functools.partial(prepare_worker, settings=settings)
    with contextlib.closing(WorkerPool(workers, task=task, initializer=initializer)) as pool:
        yield from ordered_results(
            itertools.chain([first, second], chunks),
            pool.submit,
            window=workers * CHUNKS_IN_FLIGHT_PER_WORKER,
            fail=fail,
        )


class WorkerPool:
    """Worker processes that each run `initializer` once, then `task` on chunk after chunk.

    A worker that dies (killed for memory, a crash in native code) breaks a process pool for
    good; the pool is then replaced, so only the chunks in flight at that moment are lost
    (and reported), never the rest of the batch.
    """

    def __init__(
        self,
        workers: int,
        *,
        task: Callable[[list[Document]], ChunkResult] = analyze_chunk,
        initializer: Callable[[int], None] = prepare_worker,
    ) -> None:
        self.workers = workers
        self.task = task
        self.initializer = initializer
        self.restarts = 0
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        threads = max(1, available_cores() // self.workers)
        context = multiprocessing.get_context(START_METHOD)
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=self.initializer, initargs=(threads,)
        )

    def submit(self, chunk: list[Document]) -> Future[ChunkResult]:
        try:
            return self._executor.submit(self.task, chunk)
        except BrokenProcessPool:
            logger.warning("a worker process died; starting new workers from document %s on", chunk[0].id)
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            self.restarts += 1
            return self._executor.submit(self.task, chunk)

    def close(self) -> None:
        self._executor.shutdown()


class _Done:
    """An already computed result, for the in-process path."""

    def __init__(self, result: ChunkResult) -> None:
        self._result = result

    def result(self) -> ChunkResult:
        return self._result

