"""Dask: the same stored results as the local path, with the client as the single writer."""

from pathlib import Path

import pytest

from newsmine.corpus.store import CorpusStore
from newsmine.batch import run_analysis
from newsmine.distributed import analyze_on_dask

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def _analyse(tmp_path, name, **options) -> dict[str, dict]:
    errors: list[str] = []
    with CorpusStore(tmp_path / f"{name}.db") as store:
        summary = run_analysis([SAMPLES], store=store, report_error=errors.append, **options)
        documents = {document.id: document.to_dict() for document in store.iter_documents()}
    assert summary.analysed == len(documents) > 0
    return documents


@pytest.mark.model
@pytest.mark.slow
def test_dask_local_cluster_stores_the_same_results_as_the_local_path(tmp_path, pipeline):
    local = _analyse(tmp_path, "local", workers=1)
    on_dask = _analyse(tmp_path, "dask", workers=1, dask="local")
    assert sorted(on_dask) == sorted(local)
    for document_id, expected in local.items():
        assert on_dask[document_id] == expected, document_id


@pytest.mark.parametrize("documents", [[], ()])
def test_analyze_on_dask_empty_input_starts_no_cluster(documents):
    failures: list[tuple[str, str]] = []
    assert list(analyze_on_dask(documents, address="tcp://127.0.0.1:1", fail=lambda *f: failures.append(f))) == []
    assert failures == []
