"""Flat tables out of the corpus database, for pandas, DuckDB, spreadsheets and R.

Four tables (`documents`, `quotes`, `entities`, `topics`), each one row per thing with fixed,
typed columns (the same in every format), written as JSON Lines, CSV or Parquet. Rows are
streamed from SQLite in chunks and written as they come (Parquet one row group per chunk),
so an export of millions of rows needs memory for one chunk only.

The `entities` table has one row per mention, so counts and co-occurrences are a GROUP BY
away. Types follow the format: in Parquet a quote's `topics` is a list of strings and `date`
a date (null when the stored date is not a whole day, e.g. "2025-03"; `date_text` keeps the
date as stored); JSON Lines has the list and the date as text; CSV, which has no lists,
joins topics with `;`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from newsmine.corpus.store import CorpusStore

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
CHUNK_ROWS = 10_000
TOPIC_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class Table:
    """One exportable table: its query and its typed columns (name -> Arrow type)."""

    name: str
    sql: str
    columns: tuple[tuple[str, pa.DataType], ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(list(self.columns))

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    @property
    def parquet_columns(self) -> list[tuple[str, pa.DataType]]:
        """The Parquet columns: `date` as a date, followed by `date_text` (the date as stored)."""
        columns: list[tuple[str, pa.DataType]] = []
        for name, kind in self.columns:
            columns += [(name, pa.date32()), ("date_text", pa.string())] if name == "date" else [(name, kind)]
        return columns


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "documents",
            "SELECT id, url, source, date, title, language, text, analyzed_at FROM documents ORDER BY pk",
            (
                ("id", pa.string()),
                ("url", pa.string()),
                ("source", pa.string()),
                ("date", pa.string()),
                ("title", pa.string()),
                ("language", pa.string()),
                ("text", pa.string()),
                ("analyzed_at", pa.string()),
            ),
        ),
        Table(
            "quotes",
            "SELECT q.document_id, d.date, q.start, q.end, q.kind, q.text, q.speaker, q.speaker_role,"
            " q.speaker_org, q.cue,"
            " (SELECT json_group_array(label) FROM"
            "   (SELECT label FROM quote_topics t WHERE t.quote_id = q.id ORDER BY label)) AS topics"
            " FROM quotes q JOIN documents d ON d.id = q.document_id ORDER BY d.pk, q.start, q.id",
            (
                ("document_id", pa.string()),
                ("date", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("kind", pa.string()),
                ("text", pa.string()),
                ("speaker", pa.string()),
                ("speaker_role", pa.string()),
                ("speaker_org", pa.string()),
                ("cue", pa.string()),
                ("topics", pa.list_(pa.string())),
            ),
        ),
        Table(
            "entities",
            "SELECT m.document_id, d.date, e.name AS entity, e.type, m.name, m.start, m.end, m.text"
            " FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.document_id"
            " ORDER BY d.pk, m.id",
            (
                ("document_id", pa.string()),
                ("date", pa.string()),
                ("entity", pa.string()),
                ("type", pa.string()),
                ("name", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("text", pa.string()),
            ),
        ),
        Table(
            "topics",
            "SELECT t.document_id, d.date, t.label, t.score FROM topics t JOIN documents d ON d.id = t.document_id"
            " ORDER BY d.pk, t.score DESC, t.label",
            (
                ("document_id", pa.string()),
                ("date", pa.string()),
                ("label", pa.string()),
                ("score", pa.float64()),
            ),
        ),
    )
}


def iter_row_chunks(store: CorpusStore, table: Table, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows, `chunk_rows` at a time, in a stable order (document order, then offset);
    list columns come as Python lists."""
    cursor = store.connection.execute(table.sql)
    lists = [pa.types.is_list(kind) for _, kind in table.columns]
    while rows := cursor.fetchmany(chunk_rows):
        yield [tuple(json.loads(v) if is_list else v for v, is_list in zip(row, lists)) for row in rows]


def day(value: str | None) -> datetime.date | None:
    """The calendar day a stored date names ("2025-03-04", "2025-03-04T07:30:00+00:00"), or None
    for a partial or free-text date ("2025-03", "mid-January")."""
    try:
        return datetime.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def export_table(
    store: CorpusStore, output: BinaryIO, *, what: str = "documents", fmt: str = "jsonl", chunk_rows: int = CHUNK_ROWS
) -> int:
    """Write table `what` of `store` to `output` in format `fmt`; returns the number of rows.

    Raises:
        ValueError: `what` or `fmt` is not one of the known tables or formats.
    """
    if what not in TABLES:
        raise ValueError(f"unknown table {what!r}; expected one of {sorted(TABLES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {list(FORMATS)}")
    table = TABLES[what]
    chunks = iter_row_chunks(store, table, chunk_rows=chunk_rows)
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    count = writer(table, chunks, output)
    logger.info("exported %d %s rows as %s", count, what, fmt)
    return count


def _write_jsonl(table: Table, chunks: Iterator[list[tuple[Any, ...]]], output: BinaryIO) -> int:
    count = 0
    names = table.column_names
    for rows in chunks:
        lines = (json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n" for row in rows)
        output.write("".join(lines).encode("utf-8"))
        count += len(rows)
    return count


def _write_csv(table: Table, chunks: Iterator[list[tuple[Any, ...]]], output: BinaryIO) -> int:
    text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
    flat: Callable[[Any], Any] = lambda value: TOPIC_SEPARATOR.join(value) if isinstance(value, list) else value  # noqa: E731
    try:
        writer = csv.writer(text)
        writer.writerow(table.column_names)
        count = 0
        for rows in chunks:
            writer.writerows([tuple(map(flat, row)) for row in rows])
            count += len(rows)
        return count
    finally:
        text.detach()  # the caller owns `output`


def _write_parquet(table: Table, chunks: Iterator[list[tuple[Any, ...]]], output: BinaryIO) -> int:
    count = 0
    schema = pa.schema(table.parquet_columns)
    with pq.ParquetWriter(output, schema) as writer:
        for rows in chunks:
            columns: list[list[Any]] = []
            for name, values in zip(table.column_names, zip(*rows)):
                columns += [[day(v) for v in values], list(values)] if name == "date" else [list(values)]
            writer.write_table(pa.Table.from_arrays(
                [pa.array(values, type=kind) for values, kind in zip(columns, schema.types)], schema=schema,
            ))
            count += len(rows)
    return count
