"""The batch job: skip stored documents before analysis, isolate failures, resume after a kill."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsmine.corpus.schema import Document, TopicScore
from newsmine.corpus.store import CorpusStore
from newsmine import batch
from newsmine.settings import PipelineSettings

CITIES = ("Almaty", "Astana", "Aktau", "Shymkent", "Karaganda")


def write_jsonl(path: Path, texts: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in texts.items()),
                    encoding="utf-8")
    return path


def fake_analysis(sent: list[str], bad: frozenset[str] = frozenset()):
    """Stands in for the worker pool: records what it was given, labels each document."""

    def analyze_in_processes(documents, *, workers, fail, settings):
        for document in documents:
            sent.append(document.id)
            if document.id in bad:
                fail(document.id, "analysis failed: boom")
                continue
            document.topics = [TopicScore("trade", 0.5)]
            yield document

    return analyze_in_processes


@pytest.mark.parametrize(
    "stored,changed,force,expected_sent",
    [
        ((), (), False, ["a", "b", "c"]),
        (("a", "b", "c"), (), False, []),
        (("a", "b"), (), False, ["c"]),
        (("a", "b"), ("b",), False, ["b", "c"]),
        (("a", "b", "c"), (), True, ["a", "b", "c"]),
    ],
)
def test_run_analysis_skips_stored_documents_before_analysis(
    tmp_path, monkeypatch, stored, changed, force, expected_sent
):
    texts = {key: f"Trade through {CITIES[i]} rose, officials said." for i, key in enumerate("abc")}
    with CorpusStore(tmp_path / "c.db") as store:
        store.add_documents([Document(id=key, text=texts[key]) for key in stored])
        for key in changed:
            texts[key] += " Volumes doubled."
        sent: list[str] = []
        monkeypatch.setattr(batch, "analyze_in_processes", fake_analysis(sent))
        summary = batch.run_analysis([write_jsonl(tmp_path / "in.jsonl", texts)], store=store,
                                     report_error=lambda line: None, force=force, workers=2)
        assert sent == expected_sent
        assert summary.analysed == len(expected_sent)
        assert summary.unchanged == 3 - len(expected_sent)
        assert sorted(store.document_ids()) == sorted(set(stored) | set(expected_sent))


@pytest.mark.parametrize("encoder,builds", [("static", 1), ("minilm", 0)])
def test_run_analysis_builds_the_static_table_once_before_the_workers(tmp_path, monkeypatch, encoder, builds):
    ensured: list[bool] = []
    monkeypatch.setattr("newsmine.models.embeddings.static.ensure_table", lambda: ensured.append(True))
    monkeypatch.setattr(batch, "analyze_in_processes", fake_analysis([]))
    with CorpusStore(tmp_path / "c.db") as store:
        batch.run_analysis([write_jsonl(tmp_path / "in.jsonl", {"a": "Grain exports grew."})], store=store,
                           report_error=lambda line: None, workers=2, settings=PipelineSettings(encoder=encoder))
    assert len(ensured) == builds


@pytest.mark.parametrize("bad,stored", [(frozenset(), ["a", "b", "c"]), (frozenset({"b"}), ["a", "c"])])
def test_run_analysis_failed_documents_are_reported_and_the_rest_stored(tmp_path, monkeypatch, bad, stored):
    texts = {key: f"Grain exports from {CITIES[i]} grew." for i, key in enumerate("abc")}
    errors: list[str] = []
    monkeypatch.setattr(batch, "analyze_in_processes", fake_analysis([], bad))
    with CorpusStore(tmp_path / "c.db") as store:
        summary = batch.run_analysis([write_jsonl(tmp_path / "in.jsonl", texts)], store=store,
                                     report_error=errors.append, workers=2)
        assert sorted(store.document_ids()) == stored
    assert errors == [f"{key}: analysis failed: boom" for key in sorted(bad)]
    assert len(summary.failures) == len(bad)


def _stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _analyze_command(corpus: Path, db: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("newsmine")), "analyze", str(corpus), "--db", str(db), "--workers", "1"]


@pytest.mark.model
@pytest.mark.slow
def test_batch_resumes_after_sigkill_without_duplicates_or_losses(tmp_path):
    total = 1500  # many store batches (64 each) and a few seconds of work, so the kill lands mid-batch
    texts = {f"r{i:03d}": f"Freight through {CITIES[i % 5]} rose by {i} percent, the ministry said."
             for i in range(total)}
    corpus = write_jsonl(tmp_path / "in.jsonl", texts)
    db = tmp_path / "c.db"
    process = subprocess.Popen(_analyze_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None and _stored_count(db) == 0:
            time.sleep(0.05)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert 0 < _stored_count(db) < total, "the kill must land mid-batch"
    rerun = subprocess.run(_analyze_command(corpus, db), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM documents")]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = connection.execute(
            "SELECT count(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
    assert sorted(ids) == sorted(texts)
    assert orphans == 0
    unchanged = _unchanged(rerun.stderr)
    assert unchanged > 0
    assert f"{total - unchanged} analysed" in rerun.stderr


def _unchanged(summary: str) -> int:
    """The 'N unchanged' count of the closing summary line."""
    found = re.search(r"(\d+) unchanged", summary)
    assert found, f"no summary in {summary!r}"
    return int(found.group(1))
