"""`newsmine export`: the corpus as flat JSON Lines, CSV or Parquet tables (corpus/export.py)."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from newsmine.corpus.export import FORMATS, TABLES, export_table
from newsmine.options import db_option, existing_store

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _binary_output(path: Path | None) -> Iterator[BinaryIO]:
    """The file to write, or stdout's byte stream when no file (or '-') is given."""
    if path is None or str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as handle:
            yield handle


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="JSON Lines, CSV (with a header row) or Parquet.")
@click.option("--what", type=click.Choice(sorted(TABLES)), default="documents", show_default=True,
              help="Which table: one row per document, quote, entity mention or document topic.")
@click.option("-o", "--output", "output_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@db_option
def export(fmt: str, what: str, output_path: Path | None, db: str) -> None:
    """Export a table of the corpus for pandas, DuckDB or a spreadsheet, streamed row chunk by chunk.

    Example: newsmine export --what quotes --format parquet -o quotes.parquet
    """
    if fmt == "parquet" and output_path is None and sys.stdout.isatty():
        raise click.ClickException("Parquet is binary: give -o FILE or redirect stdout")
    with existing_store(db, user_errors=(OSError,)) as store, _binary_output(output_path) as output:
        count = export_table(store, output, what=what, fmt=fmt)
    click.echo(f"{count} {what} rows -> {output_path or 'stdout'}", err=True)
