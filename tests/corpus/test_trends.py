"""Topic trends over a small hand-built corpus written through the store API."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmine.corpus.schema import Document, Entity, Mention, Quote, TopicScore
from newsmine.corpus.store import CorpusStore
from newsmine.corpus.trends import format_trends, parse_day, period_of, period_sequence, topic_trends
from newsmine.commands.report import trends as trends_command


def _doc(doc_id: str, day: str | None, topics: list[str], quotes: list[tuple[str, list[str]]],
         entities: list[str]) -> Document:
    """A document whose text names each entity once; quotes are (speaker, own topic labels)."""
    text = " and ".join(entities) + " were discussed." if entities else "Nothing named here."
    mentions = {name: text.index(name) for name in entities}
    return Document(
        id=doc_id,
        text=text,
        date=day,
        title=f"Story {doc_id}",
        topics=[TopicScore(label=label, score=0.9) for label in topics],
        quotes=[Quote(text="were discussed", start=0, end=14, kind="direct", speaker=speaker, topics=labels)
                for speaker, labels in quotes],
        entities=[Entity(name=name, type="GPE", mentions=[Mention(start, start + len(name), name)])
                  for name, start in mentions.items()],
    )


CORPUS = [
    _doc("d1", "2024-06-03", ["trade", "transport_logistics"], [("Ann Bell", ["trade"]), ("Ann Bell", [])],
         ["Khorgos", "China"]),
    _doc("d2", "2024-06-20T10:00:00+05:00", ["trade"], [("Carl Dee", [])], ["Khorgos", "Kazakhstan"]),
    _doc("d3", "2024-08-01", ["energy"], [], ["China"]),
    _doc("d4", None, ["trade"], [("Ann Bell", [])], ["Khorgos"]),
    _doc("d5", "2024-08-15", ["energy", "trade"], [("Dana Fox", ["energy"])], ["Aktau"]),
    _doc("d6", "2024-08-20", ["energy"], [], ["PRC"]),
]


def _canonical(name: str, _type: str) -> str:
    return "China" if name == "PRC" else name


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trends") / "corpus.db"
    with CorpusStore(path, canonical_name=_canonical) as store:
        store.add_documents(CORPUS)
    return path


@pytest.fixture
def store(db_path: Path):
    with CorpusStore(db_path) as opened:
        yield opened


def _index(rows) -> dict[tuple[str, str], object]:
    return {(row.period, row.topic): row for row in rows}


@pytest.mark.parametrize(
    "value,by,expected",
    [
        ("2024-06-03", "month", "2024-06"),
        ("2024-06-03", "quarter", "2024-Q2"),
        ("2024-10-01", "quarter", "2024-Q4"),
        ("2024-06-03", "week", "2024-W23"),
        ("2024-12-30", "week", "2025-W01"),
        ("2021-01-03", "week", "2020-W53"),
    ],
)
def test_period_of_labels_calendar_periods(value: str, by: str, expected: str) -> None:
    assert period_of(date.fromisoformat(value), by) == expected


def test_period_of_unknown_period_raises() -> None:
    with pytest.raises(ValueError, match="day"):
        period_of(date(2024, 1, 1), "day")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2024-06-12", date(2024, 6, 12)),
        ("2024-06-12T09:30:00+05:00", date(2024, 6, 12)),
        ("2024-06", date(2024, 6, 1)),
        ("", None),
        (None, None),
        ("June 2024", None),
        ("2024-13-01", None),
    ],
)
def test_parse_day_reads_stored_iso_dates(value: str | None, expected: date | None) -> None:
    assert parse_day(value) == expected


@pytest.mark.parametrize(
    "first,last,by,expected",
    [
        ("2024-11-15", "2025-02-01", "month", ["2024-11", "2024-12", "2025-01", "2025-02"]),
        ("2024-01-31", "2024-03-01", "month", ["2024-01", "2024-02", "2024-03"]),
        ("2024-12-31", "2025-01-01", "quarter", ["2024-Q4", "2025-Q1"]),
        ("2024-12-25", "2025-01-08", "week", ["2024-W52", "2025-W01", "2025-W02"]),
        ("2024-05-05", "2024-05-05", "month", ["2024-05"]),
    ],
)
def test_period_sequence_includes_every_period(first: str, last: str, by: str, expected: list[str]) -> None:
    assert period_sequence(date.fromisoformat(first), date.fromisoformat(last), by) == expected


@pytest.mark.parametrize(
    "period,topic,documents,quotes,document_share,quote_share",
    [
        ("2024-06", "trade", 2, 3, 1.0, 1.0),
        ("2024-06", "transport_logistics", 1, 1, 0.5, 1 / 3),
        ("2024-06", "energy", 0, 0, 0.0, 0.0),
        ("2024-07", "trade", 0, 0, 0.0, 0.0),
        ("2024-08", "energy", 3, 1, 1.0, 1.0),
        ("2024-08", "trade", 1, 0, 1 / 3, 0.0),
    ],
)
def test_topic_trends_counts_and_shares(
    store: CorpusStore, period: str, topic: str, documents: int, quotes: int, document_share: float, quote_share: float
) -> None:
    row = _index(topic_trends(store))[period, topic]
    assert (row.documents, row.quotes) == (documents, quotes)
    assert row.document_share == pytest.approx(document_share)
    assert row.quote_share == pytest.approx(quote_share)


@pytest.mark.parametrize(
    "period,topic,documents_change,share_change",
    [
        ("2024-06", "trade", None, None),
        ("2024-07", "trade", -2, -1.0),
        ("2024-08", "trade", 1, 1 / 3),
        ("2024-08", "energy", 3, 1.0),
        ("2024-07", "energy", 0, 0.0),
    ],
)
def test_topic_trends_change_against_previous_period(
    store: CorpusStore, period: str, topic: str, documents_change: int | None, share_change: float | None
) -> None:
    row = _index(topic_trends(store))[period, topic]
    assert row.documents_change == documents_change
    assert row.share_change == (None if share_change is None else pytest.approx(share_change))


def test_topic_trends_leaves_undated_documents_out(store: CorpusStore) -> None:
    rows = topic_trends(store)
    assert sum(row.documents for row in rows if row.topic == "trade") == 3
    assert [row.period for row in rows][:1] == ["2024-06"] and rows[-1].period == "2024-08"


def test_topic_trends_rows_ordered_by_period_then_documents(store: CorpusStore) -> None:
    keys = [(row.period, -row.documents, row.topic) for row in topic_trends(store)]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "period,topic,entities,experts",
    [
        ("2024-06", "trade", [("Khorgos", 2), ("China", 1), ("Kazakhstan", 1)], [("Ann Bell", 2), ("Carl Dee", 1)]),
        ("2024-06", "transport_logistics", [("China", 1), ("Khorgos", 1)], [("Ann Bell", 1)]),
        ("2024-08", "energy", [("China", 2), ("Aktau", 1)], [("Dana Fox", 1)]),
        ("2024-07", "energy", [], []),
    ],
)
def test_topic_trends_entities_and_experts_driving_a_topic(
    store: CorpusStore, period: str, topic: str, entities: list[tuple[str, int]], experts: list[tuple[str, int]]
) -> None:
    row = _index(topic_trends(store))[period, topic]
    assert (row.top_entities, row.top_experts) == (entities, experts)


@pytest.mark.parametrize(
    "options,expected",
    [
        ({"topic": "energy"}, {("2024-08", "energy"): 3}),
        ({"topic": "Transport logistics"}, {("2024-06", "transport_logistics"): 1}),
        ({"entity": "khorgos"}, {("2024-06", "trade"): 2, ("2024-06", "transport_logistics"): 1}),
        ({"entity": "prc"}, {("2024-06", "trade"): 1, ("2024-06", "transport_logistics"): 1, ("2024-08", "energy"): 2}),
        ({"since": "2024-08-10"}, {("2024-08", "energy"): 2, ("2024-08", "trade"): 1}),
        ({"until": "2024-06-19"}, {("2024-06", "trade"): 1, ("2024-06", "transport_logistics"): 1}),
        ({"entity": "Atlantis"}, {}),
        ({"topic": "water_rivers"}, {}),
        ({"since": "2025-01-01"}, {}),
    ],
)
def test_topic_trends_filters_narrow_the_counted_documents(
    store: CorpusStore, options: dict[str, str], expected: dict[tuple[str, str], int]
) -> None:
    counted = {(row.period, row.topic): row.documents for row in topic_trends(store, **options) if row.documents}
    assert counted == expected


def test_topic_trends_entity_filter_keeps_shares_against_all_documents(store: CorpusStore) -> None:
    row = _index(topic_trends(store, entity="China"))["2024-08", "energy"]
    assert (row.documents, row.document_share) == (2, pytest.approx(2 / 3))


@pytest.mark.parametrize(
    "by,periods",
    [
        ("quarter", ["2024-Q2", "2024-Q3"]),
        ("week", ["2024-W23", "2024-W33", "2024-W34"]),
    ],
)
def test_topic_trends_other_period_lengths(store: CorpusStore, by: str, periods: list[str]) -> None:
    active = sorted({row.period for row in topic_trends(store, by=by) if row.documents})
    assert active[:1] == periods[:1] and set(periods) <= set(active)


@pytest.mark.parametrize(
    "options,message",
    [
        ({"by": "day"}, "unknown period"),
        ({"since": "2024-13-01"}, "since"),
        ({"until": "soon"}, "until"),
    ],
)
def test_topic_trends_bad_options_raise(store: CorpusStore, options: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        topic_trends(store, **options)


def test_topic_trends_leaves_no_transaction_or_table_behind(store: CorpusStore) -> None:
    topic_trends(store)
    assert not store.connection.in_transaction
    assert store.connection.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


def test_topic_trends_empty_corpus(tmp_path: Path) -> None:
    with CorpusStore(tmp_path / "empty.db") as empty:
        assert topic_trends(empty) == []


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_format_trends_one_line_per_row(store: CorpusStore, fmt: str) -> None:
    rows = topic_trends(store, topic="trade")
    lines = list(format_trends(rows, fmt=fmt))
    assert len(lines) == len(rows) + (0 if fmt == "json" else 1)
    if fmt == "json":
        assert [json.loads(line) for line in lines] == [row.to_dict() for row in rows]
    elif fmt == "csv":
        first = next(csv.DictReader(lines))
        assert first["period"] == "2024-06" and first["top_experts"] == "Ann Bell (2); Carl Dee (1)"
    else:
        assert lines[0].split()[:3] == ["period", "topic", "docs"] and "Khorgos (2)" in lines[1]


def test_format_trends_table_leaves_out_rows_where_nothing_happened(store: CorpusStore) -> None:
    rows = topic_trends(store, topic="energy")
    assert [(row.period, row.documents, row.documents_change) for row in rows] == [
        ("2024-06", 0, None), ("2024-07", 0, 0), ("2024-08", 3, 3)
    ]
    assert [line.split()[0] for line in format_trends(rows, fmt="table")] == ["period", "2024-08"]


def test_format_trends_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="xml"):
        list(format_trends([], fmt="xml"))


@pytest.mark.parametrize(
    "args,exit_code,expected",
    [
        (["--format", "json", "--topic", "energy", "--by", "quarter"], 0, '"period": "2024-Q3"'),
        (["--entity", "Khorgos", "--format", "csv"], 0, "2024-06,trade,2,1.0"),
        (["--since", "yesterday"], 2, "since 'yesterday' is not a date"),
        (["--by", "day"], 2, "Invalid value for '--by'"),
        (["--entity", "Atlantis", "--format", "json"], 0, "no dated documents with topics match"),
    ],
)
def test_trends_command_output_and_errors(db_path: Path, args: list[str], exit_code: int, expected: str) -> None:
    result = CliRunner().invoke(trends_command, [*args, "--db", str(db_path)])
    assert result.exit_code == exit_code
    assert expected in result.output


def test_trends_command_missing_database_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(trends_command, ["--db", str(missing)])
    assert result.exit_code == 1 and "no such corpus database" in result.output
    assert not missing.exists()
