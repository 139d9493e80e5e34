"""The main job: files -> Documents -> NLP -> corpus database (and optionally JSON Lines).

Streaming end to end: documents are read lazily, analysed in `nlp.pipe` batches and
written to the store in batches, so memory stays flat however large the input. Documents
whose exact content is already stored are not analysed again (a rerun, or a resume after a
kill, only does the missing work); `force=True` reanalyses everything. The skip happens in
this process, before any document is sent to a worker.

Analysis runs in this process (`workers=1`), in worker processes (`workers=N`, see
newsmine.parallel) or on a Dask cluster (`dask=ADDRESS`, see newsmine.distributed); in every
case this process is the single writer to the store.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from newsmine.corpus.schema import Document
from newsmine.corpus.store import CorpusStore
from newsmine.parallel import analyze_in_processes
from newsmine.settings import PipelineSettings
from newsmine.scraper.ingest import read_documents

logger = logging.getLogger(__name__)

ErrorReporter = Callable[[str], None]


@dataclass(slots=True)
class BatchSummary:
    """What one run did, for the closing summary line."""

    analysed: int = 0
    unchanged: int = 0
    quotes: int = 0
    entities: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.analysed + self.unchanged

    def line(self) -> str:
        return (
            f"{self.documents} documents ({self.analysed} analysed, {self.unchanged} unchanged, "
            f"{len(self.failures)} failures); the analysed ones gave {self.quotes} quotes, {self.entities} entities"
        )


def run_analysis(
    paths: Iterable[str | Path],
    *,
    store: CorpusStore,
    output: TextIO | None = None,
    report_error: ErrorReporter,
    force: bool = False,
    progress: Callable[[Iterable[Document]], Iterable[Document]] = lambda documents: documents,
    workers: int = 1,
    dask: str | None = None,
    settings: PipelineSettings = PipelineSettings(),
) -> BatchSummary:
    """Analyse every document under `paths` into `store`; write the contract JSONL to `output`.

    Bad files, bad lines and documents that fail analysis or storage are reported through
    `report_error` (one line each) and never stop the batch. `workers` processes analyse in
    parallel (1: in this process); `dask` is a scheduler address, or "local" for a local
    cluster of `workers` processes. `settings` (taxonomy, device) reach every process.
    """
    summary = BatchSummary()

    def fail(where: str, reason: str) -> None:
        message = f"{where}: {reason}"
        summary.failures.append(message)
        report_error(message)

    if settings.encoder == "static" and dask in (None, "local"):
        from newsmine.models.embeddings.static import ensure_table

        ensure_table()  # here, once, rather than in every worker of a fresh install
    documents = progress(read_documents(paths, on_error=lambda error: fail(error.where, error.reason)))
    to_analyse = _skip_current(documents, store, output, summary, force)
    analysed = _analyze(to_analyse, fail, workers=workers, dask=dask, settings=settings)
    written = _count_and_write(analysed, output, summary)
    store.add_documents(written, on_error=lambda document, error: fail(document.id, f"not stored: {error}"))
    return summary


def _skip_current(
    documents: Iterable[Document], store: CorpusStore, output: TextIO | None, summary: BatchSummary, force: bool
) -> Iterator[Document]:
    for document in documents:
        if not force and store.is_current(document):
            summary.unchanged += 1
            if output is not None:
                stored = store.get_document(document.id)
                if stored is not None:
                    _write_line(output, stored)
            continue
        yield document


def _analyze(
    documents: Iterable[Document],
    fail: Callable[[str, str], None],
    *,
    workers: int,
    dask: str | None,
    settings: PipelineSettings,
) -> Iterator[Document]:
    if dask is not None:
        from newsmine.distributed import analyze_on_dask  # Dask loads only when asked for

        return analyze_on_dask(documents, address=dask, fail=fail, workers=workers, settings=settings)
    return analyze_in_processes(documents, workers=workers, fail=fail, settings=settings)


def _count_and_write(documents: Iterable[Document], output: TextIO | None, summary: BatchSummary) -> Iterator[Document]:
    for document in documents:
        summary.analysed += 1
        summary.quotes += len(document.quotes)
        summary.entities += len(document.entities)
        if output is not None:
            _write_line(output, document)
        yield document


def _write_line(output: TextIO, document: Document) -> None:
    output.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
