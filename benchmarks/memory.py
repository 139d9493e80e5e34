"""Peak resident memory of `newsmine analyze` (parent + workers) as the input grows.

Streaming means the peak should not grow with the number of documents: the parent holds a
few chunks in flight and one store batch, each worker one chunk and its models. For each
size, a synthetic corpus is generated (benchmarks/throughput.py: recombined sample
paragraphs, fresh ids) and analysed into a new database by a separate process whose process
tree is sampled every 0.2 s. The issue's budget is < 1.5 GB per worker.

Usage: python benchmarks/memory.py [--sizes 2000 20000 100000] [--workers 2] [--json benchmarks/out/memory.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import OUT, full_command, measure, write_corpus

logger = logging.getLogger(__name__)

BUDGET_PER_WORKER_MB = 1536


def peak_memory(size: int, workers: int, folder: Path) -> dict[str, float | int]:
    corpus = folder / f"corpus-{size}.jsonl"
    words = write_corpus(corpus, size)
    run = measure(full_command(corpus, workers, folder / f"memory-{size}.db"), kind="full", workers=workers,
                  documents=size, words=words)
    corpus.unlink()
    row = {"documents": size, "workers": workers, "seconds": round(run.seconds, 1),
           "peak_total_rss_mb": round(run.peak_rss_mb), "peak_process_rss_mb": round(run.peak_process_rss_mb)}
    verdict = "within" if run.peak_process_rss_mb < BUDGET_PER_WORKER_MB else "OVER"
    print(f"{size} documents, {workers} workers: peak {run.peak_rss_mb:,.0f} MB in all, largest process "
          f"{run.peak_process_rss_mb:,.0f} MB ({verdict} the {BUDGET_PER_WORKER_MB} MB budget), {run.seconds:.0f}s")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=OUT / "memory.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as folder:
        rows = [peak_memory(size, args.workers, Path(folder)) for size in args.sizes]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
