"""Entity quality on the dev gold set: runs the pipeline, writes the contract JSONL, scores it.

Usage: python benchmarks/entities_eval.py [--gold GOLD.jsonl] [--out OUT.jsonl] [--errors]

Prints the reference scorer's figures (../shared/tools/score_entities_topics.py, the numbers
the issues quote) and this script's own per-type precision / recall / F1, matched the way the
reference matches names (normalized, or one name inside the other at word boundaries).
`--errors` also lists the misses and false alarms per type, for looking at error classes.
Skips with a message when ../shared (the sibling of the repository root) is absent.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / ".." / "shared"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
SCORER = SHARED / "tools" / "score_entities_topics.py"
TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")
MIN_CONTAINED_CHARS = 4

logger = logging.getLogger(__name__)


def name_key(name: str) -> str:
    """Lower case, no possessive 's, punctuation as spaces, no leading "the"."""
    key = name.lower().replace("\u2019", "'")
    key = re.sub(r"'s\b", "", key)
    key = re.sub(r"[^\w\s]", " ", key)
    key = re.sub(r"^the\s+", "", key.strip())
    return " ".join(key.split())


def names_match(a: str, b: str) -> bool:
    """Equal keys, or the shorter (4+ characters) inside the longer at word boundaries."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= MIN_CONTAINED_CHARS and re.search(rf"\b{re.escape(short)}\b", long_) is not None


def score_type(gold: set[str], predicted: set[str]) -> tuple[int, list[str], list[str]]:
    """Greedy one-to-one matching, longest gold names first: (true positives, misses, false alarms)."""
    unused = sorted(predicted, key=len, reverse=True)
    misses = []
    for name in sorted(gold, key=len, reverse=True):
        hit = next((p for p in unused if names_match(name, p)), None)
        if hit is None:
            misses.append(name)
        else:
            unused.remove(hit)
    return len(gold) - len(misses), misses, unused


def per_type_report(gold_docs: dict[str, dict], system_docs: dict[str, dict], *, show_errors: bool) -> None:
    counts = defaultdict(lambda: [0, 0, 0])  # tp, predicted, gold
    for doc_id, gold in gold_docs.items():
        system = system_docs.get(doc_id, {})
        for entity_type in TYPES:
            g = {name_key(e["name"]) for e in gold.get("entities", []) if e["type"] == entity_type}
            p = {name_key(e["name"]) for e in system.get("entities", []) if e["type"] == entity_type}
            tp, misses, false_alarms = score_type(g, p)
            counts[entity_type][0] += tp
            counts[entity_type][1] += len(p)
            counts[entity_type][2] += len(g)
            if show_errors and (misses or false_alarms):
                print(f"{doc_id} {entity_type}: missed {misses} extra {false_alarms}")
    print(f"{'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for entity_type in TYPES:
        tp, predicted, gold_count = counts[entity_type]
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold_count if gold_count else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{entity_type:8} {precision:6.3f} {recall:6.3f} {f1:6.3f} {gold_count:5d} {predicted:5d}")


def read_jsonl(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {str(d["id"]): d for d in map(json.loads, filter(str.strip, handle))}


def run_pipeline(gold_docs: dict[str, dict], out_path: Path) -> None:
    """Analyse the gold texts with the entities stage only and write `Document.to_dict()` lines."""
    from corpus.schema import Document
    from nlp.pipeline import analyze, build_pipeline

    language = build_pipeline(components=("newsmine_entities",))
    documents = (Document(id=d["id"], text=d["text"], title=d.get("title")) for d in gold_docs.values())
    with out_path.open("w", encoding="utf-8") as handle:
        for document in analyze(documents, language=language):
            handle.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsmine_entities_dev.jsonl"))
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"skipped: {args.gold} not found (../shared is absent)")
        return 0
    sys.path.insert(0, str(ROOT))
    gold_docs = read_jsonl(args.gold)
    run_pipeline(gold_docs, args.out)
    if SCORER.exists():
        result = subprocess.run(
            [sys.executable, str(SCORER), str(args.gold), str(args.out)], capture_output=True, text=True, check=True
        )
        print("reference scorer:", result.stdout.strip())
    per_type_report(gold_docs, read_jsonl(args.out), show_errors=args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
