"""Article-body extraction benchmark: newsmine's extractor next to plain trafilatura.

Runs both over the 181 pages of ../shared/benchmarks/article-extraction, writes each
system's `{id: text}` JSON, scores them with the reference scorer
(../shared/tools/score_extraction.py, run as a subprocess so the figures are the benchmark's
own) and reports pages per CPU-second (time.process_time, extraction only, pages already
decompressed in memory). Exits 0 without doing anything when ../shared is absent.

Usage:
    python benchmarks/extraction.py [--out-dir DIR] [--limit N] [--only newsmine|trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import trafilatura

from newsmine.errors import ExtractionError
from newsmine.scraper.extract import extract_article

logger = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BENCHMARK = SHARED / "benchmarks" / "article-extraction"
SCORER = SHARED / "tools" / "score_extraction.py"
# The settings the trafilatura baseline (F1 0.960) was measured with.
BASELINE_OPTIONS = {"include_comments": False}


def load_pages(limit: int | None = None) -> dict[str, tuple[str, bytes]]:
    """id -> (url, html bytes) for the benchmark pages, in id order."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted((BENCHMARK / "html").glob("*.html.gz"))[:limit]:
        page_id = path.name.removesuffix(".html.gz")
        pages[page_id] = (truth[page_id]["url"], gzip.decompress(path.read_bytes()))
    return pages


def newsmine_body(page_id: str, url: str, html: bytes) -> str:
    """Our extractor; a page it rejects scores as empty."""
    try:
        return extract_article(html, url=url, id=page_id).text
    except ExtractionError as error:
        logger.warning("%s", error)
        return ""


def trafilatura_body(page_id: str, url: str, html: bytes) -> str:
    """Plain trafilatura with the baseline's settings."""
    return trafilatura.extract(html.decode("utf-8"), url=url, **BASELINE_OPTIONS) or ""


def run_system(
    extract: Callable[[str, str, bytes], str], pages: dict[str, tuple[str, bytes]]
) -> tuple[dict[str, str], float]:
    """Texts by id and pages per CPU-second."""
    start = time.process_time()
    texts = {page_id: extract(page_id, url, html) for page_id, (url, html) in pages.items()}
    elapsed = time.process_time() - start
    return texts, len(pages) / elapsed if elapsed > 0 else float("inf")


def subset_truth(page_ids: list[str], out_dir: Path) -> Path:
    """A ground-truth file holding only `page_ids`, so a --limit run is scored on its own pages."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    path = out_dir / "ground-truth-subset.json"
    path.write_text(json.dumps({page_id: truth[page_id] for page_id in page_ids}), encoding="utf-8")
    return path


def score(prediction: Path, *, truth: Path) -> dict[str, float]:
    """The reference scorer's JSON line for one prediction file."""
    command = [sys.executable, str(SCORER), str(prediction), "--ground-truth", str(truth)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=Path(tempfile.gettempdir()) / "newsmine-extraction")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (scored on those pages)")
    parser.add_argument("--only", choices=("newsmine", "trafilatura"), default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not BENCHMARK.is_dir() or not SCORER.is_file():
        print(f"skipped: benchmark not found at {BENCHMARK}")
        return 0
    pages = load_pages(args.limit)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    truth = BENCHMARK / "ground-truth.json" if args.limit is None else subset_truth(list(pages), args.out_dir)
    systems = {"newsmine": newsmine_body, "trafilatura": trafilatura_body}
    for name, extract in systems.items():
        if args.only and name != args.only:
            continue
        texts, speed = run_system(extract, pages)
        prediction = args.out_dir / f"{name}.json"
        prediction.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        result = score(prediction, truth=truth)
        print(
            f"{name:12s} F1 {result['f1']:.4f}  P {result['precision']:.4f}  R {result['recall']:.4f}  "
            f"exact {result['accuracy']:.3f}  empty {result['n_empty_pred']}  {speed:.1f} pages/CPU-s  -> {prediction}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
