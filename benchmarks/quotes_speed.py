"""How much time the quotes component adds to the spaCy pipeline (target: at most 5%).

Usage: python benchmarks/quotes_speed.py [--docs N] [--repeat R]
Texts: the dev gold texts from ../shared when present, else generated news-like paragraphs;
N documents are cycled from them. The spaCy pipeline alone is timed with nlp.pipe, then the
quotes component alone on the Docs it produced (so shared-CPU noise in the parse does not
swamp the small difference); overhead = quotes time / spaCy time, best of R rounds each.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import spacy
from spacy.language import Language

import newsmine.nlp  # noqa: F401  (registers the newsmine factories)
from newsmine.nlp.pipeline import SPACY_MODEL

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / "gold.jsonl"
NAMES = ("Ana Costa", "Lee Min", "Omar Haddad", "Eva Novak")
ROLES = ("director of the Port Institute", "senior analyst at Delta Bank", "the transport minister")


def generated_texts(count: int, *, seed: int = 7) -> list[str]:
    """News-like paragraphs with direct quotes, reported speech and plain sentences."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        name, role = rng.choice(NAMES), rng.choice(ROLES)
        texts.append(
            f"{name}, {role}, said that freight volumes rose by {rng.randint(2, 40)} percent this year.\n\n"
            f"“We expect the new terminal to open in {rng.randint(1, 12)} months,” she said. "
            "The railway links the port with inland cities and carries grain and coal.\n\n"
            "According to the ministry, the line will double its capacity. Experts believe that "
            "demand will keep growing as trade with neighbouring countries expands."
        )
    return texts


def load_texts(count: int) -> list[str]:
    if GOLD.exists():
        with GOLD.open(encoding="utf-8") as handle:
            base = [json.loads(line)["text"] for line in handle]
    else:
        base = generated_texts(50)
    return [base[i % len(base)] for i in range(count)]


def timed_pipe(language: Language, texts: list[str]) -> tuple[float, list]:
    """Wall time of nlp.pipe over the texts, and the parsed Docs."""
    start = time.perf_counter()
    docs = list(language.pipe(texts, batch_size=32))
    return time.perf_counter() - start, docs


def timed_quotes(component, docs: list) -> float:
    """Wall time of the quotes component alone over already parsed Docs."""
    start = time.perf_counter()
    for doc in docs:
        component(doc)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    texts = load_texts(args.docs)
    language = spacy.load(SPACY_MODEL)
    component = language.add_pipe("newsmine_quotes")
    base_names = [name for name in language.pipe_names if name != "newsmine_quotes"]
    spacy_time, quotes_time = float("inf"), float("inf")
    for _ in range(args.repeat):
        with language.select_pipes(enable=base_names):
            elapsed, docs = timed_pipe(language, texts)
        spacy_time = min(spacy_time, elapsed)
        quotes_time = min(quotes_time, timed_quotes(component, docs))
    print(json.dumps({
        "docs": len(texts),
        "chars": sum(map(len, texts)),
        "spacy_s": round(spacy_time, 3),
        "quotes_s": round(quotes_time, 3),
        "overhead": round(quotes_time / spacy_time, 4),
        "target": 0.05,
    }))


if __name__ == "__main__":
    main()
