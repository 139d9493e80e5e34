"""Topic trends over time: how much attention each topic gets per week, month or quarter.

Analysts read a corpus as a time series: which topics rise and fall, and which entities and
experts drive them. `topic_trends()` assigns each dated document to its calendar period in
Python (where ISO weeks and quarters are easy to get right), puts that mapping in a temporary
table, and lets SQLite do every count grouped by period. Entity and expert drivers are ranked
among the most frequent entities and speakers of the corpus (`DRIVER_CANDIDATES`), which keeps
memory bounded on large corpora and is exact below that many names.

Counting rules, stated once:
- a document counts for a topic when the topic classifier gave it that label;
- a quote counts for a topic when it is labelled with it, or, when the quote has no label of
  its own, when its document carries it;
- documents without a usable date are left out of trends (they have no period);
- `entity` narrows the counted documents to those mentioning that entity, but shares are
  always taken against every document (or quote) of the period, so a filtered trend stays
  comparable with the unfiltered one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from newsmine.corpus.experts import speaker_kinds
from newsmine.corpus.search import entity_ids, normalise_topic
from newsmine.corpus.store import CorpusStore

logger = logging.getLogger(__name__)

PERIODS = ("week", "month", "quarter")
FORMATS = ("table", "csv", "json")
CSV_COLUMNS = (
    "period", "topic", "documents", "document_share", "documents_change", "share_change",
    "quotes", "quote_share", "top_entities", "top_experts",
)
TABLE_DRIVERS = 3
DEFAULT_TOP = 5

# A quote's topics: its own labels, or its document's labels when it has none.
QUOTE_LABELS_SQL = """
    SELECT qt.quote_id AS quote_id, qt.label AS label FROM quote_topics qt
    UNION
    SELECT q.id, t.label FROM quotes q JOIN topics t ON t.document_id = q.document_id
    WHERE NOT EXISTS (SELECT 1 FROM quote_topics own WHERE own.quote_id = q.id)
"""
_TOP_ENTITIES_SQL = (
    "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(DISTINCT document_id) DESC LIMIT ?"
)
_TOP_SPEAKERS_SQL = (
    "SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY count(*) DESC LIMIT ?"
)
_PERIOD_TABLE = "newsmine_trend_periods"
DRIVER_CANDIDATES = 500


@dataclass(slots=True)
class TrendRow:
    """Attention to one topic in one period, and what drove it.

    `document_share` / `quote_share` are fractions of all documents / quotes of the period;
    `documents_change` and `share_change` compare with the previous calendar period (None for
    the first period shown). `top_entities` counts documents, `top_experts` counts quotes.
    """

    period: str
    topic: str
    documents: int
    quotes: int
    document_share: float
    quote_share: float
    documents_change: int | None = None
    share_change: float | None = None
    top_entities: list[tuple[str, int]] = field(default_factory=list)
    top_experts: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "topic": self.topic,
            "documents": self.documents,
            "quotes": self.quotes,
            "document_share": round(self.document_share, 4),
            "quote_share": round(self.quote_share, 4),
            "documents_change": self.documents_change,
            "share_change": None if self.share_change is None else round(self.share_change, 4),
            "top_entities": [{"name": name, "count": count} for name, count in self.top_entities],
            "top_experts": [{"name": name, "count": count} for name, count in self.top_experts],
        }


def parse_day(value: str | None) -> date | None:
    """The calendar day of a stored ISO date ('2024-06-12', '2024-06-12T09:30+05:00', '2024-06').

    Returns None for missing or unreadable dates, which then stay out of the trends.
    """
    if not value:
        return None
    text = value.strip()
    for candidate in (text[:10], f"{text[:7]}-01"):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def period_of(day: date, by: str) -> str:
    """The label of the period holding `day`: '2024-06', '2024-W23' (ISO week) or '2024-Q2'."""
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    raise ValueError(f"unknown period {by!r}; expected one of {', '.join(PERIODS)}")


def period_sequence(first: date, last: date, by: str) -> list[str]:
    """Every period label from the one holding `first` to the one holding `last`, gaps included."""
    labels: list[str] = []
    step = timedelta(days=7) if by == "week" else timedelta(days=28)
    day = first - timedelta(days=first.weekday()) if by == "week" else first.replace(day=1)
    while day <= last or period_of(day, by) == period_of(last, by):
        label = period_of(day, by)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += step
    return labels


def _check_date(value: str | None, name: str) -> date | None:
    """A user's --since/--until: strictly YYYY-MM-DD, so a typo never silently widens the range."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date; expected YYYY-MM-DD") from None


