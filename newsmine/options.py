"""Options and helpers shared by every command that reads or writes the corpus."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from newsmine.corpus.store import CorpusStore, StoreError
from newsmine.models.embeddings import DEFAULT_ENCODER, ENCODERS

DEFAULT_DB = "newsmine.db"

db_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--db",
    default=DEFAULT_DB,
    envvar="NEWSMINE_DB",
    show_default=True,
    metavar="FILE",
    help="Corpus database (SQLite); the NEWSMINE_DB environment variable sets the default.",
)

def embeddings_option(default: str = DEFAULT_ENCODER) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--embeddings static|minilm` (see models/embeddings/MODEL_CARD.md), passed on as `encoder`."""
    return click.option(
        "--embeddings",
        "encoder",
        type=click.Choice(ENCODERS),
        default=default,
        show_default=True,
        help="Text embeddings for topics and quote vectors: 'static' (fast on CPUs) or 'minilm' "
        "(contextual, better at meaning, about 5x slower on CPUs).",
    )


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[TextIO | None]:
    """A JSON Lines output: None for no output, '-' for stdout, else a file opened for writing."""
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


@contextlib.contextmanager
def existing_store(db: str, *, user_errors: tuple[type[Exception], ...] = ()) -> Iterator[CorpusStore]:
    """The corpus at `db` for a command that reads it: a missing file is an error, not a new corpus.

    Store errors, SQLite errors (a locked or damaged file) and the command's own `user_errors`
    become one-line click errors.
    """
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no such corpus database (run `newsmine analyze` first, or pass --db)")
    try:
        with CorpusStore(db) as store:
            yield store
    except (StoreError, *user_errors) as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"{db}: {error}") from None
