"""Options and helpers shared by every command that reads or writes the corpus."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

DEFAULT_DB = "newsmine.db"

db_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--db",
    default=DEFAULT_DB,
    envvar="NEWSMINE_DB",
    show_default=True,
    metavar="FILE",
    help="Corpus database (SQLite); the NEWSMINE_DB environment variable sets the default.",
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
