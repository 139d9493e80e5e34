"""Long documents: time and peak memory of analysing one document of 1 MB, 5 MB, ... of text.

The document is the sample corpus's paragraphs repeated until it reaches the size (real
article prose, so entities and quotes are found all the way through). Each size runs in a
fresh process (`newsmine.nlp.pipeline.analyze`, one worker, the default static encoder), so
its peak resident memory is its own; the times include loading the models. CPU time is given
beside wall time because the machine may be shared. Time per MB that stays flat as the size
grows shows the paragraph windows at work (nlp/windows.py).

    python benchmarks/long_document.py            # 1 MB and 5 MB
    python benchmarks/long_document.py 2 5 10     # other sizes, in MB
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
MB = 1_000_000


def long_text(size: int) -> str:
    """About `size` characters of sample-corpus paragraphs, separated by blank lines."""
    from newsmine.scraper.ingest import read_documents

    paragraphs = [p for d in read_documents([SAMPLES], on_error=print) for p in d.text.split("\n\n")]
    pieces, length = [], 0
    while length < size:
        for paragraph in paragraphs:
            pieces.append(paragraph)
            length += len(paragraph) + 2
            if length >= size:
                break
    return "\n\n".join(pieces)


def measure(size: int) -> dict[str, float]:
    """Analyse one document of `size` characters in this process."""
    from newsmine.corpus.schema import Document
    from newsmine.nlp.pipeline import analyze

    text = long_text(size)
    started, cpu_started = time.perf_counter(), time.process_time()
    (document,) = analyze([Document(id="long", text=text)])
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mb": len(text) / MB, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb,
            "quotes": len(document.quotes), "entities": len(document.entities)}


def main(sizes: list[float]) -> None:
    print("| document | wall time | CPU time | CPU time per MB | peak resident memory | quotes | entities |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        run = subprocess.run([sys.executable, __file__, "--one", str(int(size * MB))],
                             capture_output=True, text=True, check=True)
        row = json.loads(run.stdout.splitlines()[-1])
        print(f"| {row['mb']:.1f} MB | {row['seconds']:.0f} s | {row['cpu_seconds']:.0f} s | "
              f"{row['cpu_seconds'] / row['mb']:.0f} s | {row['peak_mb']:,.0f} MB | {row['quotes']:,} | "
              f"{row['entities']:,} |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([float(arg) for arg in sys.argv[1:]] or [1.0, 5.0])
