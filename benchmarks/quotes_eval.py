"""Run the pipeline over the dev gold set and score its quotes with the reference scorer.

Usage: python benchmarks/quotes_eval.py [OUT.jsonl]  (then read /tmp/q_details.json)
The gold file is read from ../shared (the sibling of the repository root); without it the
script says so and exits 0, so it never breaks a checkout that lacks the shared data.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from corpus.schema import Document
from nlp.pipeline import analyze

logger = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
SCORER = SHARED / "tools" / "score_quotes.py"
DEFAULT_OUT = Path("/tmp/quotes_dev.jsonl")
DETAILS = Path("/tmp/q_details.json")


def load_documents(path: Path) -> list[Document]:
    """Gold lines as Documents: only the inputs, never the answers."""
    documents = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            data = json.loads(line)
            documents.append(Document(id=data["id"], text=data["text"], title=data.get("title")))
    return documents


def main(out: Path = DEFAULT_OUT) -> int:
    """Write the analyze contract JSONL for the dev set and print the scorer's figures."""
    if not GOLD.exists():
        print(f"{GOLD}: not found, nothing to evaluate")
        return 0
    with out.open("w", encoding="utf-8") as handle:
        for document in analyze(load_documents(GOLD)):
            handle.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
    command = [sys.executable, str(SCORER), str(GOLD), str(out), "--details", str(DETAILS)]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT))
