"""Quality on the dev gold sets, checked against the reference scorers.

Usage: python benchmarks/quality.py [--gold GOLD.jsonl]... [--out-dir DIR] [--embeddings static|minilm]

For each gold file (default: dev, dev-ca and dev-ru under ../shared/eval), analyses the gold
texts (never their answers), prints `newsmine evaluate`'s figures, then runs the reference
scorers in ../shared/tools on the same output and says whether the headline figures agree.
Exits 1 when any set disagrees; a gold file that is absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from spacy.language import Language

from newsmine.models.embeddings import DEFAULT_ENCODER, ENCODERS
from newsmine.evaluate import evaluate, format_report
from newsmine.settings import PipelineSettings
from newsmine.nlp.pipeline import analyze, get_pipeline
from newsmine.scraper.ingest import read_documents

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLDS = [SHARED / "eval" / name / "gold.jsonl" for name in ("dev", "dev-ca", "dev-ru")]
TOOLS = SHARED / "tools"


def reference_figures(gold: Path, output: Path) -> dict[str, float]:
    """The headline figures as the reference scorers compute them."""
    quotes = json.loads(_run(TOOLS / "score_quotes.py", gold, output))
    others = json.loads(_run(TOOLS / "score_entities_topics.py", gold, output))
    return {
        "quote detection F1": quotes["overall"]["f1"],
        "speaker accuracy": quotes["speaker_accuracy"],
        "quote+speaker F1": quotes["e2e"]["f1"],
        "entity typed F1": others["entity_typed_f1"],
        "topic micro-F1": others["topic_micro_f1"],
        "topic macro-F1": others["topic_macro_f1"],
    }


def _run(script: Path, gold: Path, output: Path) -> str:
    result = subprocess.run([sys.executable, str(script), str(gold), str(output)], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="a gold file (repeatable; default: the three dev sets)")
    parser.add_argument("--out-dir", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--embeddings", choices=ENCODERS, default=DEFAULT_ENCODER, help="the topic stage's encoder")
    args = parser.parse_args()
    language = get_pipeline(PipelineSettings(encoder=args.embeddings))
    failures = 0
    for gold_path in args.gold or GOLDS:
        if not gold_path.exists():
            print(f"{gold_path}: not found, nothing to measure")
            continue
        output = args.out_dir / f"{gold_path.parent.name}.jsonl"
        failures += not measure(gold_path, output, language)
    return 1 if failures else 0


def measure(gold_path: Path, output: Path, language: Language) -> bool:
    """Analyse one gold file, print our figures, and say whether the reference scorers agree."""
    print(f"== {gold_path}")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    predicted = {doc.id: doc for doc in analyze(read_documents([gold_path], on_error=print), language=language)}
    elapsed = time.perf_counter() - started
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        for document in predicted.values():
            handle.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
    evaluation = evaluate(gold, predicted)
    print(format_report(evaluation))
    print(f"\n{len(predicted)} documents analysed in {elapsed:.1f}s")
    ours = evaluation.to_dict()
    mine = {
        "quote detection F1": ours["quotes"]["overall"]["f1"],
        "speaker accuracy": ours["speaker_accuracy"],
        "quote+speaker F1": ours["quotes"]["e2e"]["f1"],
        "entity typed F1": ours["entities"]["typed"]["f1"],
        "topic micro-F1": ours["topics"]["micro_f1"],
        "topic macro-F1": ours["topics"]["macro_f1"],
    }
    reference = reference_figures(gold_path, output)
    disagreements = {name: (mine[name], reference[name]) for name in mine if abs(mine[name] - reference[name]) > 1e-4}
    print("reference scorers agree" if not disagreements else f"DISAGREE with the reference scorers: {disagreements}")
    return not disagreements


if __name__ == "__main__":
    sys.exit(main())
