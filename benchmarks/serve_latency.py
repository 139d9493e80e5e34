"""Latency of `newsmine serve` on a 100k-quote corpus, with 8 concurrent clients.

The corpus is the synthetic one of `search_latency.py` (50k documents, 100k quotes, 1M
mentions), with quote vectors from the packaged static encoder (the default of `analyze`),
kept in benchmarks/out/ and reused. The server runs as `newsmine serve` in its own process;
8 client threads send a shuffled mix of requests (search pages and their JSON twins with
varied words and filters, similar-quote searches, expert, entity, document and topic pages)
and the p50/p95 latency of each group is reported against the targets of issue 14:
p95 < 100 ms for search pages and JSON, < 150 ms for expert and entity pages. The same
requests are then replayed one at a time in process, timing the CPU each one costs (thread
time), a figure that does not depend on what else shares the machine.

It also times the vector index: building it for the whole corpus once, loading it from its
file in a fresh process (what `newsmine search --similar` does), and one similar search.

Usage: python benchmarks/serve_latency.py [--db benchmarks/out/serve_bench.db] [--rounds 30]
       [--clients 8] [--json benchmarks/out/serve_latency.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import search_latency as corpus_bench  # noqa: E402  (the synthetic corpus builder)

from newsmine.corpus.embeddings_index import claim_encoder, index_quote_embeddings, missing_embeddings  # noqa: E402
from newsmine.corpus.store import CorpusStore  # noqa: E402
from newsmine.corpus.vector_index import QuoteVectorIndex  # noqa: E402

logger = logging.getLogger(__name__)

TARGETS_MS = {"search page": 100, "search JSON": 100, "similar JSON": 100, "expert page": 150, "entity page": 150}
SEED = 11


def prepare(db: Path) -> None:
    """Build the corpus (once), embed its quotes with the static encoder, build the vector index."""
    from newsmine.models.embeddings.encoders import embed

    if not corpus_bench._is_built(db):
        corpus_bench.build(db)
    with CorpusStore(db) as store:
        if missing_embeddings(store):
            started = time.perf_counter()
            claim_encoder(store, "static")
            index_quote_embeddings(store, lambda texts: embed(texts, encoder="static"), batch_size=2_000)
            logger.info("embedded the quotes in %.0f s", time.perf_counter() - started)
        index = QuoteVectorIndex(db)
        started = time.perf_counter()
        added = index.sync(store.connection)
        if added:
            logger.info("vector index: %d vectors added in %.1f s", added, time.perf_counter() - started)


def cli_similar_timing(db: Path) -> dict[str, float]:
    """In a fresh process: load the index file, then run similar searches as the CLI does."""
    code = f"""
import json, time
t0 = time.perf_counter()
from newsmine.corpus.store import CorpusStore
from newsmine.corpus.search import similar_quotes
from newsmine.corpus.vector_index import vector_index
from newsmine.models.embeddings.encoders import embed
encode = lambda texts: embed(texts, encoder="static")
encode(["warm up"])
with CorpusStore({str(db)!r}) as store:
    t1 = time.perf_counter(); vector_index(store.path).sync(store.connection); load = time.perf_counter() - t1
    times = []
    for text in ["kasura tomira said", "rates will fall", "the port expansion", "sunera kotomi lobaka", "water quotas"] * 4:
        t = time.perf_counter(); similar_quotes(store, text, encode=encode, limit=20); times.append(time.perf_counter() - t)
