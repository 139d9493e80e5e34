"""Topic quality on the dev gold set: runs the topics component, prints micro/macro/per-label F1.

Usage: python benchmarks/topics_eval.py [--gold GOLD.jsonl] [--out OUT.jsonl] [--full]
       [--threshold T] [--taxonomy FILE] [--model FILE] [--errors]

By default the component runs alone on a blank English pipeline (topics need no parse), with
the zero-shot default unless a trained model exists (the rule in models/topics/MODEL_CARD.md);
`--full` runs the whole newsmine pipeline instead. It writes the contract JSONL (`--out`,
default benchmarks/out/topics.jsonl), prints this script's figures and, when present, the
reference scorer's (../shared/tools/score_entities_topics.py) on the same file, plus the
elapsed time. `--errors` lists missed and false labels per document.
Skips with a message when ../shared (the sibling of the repository root) is absent.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
import spacy

import nlp  # noqa: F401  (registers the newsmine factories)
from models.topics.train import f1_scores

SHARED = ROOT / ".." / "shared"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
SCORER = SHARED / "tools" / "score_entities_topics.py"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "topics.jsonl"

logger = logging.getLogger(__name__)


def run(records: list[dict], *, full: bool, config: dict) -> list[list[str]]:
    """Assigned labels per record, from the topics component (alone or in the full pipeline)."""
    if full:
        from nlp.pipeline import build_pipeline

        language = build_pipeline()
        language.replace_pipe("newsmine_topics", "newsmine_topics", config=config)
    else:
        language = spacy.blank("en")
        language.add_pipe("newsmine_topics", config=config)
    docs = language.pipe((record["text"] for record in records), batch_size=64)
    return [[topic.label for topic in doc._.topics] for doc in docs]


def per_label(gold: list[set[str]], predicted: list[list[str]]) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, misses) per label."""
    counts: dict[str, list[int]] = {}
    for wanted, got in zip(gold, predicted):
        for label in wanted | set(got):
            row = counts.setdefault(label, [0, 0, 0])
            row[0] += label in wanted and label in got
            row[1] += label in got and label not in wanted
            row[2] += label in wanted and label not in got
    return {label: (tp, fp, fn) for label, (tp, fp, fn) in sorted(counts.items())}


def report(records: list[dict], predicted: list[list[str]], *, errors: bool) -> None:
    gold = [set(record.get("topics") or []) for record in records]
    labels = sorted({label for tags in gold for label in tags} | {l for tags in predicted for l in tags})
    gold_matrix = np.array([[label in tags for label in labels] for tags in gold])
    predicted_matrix = np.array([[label in tags for label in labels] for tags in predicted])
    print(json.dumps(f1_scores(gold_matrix, predicted_matrix, labels)))
    for label, (tp, fp, fn) in per_label(gold, predicted).items():
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(f"  {label:24s} f1={f1:.3f} tp={tp:3d} fp={fp:3d} fn={fn:3d}")
    if errors:
        for record, wanted, got in zip(records, gold, predicted):
            missed, false = sorted(wanted - set(got)), sorted(set(got) - wanted)
            if missed or false:
                print(f"  {record['id']}: missed={missed} false={false}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--full", action="store_true", help="run the whole newsmine pipeline")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--taxonomy", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} not present")
        return 0
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    config = {"threshold": args.threshold, "taxonomy": args.taxonomy, "model": args.model}
    started = time.perf_counter()
    predicted = run(records, full=args.full, config=config)
    elapsed = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record, labels in zip(records, predicted):
            out.write(json.dumps({"id": record["id"], "topics": labels}) + "\n")
    report(records, predicted, errors=args.errors)
    print(f"{len(records)} documents in {elapsed:.1f} s (model loading included)")
    if SCORER.exists():
        result = subprocess.run([sys.executable, str(SCORER), str(args.gold), str(args.out)],
                                capture_output=True, text=True, check=True)
        scored = json.loads(result.stdout)
        print("reference scorer:", {k: v for k, v in scored.items() if k.startswith("topic")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
