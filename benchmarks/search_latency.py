"""Search latency on a synthetic corpus of 100k quotes and 1M entity mentions.

The corpus is written with plain SQL inserts (through the store's schema and FTS triggers),
which takes about a minute once; the database is kept and reused until --rebuild. Then each
kind of search runs with many different arguments and its p50/p95 latency is reported, for
the targets in the search issue: filtered entity/speaker queries p95 < 50 ms, full-text
queries p95 < 100 ms. Times are for the library call, hits loaded (sentence included).

Usage: python benchmarks/search_latency.py [--db benchmarks/out/search_bench.db] [--rebuild]
       [--runs 40] [--json benchmarks/out/search_latency.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsmine.corpus.embeddings_index import index_quote_embeddings, missing_embeddings
from newsmine.corpus.experts import expert_registry
from newsmine.corpus.search import search_documents, search_entities, search_quotes, similar_quotes
from newsmine.corpus.store import CorpusStore, speaker_key

logger = logging.getLogger(__name__)

OUT = Path(__file__).resolve().parent / "out"
SEED = 7
N_DOCUMENTS = 50_000
QUOTES_PER_DOCUMENT = 2
MENTIONS_PER_DOCUMENT = 20
SENTENCES_PER_DOCUMENT = 10
WORDS_PER_SENTENCE = (6, 14)
N_WORDS = 6_000
N_ENTITIES = 20_000
N_SPEAKERS = 5_000
N_ORGS = 300
LABELS = (
    "investment",
    "transport_logistics",
    "water_rivers",
    "energy",
    "mining_raw_materials",
    "trade",
    "industry_manufacturing",
    "agriculture_food",
    "technology_digital",
    "geopolitics_security",
    "environment_climate",
)
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")
SYLLABLES = (
    "ka",
    "ra",
    "to",
    "mi",
    "su",
    "ne",
    "lo",
    "ba",
    "di",
    "ge",
    "hu",
    "pa",
    "ri",
    "so",
    "te",
    "vu",
    "ya",
    "zo",
    "ku",
    "an",
)
EMBEDDING_DIM = 384  # MiniLM's size; the vectors are random, only the scan cost matters
FILTERED_TARGET_MS = 50
FULL_TEXT_TARGET_MS = 100


def pseudo_word(index: int, syllables: int = 3) -> str:
    """A pronounceable, unique word for each index (base-20 digits as syllables)."""
    parts = []
    for _ in range(syllables):
        index, digit = divmod(index, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


def zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


@dataclass(slots=True)
class Names:
    words: list[str]
    entities: list[str]
    speakers: list[str]
    orgs: list[str]


def make_names() -> Names:
    return Names(
        words=[pseudo_word(i) for i in range(N_WORDS)],
        entities=[f"{pseudo_word(i, 4).title()} {pseudo_word(i * 7 + 3, 2).title()}" for i in range(N_ENTITIES)],
        speakers=[
            f"{pseudo_word(i % 400, 2).title()} {pseudo_word(i * 7919 % 160_000, 4).title()}ov"
            for i in range(N_SPEAKERS)
        ],
        orgs=[f"{pseudo_word(i + 2_000).title()} Institute of {pseudo_word(i + 4_000).title()}" for i in range(N_ORGS)],
    )


def build(path: Path) -> None:
    """Write the synthetic corpus with executemany inserts, in one transaction per table."""
    rng = np.random.default_rng(SEED)
    names = make_names()
    path.unlink(missing_ok=True)
    with CorpusStore(path) as store:
        db = store.connection
        with db:
            db.executemany(
                "INSERT INTO entities (id, name, type) VALUES (?, ?, ?)",
                ((i + 1, name, ENTITY_TYPES[i % len(ENTITY_TYPES)]) for i, name in enumerate(names.entities)),
            )
            db.executemany(
                "INSERT INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                ((i + 1, alias) for i, name in enumerate(names.entities) for alias in (name, name.split()[0])),
            )
            db.executemany(
                "INSERT INTO speakers (id, name, key) VALUES (?, ?, ?)",
                ((i + 1, name, speaker_key(name)) for i, name in enumerate(names.speakers)),
            )
        started = time.perf_counter()
        with db:
            for chunk in _chunks(range(N_DOCUMENTS), 5_000):
                _write_documents(db, rng, names, chunk)
        logger.info("built %s in %.0fs", path, time.perf_counter() - started)


def _chunks(values: range, size: int) -> Iterator[range]:
    for start in range(values.start, values.stop, size):
        yield range(start, min(start + size, values.stop))


def _write_documents(db, rng: np.random.Generator, names: Names, chunk: range) -> None:
    word_p, entity_p = zipf_weights(N_WORDS), zipf_weights(N_ENTITIES, 0.9)
    speaker_p, org_p = zipf_weights(N_SPEAKERS, 0.8), zipf_weights(N_ORGS, 0.8)
    days = rng.integers(0, 4 * 365, size=len(chunk))
    documents, quotes, mentions, topics, quote_topics = [], [], [], [], []
    for doc_index, day in zip(chunk, days):
        doc_id = f"doc-{doc_index}"
        sentences = [
            " ".join(
                names.words[w] for w in rng.choice(N_WORDS, size=rng.integers(*WORDS_PER_SENTENCE), p=word_p)
            ).capitalize()
            + "."
            for _ in range(SENTENCES_PER_DOCUMENT)
        ]
        text = " ".join(sentences)
        date = str(np.datetime64("2022-01-01") + int(day))
        documents.append((doc_index + 1, doc_id, f"https://bench.example/{doc_id}", date, sentences[0], text))
        for sentence_index in rng.choice(SENTENCES_PER_DOCUMENT, size=QUOTES_PER_DOCUMENT, replace=False):
            start = sum(len(s) + 1 for s in sentences[:sentence_index])
            speaker = int(rng.choice(N_SPEAKERS, p=speaker_p))
            quote_id = len(quotes) + chunk.start * QUOTES_PER_DOCUMENT + 1
            quotes.append(
                (
                    quote_id,
                    doc_id,
                    start,
                    start + len(sentences[sentence_index]),
                    sentences[sentence_index],
                    names.speakers[speaker],
                    speaker + 1,
                    "analyst",
                    names.orgs[int(rng.choice(N_ORGS, p=org_p))],
                )
            )
            if rng.random() < 0.5:
                quote_topics.append((quote_id, LABELS[int(rng.integers(len(LABELS)))]))
        for entity in rng.choice(N_ENTITIES, size=MENTIONS_PER_DOCUMENT, p=entity_p):
            mentions.append((doc_id, int(entity) + 1, names.entities[entity], 0, 1, names.entities[entity]))
        for label in rng.choice(len(LABELS), size=2, replace=False):
            topics.append((doc_id, LABELS[label], 0.8))
    db.executemany(
        "INSERT INTO documents (pk, id, url, date, title, text, content_hash, analyzed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'bench', 'bench')",
        documents,
    )
    db.executemany(
        "INSERT INTO quotes (id, document_id, start, end, kind, text, speaker, speaker_id, speaker_role, speaker_org)"
        " VALUES (?, ?, ?, ?, 'direct', ?, ?, ?, ?, ?)",
        quotes,
    )
    db.executemany(
        "INSERT INTO mentions (document_id, entity_id, name, start, end, text) VALUES (?, ?, ?, ?, ?, ?)", mentions
    )
    db.executemany("INSERT INTO topics (document_id, label, score) VALUES (?, ?, ?)", topics)
    db.executemany("INSERT INTO quote_topics (quote_id, label) VALUES (?, ?)", quote_topics)


def _is_built(path: Path) -> bool:
    if not path.exists():
        return False
    with CorpusStore(path) as store:
        counts = store.counts()
    return (
        counts["quotes"] == N_DOCUMENTS * QUOTES_PER_DOCUMENT
        and counts["mentions"] == N_DOCUMENTS * MENTIONS_PER_DOCUMENT
    )


def random_encoder(seed: int) -> Callable[[list[str]], np.ndarray]:
    """Stand-in for MiniLM: random vectors of its size, so the benchmark needs no model."""
    rng = np.random.default_rng(seed)
    return lambda texts: rng.standard_normal((len(texts), EMBEDDING_DIM)).astype(np.float32)


def cases(names: Names, runs: int) -> dict[str, tuple[str, list[Callable[[CorpusStore], object]]]]:
    """Each case: (target group, one call per run with different arguments)."""
    rng = np.random.default_rng(SEED + 1)
    popular = [names.entities[int(i)] for i in rng.integers(0, 50, runs)]
    any_entity = [names.entities[int(i)] for i in rng.integers(0, N_ENTITIES, runs)]
    surnames = [names.speakers[int(i)].split()[1] for i in rng.integers(0, N_SPEAKERS, runs)]
    orgs = [names.orgs[int(i)].split()[0] for i in rng.integers(0, N_ORGS, runs)]
    stop_like = [names.words[int(i)] for i in rng.integers(0, 5, runs)]
    common = [names.words[int(i)] for i in rng.integers(5, 50, runs)]
    mid = [names.words[int(i)] for i in rng.integers(100, 1_000, runs)]
    rare = [names.words[int(i)] for i in rng.integers(3_000, N_WORDS, runs)]
    pairs = [f"{a} {b}" for a, b in zip(common, mid)]
    years = [str(2022 + int(i)) for i in rng.integers(0, 4, runs)]
    return {
        "quotes --entity (popular)": ("filtered", [lambda s, e=e: search_quotes(s, entity=e) for e in popular]),
        "quotes --entity (any)": ("filtered", [lambda s, e=e: search_quotes(s, entity=e) for e in any_entity]),
        "quotes --entity --entity-scope paragraph": (
            "filtered",
            [lambda s, e=e: search_quotes(s, entity=e, entity_scope="paragraph") for e in any_entity],
        ),
        "quotes --entity --since": (
            "filtered",
            [lambda s, e=e, y=y: search_quotes(s, entity=e, since=y) for e, y in zip(popular, years)],
        ),
        "quotes --speaker": ("filtered", [lambda s, n=n: search_quotes(s, speaker=n) for n in surnames]),
        "quotes --speaker --until": (
            "filtered",
            [lambda s, n=n, y=y: search_quotes(s, speaker=n, until=y) for n, y in zip(surnames, years)],
        ),
        "quotes --org": ("filtered", [lambda s, o=o: search_quotes(s, org=o) for o in orgs]),
        "quotes --topic": ("filtered", [lambda s, t=t: search_quotes(s, topic=t) for t in LABELS * 4][:runs]),
        "quotes QUERY (stop-like word)": ("report only", [lambda s, q=q: search_quotes(s, q) for q in stop_like]),
        "quotes QUERY (common word)": ("full text", [lambda s, q=q: search_quotes(s, q) for q in common]),
        "quotes QUERY (mid word)": ("full text", [lambda s, q=q: search_quotes(s, q) for q in mid]),
        "quotes QUERY (rare word)": ("full text", [lambda s, q=q: search_quotes(s, q) for q in rare]),
        "quotes QUERY (two words)": ("full text", [lambda s, q=q: search_quotes(s, q) for q in pairs]),
        "quotes QUERY --speaker": (
            "full text",
            [lambda s, q=q, n=n: search_quotes(s, q, speaker=n) for q, n in zip(common, surnames)],
        ),
        "quotes QUERY --speaker --entity (popular)": (
            "full text",
            [
                lambda s, q=q, n=n, e=e: search_quotes(s, q, speaker=n, entity=e)
                for q, n, e in zip(common, surnames, popular)
            ],
        ),
        "quotes QUERY --entity": (
            "full text",
            [lambda s, q=q, e=e: search_quotes(s, q, entity=e) for q, e in zip(mid, popular)],
        ),
        "documents QUERY": ("full text", [lambda s, q=q: search_documents(s, q) for q in pairs]),
        "documents --entity": ("filtered", [lambda s, e=e: search_documents(s, entity=e) for e in any_entity]),
        "documents --entity (popular)": ("filtered", [lambda s, e=e: search_documents(s, entity=e) for e in popular]),
        "documents --topic --since": (
            "filtered",
            [lambda s, t=t, y=y: search_documents(s, topic=t, since=y) for t, y in zip(LABELS * 4, years)],
        ),
        "quotes --similar (all vectors)": (
            "report only",
            [lambda s: similar_quotes(s, "text", encode=random_encoder(SEED))] * 3,
        ),
        "quotes --similar --speaker": (
            "report only",
            [lambda s, n=n: similar_quotes(s, "text", encode=random_encoder(SEED), speaker=n) for n in surnames],
        ),
        "entities --cooccur (popular)": (
            "report only",
            [lambda s, e=e: search_entities(s, entity=e) for e in popular[: max(3, runs // 4)]],
        ),
        "entities (all)": ("report only", [lambda s: search_entities(s)] * 3),
        "experts (registry)": ("report only", [lambda s: expert_registry(s, limit=20)] * 3),
    }


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def measure(store: CorpusStore, runs: int) -> list[dict[str, object]]:
    results = []
    for name, (group, calls) in cases(make_names(), runs).items():
        calls[0](store)  # warm the page cache for this access path
        times = []
        for call in calls:
            started = time.perf_counter()
            call(store)
            times.append((time.perf_counter() - started) * 1000)
        results.append(
            {
                "case": name,
                "group": group,
                "runs": len(times),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
            }
        )
    return results


def report(results: list[dict[str, object]]) -> str:
    targets = {"filtered": FILTERED_TARGET_MS, "full text": FULL_TEXT_TARGET_MS}
    lines = [f"{'case':42} {'group':12} {'runs':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target"]
    for row in results:
        target = targets.get(str(row["group"]))
        verdict = "" if target is None else f"p95<{target}: " + ("ok" if float(row["p95_ms"]) < target else "MISSED")
        lines.append(
            f"{row['case']:42} {row['group']:12} {row['runs']:>4} {row['p50_ms']:>8} {row['p95_ms']:>8}"
            f" {row['max_ms']:>8}  {verdict}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=OUT / "search_bench.db")
    parser.add_argument("--rebuild", action="store_true", help="Write the synthetic corpus again.")
    parser.add_argument("--runs", type=int, default=40, help="Calls per case, each with other arguments.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not _is_built(args.db):
        build(args.db)
    with CorpusStore(args.db) as store:
        if missing_embeddings(store):
            index_quote_embeddings(store, random_encoder(SEED), batch_size=5_000)
        logger.info("corpus: %s", store.counts())
        results = measure(store, args.runs)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
