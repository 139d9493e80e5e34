"""Two writers, one database: two `analyze` runs and a `scrape` write one --db at the same time.

Real processes, real contention: each holds its own SQLite connection and commits batches
while the others do. Every document must be stored exactly once, and no process may fail
or print "database is locked".
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsmine.scraper.crawl import article_id

RUN_SIZE = 200
SHARED = 20  # documents in both runs: stored once, whichever run writes last
STORY_PATHS = {
    "ferry": "/2025/03/ferry-service-resumes",
    "orchard": "/2025/03/orchard-plants-pear-trees",
    "library": "/2025/03/library-repair-workshop",
    "rail": "/2025/03/night-train-sleeper-cars",
}
PEOPLE = ["Anna Berg", "Tomas Lind", "Mirela Santo", "Pell Okonjo", "Edda Vrolik", "Oskar Vale"]
ORGANISATIONS = ["the port authority", "the rail operator", "the city council", "the growers' cooperative"]


def short_document(doc_id: str, rng: random.Random) -> dict:
    """A three-sentence news item with one quote, written for this test."""
    person, organisation = rng.choice(PEOPLE), rng.choice(ORGANISATIONS)
    text = (
        f"{person}, a spokesperson for {organisation}, said on Monday that the timetable would change. "
        f'"We expect {rng.randint(2, 90)} more crossings this summer," {person} told reporters. '
        f"The council will vote on the budget in {rng.choice(['March', 'April', 'May'])}."
    )
    return {"id": doc_id, "text": text, "title": f"Timetable story {doc_id}"}


def write_runs(folder: Path) -> tuple[list[Path], set[str]]:
    """Two JSONL inputs of RUN_SIZE documents each, SHARED of them in both; and every id."""
    rng = random.Random(7)
    shared = [short_document(f"shared-{i:03d}", rng) for i in range(SHARED)]
    paths, ids = [], set()
    for run in ("a", "b"):
        documents = shared + [short_document(f"{run}-{i:03d}", rng) for i in range(RUN_SIZE - SHARED)]
        path = folder / f"run-{run}.jsonl"
        path.write_text("".join(json.dumps(document) + "\n" for document in documents), encoding="utf-8")
        paths.append(path)
        ids.update(document["id"] for document in documents)
    return paths, ids


def newsmine(*args: str) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("newsmine")), *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
@pytest.mark.model
def test_two_analyze_runs_and_a_scrape_into_one_database_store_everything_once(tmp_path, allow_all, article_page):
    db = str(tmp_path / "corpus.db")
    inputs, analysed_ids = write_runs(tmp_path)
    for key, path in STORY_PATHS.items():
        allow_all.expect_request(path).respond_with_data(article_page(key), content_type="text/html")
    entries = "".join(f"<url><loc>{allow_all.url_for(path)}</loc></url>" for path in STORY_PATHS.values())
    allow_all.expect_request("/sitemap.xml").respond_with_data(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
        content_type="application/xml",
    )
    scraped_ids = {article_id(allow_all.url_for(path)) for path in STORY_PATHS.values()}

    processes = [newsmine("analyze", str(path), "--db", db, "--workers", "1") for path in inputs]
    processes.append(newsmine("scrape", "--sitemap", allow_all.url_for("/sitemap.xml"), "--db", db, "--delay", "0"))
    outcomes = [(process.wait(timeout=600), process.stderr.read()) for process in processes]

    for status, stderr in outcomes:
        assert status == 0, stderr
        assert "locked" not in stderr.lower()
    with sqlite3.connect(db) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM documents")]
        repeated_quotes = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM quotes GROUP BY document_id, start, end HAVING count(*) > 1)"
        ).fetchone()[0]
        quoted = connection.execute("SELECT count(DISTINCT document_id) FROM quotes").fetchone()[0]
        frontier = {row[0] for row in connection.execute("SELECT status FROM crawl_urls")}
    assert len(ids) == len(set(ids))  # nothing stored twice
    assert set(ids) == analysed_ids | scraped_ids  # nothing lost
    assert repeated_quotes == 0
    assert quoted >= len(analysed_ids)  # every short document's quote is there
    assert frontier == {"stored"}
