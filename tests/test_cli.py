"""The command line contract: exit codes, one-line errors, JSON Lines output, idempotent reruns."""

import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsmine import __version__
from newsmine.cli import cli

GOOD_TXT = """Rail freight grows at a fictional border

"Volumes doubled this year," said Mira Talbek, chief analyst at the Fictional Freight Institute.

Source: Synthetic Wire (fictional)
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Trade rose, the ministry said."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "j2", "title": "no text here"}) + "\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def stored_ids(db_path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        return sorted(row[0] for row in connection.execute("SELECT id FROM documents"))


def test_cli_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_has_help(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(cli.get_command(click.Context(cli), name).help or "") > 20


def test_cli_analyze_missing_path_is_one_line_and_exit_2(runner, tmp_path):
    result = runner.invoke(cli, ["analyze", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nope.txt" in result.stderr


@pytest.mark.model
def test_cli_analyze_bad_files_are_reported_and_good_ones_stored(runner, inputs, tmp_path):
    db_path = tmp_path / "c.db"
    result = runner.invoke(cli, ["analyze", str(inputs), "--db", str(db_path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in line for line in errors)
    assert any("batch.jsonl:2" in line for line in errors)
    assert any("batch.jsonl:3" in line and "text" in line for line in errors)
    assert stored_ids(db_path) == ["good", "j1"]


@pytest.mark.model
def test_cli_analyze_rerun_skips_unchanged_and_never_duplicates(runner, inputs, tmp_path):
    db_path = tmp_path / "c.db"
    runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(db_path)])
    result = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(db_path)])
    assert result.exit_code == 0
    assert "1 unchanged" in result.stderr
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        quotes = connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    (inputs / "good.txt").write_text(GOOD_TXT.replace("doubled", "tripled"), encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(db_path)])
    assert "1 analysed" in result.stderr
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM quotes").fetchone()[0] == quotes
        assert "tripled" in connection.execute("SELECT text FROM documents").fetchone()[0]


@pytest.mark.model
def test_cli_analyze_stdout_follows_the_contract(runner, inputs, tmp_path):
    result = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(tmp_path / "c.db"), "-o", "-"])
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    document = json.loads(line)
    assert list(document) == ["id", "url", "source", "date", "title", "text", "language", "entities", "quotes", "topics"]
    assert document["id"] == "good"
    assert document["source"] == "Synthetic Wire (fictional)"
    (quote,) = document["quotes"]
    assert document["text"][quote["start"]:quote["end"]] == quote["text"]
    assert quote["speaker"] == "Mira Talbek"
    assert quote["kind"] == "direct"
    for entity in document["entities"]:
        for mention in entity["mentions"]:
            assert document["text"][mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_is_documented_in_the_readme(name):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"newsmine {name}" in readme


@pytest.mark.model
def test_cli_analyze_keeps_one_encoder_per_database(runner, inputs, tmp_path):
    db_path = tmp_path / "c.db"
    first = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(db_path), "--workers", "1"])
    assert first.exit_code == 0, first.stderr
    with sqlite3.connect(db_path) as connection:
        (vector,) = [row[0] for row in connection.execute("SELECT embedding FROM quotes")]
        assert len(vector) == 384 * 4
    other = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(db_path), "--embeddings", "minilm"])
    assert other.exit_code == 2
    assert other.stderr.strip() == (
        f"error: {db_path}: its quote embeddings come from the 'static' encoder, not 'minilm'; "
        "use --embeddings static, or another database"
    )


@pytest.mark.model
def test_cli_analyze_notes_that_device_needs_minilm(runner, inputs, tmp_path):
    args = ["analyze", str(inputs / "good.txt"), "--db", str(tmp_path / "c.db"), "--workers", "1", "--device", "auto"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert result.stderr.startswith("note: --device applies to --embeddings minilm")


@pytest.mark.model
def test_cli_analyze_with_a_user_taxonomy_labels_with_its_labels(runner, inputs, tmp_path):
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(json.dumps({"version": 1, "labels": [
        {"label": "railways", "description": "Rail freight, trains, wagons and railway lines.",
         "seed_terms": ["rail", "freight", "train", "wagon", "railway"]},
        {"label": "fisheries", "description": "Fishing fleets, fish stocks and catches.",
         "seed_terms": ["fish", "fishing", "trawler", "catch"]},
    ]}), encoding="utf-8")
    result = runner.invoke(cli, ["analyze", str(inputs / "good.txt"), "--db", str(tmp_path / "c.db"),
                                 "--taxonomy", str(taxonomy), "--workers", "1", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    labels = {topic["label"] for topic in json.loads(line)["topics"]}
    assert labels <= {"railways", "fisheries"}
    assert "railways" in labels
