"""The README's examples, read from README.md and run on the demo corpus, so they cannot drift.

- Every `newsmine search ... # comment` line must return results that keep the comment's
  promise; each option is checked on every hit (the entity is named in the hit's document,
  the speaker's name contains the text, dates are on or after --since, and so on).
- Every `$ newsmine ...` sample block must print exactly the lines the README shows.

When the analysis improves and a sample changes, the failure shows the fresh output to
paste into README.md.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmine.cli import cli
from newsmine.corpus.store import CorpusStore, speaker_key
from newsmine.models.gazetteer.translit import name_key

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
EVERY = "1000"


def code_lines(markdown: str) -> list[str]:
    """The lines inside ``` fenced blocks."""
    return [line for block in re.findall(r"```[^\n]*\n(.*?)```", markdown, flags=re.S) for line in block.splitlines()]


def search_examples() -> list[tuple[list[str], str]]:
    examples = []
    for line in code_lines(README):
        if line.startswith("newsmine search ") and "#" in line:
            command, comment = line.split("#", 1)
            examples.append((shlex.split(command)[2:], comment.strip()))
    return examples


def sample_blocks() -> list[tuple[list[str], list[str]]]:
    """(argv, expected lines) of each ``` block that starts with `$ newsmine ...`."""
    samples = []
    for block in re.findall(r"```[^\n]*\n(.*?)```", README, flags=re.S):
        lines = block.rstrip("\n").splitlines()
        if lines and lines[0].startswith("$ newsmine "):
            samples.append((shlex.split(lines[0][2:])[1:], lines[1:]))
    return samples


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo corpus, analysed as `make demo` does."""
    db = tmp_path_factory.mktemp("demo") / "newsmine.db"
    result = CliRunner().invoke(cli, ["analyze", str(REPO / "corpus" / "samples"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    return db


def options_of(argv: list[str]) -> tuple[str | None, dict[str, str]]:
    query, options, rest = None, {}, list(argv)
    while rest:
        word = rest.pop(0)
        if word.startswith("--"):
            options[word] = rest.pop(0)
        else:
            query = word
    return query, options


def document_names(store: CorpusStore, document_id: str) -> list[str]:
    """Every entity name and alias the document mentions, folded."""
    rows = store.connection.execute(
        "SELECT e.name, a.alias FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " LEFT JOIN entity_aliases a ON a.entity_id = e.id WHERE m.document_id = ?",
        (document_id,),
    )
    return [speaker_key(name) for row in rows for name in row if name]


def document_topics(store: CorpusStore, document_id: str) -> set[str]:
    return {row[0] for row in store.connection.execute("SELECT label FROM topics WHERE document_id = ?", (document_id,))}


def run_json(db: Path, argv: list[str]) -> list[dict]:
    result = CliRunner().invoke(cli, ["search", *argv, "--json", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def check_hit(store: CorpusStore, hit: dict, query: str | None, options: dict[str, str]) -> None:
    kind = options.get("--kind", "quotes")
    assert ("snippet" in hit) == (kind == "documents") and ("mention_count" in hit) == (kind == "entities")
    if kind == "entities":
        names = [speaker_key(name) for name in (hit["name"], *hit["aliases"])]
        assert query is None or any(speaker_key(query) in name for name in names)
        return
    if "--entity" in options:
        needle = speaker_key(options["--entity"])
        assert any(needle in name for name in document_names(store, hit["document_id"]))
    if "--speaker" in options:
        assert name_key(options["--speaker"]) in name_key(hit["speaker"] or "")  # in either script
    if "--org" in options:
        assert speaker_key(options["--org"]) in speaker_key(hit["speaker_org"] or "")
    if "--since" in options:
        assert (hit["date"] or "") >= options["--since"]
    if "--topic" in options:
        label = options["--topic"]
        own = [topic["label"] for topic in hit["topics"]] if kind == "documents" else hit["topics"]
        assert label in own or (kind == "quotes" and not own and label in document_topics(store, hit["document_id"]))
    if query is not None and "--similar" not in options:
        searched = " ".join(str(hit.get(field) or "") for field in ("text", "sentence", "title", "snippet")).lower()
        assert all(word in searched for word in query.lower().split())


@pytest.mark.model
@pytest.mark.parametrize("argv,comment", search_examples(), ids=[" ".join(argv) for argv, _ in search_examples()])
def test_readme_search_example_keeps_its_comments_promise(demo_db, argv, comment):
    query, options = options_of(argv)
    hits = run_json(demo_db, argv)
    assert hits, f"`newsmine search {' '.join(argv)}` finds nothing; its comment promises: {comment}"
    assert len(hits) <= int(options.get("--limit", EVERY))
    if "--limit" not in options and "--similar" not in options:  # "every quote ...": nothing cut off
        assert len(hits) == len(run_json(demo_db, [*argv, "--limit", EVERY]))
    if "--similar" in options:
        scores = [hit["score"] for hit in hits]
        assert scores == sorted(scores, reverse=True)
    with CorpusStore(demo_db) as store:
        for hit in hits:
            check_hit(store, hit, query, options)


def test_the_readme_has_search_examples_of_every_kind():
    kinds = {options_of(argv)[1].get("--kind", "quotes") for argv, _ in search_examples()}
    assert kinds == {"quotes", "documents", "entities"}


@pytest.mark.model
@pytest.mark.parametrize("argv,expected", sample_blocks(), ids=[" ".join(argv) for argv, _ in sample_blocks()])
def test_readme_sample_output_is_what_the_command_prints(demo_db, argv, expected):
    result = CliRunner().invoke(cli, [*argv, "--db", str(demo_db)])
    assert result.exit_code == 0, result.stderr
    printed = [line.rstrip() for line in result.stdout.rstrip("\n").splitlines()]
    assert printed == [line.rstrip() for line in expected], "README.md is out of date; today's output:\n" + result.stdout