@dataclass(slots=True)
class _PeriodCounts:
    """The aggregates a trend table is made of, keyed by period (and topic, and name)."""

    documents: Counter[str] = field(default_factory=Counter)
    quotes: Counter[str] = field(default_factory=Counter)
    topic_documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    topic_quotes: Counter[tuple[str, str]] = field(default_factory=Counter)
    entities: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    experts: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _assign_periods(
    connection: sqlite3.Connection, by: str, first: date | None, last: date | None
) -> tuple[dict[str, str], tuple[date, date] | None]:
    """Each dated document in range -> its period label, and the first and last day kept."""
    assigned: dict[str, str] = {}
    parsed: dict[str, date | None] = {}
    kept: list[date] = []
    for document_id, value in connection.execute("SELECT id, date FROM documents WHERE date IS NOT NULL"):
        if value not in parsed:
            day = parse_day(value)
            if day is not None and (first is None or day >= first) and (last is None or day <= last):
                kept.append(day)
            else:
                day = None
            parsed[value] = day
        if (day := parsed[value]) is not None:
            assigned[document_id] = period_of(day, by)
    return assigned, (min(kept), max(kept)) if kept else None


def _entity_documents(store: CorpusStore, entity: str) -> set[str]:
    """Ids of documents that mention the entity, resolved as `newsmine search --entity` does."""
    ids = entity_ids(store, entity)
    marks = ",".join("?" * len(ids))
    rows = store.connection.execute(f"SELECT DISTINCT document_id FROM mentions WHERE entity_id IN ({marks})", ids)
    return {row[0] for row in rows}


@contextlib.contextmanager
def _period_table(connection: sqlite3.Connection, assigned: dict[str, str], counted: set[str]) -> Iterator[None]:
    """A temporary document -> period table, so every aggregate groups by period in SQLite.

    Filling it opens a transaction (on the temporary database only); it is committed at the
    end unless the caller already had one open, so no read snapshot is left holding.
    """
    caller_transaction = connection.in_transaction
    connection.execute(
        f"CREATE TEMP TABLE {_PERIOD_TABLE} (id TEXT PRIMARY KEY, period TEXT NOT NULL,"
        " counted INTEGER NOT NULL) WITHOUT ROWID"
    )
    try:
        connection.executemany(
            f"INSERT INTO temp.{_PERIOD_TABLE} VALUES (?, ?, ?)",
            ((document_id, period, document_id in counted) for document_id, period in assigned.items()),
        )
        yield
    finally:
        connection.execute(f"DROP TABLE temp.{_PERIOD_TABLE}")
        if not caller_transaction:
            connection.commit()


def _candidates(connection: sqlite3.Connection, sql: str, limit: int) -> str:
    """A comma-separated id list of the `limit` most frequent entities or speakers.

    Drivers are ranked among these only, which bounds the work and memory of the driver
    queries on large corpora; below `limit` distinct names the result is exact.
    """
    return ",".join(str(row[0]) for row in connection.execute(sql, (limit,))) or "NULL"