print(json.dumps({{"index_load_ms": load * 1000, "search_ms_p50": sorted(times)[len(times) // 2] * 1000,
                  "search_ms_max": max(times) * 1000}}))
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def request_mix(db: Path, rounds: int) -> list[tuple[str, str]]:
    """(group, path with query) pairs: each group gets `rounds` requests with different arguments."""
    rng = random.Random(SEED)
    names = corpus_bench.make_names()
    with CorpusStore(db) as store:
        speakers = [r[0] for r in store.connection.execute("SELECT id FROM speakers ORDER BY random() LIMIT ?", (rounds,))]
        entities = [r[0] for r in store.connection.execute("SELECT id FROM entities ORDER BY random() LIMIT ?", (rounds,))]
        documents = [r[0] for r in store.connection.execute("SELECT id FROM documents ORDER BY random() LIMIT ?", (rounds,))]
    searches = []
    for i in range(rounds):
        word = names.words[rng.randrange(200, 3000)]
        choice = i % 6
        if choice == 0:
            params = {"q": word}
        elif choice == 1:
            params = {"speaker": names.speakers[rng.randrange(len(names.speakers))].split()[-1]}
        elif choice == 2:
            params = {"entity": names.entities[rng.randrange(2000)]}
        elif choice == 3:
            params = {"q": word, "topic": rng.choice(corpus_bench.LABELS), "since": "2021"}
        elif choice == 4:
            params = {"org": names.orgs[rng.randrange(len(names.orgs))]}
        else:
            params = {"q": f"{word} {names.words[rng.randrange(200, 3000)]}", "page": "2"}
        searches.append(httpx.QueryParams(params))
    mix = [("search page", f"/?{p}") for p in searches]
    mix += [("search JSON", f"/api/search?{p}") for p in searches]
    mix += [("similar JSON", f"/api/search?{httpx.QueryParams({'similar': ' '.join(rng.sample(names.words[:3000], 5))})}") for _ in range(rounds)]
    mix += [("expert page", f"/experts/{i}") for i in speakers]
    mix += [("entity page", f"/entities/{i}") for i in entities]
    mix += [("document page", f"/documents/{d}") for d in documents]
    mix += [("topic page", f"/topics/{label}") for label in corpus_bench.LABELS[:3]]
    rng.shuffle(mix)
    return mix


def cpu_per_request(db: Path, mix: list[tuple[str, str]]) -> dict[str, list[float]]:
    """CPU milliseconds each request costs the server (process time: waiting for a core excluded),
    requests replayed one at a time in process through the ASGI app. On a shared machine this
    is the figure that does not depend on what else runs."""
    from starlette.testclient import TestClient

    from newsmine.models.embeddings.encoders import embed
    from newsmine.web.app import create_app

    timings: dict[str, list[float]] = defaultdict(list)
    with TestClient(create_app(db, encode=lambda texts: embed(texts, encoder="static"))) as client:
        client.get("/api/search?similar=warm+up")
        for group, path in mix:
            started = time.process_time()
            response = client.get(path)
            timings[group].append((time.process_time() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return timings


def run_clients(base: str, mix: list[tuple[str, str]], clients: int) -> dict[str, list[float]]:
    """Send the mix from `clients` threads (each its own keep-alive connection)."""
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    queue = list(mix)
    failures: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while True:
                with lock:
                    if not queue:
                        return
                    group, path = queue.pop()
                started = time.perf_counter()
                response = http.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if response.status_code != 200:
                        failures.append(f"{path}: HTTP {response.status_code}")
                    timings[group].append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return timings


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=corpus_bench.OUT / "serve_bench.db")
    parser.add_argument("--rounds", type=int, default=30, help="Requests per group.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    args.db.parent.mkdir(parents=True, exist_ok=True)
    prepare(args.db)
    cli = cli_similar_timing(args.db)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("newsmine")), "serve", "--db", str(args.db), "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/search?similar=warm+up", timeout=30)  # loads the encoder and the index
                break
            except httpx.TransportError:
                time.sleep(0.2)
        mix = request_mix(args.db, args.rounds)
        run_clients(base, mix[: len(mix) // 4], args.clients)  # warm-up: page cache, thread connections
        timings = run_clients(base, mix, args.clients)
    finally:
        server.terminate()
        server.wait()
    load = os.getloadavg()[0]
    cpu = cpu_per_request(args.db, mix)
    results = []
    for group, values in sorted(timings.items()):
        target = TARGETS_MS.get(group)
        p95 = percentile(values, 95)
        results.append(
            {"group": group, "n": len(values), "p50_ms": round(statistics.median(values), 1), "p95_ms": round(p95, 1),
             "cpu_p50_ms": round(statistics.median(cpu[group]), 1), "cpu_p95_ms": round(percentile(cpu[group], 95), 1),
             "target_p95_ms": target, "ok": None if target is None else p95 < target}
        )
    print(f"{args.clients} clients, load average {load:.1f} on {os.cpu_count()} cores at the end of the run")
    print(f"{'group':<15} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'target':>7}")
    for r in results:
        target = "" if r["target_p95_ms"] is None else f"<{r['target_p95_ms']}"
        print(f"{r['group']:<15} {r['n']:>4} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['cpu_p50_ms']:>8} {r['cpu_p95_ms']:>8} {target:>7}")
    print(f"CLI similar (fresh process): index load {cli['index_load_ms']:.0f} ms, "
          f"search p50 {cli['search_ms_p50']:.1f} ms, max {cli['search_ms_max']:.1f} ms")
    if args.json:
        args.json.write_text(json.dumps({"server": results, "cli_similar": cli, "load_average": load}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
