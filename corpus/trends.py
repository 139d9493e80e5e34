"""Topic trends over time: how much attention each topic gets per week, month or quarter.

Analysts read a corpus as a time series: which topics rise and fall, and which entities and
experts drive them. `topic_trends()` answers that from the corpus database with a few
aggregate queries grouped by day (so the work done in SQLite stays small however many
documents there are), then rolls the days up into calendar periods in Python, where ISO weeks
and quarters are easy to get right.

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

from corpus.store import CorpusStore

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
_ENTITY_FILTER_SQL = """
    d.id IN (
        SELECT m.document_id FROM mentions m JOIN entities e ON e.id = m.entity_id
        WHERE e.name = :entity COLLATE NOCASE
           OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias = :entity)
    )
"""


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
class _DayCounts:
    """Aggregates keyed by stored day string, before they are rolled up into periods."""

    documents: Counter[str] = field(default_factory=Counter)
    quotes: Counter[str] = field(default_factory=Counter)
    topic_documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    topic_quotes: Counter[tuple[str, str]] = field(default_factory=Counter)
    entities: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    experts: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _day_counts(connection: sqlite3.Connection, *, topic: str | None, entity: str | None) -> _DayCounts:
    """Run the grouped-by-day queries; `topic` and `entity` narrow the topic-level counts."""
    dated = "SELECT d.id AS id, substr(d.date, 1, 10) AS day FROM documents d WHERE d.date IS NOT NULL"
    narrowed = dated + (f" AND {_ENTITY_FILTER_SQL}" if entity else "")
    label_filter = " AND t.label = :topic" if topic else ""
    params = {"entity": entity, "topic": topic}
    counts = _DayCounts()
    for day, n in connection.execute(f"SELECT day, count(*) FROM ({dated}) GROUP BY day"):
        counts.documents[day] = n
    for day, n in connection.execute(
        f"SELECT d.day, count(*) FROM ({dated}) d JOIN quotes q ON q.document_id = d.id GROUP BY d.day"
    ):
        counts.quotes[day] = n
    for day, label, n in connection.execute(
        f"SELECT d.day, t.label, count(*) FROM ({narrowed}) d JOIN topics t ON t.document_id = d.id"
        f" WHERE 1 {label_filter} GROUP BY d.day, t.label",
        params,
    ):
        counts.topic_documents[day, label] = n
    for day, label, n in connection.execute(
        f"SELECT d.day, t.label, count(*) FROM ({narrowed}) d JOIN quotes q ON q.document_id = d.id"
        f" JOIN ({QUOTE_LABELS_SQL}) t ON t.quote_id = q.id WHERE 1 {label_filter} GROUP BY d.day, t.label",
        params,
    ):
        counts.topic_quotes[day, label] = n
    for day, label, name, n in connection.execute(
        f"SELECT d.day, t.label, e.name, count(DISTINCT d.id) FROM ({narrowed}) d"
        " JOIN topics t ON t.document_id = d.id JOIN mentions m ON m.document_id = d.id"
        f" JOIN entities e ON e.id = m.entity_id WHERE 1 {label_filter} GROUP BY d.day, t.label, e.id",
        params,
    ):
        counts.entities[day, label, name] = n
    for day, label, name, n in connection.execute(
        f"SELECT d.day, t.label, coalesce(s.name, q.speaker), count(*) FROM ({narrowed}) d"
        f" JOIN quotes q ON q.document_id = d.id JOIN ({QUOTE_LABELS_SQL}) t ON t.quote_id = q.id"
        " LEFT JOIN speakers s ON s.id = q.speaker_id"
        f" WHERE q.speaker IS NOT NULL {label_filter} GROUP BY d.day, t.label, coalesce(s.id, q.speaker)",
        params,
    ):
        counts.experts[day, label, name] = n
    return counts


def _roll_up(counter: Counter[Any], periods: dict[str, str]) -> Counter[Any]:
    """Re-key a day-keyed counter (day first in the key) by period, dropping days out of range."""
    rolled: Counter[Any] = Counter()
    for key, n in counter.items():
        day = key[0] if isinstance(key, tuple) else key
        if day in periods:
            period = periods[day]
            rolled[(period, *key[1:]) if isinstance(key, tuple) else period] += n
    return rolled


def _top(counter: Counter[tuple[str, str, str]], *, limit: int) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """The `limit` largest names per (period, topic), ties broken by name for stable output."""
    grouped: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for (period, label, name), n in counter.items():
        grouped[period, label].append((name, n))
    return {key: sorted(items, key=lambda item: (-item[1], item[0]))[:limit] for key, items in grouped.items()}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _rows(
    counts: _DayCounts, periods: dict[str, str], sequence: list[str], *, top: int
) -> Iterator[TrendRow]:
    documents = _roll_up(counts.documents, periods)
    quotes = _roll_up(counts.quotes, periods)
    topic_documents = _roll_up(counts.topic_documents, periods)
    topic_quotes = _roll_up(counts.topic_quotes, periods)
    entities = _top(_roll_up(counts.entities, periods), limit=top)
    experts = _top(_roll_up(counts.experts, periods), limit=top)
    labels = sorted({label for _, label in topic_documents} | {label for _, label in topic_quotes})
    for label in labels:
        previous: TrendRow | None = None
        for period in sequence:
            row = TrendRow(
                period=period,
                topic=label,
                documents=topic_documents[period, label],
                quotes=topic_quotes[period, label],
                document_share=_share(topic_documents[period, label], documents[period]),
                quote_share=_share(topic_quotes[period, label], quotes[period]),
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
    counts = _day_counts(store.connection, topic=topic, entity=entity)
    days = {key: parse_day(key) for key in counts.documents}
    in_range = {
        key: day
        for key, day in days.items()
        if day is not None and (first is None or day >= first) and (last is None or day <= last)
    }
    if not in_range:
        logger.info("no dated documents in range since=%s until=%s", since, until)
        return []
    periods = {key: period_of(day, by) for key, day in in_range.items()}
    sequence = period_sequence(min(in_range.values()), max(in_range.values()), by)
    rows = list(_rows(counts, periods, sequence, top=top))
    order = {period: index for index, period in enumerate(sequence)}
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
    them in one cell; JSON keeps them as lists of {"name", "count"}.
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
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header) - 1)]
    for line in [header, *cells]:
        yield "  ".join(
            [cell.rjust(width) if 2 <= i <= 5 else cell.ljust(width) for i, (cell, width) in enumerate(zip(line, widths))]
            + [line[-1]]
        ).rstrip()