def _period_counts(connection: sqlite3.Connection, *, topic: str | None) -> _PeriodCounts:
    """Run the grouped-by-period queries over the temporary period table."""
    table = f"temp.{_PERIOD_TABLE}"
    label_filter = " AND t.label = :topic" if topic else ""
    params = {"topic": topic}
    counts = _PeriodCounts()
    counts.documents.update(dict(connection.execute(f"SELECT period, count(*) FROM {table} GROUP BY period")))
    counts.quotes.update(dict(connection.execute(
        f"SELECT p.period, count(*) FROM {table} p CROSS JOIN quotes q ON q.document_id = p.id GROUP BY 1"
    )))
    for period, label, n in connection.execute(
        f"SELECT p.period, t.label, count(*) FROM {table} p CROSS JOIN topics t ON t.document_id = p.id"
        f" WHERE p.counted {label_filter} GROUP BY 1, 2",
        params,
    ):
        counts.topic_documents[period, label] = n
    for period, label, n in connection.execute(
        f"SELECT p.period, t.label, count(*) FROM {table} p CROSS JOIN quotes q ON q.document_id = p.id"
        f" JOIN ({QUOTE_LABELS_SQL}) t ON t.quote_id = q.id WHERE p.counted {label_filter} GROUP BY 1, 2",
        params,
    ):
        counts.topic_quotes[period, label] = n
    entity_ids = _candidates(connection, _TOP_ENTITIES_SQL, DRIVER_CANDIDATES)
    for period, label, name, n in connection.execute(
        f"SELECT p.period, t.label, e.name, count(DISTINCT p.id) FROM {table} p"
        " CROSS JOIN topics t ON t.document_id = p.id CROSS JOIN mentions m ON m.document_id = p.id"
        f" JOIN entities e ON e.id = m.entity_id WHERE p.counted AND +m.entity_id IN ({entity_ids}) {label_filter}"
        " GROUP BY 1, 2, e.id",
        params,
    ):
        counts.entities[period, label, name] = n
    speaker_ids = _candidates(connection, _TOP_SPEAKERS_SQL, DRIVER_CANDIDATES)
    kind = speaker_kinds(connection)
    for period, label, name, n in connection.execute(
        f"SELECT p.period, t.label, s.name, count(*) FROM {table} p CROSS JOIN quotes q ON q.document_id = p.id"
        f" JOIN ({QUOTE_LABELS_SQL}) t ON t.quote_id = q.id JOIN speakers s ON s.id = q.speaker_id"
        f" WHERE p.counted AND +q.speaker_id IN ({speaker_ids}) {label_filter} GROUP BY 1, 2, s.id",
        params,
    ):
        if kind(name) == "person":  # experts are people; a ministry quoted as a speaker is not one
            counts.experts[period, label, name] = n
    return counts


def _top(counter: Counter[tuple[str, str, str]], *, limit: int) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """The `limit` largest names per (period, topic), ties broken by name for stable output."""
    grouped: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for (period, label, name), n in counter.items():
        grouped[period, label].append((name, n))
    return {key: sorted(items, key=lambda item: (-item[1], item[0]))[:limit] for key, items in grouped.items()}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _rows(counts: _PeriodCounts, sequence: list[str], *, top: int) -> Iterator[TrendRow]:
    entities = _top(counts.entities, limit=top)
    experts = _top(counts.experts, limit=top)
    labels = sorted({label for _, label in counts.topic_documents} | {label for _, label in counts.topic_quotes})
    for label in labels:
        previous: TrendRow | None = None
        for period in sequence:
            documents, quotes = counts.topic_documents[period, label], counts.topic_quotes[period, label]
            row = TrendRow(
                period=period,
                topic=label,
                documents=documents,
                quotes=quotes,
                document_share=_share(documents, counts.documents[period]),
                quote_share=_share(quotes, counts.quotes[period]),
                top_entities=entities.get((period, label), []),
                top_experts=experts.get((period, label), []),
            )
            if previous is not None:
                row.documents_change = row.documents - previous.documents
                row.share_change = row.document_share - previous.document_share
            previous = row
            yield row


