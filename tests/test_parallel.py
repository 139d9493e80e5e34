"""Multi-process analysis: bounded look-ahead, input order, per-chunk failure isolation."""

import contextlib
import os

import pytest

from newsmine.corpus.schema import Document
from newsmine.parallel import WorkerPool, analyze_in_processes, chunked, ordered_results


class FakeFuture:
    """A future whose result is computed when asked for (or raises the given error)."""

    def __init__(self, chunk, log, error=None):
        self.chunk = chunk
        self.log = log
        self.error = error

    def result(self):
        self.log.append(("result", self.chunk[0].id))
        if self.error is not None:
            raise self.error
        failed = [(d.id, "analysis failed: bad") for d in self.chunk if d.text == "bad"]
        return [d for d in self.chunk if d.text != "bad"], failed


def documents(count, bad=()):
    return [Document(id=f"d{i}", text="bad" if i in bad else f"text {i}") for i in range(count)]


@pytest.mark.parametrize(
    "count,size,expected",
    [(0, 3, []), (2, 3, [2]), (3, 3, [3]), (7, 3, [3, 3, 1]), (7, 1, [1] * 7)],
)
def test_chunked_sizes(count, size, expected):
    assert [len(chunk) for chunk in chunked(documents(count), size)] == expected


@pytest.mark.parametrize("window", [1, 2, 4])
def test_ordered_results_never_runs_further_ahead_than_the_window(window):
    log = []
    submitted = []

    def submit(chunk):
        submitted.append(chunk[0].id)
        log.append(("submit", chunk[0].id))
        return FakeFuture(chunk, log)

    results = ordered_results(chunked(documents(10), 1), submit, window=window, fail=lambda *_: None)
    for consumed, document in enumerate(results, start=1):
        assert len(submitted) - consumed < window
        assert document.id == f"d{consumed - 1}"
    assert len(submitted) == 10


@pytest.mark.parametrize(
    "bad,expected_ids,expected_failures",
    [
        ((), [f"d{i}" for i in range(6)], []),
        ((1, 4), ["d0", "d2", "d3", "d5"], ["d1", "d4"]),
    ],
)
def test_ordered_results_reports_failed_documents_and_keeps_the_rest(bad, expected_ids, expected_failures):
    failures = []
    results = ordered_results(
        chunked(documents(6, bad=bad), 2),
        lambda chunk: FakeFuture(chunk, []),
        window=2,
        fail=lambda document_id, reason: failures.append(document_id),
    )
    assert [document.id for document in results] == expected_ids
    assert failures == expected_failures


@pytest.mark.parametrize("broken_chunk,lost", [("d0", ["d0", "d1"]), ("d4", ["d4", "d5"]), (None, [])])
def test_ordered_results_a_dead_worker_loses_only_its_chunk(broken_chunk, lost):
    failures = []

    def submit(chunk):
        error = RuntimeError("worker died") if chunk[0].id == broken_chunk else None
        return FakeFuture(chunk, [], error)

    results = list(
        ordered_results(chunked(documents(6), 2), submit, window=3, fail=lambda i, reason: failures.append((i, reason)))
    )
    assert [document.id for document in results] == [f"d{i}" for i in range(6) if f"d{i}" not in lost]
    assert [document_id for document_id, _ in failures] == lost
    assert all("worker died" in reason for _, reason in failures)


def _no_models(threads):
    """A worker initializer that loads nothing (the real one loads the pipeline)."""


def _echo_or_die(chunk):
    """A worker task that returns its chunk, or kills its own process on a 'die' document."""
    if any(document.text == "die" for document in chunk):
        os._exit(1)
    return list(chunk), []


@pytest.mark.slow
@pytest.mark.parametrize("dying,lost", [(None, []), ("d2", ["d2", "d3"]), ("d7", ["d6", "d7"])])
def test_worker_pool_replaces_a_dead_worker_and_loses_only_its_chunk(dying, lost):
    docs = [Document(id=f"d{i}", text="die" if f"d{i}" == dying else f"text {i}") for i in range(8)]
    failures = []
    with contextlib.closing(WorkerPool(2, task=_echo_or_die, initializer=_no_models)) as pool:
        results = list(
            ordered_results(chunked(docs, 2), pool.submit, window=1, fail=lambda i, reason: failures.append(i))
        )
    assert [document.id for document in results] == [d.id for d in docs if d.id not in lost]
    assert failures == lost


WORKER_TEXTS = [
    '"Freight volumes doubled this year," said Mira Talbek, an analyst at the Fictional Rail Institute.',
    "The ministry in Astana said exports of grain rose by a fifth.",
    "",
    "Officials in Almaty expect the new bus plant to open in spring, according to Daniyar Ospan.",
    "Water talks between the two governments resumed on Monday.",
]


@pytest.mark.model
@pytest.mark.slow
def test_analyze_in_processes_matches_in_process_results(pipeline):
    from newsmine.nlp.pipeline import analyze

    def fresh():
        return [Document(id=f"w{i}", text=text) for i, text in enumerate(WORKER_TEXTS)]

    expected = [document.to_dict() for document in analyze(fresh(), language=pipeline, on_error=lambda *_: None)]
    failures = []
    analysed = list(
        analyze_in_processes(fresh(), workers=2, chunk_size=2, fail=lambda i, reason: failures.append(i))
    )
    assert [document.to_dict() for document in analysed] == expected
    assert len(analysed) + len(failures) == len(WORKER_TEXTS)
