"""Exports: every table in every format holds the same typed rows, streamed in chunks."""

import csv
import datetime
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsmine.corpus.export import FORMATS, TABLES, export_table
from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import CorpusStore
from newsmine.cli import cli

TEXT_A = '"Freight doubled," said Mira Talbek of the Fictional Rail Institute in Astana.'
TEXT_B = "Water talks resumed in Almaty, the ministry said."


def _documents():
    return [
        Document(
            id="a",
            text=TEXT_A,
            date="2025-03-04",
            title="Freight, doubled",
            entities=[
                Entity("Mira Talbek", "PERSON", [Mention(24, 35, "Mira Talbek")]),
                Entity("Astana", "GPE", [Mention(72, 78, "Astana")]),
            ],
            quotes=[Quote("Freight doubled,", 1, 17, "direct", speaker="Mira Talbek",
                          speaker_org="Fictional Rail Institute", cue="said", topics=["transport_logistics", "trade"])],
            topics=[TopicScore("transport_logistics", 0.9), TopicScore("trade", 0.4)],
        ),
        Document(id="b", text=TEXT_B, entities=[Entity("Almaty", "GPE", [Mention(20, 26, "Almaty")])]),
    ]


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "c.db") as corpus:
        corpus.add_documents(_documents())
        yield corpus


EXPECTED = {
    "documents": [
        {"id": "a", "date": "2025-03-04", "title": "Freight, doubled", "text": TEXT_A},
        {"id": "b", "date": None, "title": None, "text": TEXT_B},
    ],
    "quotes": [
        {"document_id": "a", "start": 1, "end": 17, "kind": "direct", "speaker": "Mira Talbek",
         "speaker_role": None, "topics": ["trade", "transport_logistics"]},
    ],
    "entities": [
        {"document_id": "a", "entity": "Mira Talbek", "type": "PERSON", "start": 24, "end": 35},
        {"document_id": "a", "entity": "Astana", "type": "GPE", "start": 72, "end": 78},
        {"document_id": "b", "entity": "Almaty", "type": "GPE", "start": 20, "end": 26},
    ],
    "topics": [
        {"document_id": "a", "label": "transport_logistics", "score": 0.9},
        {"document_id": "a", "label": "trade", "score": 0.4},
    ],
}


def _read(data: bytes, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in data.decode("utf-8").splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    return pq.read_table(io.BytesIO(data)).to_pylist()


def _as_written(key, value, fmt):
    """CSV has no types: numbers come back as text, lists joined by ';', NULL as the empty string.
    Parquet has dates."""
    if fmt == "parquet" and key == "date" and value is not None:
        return datetime.date.fromisoformat(value)
    if fmt != "csv":
        return value
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else str(value)


def _columns(what, fmt):
    table = TABLES[what]
    return [name for name, _ in table.parquet_columns] if fmt == "parquet" else table.column_names


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", sorted(TABLES))
def test_export_table_rows_match_the_store(store, what, fmt):
    output = io.BytesIO()
    count = export_table(store, output, what=what, fmt=fmt, chunk_rows=1)
    rows = _read(output.getvalue(), fmt)
    assert count == len(rows) == len(EXPECTED[what])
    for row, expected in zip(rows, EXPECTED[what]):
        assert list(row) == _columns(what, fmt)
        assert {key: row[key] for key in expected} == {k: _as_written(k, v, fmt) for k, v in expected.items()}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", sorted(TABLES))
def test_export_table_empty_store_has_columns_and_no_rows(tmp_path, what, fmt):
    output = io.BytesIO()
    with CorpusStore(tmp_path / "empty.db") as empty:
        assert export_table(empty, output, what=what, fmt=fmt) == 0
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(output.getvalue())).column_names == _columns(what, fmt)
    elif fmt == "csv":
        assert output.getvalue().decode("utf-8").strip() == ",".join(TABLES[what].column_names)
    else:
        assert output.getvalue() == b""


@pytest.mark.parametrize("what,fmt", [("speakers", "csv"), ("quotes", "xlsx"), ("", "jsonl")])
def test_export_table_rejects_unknown_names(store, what, fmt):
    with pytest.raises(ValueError, match="expected one of"):
        export_table(store, io.BytesIO(), what=what, fmt=fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_writes_the_file(store, tmp_path, fmt):
    target = tmp_path / f"quotes.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--what", "quotes", "--format", fmt, "-o", str(target), "--db", str(store.path)]
    )
    assert result.exit_code == 0, result.output
    assert [row["speaker"] for row in _read(target.read_bytes(), fmt)] == ["Mira Talbek"]
    assert "1 quotes rows" in result.stderr


@pytest.mark.parametrize("args", [["--format", "jsonl"], ["--what", "entities", "--format", "csv"]])
def test_export_command_streams_to_stdout(store, args):
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") >= 2


@pytest.mark.parametrize("args", [["--format", "xml"], ["--what", "people"]])
def test_export_command_rejects_bad_choices(store, args):
    assert CliRunner().invoke(cli, ["export", *args, "--db", str(store.path)]).exit_code == 2


def test_export_command_missing_database_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert "nope.db" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_export_command_parquet_has_a_list_of_topics_and_a_date_column(tmp_path):
    """What DuckDB and pandas see: `topics` a list of strings, `date` a date (null when the
    stored date is not a whole day, which `date_text` keeps as written)."""
    with CorpusStore(tmp_path / "c.db") as corpus:
        documents = _documents()
        documents[1].date = "2025-03"
        documents[1].quotes = [Quote("talks resumed", 12, 25, "indirect", speaker_role="the ministry", cue="said")]
        corpus.add_documents(documents)
    target = tmp_path / "quotes.parquet"
    result = CliRunner().invoke(cli, ["export", "--what", "quotes", "--format", "parquet", "-o", str(target),
                                      "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(target)
    assert pa.types.is_list(table.schema.field("topics").type)
    assert table.schema.field("topics").type.value_type == pa.string()
    assert table.schema.field("date").type == pa.date32()
    rows = table.to_pylist()
    assert [(row["date"], row["date_text"], row["topics"]) for row in rows] == [
        (datetime.date(2025, 3, 4), "2025-03-04", ["trade", "transport_logistics"]),
        (None, "2025-03", []),
    ]