def topic_trends(
    store: CorpusStore,
    *,
    by: str = "month",
    topic: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    top: int = DEFAULT_TOP,
) -> list[TrendRow]:
    """Document and quote counts and shares per topic per period, with their drivers.

    Every period between the first and the last dated document (within `since`..`until`,
    both inclusive) gets a row for every topic seen, zeros included, so each topic is a
    complete time series. Rows are ordered by period, then by documents (most first).

    Raises:
        ValueError: `by` is not one of PERIODS, or `since` / `until` is not a date.
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; expected one of {', '.join(PERIODS)}")
    first, last = _check_date(since, "since"), _check_date(until, "until")
    connection = store.connection
    assigned, span = _assign_periods(connection, by, first, last)
    if span is None:
        logger.info("no dated documents in range since=%s until=%s", since, until)
        return []
    counted = set(assigned) if entity is None else _entity_documents(store, entity)
    with _period_table(connection, assigned, counted):
        counts = _period_counts(connection, topic=normalise_topic(topic) if topic else None)
    sequence = period_sequence(span[0], span[1], by)
    order = {period: index for index, period in enumerate(sequence)}
    rows = list(_rows(counts, sequence, top=top))
    rows.sort(key=lambda row: (order[row.period], -row.documents, row.topic))
    return rows


def topic_totals(store: CorpusStore) -> list[tuple[str, int, int]]:
    """(topic, documents, quotes) over the whole corpus, dated or not, most documents first."""
    documents = dict(
        store.connection.execute("SELECT label, count(DISTINCT document_id) FROM topics GROUP BY label").fetchall()
    )
    quotes = dict(
        store.connection.execute(
            f"SELECT label, count(DISTINCT quote_id) FROM ({QUOTE_LABELS_SQL}) GROUP BY label"
        ).fetchall()
    )
    labels: Iterable[str] = set(documents) | set(quotes)
    totals = [(label, documents.get(label, 0), quotes.get(label, 0)) for label in labels]
    return sorted(totals, key=lambda item: (-item[1], -item[2], item[0]))


def format_trends(rows: list[TrendRow], *, fmt: str = "table") -> Iterator[str]:
    """Lines of output for `newsmine trends`: an aligned table, CSV, or JSON Lines.

    CSV flattens the driver lists to "name (count); name (count)" so that a spreadsheet shows
    them in one cell; JSON keeps them as lists of {"name", "count"}. CSV and JSON keep every
    row (complete time series for other tools); the table, read by people, leaves out the
    rows where nothing happened (no document, no quote, no change).
    """
    if fmt == "json":
        yield from (json.dumps(row.to_dict(), ensure_ascii=False) for row in rows)
    elif fmt == "csv":
        yield from _csv_lines(rows)
    elif fmt == "table":
        yield from _table_lines(rows)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _drivers(items: list[tuple[str, int]], *, limit: int | None = None) -> str:
    return "; ".join(f"{name} ({count})" for name, count in items[:limit])


def _csv_lines(rows: list[TrendRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        record = row.to_dict()
        record["top_entities"] = _drivers(row.top_entities)
        record["top_experts"] = _drivers(row.top_experts)
        writer.writerow(["" if record[column] is None else record[column] for column in CSV_COLUMNS])
    yield from buffer.getvalue().splitlines()


def _table_lines(rows: list[TrendRow]) -> Iterator[str]:
    header = ("period", "topic", "docs", "share", "change", "quotes", "top entities", "top experts")
    cells = [
        (
            row.period,
            row.topic,
            str(row.documents),
            f"{row.document_share:.0%}",
            "" if row.documents_change is None else f"{row.documents_change:+d}",
            str(row.quotes),
            _drivers(row.top_entities, limit=TABLE_DRIVERS),
            _drivers(row.top_experts, limit=TABLE_DRIVERS),
        )
        for row in rows
        if row.documents or row.quotes or row.documents_change
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header) - 1)]
    for line in [header, *cells]:
        yield "  ".join(
            [cell.rjust(width) if 2 <= i <= 5 else cell.ljust(width) for i, (cell, width) in enumerate(zip(line, widths))]
            + [line[-1]]
        ).rstrip()
